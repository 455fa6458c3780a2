"""Transfer URL rules (ya-transfer's), and content hash checks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from golem_core.ids import NodeId
from golem_localnet.exeunit.transfer import Location, TransferError, check_hash, parse_location
from golem_localnet.gftp.bus import gftp_address
from golem_localnet.gftp.transfers import chunk_offsets

NODE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"


def test_locations() -> None:
    assert parse_location(f"gftp://{NODE}/abc") == Location(
        "gftp", NODE, "abc", f"gftp://{NODE}/abc"
    )
    assert parse_location("container:/golem/input/x").path == "/golem/input/x"
    assert parse_location(" /golem/output/y ").scheme == "container"
    assert parse_location("container:/golem/a%20b").path == "/golem/a b"
    http = parse_location("http://127.0.0.1:8000/f.txt")
    assert (http.scheme, http.host, http.path) == ("http", "127.0.0.1:8000", "/f.txt")


def test_hash_prefix() -> None:
    location = parse_location(f"hash:sha3:ABCD:gftp://{NODE}/n")
    assert location.hash == ("sha3", "abcd")
    assert location.scheme == "gftp"
    assert parse_location("hash://sha3:0xab:container:/golem/x").hash == ("sha3", "ab")


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("", "Empty URL"),
        ("file:///etc/passwd", "Unsupported scheme: file"),
        ("ftp://host/x", "Unsupported scheme: ftp"),
        ("gftp://0xab/", "Invalid gftp URL"),
        ("hash:sha3:zz:container:/x", "Invalid url"),
        ("hash:sha3", "Invalid url"),
        ("http:///x", "Invalid url"),
    ],
)
def test_refused(url: str, text: str) -> None:
    with pytest.raises(TransferError, match=text) as caught:
        parse_location(url)
    assert str(caught.value).startswith("Local service error: Transfer error: ")


def test_check_hash(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"data")
    check_hash(path, ("sha3", hashlib.sha3_256(b"data").hexdigest()))
    check_hash(path, ("sha3", hashlib.sha3_512(b"data").hexdigest()))
    with pytest.raises(TransferError, match="differs from the expected one"):
        check_hash(path, ("sha3", hashlib.sha3_256(b"other").hexdigest()))
    with pytest.raises(TransferError, match="Unsupported digest: md5"):
        check_hash(path, ("md5", "00" * 16))


def test_gftp_chunking_and_addresses() -> None:
    assert list(chunk_offsets(0)) == []
    assert list(chunk_offsets(40960)) == [0]
    assert list(chunk_offsets(40961)) == [0, 40960]
    assert gftp_address("/transfer/net", NodeId(NODE), "n") == f"/transfer/net/{NODE}/gftp/n"
