"""Where served bytes come from and received bytes go: memory or a local file.

Plain blocking file calls: a chunk is at most a few tens of KiB, so reading or
writing one is quicker than handing it to a thread.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO, Protocol

_HASH_BLOCK = 1024 * 1024


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

    def write(self, offset: int, data: bytes) -> None:
        end = offset + len(data)
        if end > len(self._buffer):
            self._buffer.extend(bytes(end - len(self._buffer)))
        self._buffer[offset:end] = data

    def sha3_256(self, size: int) -> str:
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

    def write(self, offset: int, data: bytes) -> None:
        self._file.seek(offset)
        self._file.write(data)

    def sha3_256(self, size: int) -> str:
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
