"""Counting REST requests on the wire: a loopback HTTP/1.1 proxy in front of yagna's API.

Both libraries are pointed at the proxy (YAGNA_API_URL), so whatever HTTP
client a library uses, each request it sends is counted once, keep-alive
and pipelining included. The proxy forwards bytes untouched in both
directions; only the client's side is parsed (`RequestCounter`, no I/O), far
enough to find where one request ends and the next begins: the head, then a
`Content-Length` body or a chunked one. After a request asking for an
`Upgrade` (a WebSocket to the GSB API), the connection is a tunnel and
nothing more is counted on it.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import enum
import logging
import re
import socket
from collections.abc import Callable

import attrs

from golem_core._quick_ack import quick_ack, tcp_socket_of

log = logging.getLogger(__name__)

MAX_HEAD = 64 * 1024
_READ_SIZE = 64 * 1024
# A path segment that names one resource, not a route: ids, hashes, node ids and the GSB
# API's base64url service ids are long and have digits; route names have neither.
_ID_SEGMENT = re.compile(r"^(?=.*[0-9])[A-Za-z0-9_=-]{16,}$")


class WireError(ValueError):
    """The client sent something that is not HTTP/1.1 as we parse it."""


@attrs.frozen
class RequestHead:
    method: str
    target: str

    @property
    def route(self) -> str:
        """`METHOD /path` with ids replaced by `{id}` and the query dropped."""
        path = self.target.split("?", 1)[0]
        segments = ["{id}" if _ID_SEGMENT.match(s) else s for s in path.split("/")]
        return f"{self.method} {'/'.join(segments)}"


class _State(enum.Enum):
    HEAD = "head"
    BODY = "body"
    CHUNK_SIZE = "chunk-size"
    CHUNK_DATA = "chunk-data"
    CHUNK_END = "chunk-end"
    TRAILERS = "trailers"
    TUNNEL = "tunnel"


class RequestCounter:
    """Feed it the bytes a client sends; it returns each request head as it completes."""

    def __init__(self) -> None:
        self._state = _State.HEAD
        self._buffer = bytearray()
        self._remaining = 0

    @property
    def tunnel(self) -> bool:
        return self._state is _State.TUNNEL

    def feed(self, data: bytes) -> list[RequestHead]:
        if self._state is _State.TUNNEL:
            return []
        self._buffer += data
        heads: list[RequestHead] = []
        while self._step(heads):
            pass
        return heads

    def _step(self, heads: list[RequestHead]) -> bool:
        """Consume what the buffer allows in the current state; False when it needs more."""
        state = self._state
        if state is _State.HEAD:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self._buffer) > MAX_HEAD:
                    raise WireError(f"request head over {MAX_HEAD} bytes")
                return False
            head = bytes(self._buffer[:end]).decode("latin-1")
            del self._buffer[: end + 4]
            heads.append(self._start(head))
            return self._state is not _State.TUNNEL
        if state is _State.BODY:
            used = min(self._remaining, len(self._buffer))
            del self._buffer[:used]
            self._remaining -= used
            if self._remaining:
                return False
            self._state = _State.HEAD
            return True
        if state in (_State.CHUNK_SIZE, _State.TRAILERS, _State.CHUNK_END):
            end = self._buffer.find(b"\r\n")
            if end < 0:
                return False
            line = bytes(self._buffer[:end])
            del self._buffer[: end + 2]
            if state is _State.CHUNK_END:
                self._state = _State.CHUNK_SIZE
            elif state is _State.TRAILERS:
                self._state = _State.TRAILERS if line else _State.HEAD
            else:
                self._chunk_size(line)
            return True
        assert state is _State.CHUNK_DATA
        used = min(self._remaining, len(self._buffer))
        del self._buffer[:used]
        self._remaining -= used
        if self._remaining:
            return False
        self._state = _State.CHUNK_END
        return True

    def _start(self, head: str) -> RequestHead:
        request_line, *header_lines = head.split("\r\n")
        parts = request_line.split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise WireError(f"not an HTTP/1.x request line: {request_line!r:.200}")
        headers: dict[str, str] = {}
        for line in header_lines:
            name, sep, value = line.partition(":")
            if not sep:
                raise WireError(f"bad header line: {line!r:.200}")
            headers[name.strip().lower()] = value.strip()
        if "upgrade" in headers:
            self._state = _State.TUNNEL
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            self._state = _State.CHUNK_SIZE
        else:
            length = headers.get("content-length", "0")
            if not length.isdigit():
                raise WireError(f"bad Content-Length {length!r}")
            self._remaining = int(length)
            self._state = _State.BODY if self._remaining else _State.HEAD
        return RequestHead(parts[0], parts[1])

    def _chunk_size(self, line: bytes) -> None:
        text = line.split(b";", 1)[0].strip()
        try:
            size = int(text, 16)
        except ValueError:
            raise WireError(f"bad chunk size {text!r}") from None
        if size:
            self._remaining = size
            self._state = _State.CHUNK_DATA
        else:
            self._state = _State.TRAILERS


class CountingProxy:
    """`async with CountingProxy(upstream_port) as proxy:`, then point clients at `proxy.url`."""

    def __init__(
        self, upstream_port: int, *, port: int = 0, upstream_host: str = "127.0.0.1"
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self._port = port
        self.routes: collections.Counter[str] = collections.Counter()
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        assert self._server is not None, "not started"
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    @property
    def total(self) -> int:
        return sum(self.routes.values())

    def take(self) -> collections.Counter[str]:
        """The counts so far, and start counting from zero."""
        routes, self.routes = self.routes, collections.Counter()
        return routes

    async def __aenter__(self) -> CountingProxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self._port)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.close()
        for task in self._connections:
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            await self._relay(reader, writer)
        finally:
            self._connections.discard(task)

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError as error:
            log.warning("proxy cannot reach %s:%d: %s", *self.upstream, error)
            writer.close()
            return
        counter = RequestCounter()

        def count(data: bytes) -> None:
            for head in counter.feed(data):
                self.routes[head.route] += 1

        # each side's reads are ACKed at once, as golem_core's own transport does: a proxy
        # that delays its ACKs makes the daemon hold a small write back (~40 ms)
        pumps = [
            asyncio.create_task(_pump(reader, up_writer, count, tcp_socket_of(writer))),
            asyncio.create_task(_pump(up_reader, writer, None, tcp_socket_of(up_writer))),
        ]
        try:
            # either side closing ends the exchange (HTTP/1.1 closes are not half-closes here)
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for pump in pumps:
                pump.cancel()
            await asyncio.gather(*pumps, return_exceptions=True)
            for w in (writer, up_writer):
                w.close()
                with contextlib.suppress(OSError):
                    await w.wait_closed()


async def _pump(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    inspect: Callable[[bytes], None] | None,
    reading_from: socket.socket | None = None,
) -> None:
    try:
        while data := await reader.read(_READ_SIZE):
            if reading_from is not None:
                quick_ack(reading_from)
            if inspect is not None:
                try:
                    inspect(data)
                except WireError as error:  # stop counting this connection, keep relaying
                    log.warning("proxy: %s", error)
                    inspect = None
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
