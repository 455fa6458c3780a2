"""What both proxies share: a stream to an instance's port, piping, and local servers.

Each local connection becomes one TCP connection to the instance's address in
the VPN, carried by the requestor daemon's net API (`golem_core.net.connect_tcp`).
`Connector` is the seam: tests plug in-process streams in its place.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from golem_core.net import connect_tcp
from golem_hl.exceptions import NetworkError
from golem_hl.services import Service

__all__ = [
    "CONNECT_TIMEOUT",
    "LOCALHOST",
    "ByteStream",
    "Connector",
    "LocalServers",
    "bound_port",
    "close_writer",
    "ensure_loopback",
    "pipe",
    "vpn_connector",
]

LOCALHOST = "127.0.0.1"
# seconds for the daemon to open the TCP leg to the instance
CONNECT_TIMEOUT = 30.0


class ByteStream(Protocol):
    """One TCP connection to an instance: golem_core's TcpStream has this shape."""

    async def receive(self, max_bytes: int = ...) -> bytes: ...
    async def send(self, data: bytes) -> None: ...


# opens a stream to (instance, port)
Connector = Callable[[Service, int], AbstractAsyncContextManager[ByteStream]]


def vpn_connector(timeout: float = CONNECT_TIMEOUT) -> Connector:
    """Connect through the requestor daemon to the instance's address in its network."""

    @contextlib.asynccontextmanager
    async def connect(service: Service, port: int) -> AsyncIterator[ByteStream]:
        network, node = service.network, service.network_node
        if network is None or node is None:
            raise NetworkError(f"{service!r} is not attached to a network")
        async with connect_tcp(network.core, node.ip, port, connect_timeout=timeout) as stream:
            yield stream

    return connect


def ensure_loopback(address: str) -> str:
    """Refuse to listen anywhere but on this machine (a proxy opens the VPN to whoever connects)."""
    try:
        loopback = ipaddress.ip_address(address).is_loopback
    except ValueError:
        loopback = address == "localhost"
    if not loopback:
        raise ValueError(f"a proxy listens on a loopback address only, not {address!r}")
    return address


async def pipe(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    remote: ByteStream,
    buffer_size: int,
    first_timeout: float | None,
    idle_timeout: float | None,
) -> bool:
    """Copy both ways until the instance's side ends; False if it was silent for too long.

    The instance has `first_timeout` s to send its first bytes, then
    `idle_timeout` s for each next piece (None: no limit).

    The daemon's socket cannot be half-closed, so a client's end of input is
    not passed on: the instance decides when the connection ends.
    """

    async def upstream() -> None:
        while data := await reader.read(buffer_size):
            await remote.send(data)

    sender = asyncio.create_task(upstream())
    timeout = first_timeout
    try:
        while True:
            try:
                data = await asyncio.wait_for(remote.receive(buffer_size), timeout)
            except asyncio.TimeoutError:
                return False
            if not data:
                return True
            writer.write(data)
            await writer.drain()
            timeout = idle_timeout
    finally:
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await sender


async def close_writer(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(ConnectionError, OSError):
        await writer.wait_closed()


def bound_port(server: asyncio.Server) -> int:
    port: int = server.sockets[0].getsockname()[1]
    return port


class LocalServers:
    """Local listening sockets and the connections they accepted, stopped together."""

    def __init__(self) -> None:
        self.servers: list[asyncio.Server] = []
        self._connections: set[asyncio.Task[None]] = set()

    def track(self) -> None:
        """Count the current task as a connection to cancel at `stop`."""
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
