"""The proxies' piping and error answers, with in-memory streams and connectors (no sockets)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest

from golem_core.exceptions import ApiTimeoutError
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
    assert bytes(remote.sent) == (
        b"GET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    assert bytes(writer.data) == b"".join(ANSWER)
    assert writer.closed


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
    writer = FakeWriter()
    reader = client(b"SSH-2.0-client\r\n", eof=False)
    await proxy._serve(instance, 22, reader, cast(asyncio.StreamWriter, writer))
    assert seen == [(instance, 22)]
    assert bytes(remote.sent) == b"SSH-2.0-client\r\n"
    assert bytes(writer.data) == b"SSH-2.0-server\r\nmore"
    assert writer.closed  # the instance's side ended: so does the client's


async def test_an_unreachable_socket_target_closes_the_client_connection() -> None:
    proxy = SocketProxy(ports=[], connector=refusing(NetworkError("no route")))
    writer = FakeWriter()
    await proxy._serve(Service(), 22, client(b"x"), cast(asyncio.StreamWriter, writer))
    assert writer.closed and not writer.data
    with pytest.raises(NetworkError, match="no local port left"):
        await proxy.run_server(Service(), 22)


async def test_the_vpn_connector_needs_an_instance_in_a_network() -> None:
    with pytest.raises(NetworkError, match="not attached to a network"):
        async with vpn_connector()(Service(), 80):
            pass  # pragma: no cover
