"""An httpx transport that speaks HTTP/1.1 to the daemon straight over asyncio.

httpx's own transport goes through httpcore, anyio and h11, all pure Python:
about two thirds of the CPU a small REST call costs the app. Every call of
golem_core goes to one plain-HTTP daemon on loopback, so this transport does
just that: it keeps idle connections per host for reuse, writes each request in
one piece, and reads responses with the sans-I/O `http11.ResponseReader`.
Anything else (https, another transport's job) goes to a regular
`httpx.AsyncHTTPTransport`. Failures come out as httpx's own exceptions
(ConnectError, ReadTimeout, RemoteProtocolError, ...), so callers map them as
before.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import httpx

from golem_core._api.daemon_connection import Connection, Expired, Slots
from golem_core._api.daemon_upgrade import upgraded_response
from golem_core._api.http11 import (
    LAST_CHUNK,
    NEED_DATA,
    Body,
    End,
    Head,
    HttpProtocolError,
    ResponseReader,
    chunk,
    request_head,
)

__all__ = ["DaemonTransport"]

_IDEMPOTENT = frozenset((b"GET", b"HEAD", b"PUT", b"DELETE", b"OPTIONS"))
_TIMEOUTS: dict[str, type[httpx.TimeoutException]] = {
    "connect": httpx.ConnectTimeout,
    "read": httpx.ReadTimeout,
    "write": httpx.WriteTimeout,
    "pool": httpx.PoolTimeout,
}
_IO_ERRORS: dict[str, type[httpx.TransportError]] = {
    "connect": httpx.ConnectError,
    "read": httpx.ReadError,
    "write": httpx.WriteError,
    "pool": httpx.PoolTimeout,
}


class DaemonTransport(httpx.AsyncBaseTransport):
    """Plain HTTP/1.1 with keep-alive, for the daemon's REST API.

    `max_connections` bounds the connections in use (httpx's default is 100);
    idle ones are kept up to `max_idle` and for `keepalive_expiry` seconds.
    """

    def __init__(
        self,
        *,
        max_connections: int = 100,
        max_idle: int = 20,
        keepalive_expiry: float = 5.0,
        fallback: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._idle: list[Connection] = []
        self._slots = Slots(max_connections)
        self._max_idle = max_idle
        self._expiry = keepalive_expiry
        self._fallback = fallback
        self._closed = False

    def _other_transport(self) -> httpx.AsyncBaseTransport:
        if self._fallback is None:
            self._fallback = httpx.AsyncHTTPTransport(retries=0)
        return self._fallback

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme != "http":
            return await self._other_transport().handle_async_request(request)
        if self._closed:
            raise RuntimeError("the transport is closed")
        timeouts = request.extensions.get("timeout") or {}
        key = (url.host, url.port or 80)
        method = request.method.encode("ascii")
        head = request_head(method, url.raw_path, request.headers.raw)
        try:
            body: bytes | None = request.content
        except httpx.RequestNotRead:
            body = None
        try:
            await self._slots.take(timeouts.get("pool"))
        except Expired as error:
            raise _translated(error, "pool", request) from None
        try:
            response = await self._send_on_some_connection(
                key, request, method, head, body, timeouts
            )
        except BaseException:
            self._slots.give_back()
            raise
        if not isinstance(response.stream, _ResponseBody):
            self._slots.give_back()  # else the body gives it back once read or closed
        return response

    async def _send_on_some_connection(
        self,
        key: tuple[str, int],
        request: httpx.Request,
        method: bytes,
        head: bytes,
        body: bytes | None,
        timeouts: dict[str, float | None],
    ) -> httpx.Response:
        connection = self._reused(key)
        if connection is not None:
            # a request that can safely go twice goes again if the server had closed the
            # connection meanwhile (a body that was streamed cannot be sent twice)
            again = method in _IDEMPOTENT and body is not None
            try:
                return await self._exchange(
                    connection, request, method, head, body, timeouts, first_try=again
                )
            except _Unanswered:
                pass
        try:
            connection = await self._connect(key, timeouts.get("connect"))
        except _FAILURES as error:
            raise _translated(error, "connect", request) from error
        return await self._exchange(connection, request, method, head, body, timeouts)

    def _reused(self, key: tuple[str, int]) -> Connection | None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        idle = self._idle
        for index in range(len(idle) - 1, -1, -1):
            connection = idle[index]
            if connection.key != key:
                continue
            del idle[index]
            if (
                connection.reusable
                and now - connection.idle_since < self._expiry
                and connection.loop is loop  # (a transport used from one loop, then another)
            ):
                return connection
            connection.close()
        return None

    async def _connect(self, key: tuple[str, int], timeout: float | None) -> Connection:
        loop = asyncio.get_running_loop()
        host, port = key
        connecting = loop.create_connection(lambda: Connection(key), host, port)
        if timeout is None:
            _, connection = await connecting
        else:
            try:
                _, connection = await asyncio.wait_for(connecting, timeout)
            except asyncio.TimeoutError:
                raise Expired() from None
        return connection

    async def _exchange(
        self,
        connection: Connection,
        request: httpx.Request,
        method: bytes,
        head: bytes,
        body: bytes | None,
        timeouts: dict[str, float | None],
        *,
        first_try: bool = False,
    ) -> httpx.Response:
        read_timeout = timeouts.get("read")
        upgrade = "upgrade" in request.headers
        reader = ResponseReader(method=method, upgrade=upgrade)
        phase = "write"
        try:
            await self._send(connection, request, head, body, timeouts.get("write"))
            phase = "read"
            head_event = await self._head(connection, reader, read_timeout, first_try)
            if head_event.status == 101:
                return upgraded_response(connection, reader, head_event, request)
            chunks: list[bytes] = []
            while True:  # the body, as far as it has already arrived
                more = reader.next_event()
                if isinstance(more, Body):
                    chunks.append(more.data)
                elif isinstance(more, End):
                    self._release(connection, more.keep_alive)
                    stream: httpx.AsyncByteStream = httpx.ByteStream(b"".join(chunks))
                    break
                else:
                    stream = _ResponseBody(self, connection, reader, chunks, request, read_timeout)
                    break
        except BaseException as error:
            failure = exchange_failed(connection, error, reader, phase, first_try, lambda: request)
            if failure is error:
                raise
            raise failure from error
        response = httpx.Response(
            head_event.status,
            headers=head_event.headers,
            stream=stream,
            request=request,
            extensions={
                "http_version": head_event.http_version,
                "reason_phrase": head_event.reason,
            },
        )
        if isinstance(stream, httpx.ByteStream):
            # all of it is here: read now, and httpx's async reading (a chain of
            # generators and context managers per response) has nothing left to do
            response.read()
        return response

    @staticmethod
    async def _head(
        connection: Connection, reader: ResponseReader, timeout: float | None, first_try: bool
    ) -> Head:
        while True:
            event = reader.next_event()
            if isinstance(event, Head):
                return event
            data = await connection.read(timeout)
            if data:
                reader.feed(data)
            elif first_try and not reader.started:
                raise _Unanswered()
            else:
                reader.feed_eof()

    @staticmethod
    async def _send(
        connection: Connection,
        request: httpx.Request,
        head: bytes,
        body: bytes | None,
        timeout: float | None,
    ) -> None:
        if body is not None:
            await connection.write(head + body, timeout)
            return
        await connection.write(head, timeout)
        chunked = request.headers.get("transfer-encoding", "").lower() == "chunked"
        assert isinstance(request.stream, httpx.AsyncByteStream)
        async for piece in request.stream:
            if piece:
                await connection.write(chunk(piece) if chunked else piece, timeout)
        if chunked:
            await connection.write(LAST_CHUNK, timeout)

    def _release(self, connection: Connection, keep_alive: bool) -> None:
        """A response fully read: its connection waits for the next request, or closes."""
        if not keep_alive or self._closed or not connection.reusable:
            connection.close()
            return
        connection.idle_since = asyncio.get_running_loop().time()
        self._idle.append(connection)
        if len(self._idle) > self._max_idle:
            self._idle.pop(0).close()

    def _discard(self, connection: Connection) -> None:
        """A response abandoned or broken half-way: its connection cannot be reused."""
        self._slots.give_back()
        connection.close()

    async def aclose(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()
        if self._fallback is not None:
            await self._fallback.aclose()


class _Unanswered(Exception):
    """A reused connection was closed before any answer: the request can go again."""


class _ResponseBody(httpx.AsyncByteStream):
    """The rest of a body that had not all arrived with the head, read as it is consumed."""

    def __init__(
        self,
        owner: DaemonTransport,
        connection: Connection,
        reader: ResponseReader,
        first: list[bytes],
        request: httpx.Request,
        read_timeout: float | None,
    ) -> None:
        self._owner = owner
        self._connection: Connection | None = connection
        self._reader = reader
        self._first = first
        self._request = request
        self._timeout = read_timeout

    async def __aiter__(self) -> AsyncIterator[bytes]:
        first, self._first = self._first, []
        for data in first:
            yield data
        connection = self._connection
        if connection is None:
            return
        reader = self._reader
        try:
            while True:
                try:
                    event = reader.next_event()
                    if event is NEED_DATA:
                        data = await connection.read(self._timeout)
                        if data:
                            reader.feed(data)
                        else:
                            reader.feed_eof()
                        continue
                except _FAILURES as error:
                    raise _translated(error, "read", self._request) from error
                if isinstance(event, Body):
                    yield event.data
                    continue
                assert isinstance(event, End)
                self._connection = None
                self._owner._release(connection, event.keep_alive)
                self._owner._slots.give_back()
                return
        finally:
            if self._connection is not None:  # stopped early, or broken
                self._connection = None
                self._owner._discard(connection)

    async def aclose(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            self._owner._discard(connection)


_FAILURES = (Expired, HttpProtocolError, OSError)


def exchange_failed(
    connection: Connection,
    error: BaseException,
    reader: ResponseReader,
    phase: str,
    first_try: bool,
    request: Callable[[], httpx.Request],
) -> BaseException:
    """Close the connection an exchange failed on; what to raise in place of `error`.

    A reset before any answer on a reused connection's first try is `_Unanswered`
    (asked again on a new one); our own failures become httpx's exception types;
    anything else (a cancellation, `_Unanswered` itself) is raised as it is."""
    connection.close()
    if not isinstance(error, _FAILURES):
        return error
    if first_try and isinstance(error, OSError) and not reader.started:
        return _Unanswered()
    return _translated(error, phase, request())


def _translated(error: BaseException, phase: str, request: httpx.Request) -> BaseException:
    """One of our failures as the httpx exception callers expect for this phase."""
    if isinstance(error, Expired):
        return _TIMEOUTS[phase](f"{phase} timed out", request=request)
    if isinstance(error, HttpProtocolError):
        return httpx.RemoteProtocolError(str(error), request=request)
    if isinstance(error, OSError):
        return _IO_ERRORS[phase](str(error) or type(error).__name__, request=request)
    return error
