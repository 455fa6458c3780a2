"""gftp names, URLs, hashes, payload fields and byte-range bookkeeping."""

from __future__ import annotations

import pytest

from golem_core.ids import NodeId
from golem_core.transfer._gftp import (
    Coverage,
    GftpUrl,
    bytes_field,
    new_name,
    parse_gftp_url,
    service_address,
    sha3_256_hex,
    uint_field,
)

NODE = NodeId("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")


def test_url_round_trip_and_the_address_other_nodes_call() -> None:
    url = GftpUrl(NODE, "abc123")
    assert str(url) == f"gftp://{NODE}/abc123"
    assert parse_gftp_url(str(url)) == url
    assert url.remote_address == f"/net/{NODE}/gftp/abc123"
    assert service_address("abc123") == "/public/gftp/abc123"


def test_node_ids_in_urls_are_compared_lowercase() -> None:
    assert parse_gftp_url(f"gftp://{NODE.upper().replace('0X', '0x')}/n").node_id == NODE


@pytest.mark.parametrize(
    "url",
    [
        f"http://{NODE}/name",
        f"gftp:/{NODE}/name",
        "gftp://0x1234/name",
        f"gftp://{NODE}",
        f"gftp://{NODE}/",
        f"gftp://{NODE}/a/b",
        f"gftp://{NODE}/name?x=1",
    ],
)
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        parse_gftp_url(url)


def test_names_are_fresh_and_usable_in_urls() -> None:
    names = {new_name() for _ in range(100)}
    assert len(names) == 100
    for name in names:
        assert parse_gftp_url(str(GftpUrl(NODE, name))).name == name


def test_sha3_256_is_the_nist_one_in_lowercase_hex() -> None:
    # FIPS 202 test vector for the empty message
    assert sha3_256_hex(b"") == "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"


def test_payload_fields() -> None:
    payload = {"offset": 3, "flag": True, "neg": -1, "blob": b"ab", "ints": [97, 98], "big": [300]}
    assert uint_field(payload, "offset") == 3  # type: ignore[arg-type]
    for bad in ("flag", "neg", "missing", "blob"):
        with pytest.raises(ValueError, match=bad):
            uint_field(payload, bad)  # type: ignore[arg-type]
    assert bytes_field(payload, "blob") == bytes_field(payload, "ints") == b"ab"  # type: ignore[arg-type]
    for bad in ("big", "offset", "missing"):
        with pytest.raises(ValueError, match=bad):
            bytes_field(payload, bad)  # type: ignore[arg-type]


def test_coverage_merges_touching_and_overlapping_ranges() -> None:
    seen = Coverage()
    seen.add(10, 20)
    seen.add(30, 40)
    seen.add(20, 25)  # touches the first
    seen.add(5, 5)  # empty: ignored
    assert repr(seen) == "Coverage([10..25, 30..40])"
    seen.add(24, 31)  # bridges both
    assert repr(seen) == "Coverage([10..40])"
    seen.add(0, 100)
    assert repr(seen) == "Coverage([0..100])" and seen.total == 100


def test_coverage_finds_the_first_gap() -> None:
    seen = Coverage()
    assert seen.first_gap(0, 10) == (0, 10)
    assert seen.covers(0, 0)
    seen.add(0, 4)
    seen.add(6, 8)
    assert seen.first_gap(0, 10) == (4, 6)
    assert seen.first_gap(6, 10) == (8, 10)
    assert seen.first_gap(1, 3) is None
    assert seen.covers(6, 8) and not seen.covers(0, 5)
    seen.add(4, 10)
    assert seen.covers(0, 10) and seen.first_gap(0, 11) == (10, 11)
    seen.clear()
    assert seen.total == 0
