"""A connection of the daemon transport that a 101 answer took over (a WebSocket's).

The response carries it as httpx's `network_stream` extension, the same seam
httpcore offers, so whoever reads the socket, and a cassette recording or
replaying it, sees the same interface whichever transport made the upgrade.
"""

from __future__ import annotations

import httpx

from golem_core._api.daemon_connection import Connection, Expired
from golem_core._api.http11 import Head, ResponseReader

__all__ = ["UpgradedStream", "upgraded_response"]


def upgraded_response(
    connection: Connection, reader: ResponseReader, head: Head, request: httpx.Request
) -> httpx.Response:
    """A 101 answer: the connection leaves the pool as the response's `network_stream`."""
    return httpx.Response(
        101,
        headers=head.headers,
        stream=httpx.ByteStream(b""),
        request=request,
        extensions={
            "http_version": head.http_version,
            "reason_phrase": head.reason,
            "network_stream": UpgradedStream(connection, reader.trailing),
        },
    )


class UpgradedStream:
    """An upgraded connection, with the read/write/close of httpx's `network_stream`."""

    def __init__(self, connection: Connection, first: bytes) -> None:
        self._connection = connection
        self._pending = first

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._pending
        if not data:
            try:
                data = await self._connection.read(timeout)
            except Expired:
                raise TimeoutError("read timed out") from None
        if len(data) > max_bytes:
            self._pending = data[max_bytes:]
            return data[:max_bytes]
        self._pending = b""
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            await self._connection.write(buffer, timeout)
        except Expired:
            raise TimeoutError("write timed out") from None

    async def aclose(self) -> None:
        self._connection.close()

    def get_extra_info(self, info: str) -> object:
        transport = self._connection.transport
        return None if transport is None else transport.get_extra_info(info)
