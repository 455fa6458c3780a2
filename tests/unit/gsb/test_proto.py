"""GSB packets: byte-exact frames seen from the real router, round-trips, and bad input."""

from __future__ import annotations

import pytest

from golem_core.gsb.proto import (
    BroadcastReply,
    BroadcastRequest,
    CallReply,
    CallReplyCode,
    CallRequest,
    FrameDecoder,
    Hello,
    Message,
    Ping,
    Pong,
    ProtoError,
    RegisterCode,
    RegisterReply,
    RegisterRequest,
    ReplyType,
    SubscribeReply,
    SubscribeRequest,
    UnknownPacket,
    UnregisterReply,
    UnregisterRequest,
    UnsubscribeReply,
    UnsubscribeRequest,
    decode_packet,
    decode_varint,
    encode_frame,
    encode_packet,
    encode_varint,
)


def frames(hex_text: str) -> bytes:
    return bytes.fromhex(hex_text.replace(" ", ""))


@pytest.mark.parametrize(
    ("message", "wire"),
    [
        (RegisterReply(), "00000002 1a00"),
        (Ping(), "00000002 7200"),
        (Pong(), "00000002 7a00"),
        (RegisterReply(code=RegisterCode.CONFLICT), "00000005 1a03 089903"),
        (UnregisterReply(code=404), "00000005 2a03 089403"),
    ],
)
def test_frames_match_the_router_bytes(message: Message, wire: str) -> None:
    assert encode_frame(message) == frames(wire)
    assert FrameDecoder().feed(frames(wire)) == [frames(wire)[4:]]
    assert decode_packet(frames(wire)[4:]) == message


def test_call_request_field_layout() -> None:
    request = CallRequest(caller="local", address="/a", request_id="7", data=b"\x01", no_reply=True)
    body = "0a056c6f63616c 12022f61 1a0137 220101 2801"
    assert encode_packet(request) == frames("3213" + body)
    assert encode_frame(request) == frames("00000015 3213" + body)


def test_zero_values_are_left_out_and_read_back_as_defaults() -> None:
    # an OK, FULL reply carries only its request id and data
    reply = CallReply(request_id="1", data=b"x")
    assert encode_packet(reply) == frames("3a06 0a0131 220178")
    decoded = decode_packet(frames("3a06 0a0131 220178"))
    assert decoded == reply
    assert isinstance(decoded, CallReply)
    assert decoded.code == CallReplyCode.OK
    assert decoded.reply_type == ReplyType.FULL


ALL_MESSAGES: list[Message] = [
    Hello(name="sb-client", version="0.7.3", instance_id=bytes(range(16))),
    RegisterRequest(service_id="/public/exeunit/abc"),
    RegisterReply(code=400, message="bad name"),
    UnregisterRequest(service_id="/x"),
    UnregisterReply(code=404),
    CallRequest(caller="0xabc", address="/x/Get", request_id="123", data=b"\x00\xff"),
    CallReply(request_id="123", code=500, reply_type=ReplyType.PARTIAL, data=b"\x00"),
    SubscribeRequest(topic="t"),
    SubscribeReply(code=400, message="m"),
    UnsubscribeRequest(topic="t"),
    UnsubscribeReply(code=404),
    BroadcastRequest(caller="c", data=b"d", topic="t"),
    BroadcastReply(code=400, message="m"),
    Ping(),
    Pong(),
]


@pytest.mark.parametrize("message", ALL_MESSAGES, ids=lambda m: type(m).__name__)
def test_every_packet_kind_round_trips(message: Message) -> None:
    assert decode_packet(encode_packet(message)) == message


def test_unicode_and_large_payloads_round_trip() -> None:
    message = CallRequest(caller="żółw", address="/ä/ß", request_id="r", data=bytes(100_000))
    assert decode_packet(encode_packet(message)) == message


def test_negative_enum_is_a_ten_byte_varint_and_reads_back() -> None:
    assert encode_varint(-1) == b"\xff" * 9 + b"\x01"
    assert decode_packet(encode_packet(RegisterReply(code=-1))) == RegisterReply(code=-1)


def test_varint_primitives() -> None:
    assert encode_varint(300) == b"\xac\x02"
    assert decode_varint(b"\xac\x02rest", 0) == (300, 2)
    assert encode_varint((1 << 64) - 1) == b"\xff" * 9 + b"\x01"
    with pytest.raises(ProtoError):
        encode_varint(1 << 64)
    with pytest.raises(ProtoError, match="truncated"):
        decode_varint(b"\x80\x80", 0)
    with pytest.raises(ProtoError, match="longer"):
        decode_varint(b"\xff" * 11, 0)


def test_unknown_fields_of_every_wire_type_are_skipped() -> None:
    known = "0a0131"  # request_id = "1"
    extras = "4807 5202abcd 5d01020304 610102030405060708"  # varint, len, fixed32, fixed64
    body = frames(known + extras)
    packet = bytes([0x3A, len(body)]) + body
    assert decode_packet(packet) == CallReply(request_id="1")


def test_unknown_packet_kind_is_kept_not_fatal() -> None:
    assert decode_packet(frames("a201 02 0801")) == UnknownPacket(number=20, body=b"\x08\x01")


def test_last_oneof_member_wins() -> None:
    assert decode_packet(frames("7200 7a00")) == Pong()


@pytest.mark.parametrize(
    ("hex_body", "why"),
    [
        ("", "without a member"),
        ("1a05 0899", "truncated length"),
        ("1a02 0899", "truncated varint"),
        ("0801", "wire type 0"),
        ("3a02 0a05", "truncated length"),
        ("3a02 0a80", "truncated varint"),
        ("3a03 0a01ff", "invalid UTF-8"),
        ("3a03 120100", "wire type 2"),  # code sent as bytes
        ("3a01 0b", "wire type 3"),  # groups are not proto3
        ("0201", "field number 0"),
    ],
)
def test_malformed_packets_raise_proto_error(hex_body: str, why: str) -> None:
    with pytest.raises(ProtoError, match=why):
        decode_packet(frames(hex_body))


def test_frame_decoder_waits_for_whole_frames() -> None:
    stream = encode_frame(Ping()) + encode_frame(RegisterReply(code=409)) + encode_frame(Pong())
    decoder = FrameDecoder()
    seen: list[bytes] = []
    for i in range(len(stream)):
        seen += decoder.feed(stream[i : i + 1])
        if i == 3:
            assert seen == [] and decoder.pending == 4
    assert [decode_packet(body) for body in seen] == [Ping(), RegisterReply(code=409), Pong()]
    assert decoder.pending == 0


def test_frame_decoder_returns_several_frames_from_one_chunk() -> None:
    stream = encode_frame(Ping()) * 3 + encode_frame(Pong())[:5]
    decoder = FrameDecoder()
    assert len(decoder.feed(stream)) == 3
    assert decoder.pending == 5


def test_frame_decoder_refuses_oversized_frames() -> None:
    decoder = FrameDecoder(max_frame=10)
    with pytest.raises(ProtoError, match="exceeds"):
        decoder.feed(frames("0000000b"))
    assert FrameDecoder(max_frame=10).feed(frames("0000000a") + bytes(10)) == [bytes(10)]
