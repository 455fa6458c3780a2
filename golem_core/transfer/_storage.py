"""Where served bytes come from and received bytes go: memory or a local file.

Plain blocking file calls: a chunk is at most a few hundred KiB, so reading or
writing one is quicker than handing it to a thread. Received bytes are hashed
as they arrive (`StreamingDigest`), so UploadFinished is answered without
reading the whole file again.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO, Protocol

_HASH_BLOCK = 1024 * 1024
# chunks that came ahead of their turn, kept for hashing; beyond this, hash at the end
MAX_PENDING = 16 * 1024 * 1024


class StreamingDigest:
    """The SHA3-256 of bytes written at offsets, taken in order as they come.

    A chunk ahead of the hashed prefix waits (at most `max_pending` bytes in
    all); a chunk that rewrites hashed bytes, or too many waiting, makes it give
    up. `hexdigest(size)` is None unless exactly bytes 0..size were taken in
    order: then the caller hashes what it stored.
    """

    def __init__(self, max_pending: int = MAX_PENDING) -> None:
        self.max_pending = max_pending
        self.hashed = 0
        self.gave_up = False
        self._digest = hashlib.sha3_256()
        self._pending: dict[int, bytes] = {}
        self._pending_bytes = 0

    def add(self, offset: int, data: bytes) -> None:
        if self.gave_up or not data:
            return
        if offset < self.hashed:
            self._give_up()
        elif offset > self.hashed:
            previous = self._pending.get(offset)
            self._pending_bytes += len(data) - (len(previous) if previous is not None else 0)
            self._pending[offset] = data
            if self._pending_bytes > self.max_pending:
                self._give_up()
        else:
            self._take(data)
            while (ready := self._pending.pop(self.hashed, None)) is not None:
                self._pending_bytes -= len(ready)
                self._take(ready)

    def hexdigest(self, size: int) -> str | None:
        if self.gave_up or self._pending or self.hashed != size:
            return None
        return self._digest.hexdigest()

    def _take(self, data: bytes) -> None:
        self._digest.update(data)
        self.hashed += len(data)

    def _give_up(self) -> None:
        self.gave_up = True
        self._pending.clear()
        self._pending_bytes = 0


class Source(Protocol):
    size: int

    def read(self, offset: int, length: int) -> bytes: ...
    def close(self) -> None: ...


class BytesSource:
    def __init__(self, data: bytes) -> None:
        self._data = bytes(data)
        self.size = len(self._data)

    def read(self, offset: int, length: int) -> bytes:
        return self._data[offset : offset + length]

    def close(self) -> None:
        pass


class FileSource:
    """A file served as it was when published: a file that shrinks later gives read errors."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # unbuffered: a cached block must not hide that the file changed
        self._file: BinaryIO = path.open("rb", buffering=0)
        self.size = os.fstat(self._file.fileno()).st_size

    def read(self, offset: int, length: int) -> bytes:
        self._file.seek(offset)
        data = b""
        while len(data) < length and (block := self._file.read(length - len(data))):
            data += block
        if len(data) != length:
            raise OSError(f"{self.path} gave {len(data)} of {length} bytes at offset {offset}")
        return data

    def close(self) -> None:
        self._file.close()


class Sink(Protocol):
    def write(self, offset: int, data: bytes) -> None: ...
    def sha3_256(self, size: int) -> str: ...
    def close(self) -> None: ...


class MemorySink:
    def __init__(self) -> None:
        self._buffer = bytearray()
        self._digest = StreamingDigest()

    def write(self, offset: int, data: bytes) -> None:
        end = offset + len(data)
        if end > len(self._buffer):
            self._buffer.extend(bytes(end - len(self._buffer)))
        self._buffer[offset:end] = data
        self._digest.add(offset, data)

    def sha3_256(self, size: int) -> str:
        streamed = self._digest.hexdigest(size)
        if streamed is not None:
            return streamed
        return hashlib.sha3_256(memoryview(self._buffer)[:size]).hexdigest()

    def content(self) -> bytes:
        return bytes(self._buffer)

    def close(self) -> None:
        pass


class FileSink:
    """Writes into `path` (created or truncated at once, parent directories too)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: BinaryIO = path.open("w+b")
        self._digest = StreamingDigest()

    def write(self, offset: int, data: bytes) -> None:
        self._file.seek(offset)
        self._file.write(data)
        self._digest.add(offset, data)

    def sha3_256(self, size: int) -> str:
        streamed = self._digest.hexdigest(size)
        if streamed is not None:
            return streamed
        self._file.flush()
        digest = hashlib.sha3_256()
        self._file.seek(0)
        remaining = size
        while remaining > 0:
            block = self._file.read(min(_HASH_BLOCK, remaining))
            if not block:
                break
            digest.update(block)
            remaining -= len(block)
        return digest.hexdigest()

    def close(self) -> None:
        self._file.close()
