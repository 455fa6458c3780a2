"""The little HTTP/1.x a reverse proxy needs: a request head read, rewritten; errors. No I/O.

`LocalHttpProxy` forwards each request to a service instance as raw bytes and
relays the raw response; it only needs to know where the head ends, point the
`Host` header at the instance, and ask the instance to close the connection
after the response (so the end of the response is the end of the stream and no
body framing has to be understood). Upgrades (WebSocket) keep their
`Connection: Upgrade`, and the streams are then simply piped.
"""

from __future__ import annotations

import attrs

__all__ = [
    "HEAD_END",
    "MalformedRequest",
    "MalformedResponse",
    "RequestHead",
    "ResponseHead",
    "error_response",
    "parse_request_head",
    "parse_response_head",
    "render_response",
    "rewrite_request_head",
]

HEAD_END = b"\r\n\r\n"
# headers that describe one hop, not the request: we set our own for the next hop
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "te", "trailer"})
_REASONS = {
    400: "Bad Request",
    411: "Length Required",
    413: "Content Too Large",
    431: "Request Header Fields Too Large",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class MalformedRequest(ValueError):
    """The client's bytes are not an HTTP/1.x request head."""


class MalformedResponse(ValueError):
    """The instance's bytes are not an HTTP/1.x response head."""


@attrs.frozen
class RequestHead:
    method: str
    target: str
    version: str
    headers: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        wanted = name.lower()
        return next((v for n, v in self.headers if n.lower() == wanted), None)

    @property
    def is_upgrade(self) -> bool:
        connection = self.get("connection") or ""
        tokens = {t.strip().lower() for t in connection.split(",")}
        return "upgrade" in tokens and self.get("upgrade") is not None


def _lines(raw: bytes, error: type[ValueError]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The first line and the header lines of a head that ends with the blank line."""
    if not raw.endswith(HEAD_END):
        raise error("the head does not end with an empty line")
    first, *header_lines = raw[: -len(HEAD_END)].decode("latin-1").split("\r\n")
    headers: list[tuple[str, str]] = []
    for line in header_lines:
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip():
            raise error(f"not a header line: {line!r}")
        headers.append((name, value.strip()))
    return first, tuple(headers)


@attrs.frozen
class ResponseHead:
    version: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for n, v in self.headers if n.lower() == wanted), None)


def parse_response_head(raw: bytes) -> ResponseHead:
    """The status line and headers of `raw`, which ends with the blank line."""
    status_line, headers = _lines(raw, MalformedResponse)
    version, _, rest = status_line.partition(" ")
    code, _, reason = rest.partition(" ")
    if not version.startswith("HTTP/1.") or not (code.isdigit() and len(code) == 3):
        raise MalformedResponse(f"not a status line: {status_line!r}")
    return ResponseHead(version, int(code), reason, headers)


def render_response(
    status: int, reason: str, headers: tuple[tuple[str, str], ...], body: bytes
) -> bytes:
    """A complete response to the client; it closes the connection after it.

    The body is sent as it came: a chunked one keeps its Transfer-Encoding,
    any other gets a Content-Length that says how long it is.
    """
    chunked = any(n.lower() == "transfer-encoding" for n, _ in headers)
    dropped = _HOP_BY_HOP | {"content-length"} if not chunked else _HOP_BY_HOP
    lines = [f"HTTP/1.1 {status} {reason or _REASONS.get(status, '')}".rstrip()]
    lines += [f"{n}: {v}" for n, v in headers if n.lower() not in dropped]
    if not chunked:
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    return "\r\n".join(lines).encode("latin-1") + HEAD_END + body


def parse_request_head(raw: bytes) -> RequestHead:
    """The request line and headers of `raw`, which ends with the blank line."""
    request_line, headers = _lines(raw, MalformedRequest)
    parts = request_line.split(" ")
    if len(parts) != 3 or not all(parts):
        raise MalformedRequest(f"not a request line: {request_line!r}")
    method, target, version = parts
    if not version.startswith("HTTP/1."):
        raise MalformedRequest(f"not an HTTP/1.x request: {version!r}")
    return RequestHead(method, target, version, headers)


def rewrite_request_head(head: RequestHead, host: str) -> bytes:
    """The head to send to the instance: `Host: host`, and the connection closed after one answer.

    Hop-by-hop headers are replaced; an upgrade request keeps `Connection: Upgrade`.
    """
    kept = [(n, v) for n, v in head.headers if n.lower() not in _HOP_BY_HOP and n.lower() != "host"]
    connection = "Upgrade" if head.is_upgrade else "close"
    lines = [f"{head.method} {head.target} {head.version}", f"Host: {host}"]
    lines += [f"{n}: {v}" for n, v in kept if head.is_upgrade or n.lower() != "upgrade"]
    lines.append(f"Connection: {connection}")
    return ("\r\n".join(lines)).encode("latin-1") + HEAD_END


def error_response(status: int, message: str) -> bytes:
    """A complete plain-text response, for errors the proxy itself answers."""
    body = (message.rstrip("\n") + "\n").encode()
    reason = _REASONS.get(status, "Error")
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body
