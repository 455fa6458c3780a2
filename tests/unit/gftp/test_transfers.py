"""Downloading and uploading over the in-memory router, against our own served files."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

import golem_localnet.gftp.files as files_module
from golem_core.flexbuffers import Flex
from golem_core.gsb.calls import GsbCallError, IncomingCall
from golem_localnet.gftp.bus import GftpError
from golem_localnet.gftp.files import ServedFiles
from golem_localnet.gftp.transfers import ChunkRefused, download, net_address, run_bounded, upload
from tests.unit.gftp.fakes import NODE, FakeBus


@pytest.fixture
def bus() -> FakeBus:
    return FakeBus()


@pytest.fixture
def files(bus: FakeBus) -> ServedFiles:
    return ServedFiles(bus, NODE)


@pytest.mark.parametrize("size", [0, 1, 40960, 40961, 200_000])
async def test_download_gets_every_byte(
    bus: FakeBus, files: ServedFiles, tmp_path: Path, size: int
) -> None:
    data = bytes(i % 251 for i in range(size))
    (tmp_path / "src").write_bytes(data)
    url = await files.publish(tmp_path / "src")
    target = tmp_path / "dir" / "dst"
    assert await download(bus, net_address(url), target, concurrency=3) == size
    assert target.read_bytes() == data
    chunks = sum(1 for address in bus.calls if address.endswith("/GetChunk"))
    assert chunks == -(-size // 40960)


@pytest.mark.parametrize("size", [0, 1, 40960, 100_000, 200_000])
async def test_chunks_asked_with_the_metadata_give_every_byte_and_past_the_end_are_dropped(
    bus: FakeBus, files: ServedFiles, tmp_path: Path, size: int
) -> None:
    data = bytes(i % 251 for i in range(size))
    (tmp_path / "src").write_bytes(data)
    url = await files.publish(tmp_path / "src")
    target = tmp_path / "dst"
    assert await download(bus, net_address(url), target, concurrency=3, ahead=3) == size
    assert target.read_bytes() == data
    chunks = sum(1 for address in bus.calls if address.endswith("/GetChunk"))
    # asked before the size was known (a 1-byte file too); an empty one answers before any went
    assert chunks == (max(3, -(-size // 40960)) if size else 0)


async def test_a_failed_chunk_asked_with_the_metadata_fails_the_download(
    bus: FakeBus, files: ServedFiles, tmp_path: Path
) -> None:
    url = await files.receive(tmp_path / "dst")
    with pytest.raises(GftpError, match="InternalError"):
        await download(bus, net_address(url), tmp_path / "copy", ahead=2)


async def test_upload_sends_chunks_then_the_hash(
    bus: FakeBus, files: ServedFiles, tmp_path: Path
) -> None:
    data = bytes(range(256)) * 500
    (tmp_path / "src").write_bytes(data)
    target = tmp_path / "dst"
    url = await files.receive(target)
    digest = await upload(bus, tmp_path / "src", net_address(url))
    assert digest == hashlib.sha3_256(data).hexdigest()
    assert target.read_bytes() == data
    assert bus.calls[-1].endswith("/UploadFinished")


async def test_an_error_answer_fails_the_transfer(
    bus: FakeBus, files: ServedFiles, tmp_path: Path
) -> None:
    url = await files.receive(tmp_path / "dst")
    # an upload target does not serve downloads: its InternalError answer ends the download
    with pytest.raises(GftpError, match="InternalError"):
        await download(bus, net_address(url), tmp_path / "copy")


async def test_nobody_serving_the_name(bus: FakeBus, tmp_path: Path) -> None:
    with pytest.raises(GsbCallError):
        await download(bus, net_address(f"gftp://{NODE}/nothing"), tmp_path / "copy")
    with pytest.raises(GftpError, match="not a gftp URL"):
        net_address("https://example/x")


async def test_a_short_chunk_fails_the_download(bus: FakeBus, tmp_path: Path) -> None:
    async def liar(call: IncomingCall) -> Flex:
        if call.address.endswith("/GetMetadata"):
            return {"Ok": {"fileSize": 100}}
        return {"Ok": {"offset": 0, "content": b"short"}}

    await bus.register("/public/gftp/liar", liar)
    with pytest.raises(GftpError, match="5 bytes, wanted 100"):
        await download(bus, net_address(f"gftp://{NODE}/liar"), tmp_path / "copy")


async def test_uploading_a_missing_file_fails(
    bus: FakeBus, files: ServedFiles, tmp_path: Path
) -> None:
    url = await files.receive(tmp_path / "dst")
    with pytest.raises(GftpError, match="cannot read"):
        await upload(bus, tmp_path / "missing", net_address(url))


async def test_run_bounded_starts_jobs_in_order_never_more_than_the_bound() -> None:
    started: list[int] = []
    running = 0
    most = 0

    def job(i: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            nonlocal running, most
            started.append(i)
            running += 1
            most = max(most, running)
            for _ in range(i % 3 + 1):  # a turn or more of the loop: the others start meanwhile
                await asyncio.sleep(0)
            running -= 1

        return run

    await run_bounded((job(i) for i in range(7)), 3)
    assert started == list(range(7))
    assert most == 3


async def test_run_bounded_raises_the_first_error_and_cancels_the_rest() -> None:
    cancelled: list[int] = []
    started: list[int] = []

    def job(i: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            started.append(i)
            if i == 1:
                raise ValueError("chunk 1")
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                cancelled.append(i)
                raise

        return run

    with pytest.raises(ValueError, match="chunk 1"):
        await run_bounded((job(i) for i in range(10)), 3)
    assert started == [0, 1, 2]  # job 1 failed before a worker was free for job 3
    assert sorted(cancelled) == [0, 2]


def calls_to(bus: FakeBus, message: str) -> int:
    return sum(1 for address in bus.calls if address.endswith(f"/{message}"))


@pytest.mark.parametrize(
    ("size", "chunks", "metadata"),
    [
        (1, 1, 0),
        (1_000_000, 1, 0),  # shorter than asked: the whole file, no GetMetadata
        (1 << 20, 1, 1),  # as long as asked: the size decides
        ((1 << 21) + 5, 3, 1),
        (0, 1, 1),  # an empty answer: the size (an empty file counts at the publisher so)
    ],
)
async def test_a_first_chunk_asked_alone_tells_a_small_file_without_its_size(
    bus: FakeBus, files: ServedFiles, tmp_path: Path, size: int, chunks: int, metadata: int
) -> None:
    data = bytes(i % 251 for i in range(size))
    (tmp_path / "src").write_bytes(data)
    url = await files.publish(tmp_path / "src")
    target = tmp_path / "dst"
    got = await download(
        bus, net_address(url), target, chunk_size=1 << 20, first_alone=True, fallback_chunk=40960
    )
    assert got == size and target.read_bytes() == data
    assert (calls_to(bus, "GetChunk"), calls_to(bus, "GetMetadata")) == (chunks, metadata)


async def test_a_refused_big_chunk_fetches_the_file_again_in_fallback_chunks(
    bus: FakeBus, files: ServedFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a publisher behind the GSB API: it answers at most 40960 bytes at once
    monkeypatch.setattr(files_module, "MAX_CHUNK", 40960)
    data = bytes(i % 251 for i in range(200_000))
    (tmp_path / "src").write_bytes(data)
    url = await files.publish(tmp_path / "src")
    target = tmp_path / "dst"
    size = await download(
        bus, net_address(url), target, chunk_size=1 << 20, first_alone=True, fallback_chunk=40960
    )
    assert size == len(data) and target.read_bytes() == data
    assert calls_to(bus, "GetChunk") == 1 + 5
    # without a fallback the refusal fails the download
    with pytest.raises(ChunkRefused, match="ReadError"):
        await download(bus, net_address(url), tmp_path / "again", chunk_size=1 << 20, ahead=1)
