"""Bytes of a TCP stream carried in WebSocket frames. No I/O.

Every binary frame is a piece of the stream, in either direction, with no
header. Outgoing data is cut into frames of at most 64 KiB, the frame limit
of the daemon's WebSocket codec (seen on the GSB API, which runs on the same
server; larger frames make it close the socket). Incoming frames of any size
are buffered and handed out `max_bytes` at a time.
"""

from __future__ import annotations

MAX_FRAME = 64 * 1024


def split_frames(data: bytes | bytearray | memoryview, max_frame: int = MAX_FRAME) -> list[bytes]:
    """`data` as frames of at most `max_frame` bytes; no frame for no data."""
    if max_frame < 1:
        raise ValueError("max_frame must be positive")
    view = memoryview(data).cast("B")
    return [bytes(view[i : i + max_frame]) for i in range(0, len(view), max_frame)]


class ReceiveBuffer:
    """Frames in, stream bytes out; remembers the end of the stream."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self.eof = False

    def __len__(self) -> int:
        return len(self._buffer)

    def feed(self, frame: bytes) -> None:
        if self.eof:
            raise ValueError("data after the end of the stream")
        self._buffer += frame

    def feed_eof(self) -> None:
        self.eof = True

    def take(self, max_bytes: int) -> bytes | None:
        """Up to `max_bytes` buffered bytes; b"" at the end of the stream; None: wait for more."""
        if max_bytes < 1:
            raise ValueError("max_bytes must be positive")
        if self._buffer:
            data = bytes(self._buffer[:max_bytes])
            del self._buffer[:max_bytes]
            return data
        return b"" if self.eof else None
