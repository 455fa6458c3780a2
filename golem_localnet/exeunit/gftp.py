"""gftp client over the GSB router: what an exe-unit does for `gftp://<node>/<name>` URLs.

The publisher serves `/public/gftp/<name>`; from another node it is reached as
`<prefix>/<node>/gftp/<name>` (the real exe-unit uses yagna's transfer channel,
`/transfer/net`). Messages (camelCase, replies `{"Ok": ...}`/`{"Err": ...}`):
- `GetMetadata` (body Null) -> `{fileSize}`
- `GetChunk {offset, size}` -> `{offset, content: Blob}` (shorter at end of file)
- `UploadChunk {chunk: {offset, content}}` -> null; chunks may arrive in any order
- `UploadFinished {hash}` -> null; hash is the SHA3-256 of the content, lowercase hex
Transfers move 40960-byte chunks, 8 in flight, like the real exe-unit.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import os
from collections.abc import Awaitable, Callable, Iterable, Iterator
from pathlib import Path

from golem_core.flexbuffers import ErrReply, Flex, FlexValue, unwrap_result
from golem_core.ids import NodeId
from golem_localnet.gsb.router import GsbConnection

CHUNK_SIZE = 40 * 1024
CONCURRENCY = 8


class GftpError(Exception):
    """The publisher answered an error, or sent something that is not a valid chunk."""


def gftp_address(prefix: str, node: NodeId, name: str) -> str:
    return f"{prefix}/{node}/gftp/{name}"


def chunk_offsets(size: int, chunk_size: int = CHUNK_SIZE) -> range:
    return range(0, size, chunk_size)


async def download(
    bus: GsbConnection,
    address: str,
    target: Path,
    *,
    timeout: float,
    chunk_size: int = CHUNK_SIZE,
    concurrency: int = CONCURRENCY,
) -> int:
    """Fetch the file served at `address` into `target`; returns its size."""
    meta = await _call(bus, f"{address}/GetMetadata", None, timeout)
    size = meta.get("fileSize") if isinstance(meta, dict) else None
    if not isinstance(size, int) or size < 0:
        raise GftpError(f"bad metadata from {address}: {meta!r:.100}")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:

        async def fetch(offset: int) -> None:
            want = min(chunk_size, size - offset)
            body = {"offset": offset, "size": chunk_size}
            chunk = await _call(bus, f"{address}/GetChunk", body, timeout)
            content = chunk.get("content") if isinstance(chunk, dict) else None
            if isinstance(content, list):  # a plain byte vector instead of a Blob
                content = bytes(content)  # type: ignore[arg-type]
            if not isinstance(content, bytes) or len(content) != want:
                got = len(content) if isinstance(content, bytes) else type(content).__name__
                raise GftpError(f"chunk at {offset} from {address}: {got} bytes, wanted {want}")
            os.pwrite(fd, content, offset)

        jobs = (functools.partial(fetch, offset) for offset in chunk_offsets(size, chunk_size))
        await run_bounded(jobs, concurrency)
        os.ftruncate(fd, size)
    finally:
        os.close(fd)
    return size


async def upload(
    bus: GsbConnection,
    address: str,
    source: Path,
    *,
    timeout: float,
    chunk_size: int = CHUNK_SIZE,
    concurrency: int = CONCURRENCY,
) -> str:
    """Send `source` to the receiver at `address`, then UploadFinished; returns the hash."""
    digest = hashlib.sha3_256()

    def chunks() -> Iterator[Callable[[], Awaitable[None]]]:
        with open(source, "rb") as f:
            offset = 0
            while content := f.read(chunk_size):
                digest.update(content)
                body: dict[str, Flex] = {"chunk": {"offset": offset, "content": content}}
                yield functools.partial(_call_none, bus, f"{address}/UploadChunk", body, timeout)
                offset += len(content)

    await run_bounded(chunks(), concurrency)
    hash_hex = digest.hexdigest()
    await _call_none(bus, f"{address}/UploadFinished", {"hash": hash_hex}, timeout)
    return hash_hex


async def run_bounded(
    jobs: Iterable[Callable[[], Awaitable[None]]], concurrency: int = CONCURRENCY
) -> None:
    """Start jobs in order, at most `concurrency` at once; the first error cancels the
    rest and is raised."""
    pending: set[asyncio.Task[None]] = set()
    try:
        for job in jobs:
            if len(pending) >= concurrency:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()
            pending.add(asyncio.ensure_future(job()))
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)


async def _call(bus: GsbConnection, address: str, body: Flex, timeout: float) -> FlexValue:
    reply = await bus.call(address, body, timeout=timeout)
    try:
        return unwrap_result(reply)
    except ErrReply as exc:
        raise GftpError(f"{address.rsplit('/', 1)[-1]}: {exc.error!r}") from exc


async def _call_none(bus: GsbConnection, address: str, body: Flex, timeout: float) -> None:
    await _call(bus, address, body, timeout)
