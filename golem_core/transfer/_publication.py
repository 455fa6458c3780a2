"""Serving a published file: what to answer to GetMetadata and GetChunk. No I/O.

Chunks follow yagna's gftp: any offset and size; the content is
`min(size, file size - offset)` bytes, so a chunk at the very end is empty,
and an offset past the end is a ReadError. yagna's downloader writes chunks
in order without looking at their offsets, so a chunk is never shortened to
fit a frame: a size whose answer would not fit in one daemon frame is refused.

A download is counted once every byte has been served since the last one was
counted (downloaders may fetch chunks in any order and concurrently). The
publication is `settled` when a whole download happened and none is under way
since: only then may its binding serve another file (golem_core.transfer._slots).
"""

from __future__ import annotations

import attrs

from golem_core.flexbuffers import FlexValue
from golem_core.transfer._envelope import MAX_FRAME
from golem_core.transfer._gftp import (
    GET_CHUNK,
    GET_METADATA,
    Coverage,
    Refuse,
    internal_error,
    read_error,
    uint_field,
)

# Most content one answer frame can carry with its envelope (~140 bytes) and margin.
MAX_CHUNK = MAX_FRAME - 1024


@attrs.frozen
class SendMetadata:
    file_size: int
    # an empty file is downloaded by asking for its size alone
    completes: bool


@attrs.frozen
class SendChunk:
    """Read `length` bytes at `offset` and answer them."""

    offset: int
    length: int
    # this chunk made every byte served (one more whole download)
    completes: bool


class Publication:
    """Decisions for one published file of `file_size` bytes."""

    def __init__(self, file_size: int, max_chunk: int = MAX_CHUNK) -> None:
        if file_size < 0:
            raise ValueError("file size cannot be negative")
        self.file_size = file_size
        self.max_chunk = max_chunk
        self.downloads = 0
        self._served = Coverage()
        self._started = False  # a download began (metadata or a chunk) and has not completed

    def __repr__(self) -> str:
        return (
            f"Publication(file_size={self.file_size}, downloads={self.downloads},"
            f" served={self._served!r})"
        )

    @property
    def settled(self) -> bool:
        """Downloaded whole at least once, and no download begun since."""
        return self.downloads > 0 and not self._started

    def on_call(
        self, component: str, payload: dict[str, FlexValue]
    ) -> SendMetadata | SendChunk | Refuse:
        if component == GET_METADATA:
            completes = self.file_size == 0
            if completes:
                self.downloads += 1
            self._started = not completes
            return SendMetadata(self.file_size, completes)
        if component == GET_CHUNK:
            self._started = True
            return self._chunk(payload)
        return Refuse(internal_error(f"a published file does not serve {component}"))

    def _chunk(self, payload: dict[str, FlexValue]) -> SendChunk | Refuse:
        try:
            offset = uint_field(payload, "offset")
            size = uint_field(payload, "size")
        except ValueError as error:
            return Refuse(internal_error(f"bad GetChunk: {error}"))
        if offset > self.file_size:
            return Refuse(
                read_error(f"offset {offset} is past the end of the file ({self.file_size} bytes)")
            )
        length = min(size, self.file_size - offset)
        if length > self.max_chunk:
            return Refuse(
                read_error(
                    f"chunk of {size} bytes asked; at most {self.max_chunk} fit in one answer"
                )
            )
        self._served.add(offset, offset + length)
        completes = length > 0 and self._served.covers(0, self.file_size)
        if completes:
            self.downloads += 1
            self._served.clear()
            self._started = False
        return SendChunk(offset, length, completes)
