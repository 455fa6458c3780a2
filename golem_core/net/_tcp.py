"""A TCP connection to a port of a network member, carried by the net API's WebSocket.

    async with connect_tcp(network, "192.168.0.2", 8080) as stream:
        await stream.send(b"GET / HTTP/1.0\\r\\n\\r\\n")
        reply = await stream.receive()

The daemon opens the TCP connection before it accepts the WebSocket: an
address where nothing listens (or a provider whose runtime has no network
support) is refused with 504 after ~5 s, raised as ApiTimeoutError; an unknown
network is NotFoundError or ForbiddenError (see golem_core._api.net).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from ipaddress import IPv4Address

from golem_core._api.gsb import DEFAULT_CONNECT_TIMEOUT, NORMAL_CLOSURE, WebSocket, WebSocketClosed
from golem_core._api.net import tcp_socket
from golem_core.net._addresses import NetworkError, check_port, parse_address
from golem_core.net._framing import MAX_FRAME, ReceiveBuffer, split_frames
from golem_core.net._network import Network

DEFAULT_RECEIVE_SIZE = 64 * 1024


class TcpStream:
    """An async byte stream: `receive` returns b"" once the other side has closed."""

    def __init__(self, socket: WebSocket, ip: IPv4Address, port: int) -> None:
        self._socket = socket
        self.ip = ip
        self.port = port
        self._buffer = ReceiveBuffer()

    def __repr__(self) -> str:
        state = "at EOF" if self._buffer.eof else "open"
        return f"TcpStream({self.ip}:{self.port}, {state}, buffered={len(self._buffer)})"

    async def receive(self, max_bytes: int = DEFAULT_RECEIVE_SIZE) -> bytes:
        """At least one and at most `max_bytes` bytes, or b"" at the end of the stream.

        A socket closed with anything but a normal close raises WebSocketClosed."""
        while (data := self._buffer.take(max_bytes)) is None:
            try:
                self._buffer.feed(await self._socket.receive())
            except WebSocketClosed as closed:
                if closed.code != NORMAL_CLOSURE:
                    raise
                self._buffer.feed_eof()
        return data

    async def send(self, data: bytes | bytearray | memoryview) -> None:
        for frame in split_frames(data, MAX_FRAME):
            await self._socket.send(frame)

    async def aclose(self) -> None:
        await self._socket.close()


@contextlib.asynccontextmanager
async def connect_tcp(
    network: Network,
    ip: str | IPv4Address,
    port: int,
    *,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
) -> AsyncIterator[TcpStream]:
    """A TCP stream to `ip:port` in `network`, closed when the block ends."""
    address = parse_address(ip)
    if address not in network.network:
        raise NetworkError(f"{address} is not in network {network.id} ({network.network})")
    check_port(port)
    async with tcp_socket(
        network.node.api, network.id, address, port, connect_timeout=connect_timeout
    ) as socket:
        yield TcpStream(socket, address, port)
