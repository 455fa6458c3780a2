"""golem_core's own WebSocket client against a wsproto server on 127.0.0.1 (no daemon)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence

import pytest
import wsproto
import wsproto.events

from golem_core._api import YagnaApi
from golem_core._api.gsb import WebSocketClosed, open_websocket
from golem_core._api.http11 import Head, HttpProtocolError, ResponseReader
from golem_core._api.ws_frames import ClientCodec
from golem_core._api.ws_session import SocketEnded, WsSession

Script = Callable[[wsproto.WSConnection, asyncio.StreamWriter, list[wsproto.events.Event]], bool]


class WsServer:
    """Accepts one upgrade (saying `greeting` in the same write), then runs `script` per event."""

    def __init__(self, script: Script, greeting: Sequence[wsproto.events.Event]) -> None:
        self.script = script
        self.greeting = greeting
        self.seen: list[wsproto.events.Event] = []
        self.port = 0
        self.done = asyncio.Event()

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        ws = wsproto.WSConnection(wsproto.ConnectionType.SERVER)
        try:
            while True:
                data = await reader.read(65536)
                ws.receive_data(data or None)
                for event in ws.events():
                    self.seen.append(event)
                    if isinstance(event, wsproto.events.Request):
                        out = ws.send(
                            wsproto.events.AcceptConnection(
                                subprotocol=event.subprotocols[0] if event.subprotocols else None
                            )
                        )
                        for said in self.greeting:
                            out += ws.send(said)
                        writer.write(out)  # the first frames come with the 101's head
                    elif not self.script(ws, writer, self.seen):
                        return
                if not data:
                    return
        finally:
            writer.close()
            self.done.set()


def echo(
    ws: wsproto.WSConnection, writer: asyncio.StreamWriter, seen: list[wsproto.events.Event]
) -> bool:
    event = seen[-1]
    if isinstance(event, wsproto.events.BytesMessage) and event.message_finished:
        pieces: list[bytes] = []
        for earlier in reversed(seen[:-1]):
            if not isinstance(earlier, wsproto.events.BytesMessage) or earlier.message_finished:
                break
            pieces.insert(0, bytes(earlier.data))
        data = b"".join(pieces) + bytes(event.data)
        writer.write(ws.send(wsproto.events.BytesMessage(b"echo " + data)))
    elif isinstance(event, wsproto.events.CloseConnection):
        writer.write(ws.send(event.response()))
        return False
    return True


@pytest.fixture
def greeting() -> list[wsproto.events.Event]:
    return [wsproto.events.Ping(b"p1"), wsproto.events.BytesMessage(b"hello")]


async def running(server: WsServer) -> AsyncIterator[str]:
    listener = await asyncio.start_server(server.serve, "127.0.0.1", 0)
    server.port = listener.sockets[0].getsockname()[1]
    async with listener:
        yield f"http://127.0.0.1:{server.port}/gsb-api/v1"


async def test_messages_go_both_ways_pings_are_answered_and_close_is_a_handshake(
    greeting: list[wsproto.events.Event],
) -> None:
    server = WsServer(echo, greeting)
    async for url in running(server):
        async with YagnaApi(url.removesuffix("/gsb-api/v1"), "key") as api:
            client = api.gsb.get_async_httpx_client()
            async with open_websocket(
                client, "/services/x", operation="serve", subprotocols=["gsb+flexbuffers"]
            ) as socket:
                assert socket.subprotocol == "gsb+flexbuffers"
                assert await socket.receive() == b"hello"
                await socket.send(b"a" * 100_000)
                assert await socket.receive() == b"echo " + b"a" * 100_000
            await server.done.wait()
    request = server.seen[0]
    assert isinstance(request, wsproto.events.Request)
    assert request.target == "/gsb-api/v1/services/x"
    pong, *messages, close = server.seen[1:]
    assert isinstance(pong, wsproto.events.Pong) and pong.payload == b"p1"
    assert b"".join(bytes(m.data) for m in messages) == b"a" * 100_000  # type: ignore[attr-defined]
    assert isinstance(close, wsproto.events.CloseConnection) and close.code == 1000


async def test_the_servers_close_ends_receive_with_its_code_and_is_echoed() -> None:
    greeting = [wsproto.events.CloseConnection(1000, "Unbinding service: x")]
    server = WsServer(lambda ws, writer, seen: False, greeting)
    async for url in running(server):
        async with YagnaApi(url.removesuffix("/gsb-api/v1"), "key") as api:
            client = api.gsb.get_async_httpx_client()
            async with open_websocket(client, "/services/x", operation="serve") as socket:
                with pytest.raises(WebSocketClosed) as closed:
                    await socket.receive()
                assert (closed.value.code, closed.value.reason) == (1000, "Unbinding service: x")
                with pytest.raises(WebSocketClosed):
                    await socket.send(b"late")
            await server.done.wait()
    assert isinstance(server.seen[-1], wsproto.events.CloseConnection)
    assert server.seen[-1].code == 1000


class FakeStream:
    def __init__(self, incoming: list[bytes | Exception]) -> None:
        self.incoming = incoming
        self.written: list[bytes] = []
        self.closed = False

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        item = self.incoming.pop(0) if self.incoming else b""
        if isinstance(item, Exception):
            raise item
        return item

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if self.closed:
            raise ConnectionResetError("closed")
        self.written.append(buffer)

    async def aclose(self) -> None:
        self.closed = True


async def test_a_protocol_violation_closes_with_its_code_and_ends_the_socket() -> None:
    stream = FakeStream([b"\x82\x81abcdx"])  # a masked frame from the server
    session = WsSession(stream, ClientCodec(), None)
    with pytest.raises(SocketEnded) as ended:
        await session.receive()
    assert ended.value.code == 1002 and "masked" in ended.value.reason
    peer = wsproto.connection.Connection(wsproto.ConnectionType.SERVER)
    peer.receive_data(stream.written[0])
    (close,) = list(peer.events())
    assert isinstance(close, wsproto.events.CloseConnection) and close.code == 1002
    assert stream.closed


async def test_a_connection_that_breaks_or_ends_early_is_1006() -> None:
    for incoming in ([ConnectionResetError("reset")], [b""]):
        session = WsSession(FakeStream(list(incoming)), ClientCodec(), None)
        with pytest.raises(SocketEnded) as ended:
            await session.receive()
        assert ended.value.code == 1006


async def test_errors_that_are_not_the_connections_pass_through() -> None:
    session = WsSession(FakeStream([KeyError("a cassette's complaint")]), ClientCodec(), None)
    with pytest.raises(KeyError):
        await session.receive()


def test_a_101_is_the_whole_response_only_when_an_upgrade_was_asked_for() -> None:
    wire = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x82\x01x"
    reader = ResponseReader(upgrade=True)
    reader.feed(wire)
    head = reader.next_event()
    assert isinstance(head, Head) and head.status == 101
    assert reader.trailing == b"\x82\x01x"
    plain = ResponseReader()
    plain.feed(wire)
    with pytest.raises(HttpProtocolError, match="101"):
        plain.next_event()


class SilentStream(FakeStream):
    """A server that never answers: a read would wait for ever."""

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        await asyncio.Event().wait()
        return b""


async def test_a_socket_given_up_on_sends_its_close_and_does_not_wait() -> None:
    stream = SilentStream([])
    session = WsSession(stream, ClientCodec(), None)
    await session.close(1001, "going", wait=False)
    assert stream.closed
    assert stream.written[0][0] == 0x88  # our close frame went out
    with pytest.raises(SocketEnded):
        await session.send(b"late")
