"""WebSockets under a cassette: messages taken from the bytes, and replayed by a stand-in daemon."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import wsproto
import wsproto.connection
import wsproto.events

from golem_core import flexbuffers
from golem_core._api import YagnaApi
from golem_core._api.gsb import WebSocketClosed, open_websocket
from golem_testing import CassetteMismatch, replay
from golem_testing._files import Message, StreamRecord, TapeItem
from golem_testing._websocket import Close, FrameReader, WsMessage
from tests.unit.golem_testing.cassettes import API, write_cassette

PATH = "/services/abc"


def test_whole_messages_are_read_from_either_direction() -> None:
    client = wsproto.connection.Connection(wsproto.ConnectionType.CLIENT)
    server = wsproto.connection.Connection(wsproto.ConnectionType.SERVER)
    from_client = FrameReader(from_client=True)
    from_server = FrameReader(from_client=False)
    sent = client.send(wsproto.events.BytesMessage(b"hel", message_finished=False))
    assert from_client.feed(sent[:3]) == []
    assert from_client.feed(sent[3:]) == []
    sent = client.send(wsproto.events.BytesMessage(b"lo")) + client.send(wsproto.events.Ping(b"x"))
    assert from_client.feed(sent) == [WsMessage(b"hello", False)]
    received = server.send(wsproto.events.TextMessage("hi")) + server.send(
        wsproto.events.CloseConnection(1000, "bye")
    )
    assert from_server.feed(received) == [WsMessage(b"hi", True), Close(1000, "bye")]
    assert from_server.feed(b"\x81\x00") == []  # after the close nothing more is read


def gsb_cassette(directory: Path, sent: bytes) -> None:
    record = StreamRecord(
        "ws",
        "GET",
        API + "/gsb-api/v1" + PATH,
        101,
        (("upgrade", "websocket"), ("sec-websocket-protocol", "gsb+flexbuffers")),
        sent=(Message.of(sent, binary=True),),
    )
    call = base64.b64encode(flexbuffers.encode({"id": "1", "component": "GetMetadata"}))
    write_cassette(
        directory,
        "gsb",
        [],
        streams=[record],
        tape=[
            TapeItem("open", 0.1, stream=0),
            TapeItem("data", 0.2, stream=0, b64=call.decode()),
            TapeItem("close", 0.3, stream=0, code=1000, reason="Unbinding service"),
        ],
    )


async def test_a_gsb_socket_is_replayed_and_what_we_send_is_checked(tmp_path: Path) -> None:
    reply = flexbuffers.encode({"id": "1", "payload": {"fileSize": 12}})
    gsb_cassette(tmp_path, reply)
    with replay("gsb", tmp_path) as session:
        async with YagnaApi(API, "key") as api:
            client = api.gsb.get_async_httpx_client()
            async with open_websocket(
                client, PATH, operation="bind", subprotocols=["gsb+flexbuffers"]
            ) as socket:
                assert socket.subprotocol == "gsb+flexbuffers"
                assert flexbuffers.decode(await socket.receive()) == {
                    "id": "1",
                    "component": "GetMetadata",
                }
                await socket.send(reply)
                with pytest.raises(WebSocketClosed) as closed:
                    await socket.receive()
                assert (closed.value.code, closed.value.reason) == (1000, "Unbinding service")
    assert session.problems == []


async def test_a_message_that_changed_says_where(tmp_path: Path) -> None:
    gsb_cassette(tmp_path, flexbuffers.encode({"id": "1", "payload": {"fileSize": 12}}))
    with replay("gsb", tmp_path) as session:
        async with YagnaApi(API, "key") as api:
            client = api.gsb.get_async_httpx_client()
            async with open_websocket(client, PATH, operation="bind") as socket:
                await socket.receive()
                with pytest.raises(CassetteMismatch) as changed:
                    await socket.send(flexbuffers.encode({"id": "1", "payload": {"fileSize": 13}}))
    assert str(changed.value) == (
        "cassette gsb: WebSocket /gsb-api/v1/services/abc: a message changed: "
        "$.payload.fileSize: recorded 12, sent 13"
    )
    assert session.problems[-1].endswith("1 recorded message(s) not sent")
