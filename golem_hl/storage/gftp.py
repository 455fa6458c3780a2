"""gftp storage (yapapi's `yapapi.storage.gftp`): files served at `gftp://` URLs.

yapapi runs yagna's `gftp` binary and drives it over JSON-RPC. golem_core
serves the same `gftp://<node id>/<name>` URLs itself, over the daemon's GSB
router as the binary does (else through yagna's GSB API; golem_core.transfer),
so `GftpProvider` is that, behind yapapi's storage interface, and the driver
of the binary has no counterpart.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from types import TracebackType
from typing import Final, Literal, TypedDict

from golem_core.node import GolemNode
from golem_core.transfer import IncomingFile, PublishedFile, publish_bytes, publish_file, receive
from golem_hl.storage import (
    CHUNK_BYTES,
    Content,
    Destination,
    Source,
    StorageProvider,
    _file_chunks,
)

__all__ = [
    "CommandStatus",
    "GftpDestination",
    "GftpProvider",
    "GftpSource",
    "PubLink",
    "provider",
]

# the most an exe-unit may upload to one destination
DEFAULT_UPLOAD_LIMIT_BYTES: Final = 4 * 1024**3


class PubLink(TypedDict):
    """A local file and the `gftp://` URL it is served or received at."""

    file: str
    url: str


CommandStatus = Literal["ok", "error"]


class GftpSource(Source):
    def __init__(self, length: int, link: PubLink) -> None:
        self._len = length
        self._link = link

    @property
    def download_url(self) -> str:
        return self._link["url"]

    @property
    def path(self) -> Path:
        return Path(self._link["file"])

    async def content_length(self) -> int:
        return self._len


class GftpDestination(Destination):
    """An upload target; reading it waits for the upload to finish."""

    def __init__(self, incoming: IncomingFile, link: PubLink) -> None:
        self._incoming = incoming
        self._link = link

    @property
    def upload_url(self) -> str:
        return self._link["url"]

    async def download_stream(self) -> Content:
        received = await self._incoming.result()
        if isinstance(received, Path):
            return Content(received.stat().st_size, _file_chunks(received))

        async def chunks() -> AsyncIterator[bytes]:
            for start in range(0, len(received), CHUNK_BYTES):
                yield received[start : start + CHUNK_BYTES]

        return Content(len(received), chunks())

    async def download_file(self, destination_file: os.PathLike[str]) -> None:
        if str(destination_file) == self._link["file"]:
            await self._incoming.result()  # it lands there itself
            return
        await super().download_file(destination_file)


class GftpProvider(StorageProvider):
    """Serves uploads and receives downloads at `gftp://` URLs of our node.

    Use it with `async with`; without `node` it connects to the daemon named by
    `YAGNA_APPKEY` / `YAGNA_API_URL` (as yapapi's gftp process does). On exit it
    stops serving and receiving everything it opened. `tmpdir` is accepted for
    yapapi's signature; data is served from memory or from the given files.
    """

    def __init__(
        self,
        *,
        tmpdir: str | None = None,
        node: GolemNode | None = None,
        upload_limit_bytes: int = DEFAULT_UPLOAD_LIMIT_BYTES,
    ) -> None:
        self._node = node
        self._own_node = node is None
        self._upload_limit = upload_limit_bytes
        self._published: dict[str, PublishedFile] = {}
        self._incoming: list[IncomingFile] = []

    @property
    def node(self) -> GolemNode:
        if self._node is None:
            raise RuntimeError("use GftpProvider with `async with` first")
        return self._node

    async def __aenter__(self) -> GftpProvider:
        if self._node is None:
            self._node = GolemNode()
            await self._node.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for published in self._published.values():
            await published.close()
        for incoming in self._incoming:
            await incoming.close()
        self._published.clear()
        self._incoming.clear()
        if self._own_node and self._node is not None:
            await self._node.__aexit__(exc_type, exc, tb)
            self._node = None

    def _serving(self, published: PublishedFile, file: str) -> GftpSource:
        self._published[published.url] = published
        return GftpSource(published.size, PubLink(file=file, url=published.url))

    async def upload_stream(self, length: int, stream: AsyncIterator[bytes]) -> Source:
        data = bytearray()
        async for chunk in stream:
            data += chunk
        if len(data) != length:
            raise ValueError(f"the stream gave {len(data)} bytes, {length} were announced")
        return self._serving(await publish_bytes(self.node, data), "")

    async def upload_file(self, path: os.PathLike[str]) -> Source:
        return self._serving(await publish_file(self.node, Path(path)), str(path))

    async def release_source(self, source: Source) -> None:
        published = self._published.pop(source.download_url, None)
        if published is not None:
            await published.close()

    async def new_destination(
        self, destination_file: os.PathLike[str] | None = None
    ) -> Destination:
        target = Path(destination_file) if destination_file is not None else None
        incoming = await receive(self.node, self._upload_limit, to=target)
        self._incoming.append(incoming)
        link = PubLink(file=str(target) if target is not None else "", url=incoming.url)
        return GftpDestination(incoming, link)


def provider() -> GftpProvider:
    """A `GftpProvider` on the daemon of the environment; use it with `async with`."""
    return GftpProvider()
