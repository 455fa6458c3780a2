"""The client side of gftp: download a file another node serves, upload to its target.

Both go over yagna's net as `/net/<node>/gftp/<name>/<message>`, the way
yagna's gftp binary does it: a download asks `GetMetadata`, then 40960-byte
`GetChunk`s, 12 in flight, each written at its offset; an upload sends
40960-byte `UploadChunk`s, 3 in flight, then `UploadFinished` with the
SHA3-256 of the whole file.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

from golem_core.flexbuffers import CodecError, ErrReply, Flex, FlexValue, unwrap_result
from golem_core.transfer import CHUNK_SIZE, parse_gftp_url
from golem_core.transfer._gftp import bytes_field, uint_field
from golem_localnet.exeunit.gftp import chunk_offsets, run_bounded
from golem_localnet.gftp.bus import Bus, GftpError, remote_prefix

DOWNLOAD_CONCURRENCY = 12
UPLOAD_CONCURRENCY = 3
# one chunk's round trip through two daemons; the router itself never times a call out
CALL_TIMEOUT = 60.0


def _address(url: str) -> str:
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


async def download(
    bus: Bus,
    url: str,
    output: Path,
    *,
    chunk_size: int = CHUNK_SIZE,
    concurrency: int = DOWNLOAD_CONCURRENCY,
    timeout: float = CALL_TIMEOUT,
) -> int:
    """Fetch the file behind `url` into `output` (created or truncated); its size."""
    address = _address(url)
    metadata = await _call(bus, f"{address}/GetMetadata", None, timeout)
    try:
        size = uint_field(metadata, "fileSize") if isinstance(metadata, dict) else -1
    except ValueError as error:
        raise GftpError(f"bad metadata from {url}: {error}") from error
    if size < 0:
        raise GftpError(f"bad metadata from {url}: {metadata!r:.200}")
    output.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:

        async def fetch(offset: int) -> None:
            want = min(chunk_size, size - offset)
            body = {"offset": offset, "size": chunk_size}
            chunk = await _call(bus, f"{address}/GetChunk", body, timeout)
            try:
                content = bytes_field(chunk, "content") if isinstance(chunk, dict) else None
            except ValueError as error:
                raise GftpError(f"bad chunk at {offset} from {url}: {error}") from error
            if content is None or len(content) != want:
                got = "no map" if content is None else f"{len(content)} bytes"
                raise GftpError(f"chunk at {offset} from {url}: {got}, wanted {want} bytes")
            os.pwrite(fd, content, offset)

        jobs = (functools.partial(fetch, offset) for offset in chunk_offsets(size, chunk_size))
        await run_bounded(jobs, concurrency)
        os.ftruncate(fd, size)
    finally:
        os.close(fd)
    return size


async def upload(
    bus: Bus,
    source: Path,
    url: str,
    *,
    chunk_size: int = CHUNK_SIZE,
    concurrency: int = UPLOAD_CONCURRENCY,
    timeout: float = CALL_TIMEOUT,
) -> str:
    """Send the file at `source` to the upload target behind `url`; its SHA3-256."""
    address = _address(url)
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
