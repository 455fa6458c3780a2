"""Where files sent to and fetched from providers live (yapapi's `yapapi.storage`).

An input storage provider makes local data downloadable by exe-units (a
`Source` with a `download_url`); an output one opens a place exe-units upload
to (a `Destination` with an `upload_url`). `golem_hl.storage.gftp.GftpProvider`
implements both over golem_core.transfer, which serves `gftp://` URLs through
yagna's GSB API (no gftp process).
"""

from __future__ import annotations

import abc
import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Final, NamedTuple

__all__ = [
    "DOWNLOAD_BYTES_LIMIT_DEFAULT",
    "AsyncReader",
    "ComposedStorageProvider",
    "Content",
    "Destination",
    "InputStorageProvider",
    "OutputStorageProvider",
    "Source",
    "StorageProvider",
]

# the most `download_bytes`/`download_json` read unless told otherwise, as in yapapi
DOWNLOAD_BYTES_LIMIT_DEFAULT: Final = 1 * 1024 * 1024
# how much of a file or reader is read at a time
CHUNK_BYTES: Final = 64 * 1024

AsyncReader = asyncio.StreamReader


class Content(NamedTuple):
    """A body of `length` bytes, read as a stream of chunks."""

    length: int
    stream: AsyncIterator[bytes]

    @classmethod
    def from_reader(cls, length: int, s: AsyncReader) -> Content:
        async def chunks() -> AsyncIterator[bytes]:
            while not s.at_eof():
                yield await s.read(CHUNK_BYTES)

        return cls(length, chunks())


async def _file_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            yield chunk


class Source(abc.ABC):
    """Local data an exe-unit can download."""

    @property
    @abc.abstractmethod
    def download_url(self) -> str: ...

    @abc.abstractmethod
    async def content_length(self) -> int: ...


class Destination(abc.ABC):
    """A place an exe-unit uploads to; read what arrived afterwards."""

    @property
    @abc.abstractmethod
    def upload_url(self) -> str: ...

    @abc.abstractmethod
    async def download_stream(self) -> Content: ...

    async def download_bytes(self, limit: int = DOWNLOAD_BYTES_LIMIT_DEFAULT) -> bytes:
        """What arrived, cut at `limit` bytes."""
        output = bytearray()
        content = await self.download_stream()
        async for chunk in content.stream:
            output += chunk[: limit - len(output)]
            if len(output) >= limit:
                break
        return bytes(output)

    async def download_file(self, destination_file: os.PathLike[str]) -> None:
        content = await self.download_stream()
        # chunk-sized blocking writes, as golem_core.transfer's (quicker than a thread hop)
        with open(destination_file, "wb") as file:  # noqa: ASYNC230
            async for chunk in content.stream:
                file.write(chunk)


class InputStorageProvider(abc.ABC):
    @abc.abstractmethod
    async def upload_stream(self, length: int, stream: AsyncIterator[bytes]) -> Source: ...

    async def upload_bytes(self, data: bytes) -> Source:
        async def once() -> AsyncIterator[bytes]:
            yield data

        return await self.upload_stream(len(data), once())

    async def upload_file(self, path: os.PathLike[str]) -> Source:
        file = Path(path)
        size = file.stat().st_size  # noqa: ASYNC240 -- one stat call
        return await self.upload_stream(size, _file_chunks(file))

    async def release_source(self, source: Source) -> None:  # noqa: B027 -- optional hook
        """Stop serving a source made by this provider (nothing to do by default)."""


class OutputStorageProvider(abc.ABC):
    @abc.abstractmethod
    async def new_destination(
        self, destination_file: os.PathLike[str] | None = None
    ) -> Destination:
        """A place to upload to; `destination_file` suggests where the data should land."""


class StorageProvider(InputStorageProvider, OutputStorageProvider, abc.ABC):
    pass


class ComposedStorageProvider(StorageProvider):
    """Uploads go to one provider, downloads come from another."""

    def __init__(
        self, input_storage: InputStorageProvider, output_storage: OutputStorageProvider
    ) -> None:
        self._input = input_storage
        self._output = output_storage

    async def upload_stream(self, length: int, stream: AsyncIterator[bytes]) -> Source:
        return await self._input.upload_stream(length, stream)

    async def upload_file(self, path: os.PathLike[str]) -> Source:
        return await self._input.upload_file(path)

    async def release_source(self, source: Source) -> None:
        await self._input.release_source(source)

    async def new_destination(
        self, destination_file: os.PathLike[str] | None = None
    ) -> Destination:
        return await self._output.new_destination(destination_file)
