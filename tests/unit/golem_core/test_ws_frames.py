"""The client WebSocket codec, byte by byte (RFC 6455), and the upgrade's checks."""

from __future__ import annotations

import struct

import pytest
import wsproto
import wsproto.connection
import wsproto.events

from golem_core._api.ws_frames import (
    ClientCodec,
    Close,
    HandshakeError,
    Message,
    Ping,
    Pong,
    WebSocketProtocolError,
    accept_for,
    check_handshake,
    handshake_key,
    mask,
)

KEY = b"\x37\xfa\x21\x3d"


def fixed_key(codec: ClientCodec) -> ClientCodec:
    codec._random = lambda size: KEY[:size]
    return codec


def server() -> wsproto.connection.Connection:
    return wsproto.connection.Connection(wsproto.ConnectionType.SERVER)


def from_server(event: wsproto.events.Event) -> bytes:
    return server().send(event)


def test_the_rfc_examples_mask_and_accept() -> None:
    # RFC 6455 5.7: "Hello" masked with 37 fa 21 3d
    assert masked_frame(b"Hello", text=True) == bytes.fromhex("818537fa213d7f9f4d5158")
    # RFC 6455 1.3
    assert accept_for("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


def masked_frame(data: bytes, *, text: bool = False) -> bytes:
    return fixed_key(ClientCodec()).message(data, text=text)


@pytest.mark.parametrize(
    "size", [0, 1, 3, 4, 5, 125, 126, 511, 512, 513, 515, 65535, 65536, 300_001]
)
def test_masking_is_the_bytewise_xor_for_any_length(size: int) -> None:
    data = bytes((i * 7 + 3) % 256 for i in range(size))
    expected = bytes(b ^ KEY[i % 4] for i, b in enumerate(data))
    assert mask(data, KEY) == expected


@pytest.mark.parametrize("size", [0, 125, 126, 65535, 65536, 200_000])
def test_a_message_of_any_length_is_read_by_a_server(size: int) -> None:
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    peer = server()
    peer.receive_data(ClientCodec(max_frame=1 << 20).message(data))
    events = list(peer.events())
    assert len(events) == 1
    assert isinstance(events[0], wsproto.events.BytesMessage)
    assert bytes(events[0].data) == data
    assert events[0].message_finished


def test_the_length_takes_its_shortest_form() -> None:
    codec = fixed_key(ClientCodec(max_frame=1 << 20))
    assert codec.message(bytes(125))[:2] == b"\x82\xfd"
    assert codec.message(bytes(126))[:4] == b"\x82\xfe\x00\x7e"
    assert codec.message(bytes(65536))[:10] == b"\x82\xff" + struct.pack("!Q", 65536)


def test_a_message_over_the_frame_limit_goes_in_continuation_frames() -> None:
    data = bytes(range(250))
    frames = ClientCodec(max_frame=100).message(data)
    peer = server()
    peer.receive_data(frames)
    events = [e for e in peer.events() if isinstance(e, wsproto.events.BytesMessage)]
    assert [len(e.data) for e in events] == [100, 100, 50]
    assert [e.message_finished for e in events] == [False, False, True]
    assert b"".join(e.data for e in events) == data
    assert frames[0] == 0x02 and frames[106] == 0x00 and frames[212] == 0x80


def test_whole_messages_come_out_whatever_the_split_of_the_bytes() -> None:
    wire = (
        from_server(wsproto.events.BytesMessage(b"a" * 70_000))
        + from_server(wsproto.events.Ping(b"hi"))
        + from_server(wsproto.events.TextMessage("h\u00e9"))
        + from_server(wsproto.events.Pong(b""))
        + from_server(wsproto.events.BytesMessage(b""))
    )
    expected = [
        Message(b"a" * 70_000),
        Ping(b"hi"),
        Message("h\u00e9".encode(), True),
        Pong(b""),
        Message(b""),
    ]
    for step in (1, 2, 3, 7, 1000, len(wire)):
        codec = ClientCodec()
        events = []
        for at in range(0, len(wire), step):
            events += codec.feed(wire[at : at + step])
        assert events == expected, step


def test_fragments_are_joined_and_control_frames_may_come_between() -> None:
    peer = server()
    wire = (
        peer.send(wsproto.events.BytesMessage(b"ab", message_finished=False))
        + peer.send(wsproto.events.Ping(b"p"))
        + peer.send(wsproto.events.BytesMessage(b"cd", message_finished=False))
        + peer.send(wsproto.events.BytesMessage(b"e", message_finished=True))
    )
    assert ClientCodec().feed(wire) == [Ping(b"p"), Message(b"abcde")]


def test_the_servers_close_is_read_and_nothing_after_it() -> None:
    codec = ClientCodec()
    wire = from_server(wsproto.events.CloseConnection(1000, "Unbinding service")) + b"\x82\x01x"
    assert codec.feed(wire) == [Close(1000, "Unbinding service")]
    assert codec.close_received
    assert codec.feed(b"\x82\x01y") == []
    assert codec.feed(b"\x88\x00") == []


def test_a_close_without_a_code_is_1005_and_is_answered_without_one() -> None:
    codec = fixed_key(ClientCodec())
    assert codec.feed(b"\x88\x00") == [Close(1005, "")]
    assert codec.close(1005) == b"\x88\x80" + KEY


def test_our_close_ping_and_pong_are_masked_control_frames() -> None:
    codec = fixed_key(ClientCodec())
    assert codec.ping(b"x") == b"\x89\x81" + KEY + mask(b"x", KEY)
    assert codec.pong(b"x") == b"\x8a\x81" + KEY + mask(b"x", KEY)
    close = codec.close(1000, "bye")
    assert close == b"\x88\x85" + KEY + mask(b"\x03\xe8bye", KEY)
    with pytest.raises(RuntimeError):
        codec.message(b"late")
    with pytest.raises(RuntimeError):
        codec.close()


def test_a_long_close_reason_is_cut_to_fit_a_control_frame() -> None:
    codec = ClientCodec()
    peer = server()
    peer.receive_data(codec.close(1001, "\u00e9" * 100))
    (event,) = list(peer.events())
    assert isinstance(event, wsproto.events.CloseConnection)
    assert event.code == 1001 and event.reason == "\u00e9" * 61  # 2 + 122 bytes


def test_codes_that_never_go_on_the_wire_are_refused() -> None:
    for code in (999, 1004, 1006, 1015, 2999, 5000):
        with pytest.raises(ValueError):
            ClientCodec().close(code)
    with pytest.raises(ValueError):
        ClientCodec().ping(bytes(126))


@pytest.mark.parametrize(
    ("wire", "code", "says"),
    [
        (b"\x82\x81abcdx", 1002, "masked"),
        (b"\xc2\x00", 1002, "reserved bits"),
        (b"\x83\x00", 1002, "unknown opcode 0x3"),
        (b"\x8b\x00", 1002, "unknown opcode 0xb"),
        (b"\x09\x00", 1002, "fragmented control"),
        (b"\x89\x7e\x00\x7e" + bytes(126), 1002, "control frame of 126"),
        (b"\x80\x01x", 1002, "continuation frame with no message"),
        (b"\x02\x01a\x82\x01b", 1002, "new message began"),
        (b"\x82\x7e\x00\x05hello", 1002, "shortest form"),
        (b"\x82\x7f" + struct.pack("!Q", 5) + b"hello", 1002, "shortest form"),
        (b"\x82\x7f" + struct.pack("!Q", 1 << 63), 1002, "top bit"),
        (b"\x81\x02\xc3\x28", 1007, "not UTF-8"),
        (b"\x88\x01\x03", 1002, "one-byte payload"),
        (b"\x88\x02\x03\xee", 1002, "close code 1006"),
        (b"\x88\x04\x03\xe8\xc3\x28", 1007, "reason is not UTF-8"),
    ],
)
def test_protocol_violations_are_named_with_the_code_to_close_with(
    wire: bytes, code: int, says: str
) -> None:
    codec = ClientCodec()
    with pytest.raises(WebSocketProtocolError, match=says) as broken:
        codec.feed(wire)
    assert broken.value.code == code
    with pytest.raises(WebSocketProtocolError):  # the connection stays broken
        codec.feed(b"\x82\x00")


def test_a_message_over_the_limit_is_1009_before_it_all_arrived() -> None:
    codec = ClientCodec(max_message=100)
    assert codec.feed(b"\x82\x64" + bytes(100)) == [Message(bytes(100))]
    with pytest.raises(WebSocketProtocolError, match="over 100 bytes") as big:
        codec.feed(b"\x82\x7e\x00\x80")  # only the head of a 128-byte frame
    assert big.value.code == 1009
    fragments = ClientCodec(max_message=100)
    fragments.feed(b"\x02\x3c" + bytes(60))
    with pytest.raises(WebSocketProtocolError, match="over 100 bytes"):
        fragments.feed(b"\x80\x3c")


def test_the_handshake_must_answer_our_key_and_offer() -> None:
    key = handshake_key()
    good = [
        ("Upgrade", "websocket"),
        ("Connection", "Upgrade"),
        ("Sec-WebSocket-Accept", accept_for(key)),
    ]
    assert check_handshake(101, good, key, ()) is None
    chosen = [*good, ("Sec-WebSocket-Protocol", "gsb+flexbuffers")]
    assert check_handshake(101, chosen, key, ("gsb+flexbuffers",)) == "gsb+flexbuffers"
    bad = [
        (200, good, "expected 101"),
        (101, good[1:], "Upgrade header"),
        (101, [good[0], ("Connection", "keep-alive"), good[2]], "Connection header"),
        (101, [*good[:2], ("Sec-WebSocket-Accept", accept_for(handshake_key()))], "Accept"),
        (101, [*good, ("Sec-WebSocket-Extensions", "permessage-deflate")], "extension"),
        (101, chosen, "was not offered"),
    ]
    for status, headers, says in bad:
        with pytest.raises(HandshakeError, match=says):
            check_handshake(status, headers, key, ())
