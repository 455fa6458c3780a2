"""yapapi's storage interface under golem_hl: what its default methods do, without a daemon."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

from golem_hl.storage import (
    ComposedStorageProvider,
    Content,
    Destination,
    InputStorageProvider,
    OutputStorageProvider,
    Source,
)


class MemorySource(Source):
    def __init__(self, data: bytes) -> None:
        self.data = data

    @property
    def download_url(self) -> str:
        return f"mem://{len(self.data)}"

    async def content_length(self) -> int:
        return len(self.data)


class Uploads(InputStorageProvider):
    async def upload_stream(self, length: int, stream: AsyncIterator[bytes]) -> Source:
        data = b"".join([chunk async for chunk in stream])
        assert len(data) == length
        return MemorySource(data)


class Arrived(Destination, OutputStorageProvider):
    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks

    @property
    def upload_url(self) -> str:
        return "mem://in"

    async def download_stream(self) -> Content:
        async def stream() -> AsyncIterator[bytes]:
            for chunk in self.chunks:
                yield chunk

        return Content(sum(map(len, self.chunks)), stream())

    async def new_destination(self, destination_file: os.PathLike[str] | None = None) -> Arrived:
        return self


def test_uploads_and_downloads_go_through_the_composed_providers(tmp_path: Path) -> None:
    async def run() -> tuple[Source, Source, bytes]:
        storage = ComposedStorageProvider(Uploads(), Arrived([b"abc", b"def", b"gh"]))
        local = tmp_path / "in.bin"
        local.write_bytes(b"x" * 100_000)
        from_file = await storage.upload_file(local)
        from_bytes = await storage.upload_bytes(b"hello")
        destination = await storage.new_destination()
        await destination.download_file(tmp_path / "out.bin")
        return from_file, from_bytes, await destination.download_bytes(limit=4)

    from_file, from_bytes, cut = asyncio.run(run())
    assert isinstance(from_file, MemorySource) and from_file.data == b"x" * 100_000
    assert isinstance(from_bytes, MemorySource) and from_bytes.data == b"hello"
    assert cut == b"abcd"
    assert (tmp_path / "out.bin").read_bytes() == b"abcdefgh"
