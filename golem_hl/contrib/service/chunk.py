"""Cutting a buffer into pieces no larger than a limit (WebSocket frames to the daemon). No I/O."""

from collections.abc import Iterator
from typing import TypeVar

__all__ = ["BufferType", "chunks"]

BufferType = TypeVar("BufferType", bytes, memoryview)


def chunks(data: BufferType, chunk_limit: int) -> Iterator[BufferType]:
    """`data` in consecutive slices of `chunk_limit` bytes (the last one may be shorter)."""
    if chunk_limit < 1:
        raise ValueError(f"chunk_limit must be at least 1, not {chunk_limit}")
    for start in range(0, len(data), chunk_limit):
        yield data[start : start + chunk_limit]
