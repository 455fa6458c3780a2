"""Sources of published bytes and sinks of received ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from golem_core.transfer._gftp import sha3_256_hex
from golem_core.transfer._storage import (
    BytesSource,
    FileSink,
    FileSource,
    MemorySink,
    StreamingDigest,
)


def test_bytes_source_reads_any_range() -> None:
    source = BytesSource(b"0123456789")
    assert source.size == 10
    assert source.read(3, 4) == b"3456"
    assert source.read(8, 100) == b"89"


def test_file_source_keeps_the_size_of_publication_and_reports_short_reads(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data"
    path.write_bytes(b"0123456789")
    source = FileSource(path)
    assert source.size == 10 and source.read(2, 3) == b"234"
    path.write_bytes(b"01")  # shrunk behind our back
    with pytest.raises(OSError, match="gave 0 of 3 bytes"):
        source.read(2, 3)
    source.close()


def test_memory_sink_writes_at_offsets_in_any_order() -> None:
    sink = MemorySink()
    sink.write(4, b"4567")
    sink.write(0, b"0123")
    sink.write(2, b"xx")
    assert sink.content() == b"01xx4567"
    assert sink.sha3_256(8) == sha3_256_hex(b"01xx4567")


def test_file_sink_creates_directories_and_hashes_what_it_wrote(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "out"
    sink = FileSink(path)
    sink.write(3, b"345")
    sink.write(0, b"012")
    assert sink.sha3_256(6) == sha3_256_hex(b"012345")
    sink.close()
    assert path.read_bytes() == b"012345"


def test_chunks_in_order_or_a_little_ahead_are_hashed_as_they_come() -> None:
    digest = StreamingDigest()
    digest.add(4, b"45")
    digest.add(0, b"01")
    assert digest.hashed == 2 and digest.hexdigest(6) is None
    digest.add(2, b"23")
    assert digest.hashed == 6
    assert digest.hexdigest(6) == sha3_256_hex(b"012345")
    assert digest.hexdigest(7) is None  # not every byte was seen


@pytest.mark.parametrize(
    "writes",
    [
        [(0, b"0123"), (2, b"xx")],  # hashed bytes written again
        [(4, b"4567"), (6, b"yy"), (0, b"0123")],  # chunks ahead that overlap
        [(2, b"23"), (6, b"67"), (0, b"01")],  # a gap stays
    ],
)
def test_a_stream_it_cannot_follow_gives_no_digest(writes: list[tuple[int, bytes]]) -> None:
    digest = StreamingDigest()
    for offset, data in writes:
        digest.add(offset, data)
    assert digest.hexdigest(8) is None


def test_too_much_waiting_ahead_gives_up() -> None:
    digest = StreamingDigest(max_pending=4)
    digest.add(2, b"234")
    digest.add(5, b"56")
    digest.add(0, b"01")
    assert digest.gave_up and digest.hexdigest(7) is None


@pytest.mark.parametrize("kind", ["memory", "file"])
def test_sinks_hash_what_they_hold_when_the_stream_could_not_be_followed(
    kind: str, tmp_path: Path
) -> None:
    sink = MemorySink() if kind == "memory" else FileSink(tmp_path / "out")
    sink.write(0, b"0123")
    sink.write(2, b"xx")
    sink.write(4, b"4567")
    assert sink.sha3_256(8) == sha3_256_hex(b"01xx4567")
    sink.close()


def test_a_sink_hashing_in_order_does_not_read_its_file_back(tmp_path: Path) -> None:
    sink = FileSink(tmp_path / "out")
    sink.write(0, b"0123")
    sink.write(4, b"4567")
    (tmp_path / "out").write_bytes(b"changed behind its back")
    assert sink.sha3_256(8) == sha3_256_hex(b"01234567")
    sink.close()
