"""What a command's stdout/stderr capture keeps and streams, as the real exe-unit does it.

Pure bookkeeping. Each stream has a head part (everything, or the first N
bytes) and a tail part (the last N bytes, a ring). `atEnd` fills them and
hands the result over with the command's result; `stream` also emits each
chunk that went into the head as a RuntimeEvent. A Run without a capture
setting keeps nothing; other commands (deploy, sign...) keep and stream all.
Empty output is reported as no output (null), never as "".
"""

from __future__ import annotations

from typing import TypeAlias

from golem_localnet.exeunit.script import AtEnd, CaptureFormat, CaptureMode

# A command's output on the wire: text, or (for `bin`) a list of byte values,
# since ya-client's CommandOutput::Bin is a plain Vec<u8>.
Output: TypeAlias = "str | list[int]"


class _Head:
    """All bytes, or the first `limit`."""

    def __init__(self, limit: int | None) -> None:
        self.data = bytearray()
        self.limit = limit

    def write(self, chunk: bytes) -> bytes | None:
        if self.limit is not None:
            chunk = chunk[: max(0, self.limit - len(self.data))]
        if not chunk:
            return None
        self.data += chunk
        return chunk


class _Tail:
    """The last `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.data = bytearray()
        self.limit = limit

    def write(self, chunk: bytes) -> bytes | None:
        if not chunk:
            return None
        chunk = chunk[-self.limit :]
        self.data += chunk
        del self.data[: max(0, len(self.data) - self.limit)]
        return chunk


class CapturedOutput:
    """One output stream of one command."""

    def __init__(
        self,
        *,
        stream: bool,
        fmt: CaptureFormat,
        head: _Head | None,
        tail: _Tail | None = None,
    ) -> None:
        self.stream = stream
        self.format = fmt
        self._head = head
        self._tail = tail

    @classmethod
    def everything(cls) -> CapturedOutput:
        """For commands other than Run: keep all, stream all."""
        return cls(stream=True, fmt=CaptureFormat.STR, head=_Head(None))

    @classmethod
    def nothing(cls) -> CapturedOutput:
        return cls(stream=False, fmt=CaptureFormat.STR, head=None)

    @classmethod
    def for_mode(cls, mode: CaptureMode | None) -> CapturedOutput:
        if mode is None:
            return cls.nothing()
        fmt = mode.format or CaptureFormat.STR
        if isinstance(mode, AtEnd):
            if mode.head is not None:
                return cls(stream=False, fmt=fmt, head=_capped(mode.head))
            if mode.tail is not None:
                return cls(stream=False, fmt=fmt, head=None, tail=_ring(mode.tail))
            if mode.head_tail is not None:
                head_limit = (mode.head_tail + 1) // 2
                tail = _ring(mode.head_tail - head_limit)
                return cls(stream=False, fmt=fmt, head=_capped(head_limit), tail=tail)
            return cls(stream=False, fmt=fmt, head=_Head(None))
        limit = mode.limit
        return cls(stream=True, fmt=fmt, head=_Head(None) if limit is None else _capped(limit))

    def write(self, chunk: bytes) -> Output | None:
        """Keep `chunk`; returns what to stream (None: nothing to send)."""
        from_head = self._head.write(chunk) if self._head is not None else None
        from_tail = self._tail.write(chunk) if self._tail is not None else None
        kept = from_head if from_head is not None else from_tail
        if kept is None or not self.stream:
            return None
        if self.format is CaptureFormat.BIN:
            return list(kept)
        return kept.decode("utf-8", errors="replace")

    def output(self) -> Output | None:
        """What the command's result carries; None when nothing was kept."""
        data = bytes(self._head.data if self._head is not None else b"")
        data += bytes(self._tail.data if self._tail is not None else b"")
        if not data:
            return None
        if self.format is CaptureFormat.BIN:
            return list(data)
        return bytes_to_text(data)

    def text(self) -> str | None:
        out = self.output()
        if isinstance(out, list):
            return bytes_to_text(bytes(out))
        return out


def bytes_to_text(data: bytes) -> str:
    """UTF-8 when valid; otherwise each byte becomes one character (the exe-unit's fallback)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _capped(limit: int) -> _Head | None:
    return _Head(limit) if limit > 0 else None


def _ring(limit: int) -> _Tail | None:
    return _Tail(limit) if limit > 0 else None
