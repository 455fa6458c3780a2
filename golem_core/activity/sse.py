"""Server-sent events, decoded line by line without I/O.

yagna's result stream (`GET .../exec/{batchId}` with `Accept: text/event-stream`)
writes each event as `event: runtime`, `data: <one RuntimeEvent as JSON>`,
`id: <n>` and a blank line, and a `:ping` comment line every 15 s. We follow the
general rules of the format (WHATWG HTML, "server-sent events"): fields are
`name: value` with one optional space after the colon, several `data` lines join
with newlines, a line starting with `:` is a comment, and a blank line ends the
event. An event with no data is dropped, as browsers do.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["SseDecoder", "SseMessage", "decode_lines"]


@attrs.frozen
class SseMessage:
    event: str
    data: str
    id: str | None = None


class SseDecoder:
    """Feed it lines without their line ending; it returns an event when one is complete."""

    def __init__(self) -> None:
        self._event = ""
        self._data: list[str] = []
        self._id: str | None = None

    def feed_line(self, line: str) -> SseMessage | None:
        line = line.rstrip("\r\n")
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id" and "\0" not in value:
            self._id = value
        # `retry` and unknown fields do not concern us
        return None

    def _dispatch(self) -> SseMessage | None:
        if not self._data:
            self._event = ""
            return None
        message = SseMessage(self._event or "message", "\n".join(self._data), self._id)
        self._event = ""
        self._data = []
        return message


def decode_lines(lines: Iterable[str]) -> list[SseMessage]:
    """Every complete event in `lines` (a trailing event without its blank line is not)."""
    decoder = SseDecoder()
    return [message for line in lines if (message := decoder.feed_line(line)) is not None]
