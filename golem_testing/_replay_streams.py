"""Replaying the streams of a cassette: SSE bodies and WebSockets, each message at its turn.

A stream is found by its request (first unopened one with the same identity),
opens when its response head's turn on the tape comes, and then gives out its
recorded chunks or messages one by one, each when the tape says so. After the
last one it stays open and silent, as yagna's streams do, until the program
closes it; closing releases whatever the stream still had on the tape, so
nothing else waits for it. WebSocket messages the program sends are checked
against the ones recorded for that socket (in any order).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence

import attrs
import httpx

from golem_core._api.ws_frames import accept_for
from golem_testing._files import Sidecar, StreamRecord
from golem_testing._matching import RequestKey, SentRequest, body_difference
from golem_testing._tape import Tape
from golem_testing._websocket import Close, ReplayNetworkStream, WsMessage

__all__ = ["StreamPlayer"]


Fail = Callable[[str], AssertionError]  # keeps the failure, returns the error to raise
WaitBeyond = Callable[[str], Awaitable[None]]  # waits past the recording, until cancelled


@attrs.define
class _Stream:
    record: StreamRecord
    key: RequestKey
    open_index: int | None
    items: Sequence[int]
    claimed: bool = False
    closed: bool = False
    next_item: int = 0
    sent_matched: list[bool] = attrs.Factory(list)


class StreamPlayer:
    def __init__(
        self,
        name: str,
        sidecar: Sidecar,
        tape: Tape,
        items: Mapping[int, Sequence[int]],
        opens: Mapping[int, int],
        fail: Fail,
        wait_beyond: WaitBeyond,
    ) -> None:
        self.name = name
        self._sidecar = sidecar
        self._tape = tape
        self._fail = fail
        self._wait_beyond = wait_beyond
        self._streams = [
            _Stream(
                record=record,
                key=SentRequest(record.method, record.url).key,
                open_index=opens.get(n),
                items=items.get(n, ()),
                sent_matched=[False] * len(record.sent),
            )
            for n, record in enumerate(sidecar.streams)
        ]
        # sockets past their recording, waiting: what the program waits for, if it stalls
        self.silent: dict[ReplayNetworkStream, str] = {}

    async def open(self, kind: str, sent: SentRequest, request: httpx.Request) -> httpx.Response:
        stream = next(
            (
                s
                for s in self._streams
                if not s.claimed and s.record.kind == kind and s.key == sent.key
            ),
            None,
        )
        if stream is None:
            what = "WebSocket" if kind == "ws" else "event stream"
            raise self._fail(
                f"cassette {self.name}: request changed: {sent.key.method} {sent.key.path}: "
                f"this {what} was not recorded (or not this many times)"
            )
        stream.claimed = True
        if stream.open_index is not None:
            await self._tape.turn(stream.open_index)
            self._tape.hand_out(stream.open_index)
        record = stream.record
        if kind == "ws" and record.status == 101:
            socket = ReplayNetworkStream(
                next_item=lambda: self._next_socket_item(stream, socket),
                check_sent=lambda message: self._check_sent(stream, message),
                closed=lambda: self._close(stream, socket),
            )
            return httpx.Response(
                101,
                headers=_handshake_headers(record.headers, request),
                stream=httpx.ByteStream(b""),
                extensions={"network_stream": socket},
                request=request,
            )
        return httpx.Response(
            record.status,
            headers=list(record.headers),
            stream=_ReplayedBody(self, stream),
            request=request,
        )

    def end_silent(self) -> None:
        """The replay stalled: end every socket that waits past its recording, as broken."""
        for socket in list(self.silent):
            socket.fail()
        self.silent.clear()

    async def _next_item(self, stream: _Stream) -> WsMessage | Close | None:
        if stream.closed or stream.next_item >= len(stream.items):
            return None
        index = stream.items[stream.next_item]
        await self._tape.turn(index)
        self._tape.hand_out(index)
        stream.next_item += 1
        item = self._sidecar.tape[index]
        if item.kind == "close":
            return Close(item.code or 1000, item.reason or "")
        message = item.message
        return WsMessage(message.data, message.is_text)

    async def _next_socket_item(
        self, stream: _Stream, socket: ReplayNetworkStream
    ) -> WsMessage | Close | None:
        item = await self._next_item(stream)
        if item is None and not stream.closed:
            self.silent[socket] = f"WebSocket {stream.key}"
        return item

    def _close(self, stream: _Stream, socket: ReplayNetworkStream | None = None) -> None:
        if socket is not None:
            self.silent.pop(socket, None)
        if not stream.closed:
            stream.closed = True
            self._tape.release(stream.items[stream.next_item :])

    def _check_sent(self, stream: _Stream, message: WsMessage) -> None:
        recorded = stream.record.sent
        for index, matched in enumerate(stream.sent_matched):
            if not matched and recorded[index].data == message.data:
                stream.sent_matched[index] = True
                return
        expected = next(
            (recorded[i] for i, done in enumerate(stream.sent_matched) if not done), None
        )
        head = f"cassette {self.name}: WebSocket {stream.key.path}: a message changed: "
        if expected is None:
            raise self._fail(head + f"sent {len(recorded) + 1} or more, recorded {len(recorded)}")
        raise self._fail(head + _message_difference(expected.data, message.data))

    def problems(self) -> list[str]:
        """Streams the program no longer opened, and messages it no longer sent."""
        found = []
        for stream in self._streams:
            if not stream.claimed:
                found.append(
                    f"cassette {self.name}: recorded {stream.record.kind} stream not opened: "
                    f"{stream.key}"
                )
            elif missing := stream.sent_matched.count(False):
                found.append(
                    f"cassette {self.name}: WebSocket {stream.key.path}: {missing} recorded "
                    f"message(s) not sent"
                )
        return found


class _ReplayedBody(httpx.AsyncByteStream):
    """An SSE stream (or a refused upgrade's body) as recorded; silent past the recording."""

    def __init__(self, player: StreamPlayer, stream: _Stream) -> None:
        self._player = player
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            item = await self._player._next_item(self._stream)
            if item is None:
                if not self._stream.closed:
                    await self._player._wait_beyond(f"event stream {self._stream.key}")
                return
            if isinstance(item, Close):
                return
            yield item.data

    async def aclose(self) -> None:
        self._player._close(self._stream)


def _message_difference(recorded: bytes, sent: bytes) -> str:
    """Where two WebSocket messages differ: as decoded GSB values when they decode."""
    from golem_core import flexbuffers

    try:
        old, new = flexbuffers.decode(recorded), flexbuffers.decode(sent)
    except (ValueError, IndexError, TypeError):
        return f"recorded {recorded[:60]!r}..., sent {sent[:60]!r}..."
    return body_difference(old, new) or "bytes differ"


def _handshake_headers(
    recorded: tuple[tuple[str, str], ...], request: httpx.Request
) -> list[tuple[str, str]]:
    """The recorded upgrade's headers, answering this request's key as a daemon would.

    The key is drawn afresh each run, so the recorded `Sec-WebSocket-Accept` cannot match
    it; and a daemon names a subprotocol only when the client offered it.
    """
    fixed = {"upgrade", "connection", "sec-websocket-accept"}
    offered = {
        token.strip() for token in request.headers.get("sec-websocket-protocol", "").split(",")
    }
    headers = [
        (name, value)
        for name, value in recorded
        if name.lower() not in fixed
        and (name.lower() != "sec-websocket-protocol" or value.strip() in offered)
    ]
    headers += [("upgrade", "websocket"), ("connection", "Upgrade")]
    key = request.headers.get("sec-websocket-key")
    if key is not None:
        headers.append(("sec-websocket-accept", accept_for(key)))
    return headers
