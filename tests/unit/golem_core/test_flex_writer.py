"""The direct FlexBuffers writer writes flatbuffers' Builder's bytes, byte for byte."""

from __future__ import annotations

import random
from typing import Any

import pytest

from golem_core.flexbuffers import builder_encode, decode, encode
from tests.unit.golem_core.test_flex_reader import SAMPLES, random_value

MORE: list[Any] = [
    {"id": "x", "payload": None},
    {"id": "x", "payload": {"offset": 0, "content": bytes(61440)}},
    {"id": "x", "error": {"InternalError": "no"}},
    [{"a": 1, "b": 2}, {"b": 3, "a": 4}, {"a": {"a": "a"}}],  # shared keys
    [bytearray(b"ab"), memoryview(b"cd"), (1, 2), 1.5, 3.0e38, 1e-300, float("inf")],
    {"k": [None, True, -(1 << 63), (1 << 63) - 1, 1 << 63, 255, 256, -128, -129]},
    ["x" * 70000, bytes(300), [bytes(70000), "y"]],
]


@pytest.mark.parametrize("value", SAMPLES + MORE)
def test_samples_are_written_as_the_builder_writes_them(value: Any) -> None:
    assert encode(value) == builder_encode(value)


def test_random_values_are_written_as_the_builder_writes_them() -> None:
    rng = random.Random(1414)
    for _ in range(400):
        value = random_value(rng)
        body = encode(value)
        assert body == builder_encode(value)
        assert decode(body) == decode(builder_encode(value))
