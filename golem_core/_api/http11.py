"""HTTP/1.1 on the wire without I/O: a request's bytes out, a response's events in.

golem_core's daemon transport (`golem_core._api.daemon_transport`) sends what
`request_head` builds and feeds whatever the socket gives to a
`ResponseReader`, which says when it has the head, each piece of body, and the
end. Keeping the protocol here lets it be tested byte by byte, with any split
of the input, and lets the transport be a thin loop around it.

Only the client side of what yagna's REST API uses: one response per request,
bodies framed by Content-Length, by chunks, or by the end of the connection.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, NoReturn

import attrs

__all__ = [
    "NEED_DATA",
    "Body",
    "End",
    "Head",
    "HttpProtocolError",
    "ResponseReader",
    "request_head",
]

MAX_HEAD_SIZE = 64 * 1024
MAX_CHUNK_LINE = 1024
_NO_BODY_STATUS = frozenset((204, 304))


class HttpProtocolError(Exception):
    """The server's bytes are not an HTTP/1.1 response we can read."""


class Head(NamedTuple):
    """A response's status line and headers (a tuple: made for every answer, it costs less)."""

    status: int
    reason: bytes
    headers: list[tuple[bytes, bytes]]
    http_version: bytes


@attrs.frozen
class Body:
    data: bytes


@attrs.frozen
class End:
    """The response is complete; `keep_alive` says whether the connection can carry another."""

    keep_alive: bool


class _NeedData:
    def __repr__(self) -> str:
        return "NEED_DATA"


NEED_DATA = _NeedData()
Event = Head | Body | End | _NeedData


def request_head(method: bytes, target: bytes, headers: Iterable[tuple[bytes, bytes]]) -> bytes:
    """The request line and header block, ready to send (the body follows as is).

    CR and LF are looked for once in the whole block (each line has exactly
    one of each): `x in some_bytes` first tries `x` as an integer, and the
    TypeError it makes and drops cost more than the search, per header.
    """
    return request_head_with(method, target, b"", headers)


def header_block(headers: Iterable[tuple[bytes, bytes]]) -> bytes:
    """Header lines checked once, for `request_head_with` (requests that share them)."""
    head = request_head(b"GET", b"/", headers)
    return head[len(b"GET / HTTP/1.1\r\n") : -2]


def request_head_with(
    method: bytes, target: bytes, block: bytes, headers: Iterable[tuple[bytes, bytes]] = ()
) -> bytes:
    """`request_head(method, target, [*lines, *headers])`, where `block` is
    `header_block(lines)`: the same bytes and the same errors, only `method`,
    `target` and `headers` checked again."""
    if not target or target.find(b" ") >= 0:
        raise ValueError(f"invalid request target: {target!r}")
    parts = [method, b" ", target, b" HTTP/1.1\r\n"]
    for name, value in headers:
        if name.find(b":") >= 0:
            raise ValueError(f"invalid header: {name!r}")
        parts += (name, b": ", value, b"\r\n")
    lines = (len(parts) - 4) // 4 + 1
    own = b"".join(parts)  # the request line and `headers`, checked as `request_head` does
    if own.count(b"\r") != lines or own.count(b"\n") != lines:
        _reject(method, target, parts)
    line_end = len(method) + len(target) + 12  # `M T HTTP/1.1\r\n`
    return b"".join((own[:line_end], block, own[line_end:], b"\r\n"))


def _reject(method: bytes, target: bytes, parts: list[bytes]) -> NoReturn:
    """Which part of a head has a stray CR or LF."""
    if _has_line_break(method) or _has_line_break(target):
        raise ValueError(f"invalid request target: {target!r}")
    for index in range(4, len(parts) - 1, 4):
        name, value = parts[index], parts[index + 2]
        if _has_line_break(name) or _has_line_break(value):
            raise ValueError(f"invalid header: {name!r}")
    raise AssertionError("no stray line break found")  # pragma: no cover


def _has_line_break(part: bytes) -> bool:
    return part.find(b"\r") >= 0 or part.find(b"\n") >= 0


def chunk(data: bytes) -> bytes:
    """One piece of a chunked request body (an empty `data` would end it: see LAST_CHUNK)."""
    return b"%x\r\n%b\r\n" % (len(data), data)


LAST_CHUNK = b"0\r\n\r\n"

# body framing
_HEAD, _LENGTH, _CHUNK_SIZE, _CHUNK_DATA, _CHUNK_CRLF, _TRAILERS, _UNTIL_CLOSE, _DONE = range(8)


class ResponseReader:
    """Reads one response: `feed` bytes, then take events with `next_event` until NEED_DATA.

    With `upgrade`, a 101 answer is the whole response (asked for by an
    `Upgrade` request); the bytes after its head are the new protocol's.

    Bytes past the end of the response (which a well-behaved server never
    sends before the next request) are kept in `trailing`.
    """

    def __init__(self, *, method: bytes = b"GET", upgrade: bool = False) -> None:
        self._buffer = bytearray()
        self._upgrade = upgrade
        self._state = _HEAD
        self._no_body = method == b"HEAD"
        self._remaining = 0
        self._keep_alive = True
        self._eof = False
        self._fed = False

    @property
    def started(self) -> bool:
        """Whether any byte of the response has been fed."""
        return self._fed

    @property
    def done(self) -> bool:
        return self._state == _DONE

    @property
    def trailing(self) -> bytes:
        return bytes(self._buffer) if self._state == _DONE else b""

    def feed(self, data: bytes) -> None:
        if self._eof:
            raise RuntimeError("feed after feed_eof")
        self._buffer += data
        self._fed = self._fed or bool(data)

    def feed_eof(self) -> None:
        """The server closed its side: ends a body read until close, or makes the rest an error."""
        self._eof = True

    def next_event(self) -> Event:
        state = self._state
        if state == _LENGTH:
            return self._length_body()
        if state == _HEAD:
            return self._head()
        if state == _UNTIL_CLOSE:
            if self._buffer:
                return self._take(len(self._buffer))
            if self._eof:
                return self._end()
            return NEED_DATA
        if state == _DONE:
            return NEED_DATA
        return self._chunked()

    # --- the head -----------------------------------------------------------------------------

    def _head(self) -> Event:
        buffer = self._buffer
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(buffer) > MAX_HEAD_SIZE:
                    raise HttpProtocolError(f"response head longer than {MAX_HEAD_SIZE} bytes")
                if self._eof:
                    if buffer:
                        raise HttpProtocolError("connection closed in the middle of a head")
                    raise HttpProtocolError("server closed the connection without a response")
                return NEED_DATA
            block = bytes(buffer[:end])
            del buffer[: end + 4]
            head = _parse_head(block)
            if 100 <= head.status < 200:
                if head.status == 101:
                    if not self._upgrade:
                        raise HttpProtocolError("unexpected 101 Switching Protocols")
                    # the connection now speaks the new protocol: what follows is `trailing`
                    self._state = _DONE
                    self._keep_alive = False
                    return head
                continue  # an interim answer (100 Continue): the real one follows
            self._frame(head)
            return head

    def _frame(self, head: Head) -> None:
        connection = b""
        length: bytes | None = None
        chunked = False
        for name, value in head.headers:
            lowered = name.lower()
            if lowered == b"content-length":
                if length is not None and length != value.strip():
                    raise HttpProtocolError("conflicting Content-Length headers")
                length = value.strip()
            elif lowered == b"transfer-encoding":
                chunked = value.strip().lower().endswith(b"chunked")
                if not chunked:
                    raise HttpProtocolError(f"unsupported Transfer-Encoding: {value!r}")
            elif lowered == b"connection":
                connection += b"," + value.lower()
        tokens = {token.strip() for token in connection.split(b",")}
        if head.http_version == b"HTTP/1.1":
            self._keep_alive = b"close" not in tokens
        else:
            self._keep_alive = b"keep-alive" in tokens
        if self._no_body or head.status in _NO_BODY_STATUS:
            self._state = _LENGTH  # of nothing: the next event is End
            self._remaining = 0
        elif chunked:
            self._state = _CHUNK_SIZE
        elif length is not None:
            if not length.isdigit():
                raise HttpProtocolError(f"invalid Content-Length: {length!r}")
            self._state = _LENGTH
            self._remaining = int(length)
        else:
            self._state = _UNTIL_CLOSE
            self._keep_alive = False

    # --- bodies -------------------------------------------------------------------------------

    def _take(self, size: int) -> Body:
        buffer = self._buffer
        if size == len(buffer):
            data = bytes(buffer)
            buffer.clear()
        else:
            data = bytes(buffer[:size])
            del buffer[:size]
        return Body(data)

    def _end(self) -> End:
        self._state = _DONE
        return End(self._keep_alive and not self._eof)

    def _length_body(self) -> Event:
        if self._remaining == 0:
            return self._end()
        if not self._buffer:
            if self._eof:
                raise HttpProtocolError(
                    f"connection closed with {self._remaining} bytes of the body still to come"
                )
            return NEED_DATA
        body = self._take(min(self._remaining, len(self._buffer)))
        self._remaining -= len(body.data)
        return body

    def _chunked(self) -> Event:
        buffer = self._buffer
        while True:
            state = self._state
            if state == _CHUNK_SIZE:
                line_end = buffer.find(b"\r\n")
                if line_end < 0:
                    if len(buffer) > MAX_CHUNK_LINE:
                        raise HttpProtocolError("chunk size line too long")
                    return self._more("a chunk size")
                line = bytes(buffer[:line_end]).split(b";", 1)[0].strip()
                del buffer[: line_end + 2]
                try:
                    size = int(line, 16)
                except ValueError:
                    raise HttpProtocolError(f"invalid chunk size: {line!r}") from None
                if size < 0 or line.startswith((b"-", b"+", b"0x", b"0X")):
                    raise HttpProtocolError(f"invalid chunk size: {line!r}")
                self._remaining = size
                self._state = _CHUNK_DATA if size else _TRAILERS
            elif state == _CHUNK_DATA:
                if not buffer:
                    return self._more("chunk data")
                body = self._take(min(self._remaining, len(buffer)))
                self._remaining -= len(body.data)
                if self._remaining == 0:
                    self._state = _CHUNK_CRLF
                return body
            elif state == _CHUNK_CRLF:
                if len(buffer) < 2:
                    return self._more("the end of a chunk")
                if buffer[:2] != b"\r\n":
                    raise HttpProtocolError("chunk data not followed by CRLF")
                del buffer[:2]
                self._state = _CHUNK_SIZE
            else:  # _TRAILERS: lines up to an empty one, ignored
                line_end = buffer.find(b"\r\n")
                if line_end < 0:
                    if len(buffer) > MAX_HEAD_SIZE:
                        raise HttpProtocolError("chunked trailer too long")
                    return self._more("the end of a chunked body")
                del buffer[: line_end + 2]
                if line_end == 0:
                    return self._end()

    def _more(self, what: str) -> _NeedData:
        if self._eof:
            raise HttpProtocolError(f"connection closed while waiting for {what}")
        return NEED_DATA


def _parse_head(block: bytes) -> Head:
    lines = block.split(b"\r\n")
    status_line = lines[0]
    parts = status_line.split(b" ", 2)
    if (
        len(parts) < 2
        or not parts[0].startswith(b"HTTP/1.")
        or len(parts[1]) != 3
        or not parts[1].isdigit()
    ):
        raise HttpProtocolError(f"malformed status line: {status_line[:100]!r}")
    headers = []
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not name or name != name.strip():
            raise HttpProtocolError(f"malformed header line: {line[:100]!r}")
        headers.append((name, value.strip()))
    reason = parts[2] if len(parts) == 3 else b""
    return Head(int(parts[1]), reason, headers, parts[0])
