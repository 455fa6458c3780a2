"""WebSockets under the cassette: recorded as whole messages, replayed by a stand-in daemon.

golem_core's WebSocket client (its own on plain HTTP, httpx-ws on https; used
for the GSB and net APIs) upgrades an httpx request and then reads and writes
frames on the connection's network stream (the 101 response's
`network_stream`). Both sides of the cassette work on that stream, so
whatever opens the socket is covered:

- recording wraps the real stream and parses the bytes going each way into
  whole messages (pings and pongs are left out; the daemon's close is kept);
- replaying hands the client a stream whose far end is a small WebSocket server
  (wsproto, no socket): it sends the recorded messages when their turn on the
  tape comes, answers pings, and checks each message the program sends
  against the recording.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import attrs
import wsproto
import wsproto.connection
import wsproto.events
import wsproto.utilities

__all__ = ["Close", "FrameReader", "RecordingNetworkStream", "ReplayNetworkStream", "WsMessage"]


@attrs.frozen
class WsMessage:
    data: bytes
    is_text: bool


@attrs.frozen
class Close:
    code: int
    reason: str


class FrameReader:
    """Whole messages out of one direction of a WebSocket's bytes."""

    def __init__(self, *, from_client: bool) -> None:
        # the parser plays the receiving end: a server reads what a client sends
        role = wsproto.ConnectionType.SERVER if from_client else wsproto.ConnectionType.CLIENT
        self._parser = wsproto.connection.Connection(role)
        self._partial: list[bytes] = []
        self._text = False

    def feed(self, data: bytes) -> list[WsMessage | Close]:
        found: list[WsMessage | Close] = []
        try:
            self._parser.receive_data(data)
            events = list(self._parser.events())
        except wsproto.utilities.LocalProtocolError:
            return found  # bytes after a close: nothing more to read
        for event in events:
            if isinstance(event, wsproto.events.CloseConnection):
                found.append(Close(int(event.code), event.reason or ""))
            elif isinstance(event, wsproto.events.Message):
                piece = event.data
                self._text = isinstance(event, wsproto.events.TextMessage)
                self._partial.append(piece.encode("utf-8") if isinstance(piece, str) else piece)
                if event.message_finished:
                    found.append(WsMessage(b"".join(self._partial), self._text))
                    self._partial = []
        return found


class RecordingNetworkStream:
    """A real WebSocket connection that reports every whole message going either way."""

    def __init__(
        self,
        inner: Any,
        on_received: Callable[[WsMessage | Close], None],
        on_sent: Callable[[WsMessage], None],
    ) -> None:
        self._inner = inner
        self._received = FrameReader(from_client=False)
        self._sent = FrameReader(from_client=True)
        self._on_received = on_received
        self._on_sent = on_sent

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data: bytes = await self._inner.read(max_bytes, timeout)
        for item in self._received.feed(data):
            self._on_received(item)
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        for item in self._sent.feed(buffer):
            if isinstance(item, WsMessage):
                self._on_sent(item)
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class ReplayNetworkStream:
    """The program's end of a replayed WebSocket; the far end plays the recorded daemon.

    `next_item` waits for the stream's next recorded message (or close) to be
    due and returns it, or returns None when the recording has nothing more
    for this socket (the socket then stays open and silent). `check_sent`
    compares a message the program sends with the recording (and raises when
    it differs); `closed` is called once when the socket ends.
    """

    def __init__(
        self,
        next_item: Callable[[], Any],
        check_sent: Callable[[WsMessage], None],
        closed: Callable[[], None],
    ) -> None:
        self._next_item = next_item
        self._check_sent = check_sent
        self._closed_callback = closed
        self._daemon = wsproto.connection.Connection(wsproto.ConnectionType.SERVER)
        self._reader = FrameReader(from_client=True)
        self._outbox = bytearray()
        self._wakeup: asyncio.Event | None = None
        self._silent = False  # the recording has no more for this socket
        self._ended = False

    def _wake(self) -> None:
        if self._wakeup is not None:
            self._wakeup.set()

    def _daemon_sends(self, event: wsproto.events.Event) -> None:
        if self._daemon.state is wsproto.connection.ConnectionState.OPEN or isinstance(
            event, wsproto.events.CloseConnection
        ):
            try:
                self._outbox += self._daemon.send(event)
            except wsproto.utilities.LocalProtocolError:
                return
            self._wake()

    def fail(self) -> None:
        """The replay stalled: end the connection as a broken one."""
        self._end()

    def _end(self) -> None:
        if not self._ended:
            self._ended = True
            self._closed_callback()
        self._wake()

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        while True:
            if self._outbox:
                data = bytes(self._outbox[:max_bytes])
                del self._outbox[:max_bytes]
                return data
            if self._ended:
                return b""
            self._wakeup = asyncio.Event()
            if self._silent:
                await self._wakeup.wait()
                continue
            fetch = asyncio.ensure_future(self._next_item())
            woken = asyncio.ensure_future(self._wakeup.wait())
            try:
                await asyncio.wait({fetch, woken}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                woken.cancel()
                if not fetch.done():
                    fetch.cancel()
            if not fetch.done() or fetch.cancelled():
                continue
            item = fetch.result()
            if item is None:
                self._silent = True
            elif isinstance(item, Close):
                self._daemon_sends(wsproto.events.CloseConnection(item.code, item.reason or None))
            elif item.is_text:
                self._daemon_sends(wsproto.events.TextMessage(item.data.decode("utf-8")))
            else:
                self._daemon_sends(wsproto.events.BytesMessage(item.data))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            self._daemon.receive_data(buffer)
            events = list(self._daemon.events())
        except wsproto.utilities.LocalProtocolError:
            return
        for event in events:
            if isinstance(event, wsproto.events.Ping):
                self._daemon_sends(event.response())
            elif isinstance(event, wsproto.events.CloseConnection):
                if self._daemon.state is wsproto.connection.ConnectionState.REMOTE_CLOSING:
                    self._daemon_sends(event.response())
                self._end()
        for item in self._reader.feed(buffer):
            if isinstance(item, WsMessage):
                self._check_sent(item)

    async def aclose(self) -> None:
        self._end()

    def get_extra_info(self, info: str) -> Any:
        return None
