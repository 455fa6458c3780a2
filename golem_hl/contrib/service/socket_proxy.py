"""Local TCP ports forwarded to ports of service instances in a VPN (yapapi's `SocketProxy`).

    proxy = SocketProxy(ports=[2222])          # 127.0.0.1:2222 -> the instance's port 22
    server = await proxy.run_server(instance, 22)
    ...
    await proxy.stop()

Each connection to a local port is piped to one TCP connection to the
instance, opened through the requestor daemon; it ends when the instance's
side ends it or has said nothing for `timeout` seconds. The instance must be
in a Network (`run_service(..., network=)`) on a runtime that joins VPNs.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Iterator, Sequence
from typing import Any, Final

from golem_core.exceptions import GolemError
from golem_hl.contrib.service import DEFAULT_TIMEOUT, WEBSOCKET_CHUNK_LIMIT
from golem_hl.contrib.service._streams import (
    ByteStream,
    Connector,
    LocalServers,
    bound_port,
    ensure_loopback,
    vpn_connector,
)
from golem_hl.contrib.service.chunk import chunks
from golem_hl.exceptions import NetworkError
from golem_hl.services import Cluster, Service

__all__ = [
    "DEFAULT_SOCKET_ADDRESS",
    "DEFAULT_SOCKET_BUFFER_SIZE",
    "WEBSOCKET_CHUNK_LIMIT",
    "ProxyConnection",
    "ProxyServer",
    "SocketProxy",
    "SocketProxyService",
    "chunks",
    "connection_ids",
]

logger = logging.getLogger(__name__)

DEFAULT_SOCKET_BUFFER_SIZE: Final[int] = 1024 * 1024
DEFAULT_SOCKET_ADDRESS: Final[str] = "127.0.0.1"

# numbers the connections in logs
connection_ids: Iterator[int] = itertools.count(1)


class SocketProxyService(Service):
    """A service whose `remote_ports` `SocketProxy.run` exposes on local ports."""

    remote_ports: Sequence[int] = ()


class ProxyConnection:
    """One local client connection, piped to the instance's port by a sender and a responder."""

    def __init__(
        self,
        server: ProxyServer,
        listen_reader: asyncio.StreamReader,
        listen_writer: asyncio.StreamWriter,
        buffer_size: int = DEFAULT_SOCKET_BUFFER_SIZE,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.server = server
        self.listen_reader = listen_reader
        self.listen_writer = listen_writer
        self.buffer_size = buffer_size
        self.timeout = timeout
        # bytes passed to the instance, and from it
        self.to_data_len = 0
        self.from_data_len = 0
        self._remote: ByteStream | None = None
        self._id = next(connection_ids)

    def __repr__(self) -> str:
        return f"{type(self).__name__} {self._id}"

    async def sender(self) -> None:
        """The client's bytes to the instance, until the client has no more.

        The daemon's socket cannot be half-closed, so the client's end of input
        is not passed on: the instance decides when the connection ends.
        """
        assert self._remote is not None
        while data := await self.listen_reader.read(self.buffer_size):
            await self._remote.send(data)
            self.to_data_len += len(data)

    async def responder(self) -> None:
        """The instance's bytes to the client, until it ends or says nothing for `timeout` s."""
        assert self._remote is not None
        while True:
            try:
                data = await asyncio.wait_for(self._remote.receive(self.buffer_size), self.timeout)
            except asyncio.TimeoutError:
                logger.info("%r: the instance said nothing for %s s", self, self.timeout)
                return
            if not data:
                return
            self.listen_writer.write(data)
            await self.listen_writer.drain()
            self.from_data_len += len(data)

    async def run(self) -> None:
        """Pipe both ways until the responder ends, then close the client's connection."""
        service, port = self.server.service, self.server.remote_port
        try:
            async with self.server.proxy._connect(service, port) as remote:
                self._remote = remote
                sender = asyncio.create_task(self.sender())
                try:
                    await self.responder()
                finally:
                    sender.cancel()
                    await asyncio.gather(sender, return_exceptions=True)
        except (GolemError, OSError) as error:
            logger.warning("%r: %r port %d unreachable: %s", self, service, port, error)
        finally:
            self.close()

    def close(self) -> None:
        self.listen_writer.close()
        logger.info(
            "%r closed: %d bytes sent, %d received", self, self.to_data_len, self.from_data_len
        )


class ProxyServer:
    """A local listening socket for one port of one instance."""

    def __init__(
        self,
        proxy: SocketProxy,
        service: Service,
        remote_port: int,
        local_address: str,
        local_port: int,
        buffer_size: int = DEFAULT_SOCKET_BUFFER_SIZE,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.proxy = proxy
        self.service = service
        self.remote_port = remote_port
        self.local_address = ensure_loopback(local_address)
        # 0 until running when the system is to choose it
        self.local_port = local_port
        self.buffer_size = buffer_size
        self.timeout = timeout

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__} {self.local_address}:{self.local_port} -> "
            f"{self.service!r} port {self.remote_port}"
        )

    @property
    def app_key(self) -> str | None:
        """The app key the daemon's connections are made with."""
        cluster = self.service.cluster
        return cluster.node.app_key if cluster is not None else None

    @property
    def instance_ws(self) -> str:
        """The daemon's WebSocket URI for the instance's port."""
        node = self.service.network_node
        if node is None:
            raise NetworkError(f"{self.service!r} is not attached to a network")
        return node.get_websocket_uri(self.remote_port)

    async def handler(
        self, listen_reader: asyncio.StreamReader, listen_writer: asyncio.StreamWriter
    ) -> None:
        self.proxy._servers.track()
        connection = ProxyConnection(
            self, listen_reader, listen_writer, self.buffer_size, self.timeout
        )
        await connection.run()

    async def run(self) -> None:
        """Start listening; returns once the port is open (connections are served meanwhile)."""
        server = await asyncio.start_server(self.handler, self.local_address, self.local_port)
        self.proxy._servers.servers.append(server)
        self.local_port = bound_port(server)
        logger.info("%r listening", self)


class SocketProxy:
    """Forward local TCP ports (from `ports`, in order) to ports of service instances."""

    def __init__(
        self,
        ports: Sequence[int],
        address: str = DEFAULT_SOCKET_ADDRESS,
        buffer_size: int = DEFAULT_SOCKET_BUFFER_SIZE,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        connector: Connector | None = None,
    ) -> None:
        """`connector` (ours) replaces the daemon's TCP connections, e.g. in tests."""
        self.ports = list(ports)
        self.address = ensure_loopback(address)
        self.buffer_size = buffer_size
        self.timeout = timeout
        self.servers: dict[Service, dict[int, ProxyServer]] = {}
        self._available_ports = list(ports)
        self._connect = connector or vpn_connector()
        self._servers = LocalServers()

    async def run_server(
        self, service: Service, remote_port: int, local_port: int | None = None
    ) -> ProxyServer:
        """Listen on the next of `ports` (or `local_port`) for `remote_port` of `service`."""
        if local_port is None:
            if not self._available_ports:
                raise NetworkError("no local port left for the socket proxy: give more ports")
            local_port = self._available_ports.pop(0)
        server = ProxyServer(
            self, service, remote_port, self.address, local_port, self.buffer_size, self.timeout
        )
        await server.run()
        self.servers.setdefault(service, {})[remote_port] = server
        return server

    def get_server(self, service: Service, remote_port: int) -> ProxyServer:
        """The server forwarding to `remote_port` of `service` (KeyError if there is none)."""
        return self.servers[service][remote_port]

    async def run(self, cluster: Cluster[Any]) -> None:
        """A local port for every `remote_ports` entry of every instance of `cluster`."""
        for service in cluster.instances:
            for remote_port in getattr(service, "remote_ports", ()):
                await self.run_server(service, remote_port)

    async def stop(self) -> None:
        """Close every local port and every connection."""
        await self._servers.stop()
