"""The client side of gftp: download a file another node serves, upload to its target.

A download asks `GetMetadata`, then 40960-byte `GetChunk`s, several in flight,
each written at its offset; an upload sends 40960-byte `UploadChunk`s, then
`UploadFinished` with the SHA3-256 of the whole file. The gftp command goes
over yagna's net (`net_address`: `/net/<node>/gftp/<name>`; 12 chunks in flight
down, 3 up, like yagna's gftp binary); the exe-unit through its own transfer
channel.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import itertools
import os
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from pathlib import Path

from golem_core.flexbuffers import CodecError, ErrReply, Flex, FlexValue, unwrap_result
from golem_core.transfer import CHUNK_SIZE, parse_gftp_url
from golem_core.transfer._gftp import bytes_field, uint_field
from golem_localnet.gftp.bus import Bus, GftpError, remote_prefix

__all__ = [
    "CALL_TIMEOUT",
    "DOWNLOAD_CONCURRENCY",
    "UPLOAD_CONCURRENCY",
    "ChunkRefused",
    "chunk_offsets",
    "download",
    "net_address",
    "run_bounded",
    "upload",
]

DOWNLOAD_CONCURRENCY = 12
UPLOAD_CONCURRENCY = 3
# one chunk's round trip through two daemons; the router itself never times a call out
CALL_TIMEOUT = 60.0


def net_address(url: str) -> str:
    """Where our node reaches the file behind a `gftp://` URL."""
    try:
        parsed = parse_gftp_url(url)
    except ValueError as error:
        raise GftpError(str(error)) from error
    return remote_prefix(parsed.node_id, parsed.name)


async def _call(bus: Bus, address: str, body: Flex, timeout: float) -> FlexValue:
    message = address.rsplit("/", 1)[-1]
    try:
        return unwrap_result(await bus.call(address, body, timeout=timeout))
    except ErrReply as error:
        raise GftpError(f"{message} at {address} answered {error.error!r}") from error
    except CodecError as error:
        # e.g. the empty reply yagna's net gives for a name nobody serves (any more)
        raise GftpError(f"{message} at {address}: no valid answer ({error})") from error


class ChunkRefused(GftpError):
    """A GetChunk answered with an error value: e.g. more bytes than the publisher sends at once."""


async def download(
    bus: Bus,
    address: str,
    output: Path,
    *,
    chunk_size: int = CHUNK_SIZE,
    concurrency: int = DOWNLOAD_CONCURRENCY,
    timeout: float = CALL_TIMEOUT,
    ahead: int = 0,
    fallback_chunk: int | None = None,
    first_alone: bool = False,
) -> int:
    """Fetch the file served at `address` into `output`; its size.

    `ahead` first chunks are asked together with the metadata (one round trip
    less; a chunk past the end is then answered with an error, which is dropped).
    With `first_alone`, the first chunk is asked before the metadata: gftp
    answers `min(size, file size - offset)` bytes, so a non-empty answer
    shorter than asked is the whole file, and a small file costs one call, not
    two (an empty answer still asks the size: an empty file's download counts
    at the publisher only so). With `fallback_chunk`, a refused chunk makes the
    whole file be fetched again in chunks of that size: a publisher behind
    yagna's GSB API answers at most 64 KiB at once, one on the daemon's router
    far more."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:

        async def get(offset: int, chunk: int) -> FlexValue:
            body = {"offset": offset, "size": chunk}
            try:
                return unwrap_result(await bus.call(f"{address}/GetChunk", body, timeout=timeout))
            except ErrReply as error:
                raise ChunkRefused(f"GetChunk at {address} answered {error.error!r}") from error
            except CodecError as error:
                raise GftpError(f"GetChunk at {address}: no valid answer ({error})") from error

        def write(offset: int, size: int, chunk: int, answer: FlexValue) -> None:
            want = min(chunk, size - offset)
            try:
                content = bytes_field(answer, "content") if isinstance(answer, dict) else None
            except ValueError as error:
                raise GftpError(f"bad chunk at {offset} from {address}: {error}") from error
            if content is None or len(content) != want:
                got = "no map" if content is None else f"{len(content)} bytes"
                raise GftpError(f"chunk at {offset} from {address}: {got}, wanted {want} bytes")
            os.pwrite(fd, content, offset)

        async def fetch_all(
            size: int, chunk: int, early: Sequence[asyncio.Future[FlexValue]]
        ) -> None:
            async def take(offset: int, future: asyncio.Future[FlexValue]) -> None:
                write(offset, size, chunk, await future)

            async def fetch(offset: int) -> None:
                write(offset, size, chunk, await get(offset, chunk))

            offsets = chunk_offsets(size, chunk)
            jobs = [
                functools.partial(take, offset, future)
                for offset, future in zip(offsets, early, strict=False)
            ]
            rest = (functools.partial(fetch, offset) for offset in offsets[len(early) :])
            await run_bounded(itertools.chain(jobs, rest), concurrency)

        early = [
            asyncio.ensure_future(get(offset, chunk_size))
            for offset in range(0, max(ahead, first_alone) * chunk_size, chunk_size)
        ]
        try:
            whole = await _whole_in_first(early[0], chunk_size) if first_alone else None
            if whole is not None:
                os.pwrite(fd, whole, 0)
                return len(whole)  # the file was created empty: nothing to truncate
            size = _file_size(await _call(bus, f"{address}/GetMetadata", None, timeout), address)
            try:
                await fetch_all(size, chunk_size, early)
            except ChunkRefused:
                if fallback_chunk is None or fallback_chunk >= chunk_size:
                    raise
                await fetch_all(size, fallback_chunk, [])
        finally:
            for future in early:
                future.cancel()
            # chunks asked past the end were answered with errors: nobody wants them
            await asyncio.gather(*early, return_exceptions=True)
        os.ftruncate(fd, size)
    finally:
        os.close(fd)
    return size


async def _whole_in_first(first: asyncio.Future[FlexValue], chunk_size: int) -> bytes | None:
    """The first chunk's content when it is a whole non-empty file (shorter than asked)."""
    try:
        answer = await asyncio.shield(first)  # a failure is raised again where it is taken
    except GftpError:
        return None
    try:
        content = bytes_field(answer, "content") if isinstance(answer, dict) else None
    except ValueError:
        return None
    if content is None or not 0 < len(content) < chunk_size:
        return None
    return content


def _file_size(metadata: FlexValue, address: str) -> int:
    try:
        size = uint_field(metadata, "fileSize") if isinstance(metadata, dict) else -1
    except ValueError as error:
        raise GftpError(f"bad metadata from {address}: {error}") from error
    if size < 0:
        raise GftpError(f"bad metadata from {address}: {metadata!r:.200}")
    return size


async def upload(
    bus: Bus,
    source: Path,
    address: str,
    *,
    chunk_size: int = CHUNK_SIZE,
    concurrency: int = UPLOAD_CONCURRENCY,
    timeout: float = CALL_TIMEOUT,
) -> str:
    """Send the file at `source` to the receiver at `address`; its SHA3-256."""
    digest = hashlib.sha3_256()

    async def send(body: Flex) -> None:
        await _call(bus, f"{address}/UploadChunk", body, timeout)

    def chunks() -> Iterator[Callable[[], Awaitable[None]]]:
        with source.open("rb") as file:
            offset = 0
            while content := file.read(chunk_size):
                digest.update(content)
                yield functools.partial(send, {"chunk": {"offset": offset, "content": content}})
                offset += len(content)

    try:
        await run_bounded(chunks(), concurrency)
    except OSError as error:
        raise GftpError(f"cannot read {source}: {error}") from error
    sha3 = digest.hexdigest()
    await _call(bus, f"{address}/UploadFinished", {"hash": sha3}, timeout)
    return sha3


def chunk_offsets(size: int, chunk_size: int = CHUNK_SIZE) -> range:
    return range(0, size, chunk_size)


async def run_bounded(jobs: Iterable[Callable[[], Awaitable[None]]], concurrency: int) -> None:
    """Start jobs in order, at most `concurrency` at once; the first error cancels the
    rest and is raised.

    `concurrency` workers take the jobs in turn: a task per worker, not per job, and
    no `asyncio.wait` (which hooks on to every pending task each time it is called)."""
    queue = iter(jobs)
    first = next(queue, None)
    if first is None:
        return  # at once, without a turn of the loop
    queue = itertools.chain((first,), queue)

    async def work() -> None:
        for job in queue:
            await job()

    workers = [asyncio.ensure_future(work()) for _ in range(max(1, concurrency))]
    try:
        await asyncio.gather(*workers)
    finally:
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
