"""Sources of published bytes and sinks of received ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from golem_core.transfer._gftp import sha3_256_hex
from golem_core.transfer._storage import BytesSource, FileSink, FileSource, MemorySink


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
