"""The direct FlexBuffers reader gives what flatbuffers' reader gives, or steps aside."""

from __future__ import annotations

import random
from typing import Any

import pytest
from flatbuffers import flexbuffers

from golem_core import _flex_reader
from golem_core.flexbuffers import CodecError, decode, encode

SAMPLES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    127,
    128,
    -129,
    1 << 40,
    -(1 << 63),
    (1 << 64) - 1,
    0.5,
    1e300,
    "",
    "h\u00e9llo",
    b"",
    bytes(range(256)) * 300,
    [],
    {},
    [1, "a", None, [2.5, {"x": b"y"}]],
    {"id": "4f1c", "component": "GetChunk", "payload": {"offset": 123456, "size": 61440}},
    {
        "id": "4f1c",
        "component": "UploadChunk",
        "payload": {"chunk": {"offset": 9, "content": bytes(70000)}},
    },
    {"b": 1, "a": 2, "": None, "x" * 300: [True, False]},
]


def random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.choice([rng.randrange(-300, 300), rng.randrange(-(1 << 63), 1 << 64)])
    if kind == 3:
        return rng.choice([rng.random(), float(rng.randrange(-1000, 1000))])
    if kind == 4:
        return "".join(rng.choice("ab\u00e9\u4e2d") for _ in range(rng.randrange(0, 300)))
    if kind == 5:
        return rng.randbytes(rng.choice([0, 5, 300, 70000]))
    if kind in (6, 7):
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(0, 6))]
    keys = {"".join(rng.choice("abcxyz") for _ in range(rng.randrange(0, 5))) for _ in range(6)}
    return {key: random_value(rng, depth + 1) for key in keys}


@pytest.mark.parametrize("value", SAMPLES)
def test_samples_read_as_flatbuffers_reads_them(value: Any) -> None:
    body = encode(value)
    assert _flex_reader.read(body) == flexbuffers.Loads(body)
    assert decode(body) == flexbuffers.Loads(body)


def test_random_values_read_as_flatbuffers_reads_them() -> None:
    rng = random.Random(14)
    for _ in range(400):
        body = encode(random_value(rng))
        assert _flex_reader.read(body) == flexbuffers.Loads(body)


def test_typed_vectors_read_as_flatbuffers_reads_them() -> None:
    for element, items in [
        (flexbuffers.Type.INT, [1, -2, 300]),
        (flexbuffers.Type.UINT, [1, 2, 70000]),
        (flexbuffers.Type.FLOAT, [0.5, -1.25]),
        (flexbuffers.Type.BOOL, [True, False, True]),
    ]:
        builder = flexbuffers.Builder()
        builder.TypedVectorFromElements(items, element)
        body = bytes(builder.Finish())
        assert _flex_reader.read(body) == flexbuffers.Loads(body) == items
    builder = flexbuffers.Builder()
    builder.FixedTypedVectorFromElements([1, 2, 3], flexbuffers.Type.INT)
    body = bytes(builder.Finish())
    assert _flex_reader.read(body) == flexbuffers.Loads(body) == [1, 2, 3]


def test_broken_bodies_are_refused_by_the_reader_and_by_decode() -> None:
    body = encode({"id": "1", "payload": {"content": bytes(1000)}})
    for cut in (3, 10, 100, len(body) - 1):
        broken = body[-cut:]
        with pytest.raises(Exception):  # noqa: B017 (any error: decode then asks flatbuffers)
            _flex_reader.read(broken)
    # a root 7 bytes wide, a type past the end, an offset before the start: ours refuses
    # each, and decode then gives flatbuffers' own answer (None, an error, a string read
    # from the end by a negative index)
    for broken in (b"\x00\x00\x07", b"\xff\xff\x01", b"\x05\x14\x01"):
        with pytest.raises((ValueError, IndexError, KeyError)):
            _flex_reader.read(broken)
        try:
            expected = flexbuffers.Loads(broken)
        except ValueError:
            with pytest.raises(CodecError):
                decode(broken)
        else:
            assert decode(broken) == expected
