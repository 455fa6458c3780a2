"""Reach services in a VPN from this machine: a local HTTP proxy and local TCP port forwards.

    cluster = await golem.run_service(HttpService, network=network)
    proxy = LocalHttpProxy(cluster, 8080)     # http://127.0.0.1:8080 -> instances' port 80
    await proxy.run()
    ...
    await proxy.stop()

    proxy = SocketProxy(ports=[2222])         # 127.0.0.1:2222 -> instance's port 22
    await proxy.run_server(instance, 22)

Each local connection becomes one TCP connection to the instance's address in
the VPN, carried by the requestor daemon's net API (golem_core.net.connect_tcp).
The instance must be in a Network (`run_service(..., network=)`) and its
runtime must support VPNs. yapapi's names are kept (`contrib.service`); the
servers listen on 127.0.0.1 only.

What this can be tested against here: the local network's exe-unit runs no
VPN, so the daemon refuses the TCP leg (504 after ~5 s). The piping is tested
with an in-process connector, and the refusal path against the real daemon:
an HTTP client then gets `502 Bad Gateway` naming the cause, a socket client
gets its connection closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from golem_core.exceptions import GolemError
from golem_core.net import connect_tcp
from golem_hl._http_head import (
    HEAD_END,
    MalformedRequest,
    error_response,
    parse_request_head,
    rewrite_request_head,
)
from golem_hl.exceptions import NetworkError
from golem_hl.services import Cluster, Service, ServiceState

__all__ = [
    "DEFAULT_BUFFER_SIZE",
    "DEFAULT_TIMEOUT",
    "ByteStream",
    "Connector",
    "HttpProxyService",
    "LocalHttpProxy",
    "SocketProxy",
    "SocketProxyService",
    "vpn_connector",
]

logger = logging.getLogger(__name__)

DEFAULT_BUFFER_SIZE = 64 * 1024
# seconds: to open the TCP leg through the daemon, and (HTTP) for the first byte of an answer
DEFAULT_TIMEOUT = 10.0
LOCALHOST = "127.0.0.1"
MAX_HEAD_SIZE = 64 * 1024


class ByteStream(Protocol):
    """One TCP connection to an instance: golem_core's TcpStream has this shape."""

    async def receive(self, max_bytes: int = ...) -> bytes: ...
    async def send(self, data: bytes) -> None: ...


# opens a stream to (instance, port); the seam that tests replace
Connector = Callable[[Service, int], AbstractAsyncContextManager[ByteStream]]


def vpn_connector(timeout: float = DEFAULT_TIMEOUT) -> Connector:
    """Connect through the requestor daemon to the instance's address in its network."""

    @contextlib.asynccontextmanager
    async def connect(service: Service, port: int) -> AsyncIterator[ByteStream]:
        network, node = service.network, service.network_node
        if network is None or node is None:
            raise NetworkError(f"{service!r} is not attached to a network")
        async with connect_tcp(network.core, node.ip, port, connect_timeout=timeout) as stream:
            yield stream

    return connect


async def _pipe(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    remote: ByteStream,
    buffer_size: int,
    first_reply_timeout: float | None = None,
) -> bool:
    """Copy both ways until the instance's side ends; False if it sent nothing in time.

    The daemon's socket cannot be half-closed, so a client's end of input is
    not passed on: the instance decides when the connection ends.
    """

    async def upstream() -> None:
        while data := await reader.read(buffer_size):
            await remote.send(data)

    sender = asyncio.create_task(upstream())
    try:
        first = remote.receive(buffer_size)
        try:
            data = await asyncio.wait_for(first, first_reply_timeout)
        except asyncio.TimeoutError:
            return False
        while data:
            writer.write(data)
            await writer.drain()
            data = await remote.receive(buffer_size)
        return True
    finally:
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await sender


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(ConnectionError, OSError):
        await writer.wait_closed()


def _bound_port(server: asyncio.Server) -> int:
    port: int = server.sockets[0].getsockname()[1]
    return port


class _Servers:
    """Local listening sockets and the connections they accepted, stopped together."""

    def __init__(self) -> None:
        self.servers: list[asyncio.Server] = []
        self._connections: set[asyncio.Task[None]] = set()

    def track(self) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._connections.add(task)
            task.add_done_callback(self._connections.discard)

    async def stop(self) -> None:
        for server in self.servers:
            server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        for server in self.servers:
            await server.wait_closed()
        self.servers.clear()


# --- TCP -------------------------------------------------------------------------------


class SocketProxyService(Service):
    """A service whose `remote_ports` `SocketProxy.run` exposes on local ports."""

    remote_ports: Sequence[int] = ()


class SocketProxy:
    """Forward local TCP ports (from `ports`, in order) to ports of service instances."""

    def __init__(
        self,
        ports: Iterable[int],
        buffer_size: int = DEFAULT_BUFFER_SIZE,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        connector: Connector | None = None,
    ) -> None:
        self._free_ports = list(ports)
        self._buffer_size = buffer_size
        self._connect = connector or vpn_connector(timeout)
        self._servers = _Servers()
        # (instance id, remote port) -> local port
        self.mapping: dict[tuple[str, int], int] = {}

    async def run_server(
        self, service: Service, remote_port: int, local_port: int | None = None
    ) -> int:
        """Listen on `local_port` (else the next of `ports`) for `remote_port` of `service`."""
        if local_port is None:
            if not self._free_ports:
                raise NetworkError("no local port left for the socket proxy: give more ports")
            local_port = self._free_ports.pop(0)

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await self._serve(service, remote_port, reader, writer)

        server = await asyncio.start_server(handle, LOCALHOST, local_port)
        self._servers.servers.append(server)
        bound = _bound_port(server)
        self.mapping[(service.id, remote_port)] = bound
        return bound

    async def _serve(
        self,
        service: Service,
        remote_port: int,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        """One local connection: piped to `remote_port` of `service` until either side ends."""
        self._servers.track()
        try:
            async with self._connect(service, remote_port) as remote:
                await _pipe(reader, writer, remote, self._buffer_size)
        except (GolemError, OSError) as error:
            logger.warning(
                "socket proxy: %s port %d unreachable: %s", service.id, remote_port, error
            )
        finally:
            await _close(writer)

    async def run(self, cluster: Cluster[Any]) -> None:
        """A local port for every `remote_ports` entry of every instance of `cluster`."""
        for instance in cluster.instances:
            for remote_port in getattr(instance, "remote_ports", ()):
                await self.run_server(instance, remote_port)

    async def stop(self) -> None:
        await self._servers.stop()


# --- HTTP ------------------------------------------------------------------------------


class HttpProxyService(Service):
    """A service with an HTTP server on `remote_port` inside its VPN address."""

    def __init__(
        self,
        remote_port: int = 80,
        remote_host: str | None = None,
        response_timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__()
        self._remote_port = remote_port
        self._remote_host = remote_host
        self._remote_response_timeout = response_timeout

    async def handle_request(
        self,
        head: bytes,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        connector: Connector,
    ) -> None:
        """Forward one request (its raw `head`, then what the client sends); relay the answer."""
        try:
            request = parse_request_head(head)
        except MalformedRequest as error:
            writer.write(error_response(400, str(error)))
            return
        node = self.network_node
        host = self._remote_host or (f"{node.ip}:{self._remote_port}" if node else "localhost")
        try:
            async with connector(self, self._remote_port) as remote:
                await remote.send(rewrite_request_head(request, host))
                answered = await _pipe(
                    reader, writer, remote, DEFAULT_BUFFER_SIZE, self._remote_response_timeout
                )
        except (GolemError, OSError) as error:
            writer.write(error_response(502, f"{self.id} port {self._remote_port}: {error}"))
            return
        if not answered:
            writer.write(
                error_response(
                    504, f"{self.id} did not answer within {self._remote_response_timeout} s"
                )
            )


class LocalHttpProxy:
    """An HTTP server on 127.0.0.1:`port` passing requests to the running instances, in turn."""

    def __init__(
        self,
        cluster: Cluster[Any],
        port: int,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        connector: Connector | None = None,
    ) -> None:
        self._cluster = cluster
        self._port = port
        self._connect = connector or vpn_connector(timeout)
        self._turn = itertools.count()
        self._servers = _Servers()

    @property
    def port(self) -> int:
        """The port listened on (the one the OS chose, once running, when given 0)."""
        return self._port

    def _pick(self) -> HttpProxyService | None:
        running = [
            i
            for i in self._cluster.instances
            if i.state is ServiceState.running and isinstance(i, HttpProxyService)
        ]
        return running[next(self._turn) % len(running)] if running else None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._servers.track()
        try:
            try:
                head = await reader.readuntil(HEAD_END)
            except asyncio.LimitOverrunError:
                writer.write(error_response(431, "the request head is too large"))
                return
            except asyncio.IncompleteReadError:
                return  # the client left before sending a request
            instance = self._pick()
            if instance is None:
                writer.write(error_response(503, "no instance of the service is running"))
                return
            await instance.handle_request(head, reader, writer, self._connect)
        finally:
            with contextlib.suppress(ConnectionError, OSError):
                await writer.drain()
            await _close(writer)

    async def run(self) -> None:
        """Start listening; returns once the port is open."""
        server = await asyncio.start_server(
            self._handle, LOCALHOST, self._port, limit=MAX_HEAD_SIZE
        )
        self._servers.servers.append(server)
        self._port = _bound_port(server)

    async def stop(self) -> None:
        await self._servers.stop()
