"""GSB bodies: FlexBuffers round-trips, Blob for bytes, zlib detection, the Result envelope."""

from __future__ import annotations

import zlib

import pytest
from flatbuffers import flexbuffers

from golem_core.flexbuffers import (
    CodecError,
    Err,
    ErrReply,
    Flex,
    Ok,
    decode,
    encode,
    err,
    has_zlib_header,
    inflate_if_compressed,
    is_blob,
    ok,
    parse_result,
    unwrap_result,
)


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        False,
        0,
        -1,
        255,
        -(1 << 63),
        (1 << 63) - 1,
        (1 << 63),
        (1 << 64) - 1,
        1.5,
        0.1,
        -2.75e300,
        float("inf"),
        "",
        "byDefault",
        "żółw ✓",
        b"",
        b"\x00\x01\xff",
        [],
        [1, "two", None, [3.5, b"x"]],
        {},
        {"Ok": {"nodeId": "0x" + "ab" * 20, "isDefault": True, "alias": None}},
        {"state": ["Initialized", None], "reason": "r"},
    ],
)
def test_values_round_trip(value: Flex) -> None:
    assert decode(encode(value)) == value
    assert decode(encode(value, compress=True)) == value


def test_tuples_encode_as_vectors_and_bytearrays_as_blobs() -> None:
    assert decode(encode((1, (2, 3)))) == [1, [2, 3]]
    assert decode(encode(bytearray(b"ab"))) == b"ab"
    assert decode(encode(memoryview(b"cd"))) == b"cd"


def test_bytes_are_a_blob_and_int_lists_are_not() -> None:
    assert is_blob(encode(b"\x01\x02"))
    assert not is_blob(encode([1, 2]))
    chunk = encode({"offset": 0, "content": bytes(range(256)) * 160})  # a 40 KiB gftp chunk
    root = flexbuffers.GetRoot(chunk).AsMap
    assert root["content"].IsBlob
    assert decode(chunk) == {"offset": 0, "content": bytes(range(256)) * 160}


def test_map_keys_are_sorted_whatever_the_insertion_order() -> None:
    # readers (Rust's included) find keys by binary search over the sorted key vector
    root = flexbuffers.GetRoot(encode({"size": 1, "offset": 2, "a": 3, "Z": 4})).AsMap
    assert root.Keys.Value == ["Z", "a", "offset", "size"]
    assert [root[key].AsInt for key in ("size", "offset", "a", "Z")] == [1, 2, 3, 4]


def test_known_encodings() -> None:
    assert encode("byDefault") == bytes.fromhex("09627944656661756c74000a1401")
    assert encode(None) == bytes.fromhex("000001")
    assert encode({"x": 1}) == bytes.fromhex("780001030101010104022401")


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ({1: "a"}, "not a str"),
        ({"ä": 1}, "ASCII"),
        ({"a\x00": 1}, "ASCII"),
        (1 << 64, "64 bits"),
        (-(1 << 63) - 1, "64 bits"),
        (object(), "no FlexBuffers form"),
        ({"nested": {1.5}}, "no FlexBuffers form"),
    ],
)
def test_unencodable_values_raise_codec_error(value: object, why: str) -> None:
    with pytest.raises(CodecError, match=why):
        encode(value)  # type: ignore[arg-type]


# --- zlib detection ---------------------------------------------------------------


def test_daemon_style_compression_is_detected_and_inflated() -> None:
    body = encode({"Ok": {"nodeId": "0x01"}}, compress=True)
    assert body[:2] == b"\x78\x9c"
    assert has_zlib_header(body)
    assert decode(body) == {"Ok": {"nodeId": "0x01"}}


@pytest.mark.parametrize("level", [0, 1, 6, 9])
def test_every_zlib_level_is_read(level: int) -> None:
    raw = encode([1, 2, 3])
    assert decode(zlib.compress(raw, level)) == [1, 2, 3]
    assert inflate_if_compressed(zlib.compress(raw, level)) == raw


def test_the_7800_trap_a_raw_map_with_an_x_key_is_not_zlib() -> None:
    body = encode({"x": 1})
    assert body[:2] == b"\x78\x00"
    assert not has_zlib_header(body)
    assert decode(body) == {"x": 1}


def test_raw_body_with_a_valid_looking_zlib_header_falls_back_to_raw() -> None:
    # a 120-byte blob starts with its length 0x78, then its first byte 0x01: 0x7801 % 31 == 0
    blob = b"\x01" + bytes(119)
    body = encode(blob)
    assert body[:2] == b"\x78\x01"
    assert has_zlib_header(body)
    assert decode(body) == blob


def test_zlib_header_check() -> None:
    assert has_zlib_header(b"\x78\x9c")
    assert has_zlib_header(b"\x78\xda")
    assert has_zlib_header(b"\x78\x01")
    assert not has_zlib_header(b"\x78")
    assert not has_zlib_header(b"\x78\x00")
    assert not has_zlib_header(b"\x4f\x6b")  # a raw body starting with the key "Ok"
    assert not has_zlib_header(b"\x79\x9c")


def test_inflating_is_bounded() -> None:
    bomb = zlib.compress(encode(bytes(1_000_000)))
    with pytest.raises(CodecError, match="beyond"):
        decode(bomb, max_size=1000)


@pytest.mark.parametrize("data", [b"", b"\x01", b"\x05\x24\x01", b"abc", b"\xff\xff\xff\xff"])
def test_garbage_raises_codec_error(data: bytes) -> None:
    with pytest.raises(CodecError):
        decode(data)


# --- the Result envelope -------------------------------------------------------------


def test_result_envelope_helpers() -> None:
    assert ok(5) == {"Ok": 5}
    assert err({"ReadError": "eof"}) == {"Err": {"ReadError": "eof"}}
    assert parse_result(decode(encode(ok(None)))) == Ok(None)
    assert parse_result(decode(encode(err("IntegrityError")))) == Err("IntegrityError")
    assert unwrap_result({"Ok": [1]}) == [1]


def test_unwrap_raises_err_reply_with_the_error_value() -> None:
    with pytest.raises(ErrReply, match="NotFound") as caught:
        unwrap_result({"Err": {"service": "DAO error: NotFound"}})
    assert caught.value.error == {"service": "DAO error: NotFound"}


@pytest.mark.parametrize("value", [5, None, {}, {"ok": 1}, {"Ok": 1, "Err": 2}, [{"Ok": 1}]])
def test_non_envelopes_are_rejected(value: Flex) -> None:
    with pytest.raises(CodecError, match="not a Result envelope"):
        parse_result(decode(encode(value)))
