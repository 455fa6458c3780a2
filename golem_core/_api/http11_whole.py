"""A whole, plainly framed HTTP/1.1 answer read in one pass (see `whole_response`)."""

from __future__ import annotations

from golem_core._api.http11 import _NO_BODY_STATUS, Head, _parse_head

__all__ = ["whole_response"]


def whole_response(data: bytes, method: bytes) -> tuple[Head, bytes, bool] | None:
    """`data` as one whole, plainly framed response: its head, body and whether to keep alive.

    Most of the daemon's answers come in one read: a head with one
    Content-Length and exactly that many bytes after it. Such an answer is
    read here in one pass (the ResponseReader's events cost about as much
    again as the parsing). Anything else gives None, and the caller feeds
    `data` to a ResponseReader, which reads it as always: interim and
    body-less answers, chunks, no or repeated Content-Length, a body not
    all there yet or followed by more bytes. A malformed head raises as the
    reader would.
    """
    end = data.find(b"\r\n\r\n")
    if end < 0 or method == b"HEAD":
        return None
    head = _parse_head(data[:end])
    if head.status < 200 or head.status in _NO_BODY_STATUS:
        return None
    length: bytes | None = None
    connection = b""
    for name, value in head.headers:
        lowered = name.lower()
        if lowered == b"content-length":
            if length is not None:
                return None
            length = value
        elif lowered == b"transfer-encoding":
            return None
        elif lowered == b"connection":
            connection += b"," + value.lower()
    if length is None or not length.isdigit() or len(data) - end - 4 != int(length):
        return None
    if connection:
        tokens = {token.strip() for token in connection.split(b",")}
        if head.http_version == b"HTTP/1.1":
            keep_alive = b"close" not in tokens
        else:
            keep_alive = b"keep-alive" in tokens
    else:
        keep_alive = head.http_version == b"HTTP/1.1"
    return head, data[end + 4 :], keep_alive
