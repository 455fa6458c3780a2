"""golem_core's HTTP/1.1 transport against a real asyncio server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable

import attrs
import httpx
import pytest
from golem_rest_identity.api.identity import get_identity
from golem_rest_identity.models import Identity

from golem_core._api import YagnaApi, call, daemon_connection
from golem_core._api.daemon_transport import DaemonTransport
from golem_core._quick_ack import quick_ack
from golem_core.exceptions import CallTimeoutError, NotFoundError, TransportError

ME = {"identity": "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "name": "n", "role": "manager"}


@attrs.define
class Received:
    head: bytes
    body: bytes
    connection: int


Answer = Callable[[Received, asyncio.StreamWriter], Awaitable[bool]]


def ok(body: bytes = b"{}", *extra: bytes) -> bytes:
    headers = b"".join(h + b"\r\n" for h in extra)
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n%b\r\n%b" % (len(body), headers, body)


def always(data: bytes) -> Answer:
    async def answer(received: Received, writer: asyncio.StreamWriter) -> bool:
        writer.write(data)
        return True

    return answer


@attrs.define
class Server:
    """Reads each request whole, then lets `answer` reply; False from it closes the connection."""

    answer: Answer
    received: list[Received] = attrs.Factory(list)
    connections: int = 0
    port: int = 0
    arrived: asyncio.Event = attrs.Factory(asyncio.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = self.connections
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                body = await reader.readexactly(length)
                if b"transfer-encoding: chunked" in head.lower():
                    body = await reader.readuntil(b"0\r\n\r\n")
                received = Received(head, body, number)
                self.received.append(received)
                self.arrived.set()
                if not await self.answer(received, writer):
                    break
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@contextlib.asynccontextmanager
async def serving(answer: Answer) -> AsyncIterator[Server]:
    server = Server(answer)
    listening = await asyncio.start_server(server.serve, "127.0.0.1", 0)
    server.port = listening.sockets[0].getsockname()[1]
    try:
        yield server
    finally:
        listening.close()


@contextlib.asynccontextmanager
async def client(server: Server, **options: object) -> AsyncIterator[httpx.AsyncClient]:
    transport = DaemonTransport(**options)  # type: ignore[arg-type]
    async with httpx.AsyncClient(base_url=server.url, transport=transport) as http:
        yield http


async def test_requests_share_one_kept_alive_connection() -> None:
    async with serving(always(ok(b'{"a": 1}'))) as server, client(server) as http:
        first = await http.get("/one", params={"x": "1"})
        second = await http.post("/two", json={"b": 2})
    assert first.json() == {"a": 1}
    assert second.status_code == 200
    assert [r.connection for r in server.received] == [1, 1]
    assert server.received[0].head.startswith(b"GET /one?x=1 HTTP/1.1\r\n")
    assert server.received[1].head.startswith(b"POST /two HTTP/1.1\r\n")
    assert b"\r\nContent-Length: 7\r\n" in server.received[1].head
    assert json.loads(server.received[1].body) == {"b": 2}


@pytest.mark.skipif(not hasattr(socket, "TCP_QUICKACK"), reason="Linux's TCP_QUICKACK")
async def test_a_read_waiting_for_more_acknowledges_what_came_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a daemon holds a small write back until its last one is ACKed: a delayed ACK cost
    # ~40 ms on half of the one-provider echo tasks
    acked: list[socket.socket] = []
    ack = asyncio.Event()

    def quick(sock: socket.socket) -> None:
        acked.append(sock)
        ack.set()

    async def in_two_writes(received: Received, writer: asyncio.StreamWriter) -> bool:
        answer = ok(b'{"a": 1}')
        writer.write(answer[:20])
        await writer.drain()
        await asyncio.wait_for(ack.wait(), 60)  # (a guard against hanging, not a timing)
        writer.write(answer[20:])
        return True

    monkeypatch.setattr(daemon_connection, "quick_ack", quick)
    async with serving(in_two_writes) as server, client(server) as http:
        response = await http.get("/one")
    assert response.json() == {"a": 1}
    assert len(acked) == 1
    assert acked[0].family == socket.AF_INET


async def test_an_answer_read_whole_needs_no_quick_ack(monkeypatch: pytest.MonkeyPatch) -> None:
    # it is ACKed by the next request (or the kernel's delayed ACK): no setsockopt, no ACK segment
    acked: list[socket.socket] = []
    monkeypatch.setattr(daemon_connection, "quick_ack", acked.append)
    async with serving(always(ok(b'{"a": 1}'))) as server, client(server) as http:
        for path in ("/one", "/two", "/three"):
            assert (await http.get(path)).json() == {"a": 1}
    assert acked == []


def test_acknowledging_at_once_sets_quick_ack_on_the_socket() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        quick_ack(sock)  # not connected: the kernel refuses, quietly
    if hasattr(socket, "TCP_QUICKACK"):
        with (
            socket.create_server(("127.0.0.1", 0)) as listening,
            socket.create_connection(listening.getsockname()) as sock,
        ):
            quick_ack(sock)
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK) == 1


async def test_answers_are_received_into_the_connection_s_own_buffer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # not asyncio's recv of 256 KiB: a new bytes object the allocator maps and unmaps each time
    buffers: list[int] = []
    get_buffer = daemon_connection.Connection.get_buffer

    def spied(self: daemon_connection.Connection, sizehint: int) -> memoryview:
        buffer = get_buffer(self, sizehint)
        buffers.append(id(buffer.obj))
        return buffer

    monkeypatch.setattr(daemon_connection.Connection, "get_buffer", spied)
    big = b'"' + b"x" * (3 * daemon_connection.RECEIVE_SIZE + 17) + b'"'
    answers = iter([ok(b'{"a": 1}'), ok(big)])

    async def answer(received: Received, writer: asyncio.StreamWriter) -> bool:
        writer.write(next(answers))
        return True

    async with serving(answer) as server, client(server) as http:
        assert (await http.get("/one")).json() == {"a": 1}
        assert (await http.get("/two")).content == big
    assert len(buffers) >= 3  # the big answer took several receives
    assert len(set(buffers)) == 1  # all into one buffer


async def test_a_body_that_came_with_its_head_is_handed_over_already_read() -> None:
    async with serving(always(ok(b"[1]"))) as server:
        transport = DaemonTransport()
        response = await transport.handle_async_request(httpx.Request("GET", server.url + "/"))
        assert response.content == b"[1]"  # no aread() needed: httpx's async reading is skipped
        await transport.aclose()


async def test_connection_close_makes_the_next_request_open_another() -> None:
    answer = always(ok(b"{}", b"Connection: close"))
    async with serving(answer) as server, client(server) as http:
        await http.get("/a")
        await http.get("/b")
    assert [r.connection for r in server.received] == [1, 2]


async def test_a_streamed_chunked_body_arrives_as_it_is_sent() -> None:
    more = asyncio.Event()

    async def answer(received: Received, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n")
        await writer.drain()
        await more.wait()
        writer.write(b"6\r\nsecond\r\n0\r\n\r\n")
        return True

    async with serving(answer) as server, client(server) as http:
        async with http.stream("GET", "/events") as response:
            pieces = response.aiter_raw()
            assert await pieces.__anext__() == b"first"
            more.set()  # the server sends the rest only once the first piece was read
            assert [piece async for piece in pieces] == [b"second"]
        await http.get("/again")
    assert [r.connection for r in server.received] == [1, 1]


async def test_a_stream_left_half_read_closes_its_connection() -> None:
    async def answer(received: Received, writer: asyncio.StreamWriter) -> bool:
        if received.head.startswith(b"GET /endless"):
            writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nping\r\n")
        else:
            writer.write(ok())
        return True

    async with serving(answer) as server, client(server, max_connections=1) as http:
        async with http.stream("GET", "/endless") as response:
            async for piece in response.aiter_raw():
                assert piece == b"ping"
                break
        await http.get("/after")
    assert [r.connection for r in server.received] == [1, 2]


async def test_a_streamed_request_body_goes_chunked() -> None:
    async def parts() -> AsyncIterator[bytes]:
        yield b"ab"
        yield b"cde"

    async with serving(always(ok())) as server, client(server) as http:
        await http.post("/upload", content=parts())
    assert b"transfer-encoding: chunked" in server.received[0].head.lower()
    assert server.received[0].body == b"2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n"


async def test_no_body_for_204_and_head() -> None:
    answer = always(b"HTTP/1.1 204 No Content\r\n\r\n")
    async with serving(answer) as server, client(server) as http:
        first = await http.delete("/x")
        second = await http.head("/y")
    assert (first.status_code, first.content, second.content) == (204, b"", b"")
    assert [r.connection for r in server.received] == [1, 1]


async def test_a_silent_server_is_a_read_timeout_and_its_connection_is_dropped() -> None:
    async def answer(received: Received, writer: asyncio.StreamWriter) -> bool:
        if received.head.startswith(b"GET /slow"):
            return True  # never answers
        writer.write(ok())
        return True

    async with serving(answer) as server, client(server) as http:
        with pytest.raises(httpx.ReadTimeout):
            await http.get("/slow", timeout=0.05)
        await http.get("/fast")
    assert [r.connection for r in server.received] == [1, 2]


async def test_nobody_listening_is_a_connect_error() -> None:
    async with serving(always(ok())) as server:
        url = server.url
    async with httpx.AsyncClient(transport=DaemonTransport()) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get(url + "/")


async def test_a_connection_closed_mid_body_is_a_remote_protocol_error() -> None:
    async def answer(received: Received, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        return False

    async with serving(answer) as server, client(server) as http:
        with pytest.raises(httpx.RemoteProtocolError, match="7 bytes of the body"):
            await http.get("/")


async def test_a_malformed_status_line_is_a_remote_protocol_error() -> None:
    async with serving(always(b"HTTP/1.1 2xx OK\r\n\r\n")) as server, client(server) as http:
        with pytest.raises(httpx.RemoteProtocolError, match="malformed status line"):
            await http.get("/")


def closing_on_second_request() -> Answer:
    """Answers a connection's first request; closes it, unanswered, at its second."""
    answered: set[int] = set()

    async def answer(received: Received, writer: asyncio.StreamWriter) -> bool:
        if received.connection in answered:
            return False
        answered.add(received.connection)
        writer.write(ok())
        return True

    return answer


async def test_a_get_on_a_connection_the_server_dropped_goes_again_on_a_new_one() -> None:
    async with serving(closing_on_second_request()) as server, client(server) as http:
        await http.get("/a")
        response = await http.get("/b")
    assert response.status_code == 200
    assert [r.connection for r in server.received] == [1, 1, 2]


async def test_a_post_on_a_connection_the_server_dropped_is_not_sent_twice() -> None:
    async with serving(closing_on_second_request()) as server, client(server) as http:
        await http.get("/a")
        with pytest.raises(httpx.RemoteProtocolError, match="without a response"):
            await http.post("/b", json={})
    assert [r.connection for r in server.received] == [1, 1]


async def test_a_streamed_body_is_not_sent_twice_either() -> None:
    async def parts() -> AsyncIterator[bytes]:
        yield b"once"

    async with serving(closing_on_second_request()) as server, client(server) as http:
        await http.get("/a")
        with pytest.raises(httpx.RemoteProtocolError, match="without a response"):
            await http.put("/b", content=parts())
    assert [r.connection for r in server.received] == [1, 1]


async def test_past_max_connections_requests_wait_their_turn_or_time_out() -> None:
    release = asyncio.Event()

    async def answer(received: Received, writer: asyncio.StreamWriter) -> bool:
        if received.head.startswith(b"GET /held"):
            await release.wait()
        writer.write(ok())
        return True

    async with serving(answer) as server, client(server, max_connections=1) as http:
        held = asyncio.create_task(http.get("/held"))
        await server.arrived.wait()
        with pytest.raises(httpx.PoolTimeout):
            await http.get("/waiting", timeout=httpx.Timeout(5.0, pool=0.01))
        waiting = asyncio.create_task(http.get("/waiting"))
        await asyncio.sleep(0)
        assert not waiting.done()
        release.set()
        assert (await held).status_code == 200
        assert (await waiting).status_code == 200


async def test_a_body_that_cannot_be_decoded_frees_its_slot_once() -> None:
    release = asyncio.Event()

    async def answer(received: Received, writer: asyncio.StreamWriter) -> bool:
        if b"/held" in received.head:
            await release.wait()
            writer.write(ok())
        else:
            writer.write(ok(b"not gzip", b"Content-Encoding: gzip"))
        return True

    async with serving(answer) as server, client(server, max_connections=1) as http:
        with pytest.raises(httpx.DecodingError):
            await http.get("/broken")
        held = asyncio.create_task(http.get("/held"))
        await server.arrived.wait()
        while len(server.received) < 2:
            server.arrived.clear()
            await server.arrived.wait()
        with pytest.raises(httpx.PoolTimeout):  # still only one connection at a time
            await http.get("/third", timeout=httpx.Timeout(5.0, pool=0.01))
        release.set()
        assert (await held).status_code == 200


async def test_a_cancelled_request_frees_its_connection_slot() -> None:
    async def answer(received: Received, writer: asyncio.StreamWriter) -> bool:
        if received.head.startswith(b"GET /never"):
            return True
        writer.write(ok())
        return True

    async with serving(answer) as server, client(server, max_connections=1) as http:
        pending = asyncio.create_task(http.get("/never"))
        await server.arrived.wait()
        pending.cancel()
        with pytest.raises(asyncio.CancelledError):
            await pending
        response = await http.get("/next")
    assert response.status_code == 200
    assert [r.connection for r in server.received] == [1, 2]


async def test_other_schemes_go_to_the_fallback_transport() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"via": "fallback"})

    transport = DaemonTransport(fallback=httpx.MockTransport(handler))
    async with httpx.AsyncClient(transport=transport) as http:
        response = await http.get("https://example.invalid/x")
    assert response.json() == {"via": "fallback"}
    assert seen == ["https://example.invalid/x"]


async def test_golem_core_calls_map_answers_and_failures_as_before() -> None:
    async def answer(received: Received, writer: asyncio.StreamWriter) -> bool:
        number = len(server.received)
        if number == 1:
            writer.write(ok(json.dumps(ME).encode(), b"Content-Type: application/json"))
        elif number == 2:
            writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 7\r\n\r\nno such")
        return True  # the third gets no answer

    me = get_identity.asyncio_detailed
    async with serving(answer) as server, YagnaApi(server.url, "key") as api:
        assert isinstance(api._transport, DaemonTransport)
        identity = await call(me, client=api.identity)
        assert isinstance(identity, Identity)
        assert identity.identity == ME["identity"]
        assert b"\r\nAuthorization: Bearer key\r\n" in server.received[0].head
        with pytest.raises(NotFoundError, match="no such"):
            await call(me, client=api.identity)
        with pytest.raises(CallTimeoutError):
            await call(me, client=api.identity, call_timeout=0.05)
    async with YagnaApi(server.url, "key") as api:
        with pytest.raises(TransportError, match=r"127\.0\.0\.1"):
            await call(me, client=api.identity)


def test_a_transport_used_from_a_new_loop_opens_new_connections() -> None:
    import http.server
    import threading

    connections: list[object] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            connections.append(self)
            super().setup()

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # the dropped first connection, reset

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    transport = DaemonTransport()

    async def get() -> int:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        # (a guard: a connection of the closed loop would never see its answer)
        request = httpx.Request("GET", url, extensions={"timeout": httpx.Timeout(5.0).as_dict()})
        response = await transport.handle_async_request(request)
        return response.status_code

    try:
        assert asyncio.run(get()) == 200
        assert asyncio.run(get()) == 200  # the first loop's idle connection is not reused
        assert len(connections) == 2
    finally:
        server.shutdown()
        server.server_close()
