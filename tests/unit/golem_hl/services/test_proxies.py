"""The proxies' piping and error answers, with in-memory streams and connectors (no sockets)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest

from golem_core.exceptions import ApiTimeoutError
from golem_hl._http_head import parse_request_head
from golem_hl.contrib.service import DEFAULT_TIMEOUT, WEBSOCKET_CHUNK_LIMIT
from golem_hl.contrib.service.chunk import chunks
from golem_hl.contrib.service.http_proxy import (
    DEFAULT_MAX_REQUEST_SIZE,
    HttpVersion,
    ProxyRequest,
    ProxyResponse,
)
from golem_hl.contrib.service.socket_proxy import ProxyServer
from golem_hl.exceptions import NetworkError
from golem_hl.proxies import (
    ByteStream,
    Connector,
    HttpProxyService,
    LocalHttpProxy,
    SocketProxy,
    vpn_connector,
)
from golem_hl.services import Cluster, Service, ServiceState


class FakeWriter:
    """What the proxies use of asyncio.StreamWriter."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.closed = False

    def write(self, data: bytes) -> None:
        assert not self.closed
        self.data += data

    async def drain(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    async def wait_closed(self) -> None:
        pass


class Remote:
    """The instance's end of a connection: answers what it is sent, in scripted pieces."""

    def __init__(self, answer: list[bytes], *, wait_for: bytes = b"") -> None:
        self.sent = bytearray()
        self._answer = list(answer)
        self._wait_for = wait_for
        self._got = asyncio.Event()

    async def send(self, data: bytes) -> None:
        self.sent += data
        if self._wait_for in self.sent:
            self._got.set()

    async def receive(self, max_bytes: int = 65536) -> bytes:
        await self._got.wait()  # a server answers once it has the request
        return self._answer.pop(0) if self._answer else b""


def connector_to(remote: ByteStream, seen: list[tuple[Service, int]]) -> Connector:
    @contextlib.asynccontextmanager
    async def connect(service: Service, port: int) -> AsyncIterator[ByteStream]:
        seen.append((service, port))
        yield remote

    return connect


def refusing(error: Exception) -> Connector:
    @contextlib.asynccontextmanager
    async def connect(service: Service, port: int) -> AsyncIterator[ByteStream]:
        raise error
        yield  # pragma: no cover

    return connect


def client(data: bytes, *, eof: bool = True) -> asyncio.StreamReader:
    reader = asyncio.StreamReader()
    reader.feed_data(data)
    if eof:
        reader.feed_eof()
    return reader


class Web(HttpProxyService):
    pass


class FakeCluster:
    def __init__(self, *instances: Service) -> None:
        self.instances = list(instances)


def running(instance: Service) -> Service:
    instance.service_instance.service_state.current_state_value = "running"
    assert instance.state is ServiceState.running
    return instance


REQUEST = b"GET /x HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: keep-alive\r\n\r\n"
ANSWER = [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n", b"Connection: close\r\n\r\nok"]


async def test_an_http_request_goes_to_the_instance_rewritten_and_the_answer_comes_back() -> None:
    remote = Remote(ANSWER, wait_for=b"\r\n\r\n")
    seen: list[tuple[Service, int]] = []
    instance = running(Web(remote_port=8000))
    proxy = LocalHttpProxy(
        cast(Cluster[Any], FakeCluster(instance)), 0, connector=connector_to(remote, seen)
    )
    writer = FakeWriter()
    await proxy._handle(client(REQUEST), cast(asyncio.StreamWriter, writer))
    assert seen == [(instance, 8000)]
    # the client's Host goes on, as in yapapi (remote_host= replaces it)
    assert bytes(remote.sent) == (
        b"GET /x HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: close\r\n\r\n"
    )
    assert bytes(writer.data) == (
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
    )
    assert writer.closed


async def test_handle_request_takes_a_request_and_returns_the_instances_answer() -> None:
    remote = Remote([b"HTTP/1.1 201 Created\r\nX-Id: 7\r\n\r\nmade", b" it"], wait_for=b"hi")
    seen: list[tuple[Service, int]] = []
    head = parse_request_head(b"POST /items?a=1 HTTP/1.0\r\nhost: h\r\nContent-Length: 2\r\n\r\n")
    request = ProxyRequest(head, b"hi", connector_to(remote, seen))
    assert (request.method, request.path_qs, request.version) == ("POST", "/items?a=1", (1, 0))
    assert request.version == HttpVersion(major=1, minor=0)
    assert request.headers["HOST"] == "h" and dict(request.headers)["host"] == "h"
    assert request.can_read_body and await request.read() == b"hi"

    answer = await Web(remote_port=81, remote_host="svc").handle_request(request)
    assert seen[0][1] == 81
    assert bytes(remote.sent).startswith(b"POST /items?a=1 HTTP/1.0\r\nHost: svc\r\n")
    assert bytes(remote.sent).endswith(b"\r\n\r\nhi")
    # no Content-Length: the body is what came before the instance closed the connection
    assert answer == ProxyResponse(201, (("X-Id", "7"),), b"made it", "Created")
    assert answer.text == "made it"


async def test_requests_go_to_running_instances_in_turn() -> None:
    first, second = running(Web()), running(Web())
    idle = Web()  # pending: never chosen
    seen: list[tuple[Service, int]] = []
    proxy = LocalHttpProxy(
        cast(Cluster[Any], FakeCluster(idle, first, second)),
        0,
        connector=connector_to(Remote(ANSWER, wait_for=b"\r\n\r\n"), seen),
    )
    for _ in range(3):
        await proxy._handle(client(REQUEST), cast(asyncio.StreamWriter, FakeWriter()))
    assert [s for s, _ in seen] == [first, second, first]


async def test_the_proxy_answers_errors_itself() -> None:
    async def answer(
        instances: list[Service], request: bytes, connector: Connector | None = None
    ) -> bytes:
        proxy = LocalHttpProxy(
            cast(Cluster[Any], FakeCluster(*instances)),
            0,
            connector=connector or refusing(AssertionError("not connected")),
        )
        writer = FakeWriter()
        await proxy._handle(client(request), cast(asyncio.StreamWriter, writer))
        assert writer.closed
        return bytes(writer.data)

    nobody = await answer([Web()], REQUEST)
    assert nobody.startswith(b"HTTP/1.1 503 Service Unavailable\r\n")
    refused = ApiTimeoutError("connect_tcp 10.0.0.2:80", 504, "timed out")
    unreachable = await answer([running(Web(remote_port=80))], REQUEST, refusing(refused))
    assert unreachable.startswith(b"HTTP/1.1 502 Bad Gateway\r\n")
    assert b"port 80" in unreachable and b"504" in unreachable
    garbage = await answer([running(Web())], b"HELLO\r\n\r\n")
    assert garbage.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert await answer([running(Web())], b"GET / HTTP/1.1\r\n") == b""  # client left early
    chunked = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    assert (await answer([running(Web())], chunked)).startswith(b"HTTP/1.1 411 ")


async def test_a_body_over_the_size_limit_is_refused_with_a_413() -> None:
    seen: list[tuple[Service, int]] = []
    cluster = cast(Cluster[Any], FakeCluster(running(Web())))
    remote = Remote(ANSWER, wait_for=b"12345")
    proxy = LocalHttpProxy(cluster, 0, max_request_size=5, connector=connector_to(remote, seen))
    post = b"POST / HTTP/1.1\r\nContent-Length: %d\r\n\r\n"
    small, large = FakeWriter(), FakeWriter()
    await proxy._handle(client(post % 5 + b"12345"), cast(asyncio.StreamWriter, small))
    await proxy._handle(client(post % 6 + b"123456"), cast(asyncio.StreamWriter, large))
    assert bytes(small.data).startswith(b"HTTP/1.1 200 OK\r\n")
    assert bytes(remote.sent).endswith(b"\r\n\r\n12345")
    assert bytes(large.data).startswith(b"HTTP/1.1 413 Content Too Large\r\n")
    assert len(seen) == 1


async def test_an_instance_that_does_not_answer_in_time_is_a_504() -> None:
    silent = Remote([], wait_for=b"never sent")
    instance = running(Web(response_timeout=0.05))
    proxy = LocalHttpProxy(
        cast(Cluster[Any], FakeCluster(instance)), 0, connector=connector_to(silent, [])
    )
    writer = FakeWriter()
    await proxy._handle(client(REQUEST, eof=False), cast(asyncio.StreamWriter, writer))
    assert bytes(writer.data).startswith(b"HTTP/1.1 504 Gateway Timeout\r\n")
    assert b"0.05 s" in writer.data


async def test_a_socket_connection_is_piped_both_ways() -> None:
    remote = Remote([b"SSH-2.0-server\r\n", b"more"], wait_for=b"SSH-2.0-client")
    seen: list[tuple[Service, int]] = []
    proxy = SocketProxy(ports=[2222], connector=connector_to(remote, seen))
    instance = running(Service())
    server = ProxyServer(proxy, instance, 22, "127.0.0.1", 2222)
    writer = FakeWriter()
    reader = client(b"SSH-2.0-client\r\n", eof=False)
    await server.handler(reader, cast(asyncio.StreamWriter, writer))
    assert seen == [(instance, 22)]
    assert bytes(remote.sent) == b"SSH-2.0-client\r\n"
    assert bytes(writer.data) == b"SSH-2.0-server\r\nmore"
    assert writer.closed  # the instance's side ended: so does the client's


async def test_an_unreachable_or_silent_socket_target_closes_the_client_connection() -> None:
    proxy = SocketProxy(ports=[], connector=refusing(NetworkError("no route")))
    writer = FakeWriter()
    await ProxyServer(proxy, Service(), 22, "127.0.0.1", 0).handler(
        client(b"x"), cast(asyncio.StreamWriter, writer)
    )
    assert writer.closed and not writer.data
    with pytest.raises(NetworkError, match="no local port left"):
        await proxy.run_server(Service(), 22)

    silent = Remote([], wait_for=b"never sent")
    quiet = SocketProxy([1], timeout=0.05, connector=connector_to(silent, []))
    writer = FakeWriter()
    await ProxyServer(quiet, Service(), 22, "127.0.0.1", 0, timeout=0.05).handler(
        client(b"x", eof=False), cast(asyncio.StreamWriter, writer)
    )
    assert writer.closed and not writer.data


def test_the_proxies_defaults_are_yapapis_and_they_listen_on_this_machine_only() -> None:
    sockets = SocketProxy(ports=[2222])
    assert (sockets.address, sockets.buffer_size, sockets.timeout) == ("127.0.0.1", 2**20, 300)
    assert DEFAULT_TIMEOUT == 300.0 and WEBSOCKET_CHUNK_LIMIT == 2**16
    assert SocketProxy([1], address="::1").address == "::1"
    with pytest.raises(ValueError, match="loopback address only"):
        SocketProxy([2222], address="0.0.0.0")
    web = Web()
    assert (web._remote_port, web._remote_host, web._remote_response_timeout) == (80, None, 30)
    proxy = LocalHttpProxy(cast(Cluster[Any], FakeCluster()), 8080)
    assert proxy._max_request_size == DEFAULT_MAX_REQUEST_SIZE == 128 * 2**20
    assert proxy.port == 8080


def test_chunks_cut_a_buffer_into_pieces_of_at_most_the_limit() -> None:
    assert list(chunks(b"abcdefg", 3)) == [b"abc", b"def", b"g"]
    assert list(chunks(b"", 3)) == []
    pieces = list(chunks(memoryview(b"abcdef"), 3))
    assert [bytes(p) for p in pieces] == [b"abc", b"def"]
    with pytest.raises(ValueError, match="at least 1"):
        list(chunks(b"x", 0))


async def test_the_vpn_connector_needs_an_instance_in_a_network() -> None:
    with pytest.raises(NetworkError, match="not attached to a network"):
        async with vpn_connector()(Service(), 80):
            pass  # pragma: no cover
