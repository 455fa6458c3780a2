"""A local HTTP server passing requests to service instances in a VPN (yapapi's `LocalHttpProxy`).

    cluster = await golem.run_service(HttpService, network=network)
    proxy = LocalHttpProxy(cluster, 8080)   # http://127.0.0.1:8080 -> the instances' port 80
    await proxy.run()
    ...
    await proxy.stop()

Each request goes to the next running instance in turn: its
`HttpProxyService.handle_request(request)` sends it over one TCP connection to
the instance (through the requestor daemon), asking the instance to close the
connection after its answer, and returns the answer. The proxy answers errors
itself: 503 (no running instance), 502 (the instance cannot be reached), 504
(it said nothing for `response_timeout` s), 413 (body over
`max_request_size`). WebSocket upgrades are piped both ways as they are.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Iterator, Mapping
from typing import Any, Final, NamedTuple

import attrs

from golem_core.exceptions import GolemError
from golem_hl._http_head import (
    HEAD_END,
    MalformedRequest,
    MalformedResponse,
    RequestHead,
    error_response,
    parse_request_head,
    parse_response_head,
    render_response,
    rewrite_request_head,
)
from golem_hl.contrib.service._streams import (
    LOCALHOST,
    ByteStream,
    Connector,
    LocalServers,
    bound_port,
    close_writer,
    pipe,
    vpn_connector,
)
from golem_hl.contrib.service.chunk import chunks
from golem_hl.services import Cluster, Service, ServiceState

__all__ = [
    "DEFAULT_MAX_REQUEST_SIZE",
    "DEFAULT_TIMEOUT",
    "WEBSOCKET_CHUNK_LIMIT",
    "HttpProxyService",
    "HttpVersion",
    "LocalHttpProxy",
    "ProxyRequest",
    "ProxyResponse",
    "chunks",
]

logger = logging.getLogger(__name__)

WEBSOCKET_CHUNK_LIMIT: Final[int] = 2**16
# seconds the instance may be silent while answering
DEFAULT_TIMEOUT: Final[float] = 30.0
DEFAULT_MAX_REQUEST_SIZE: Final[int] = 128 * 1024**2
MAX_HEAD_SIZE = 64 * 1024
READ_SIZE = 64 * 1024


class HttpVersion(NamedTuple):
    major: int
    minor: int


class Headers(Mapping[str, str]):
    """Header fields in order; names looked up without regard to case (first value wins)."""

    def __init__(self, fields: tuple[tuple[str, str], ...]) -> None:
        self.fields = fields

    def __getitem__(self, name: str) -> str:
        wanted = name.lower()
        for field, value in self.fields:
            if field.lower() == wanted:
                return value
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(n for n, _ in self.fields))

    def __len__(self) -> int:
        return len({n.lower() for n, _ in self.fields})


@attrs.frozen
class ProxyRequest:
    """One client request, as `handle_request` gets it (the parts of aiohttp's Request it uses)."""

    head: RequestHead
    body: bytes = b""
    # how the proxy reaches an instance's port (the daemon's TCP connections, or a test's)
    connector: Connector = attrs.field(factory=vpn_connector, repr=False)

    @property
    def method(self) -> str:
        return self.head.method

    @property
    def path_qs(self) -> str:
        return self.head.target

    @property
    def version(self) -> HttpVersion:
        major, _, minor = self.head.version.removeprefix("HTTP/").partition(".")
        return HttpVersion(int(major), int(minor or 0))

    @property
    def headers(self) -> Headers:
        return Headers(self.head.headers)

    @property
    def can_read_body(self) -> bool:
        return bool(self.body)

    async def read(self) -> bytes:
        return self.body


@attrs.frozen
class ProxyResponse:
    """What `handle_request` returns: the instance's answer, or the proxy's own error."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    reason: str = ""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def render(self) -> bytes:
        return render_response(self.status, self.reason, self.headers, self.body)


def _error(status: int, message: str) -> ProxyResponse:
    return ProxyResponse(status, (("Content-Type", "text/plain; charset=utf-8"),), message.encode())


async def _read_response(remote: ByteStream, timeout: float) -> ProxyResponse:
    """The instance's answer: its head, then its body up to Content-Length or the stream's end."""
    data = b""
    while HEAD_END not in data:
        piece = await asyncio.wait_for(remote.receive(READ_SIZE), timeout)
        if not piece:
            return _error(502, "the instance closed the connection without an answer")
        data += piece
    cut = data.index(HEAD_END) + len(HEAD_END)
    head = parse_response_head(data[:cut])
    body = data[cut:]
    length = head.get("content-length")
    expected = int(length) if length is not None and length.isdigit() else None
    while expected is None or len(body) < expected:
        piece = await asyncio.wait_for(remote.receive(READ_SIZE), timeout)
        if not piece:
            break
        body += piece
    return ProxyResponse(head.status, head.headers, body, head.reason)


class HttpProxyService(Service):
    """A service with an HTTP server on `remote_port` at its VPN address."""

    def __init__(
        self,
        remote_port: int = 80,
        remote_host: str | None = None,
        response_timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """`remote_host` replaces the Host header the client sent, when given."""
        super().__init__()
        self._remote_port = remote_port
        self._remote_host = remote_host
        self._remote_response_timeout = response_timeout

    def _host(self, head: RequestHead) -> str:
        return self._remote_host or head.get("host") or "localhost"

    async def handle_request(self, request: ProxyRequest) -> ProxyResponse:
        """Send one request to the instance's HTTP server and return its answer."""
        timeout = self._remote_response_timeout
        outgoing = rewrite_request_head(request.head, self._host(request.head)) + request.body
        logger.info("sending %s %s to %r", request.method, request.path_qs, self)
        try:
            async with request.connector(self, self._remote_port) as remote:
                await remote.send(outgoing)
                response = await _read_response(remote, timeout)
        except asyncio.TimeoutError:  # before OSError: it is one
            return _error(504, f"{self.id} did not answer within {timeout} s")
        except (GolemError, OSError) as error:
            return _error(502, f"{self.id} port {self._remote_port}: {error}")
        except MalformedResponse as error:
            return _error(502, f"{self.id} answered no HTTP response: {error}")
        logger.info("%r answered %d", self, response.status)
        return response

    async def _tunnel(
        self,
        head: RequestHead,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        connector: Connector,
    ) -> None:
        """An upgraded connection (WebSocket): piped both ways until the instance ends it."""
        timeout = self._remote_response_timeout
        try:
            async with connector(self, self._remote_port) as remote:
                await remote.send(rewrite_request_head(head, self._host(head)))
                answered = await pipe(reader, writer, remote, READ_SIZE, timeout, None)
        except (GolemError, OSError) as error:
            writer.write(error_response(502, f"{self.id} port {self._remote_port}: {error}"))
            return
        if not answered:
            writer.write(error_response(504, f"{self.id} did not answer within {timeout} s"))


class LocalHttpProxy:
    """An HTTP server on 127.0.0.1:`port` passing requests to the running instances, in turn."""

    def __init__(
        self,
        cluster: Cluster[Any],
        port: int,
        max_request_size: int = DEFAULT_MAX_REQUEST_SIZE,
        *,
        connector: Connector | None = None,
    ) -> None:
        """`port` 0 lets the system choose (see `port`); `connector` (ours) is for tests."""
        self._cluster = cluster
        self._port = port
        self._max_request_size = max_request_size
        self._connect = connector or vpn_connector()
        self._turn = itertools.count()
        self._servers = LocalServers()

    @property
    def port(self) -> int:
        """The port listened on (the one the system chose, once running, when given 0)."""
        return self._port

    def _pick(self) -> HttpProxyService | None:
        running = [
            i
            for i in self._cluster.instances
            if i.state is ServiceState.running and isinstance(i, HttpProxyService)
        ]
        return running[next(self._turn) % len(running)] if running else None

    async def _body(self, head: RequestHead, reader: asyncio.StreamReader) -> bytes:
        """The request's body; `_Refused` says why there is none to pass on."""
        if head.get("transfer-encoding") is not None:
            raise _Refused(411, "send the body with a Content-Length, not chunked")
        length = head.get("content-length") or "0"
        if not length.isdigit():
            raise _Refused(400, f"not a Content-Length: {length!r}")
        if int(length) > self._max_request_size:
            raise _Refused(413, f"the body is over {self._max_request_size} bytes")
        return await reader.readexactly(int(length))

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._servers.track()
        try:
            writer.write(await self._answer(reader, writer))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the client left before its request was complete
        finally:
            with contextlib.suppress(ConnectionError, OSError):
                await writer.drain()
            await close_writer(writer)

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bytes:
        """What to send the client (b"" when the connection was tunnelled)."""
        try:
            head = parse_request_head(await reader.readuntil(HEAD_END))
            body = b"" if head.is_upgrade else await self._body(head, reader)
        except asyncio.LimitOverrunError:
            return error_response(431, "the request head is too large")
        except MalformedRequest as error:
            return error_response(400, str(error))
        except _Refused as refused:
            return error_response(refused.status, str(refused))
        instance = self._pick()
        if instance is None:
            return error_response(503, "no instance of the service is running")
        if head.is_upgrade:
            await instance._tunnel(head, reader, writer, self._connect)
            return b""
        response = await instance.handle_request(ProxyRequest(head, body, self._connect))
        return response.render()

    async def run(self) -> None:
        """Start listening; returns once the port is open."""
        server = await asyncio.start_server(
            self._handle, LOCALHOST, self._port, limit=MAX_HEAD_SIZE
        )
        self._servers.servers.append(server)
        self._port = bound_port(server)

    async def stop(self) -> None:
        await self._servers.stop()


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
