"""A client WebSocket over an upgraded connection, with golem_core's own frame codec.

The connection is the 101 response's `network_stream` (httpx's extension:
`read(max_bytes, timeout)`, `write(data, timeout)`, `aclose()`), which is also
where a cassette records or replays a socket. Reading happens inside `receive`
(no background task): pings are answered there, and the server's close is
echoed there before the socket ends. Only one task may receive at a time;
sending may happen from another. A broken connection (OSError) ends the
socket as 1006; any other error from the stream (a cassette's mismatch) passes
through.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
from typing import Any, NoReturn, Protocol

from golem_core._api.ws_frames import (
    ABNORMAL_CLOSURE,
    NORMAL_CLOSURE,
    ClientCodec,
    Close,
    Event,
    Message,
    Ping,
    WebSocketProtocolError,
)

__all__ = ["NetworkStream", "SocketEnded", "WsSession"]

# At most this much is asked of the connection per read (it may hold less).
READ_SIZE = 1024 * 1024
# How long `close` waits for the server to answer our close frame.
CLOSE_TIMEOUT = 5.0


class NetworkStream(Protocol):
    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes: ...
    async def write(self, buffer: bytes, timeout: float | None = None) -> None: ...
    async def aclose(self) -> None: ...


class SocketEnded(Exception):
    """The socket is over: the close code (1006 for a broken connection) and reason."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(code, reason)
        self.code = code
        self.reason = reason


class WsSession:
    """Whole messages in and out of one upgraded connection."""

    def __init__(
        self, stream: NetworkStream | Any, codec: ClientCodec, subprotocol: str | None
    ) -> None:
        self.subprotocol = subprotocol
        self._stream = stream
        self._codec = codec
        self._events: collections.deque[Event] = collections.deque()
        self._ended: SocketEnded | None = None
        self._receiving = False

    async def receive(self) -> Message:
        """The next message; SocketEnded once the socket is over, whoever ended it."""
        if self._receiving:
            raise RuntimeError("another task is already receiving on this socket")
        self._receiving = True
        try:
            while True:
                event = await self._next_event()
                if type(event) is Message:
                    return event
                if isinstance(event, Ping):
                    if not self._codec.close_sent:
                        await self._write(self._codec.pong(event.payload))
                elif isinstance(event, Close):
                    await self._closed_by_server(event)
        finally:
            self._receiving = False

    async def send(self, data: bytes, *, text: bool = False) -> None:
        """Send one message; SocketEnded if the socket is over or closing."""
        if self._ended is not None:
            raise SocketEnded(self._ended.code, self._ended.reason)
        if self._codec.close_sent:
            raise SocketEnded(ABNORMAL_CLOSURE, "the socket is closing")
        await self._write(self._codec.message(data, text=text))

    async def close(
        self, code: int = NORMAL_CLOSURE, reason: str = "", *, wait: bool = True
    ) -> None:
        """Send our close and wait (a while) for the server's, unless another task reads.

        With `wait=False` (a socket given up on: cancelled, or failing) the
        connection is dropped right after our close frame.
        """
        try:
            if self._ended is None and not self._codec.close_sent:
                await self._write(self._codec.close(code, reason))
            if wait and self._ended is None and not self._receiving:
                await asyncio.wait_for(self._until_closed(), CLOSE_TIMEOUT)
        except (SocketEnded, asyncio.TimeoutError):
            pass
        finally:
            if self._ended is None:
                self._ended = SocketEnded(code, reason)
            await self._stream.aclose()

    async def _until_closed(self) -> None:
        while True:
            event = await self._next_event()
            if isinstance(event, Close):
                await self._closed_by_server(event)

    async def _next_event(self) -> Event:
        while not self._events:
            if self._ended is not None:
                raise SocketEnded(self._ended.code, self._ended.reason)
            try:
                data = await self._stream.read(READ_SIZE)
            except OSError as error:
                await self._end(ABNORMAL_CLOSURE, f"connection broke ({error!r})")
            if not data:
                await self._end(ABNORMAL_CLOSURE, "connection closed without a close frame")
            try:
                self._events.extend(self._codec.feed(data))
            except WebSocketProtocolError as error:
                if not self._codec.close_sent:
                    with contextlib.suppress(SocketEnded):
                        await self._write(self._codec.close(error.code, str(error)))
                await self._end(error.code, f"protocol error: {error}")
        return self._events.popleft()

    async def _closed_by_server(self, event: Close) -> None:
        """Echo the server's close (if we had not sent ours) and end."""
        if not self._codec.close_sent:
            with contextlib.suppress(SocketEnded):
                await self._write(self._codec.close(event.code))
        await self._end(event.code, event.reason)

    async def _end(self, code: int, reason: str) -> NoReturn:
        if self._ended is None:
            self._ended = SocketEnded(code, reason)
            with contextlib.suppress(Exception):
                await self._stream.aclose()
        raise SocketEnded(self._ended.code, self._ended.reason)

    async def _write(self, frames: bytes) -> None:
        try:
            await self._stream.write(frames)
        except OSError as error:
            await self._end(ABNORMAL_CLOSURE, f"cannot send ({error!r})")
