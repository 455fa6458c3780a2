"""A direct FlexBuffers reader: bytes to Python values with `struct`, no accessor objects.

flatbuffers' own reader builds a Ref object (and more) per value it touches:
~55 us for a gftp GetChunk call, ~300 us for a 256 KiB UploadChunk, for every
message of a file transfer. This one walks the same layout in a few
`unpack_from` calls. It reads the types yagna sends (null, bool, ints,
floats, strings, keys, blobs, maps, vectors, typed vectors); `read` raises
ValueError on anything else or on bytes that do not hold together, and
`golem_core.flexbuffers.decode` then asks flatbuffers' reader, so a rare
layout costs time, never a different answer.

Layout (the FlexBuffers spec): the last byte is the root's width, the one
before it the root's packed type (`type << 2 | log2(width of its data)`); an
offset-typed value stores how far back its data starts; vectors and maps
keep their length in the word just before their data and one type byte per
element after it; a map also points back at a typed vector of its keys.
"""

from __future__ import annotations

import struct
from typing import Any

__all__ = ["read"]

_NULL, _INT, _UINT, _FLOAT, _KEY, _STRING = 0, 1, 2, 3, 4, 5
_INDIRECT_INT, _INDIRECT_UINT, _INDIRECT_FLOAT, _MAP, _VECTOR = 6, 7, 8, 9, 10
_VECTOR_INT, _VECTOR_KEY, _VECTOR_STRING_DEPRECATED = 11, 14, 15
_VECTOR_INT2, _VECTOR_FLOAT4 = 16, 24
_BLOB, _BOOL, _VECTOR_BOOL = 25, 26, 36
_MAX_DEPTH = 200

_SIGNED = {
    1: struct.Struct("<b"),
    2: struct.Struct("<h"),
    4: struct.Struct("<i"),
    8: struct.Struct("<q"),
}
_UNSIGNED = {
    1: struct.Struct("<B"),
    2: struct.Struct("<H"),
    4: struct.Struct("<I"),
    8: struct.Struct("<Q"),
}
_FLOATS = {4: struct.Struct("<f"), 8: struct.Struct("<d")}


def read(buf: bytes) -> Any:
    """The value at the root of `buf`; ValueError where this reader does not go."""
    size = len(buf)
    if size < 3:
        raise ValueError("too short")
    width = buf[-1]
    if width not in _UNSIGNED:
        raise ValueError(f"root width {width}")
    return _value(buf, size - 2 - width, width, buf[-2], 0)


def _uint(buf: bytes, at: int, width: int) -> int:
    if at < 0:
        raise ValueError("offset before the buffer")
    value: int = _UNSIGNED[width].unpack_from(buf, at)[0]
    return value


def _target(buf: bytes, at: int, parent_width: int) -> int:
    target = at - _uint(buf, at, parent_width)
    if target < 0:
        raise ValueError("offset before the buffer")
    return target


def _value(buf: bytes, at: int, parent_width: int, packed: int, depth: int) -> Any:
    kind = packed >> 2
    width = 1 << (packed & 3)
    if kind == _NULL:
        return None
    if kind == _INT:
        return _SIGNED[parent_width].unpack_from(buf, at)[0] if at >= 0 else _bad()
    if kind == _UINT:
        return _uint(buf, at, parent_width)
    if kind == _BOOL:
        return _uint(buf, at, parent_width) != 0
    if kind == _FLOAT:
        return _float(buf, at, parent_width)
    if kind > _KEY and depth > _MAX_DEPTH:
        raise ValueError("nested too deeply")
    if kind == _KEY:
        return _key(buf, _target(buf, at, parent_width))
    target = _target(buf, at, parent_width)
    if kind == _STRING:
        length = _uint(buf, target - width, width)
        _within(buf, target, length)
        return buf[target : target + length].decode("utf-8")
    if kind == _BLOB:
        length = _uint(buf, target - width, width)
        _within(buf, target, length)
        return buf[target : target + length]
    if kind == _MAP:
        return _map(buf, target, width, depth)
    if kind == _VECTOR:
        return _vector(buf, target, width, depth)
    if kind == _INDIRECT_INT:
        return _SIGNED[width].unpack_from(buf, target)[0]
    if kind == _INDIRECT_UINT:
        return _uint(buf, target, width)
    if kind == _INDIRECT_FLOAT:
        return _float(buf, target, width)
    if _VECTOR_INT <= kind <= _VECTOR_STRING_DEPRECATED or kind == _VECTOR_BOOL:
        length = _uint(buf, target - width, width)
        element = _BOOL if kind == _VECTOR_BOOL else kind - _VECTOR_INT + _INT
        return _typed(buf, target, width, length, element, depth)
    if _VECTOR_INT2 <= kind <= _VECTOR_FLOAT4:
        fixed = kind - _VECTOR_INT2
        return _typed(buf, target, width, fixed // 3 + 2, fixed % 3 + _INT, depth)
    raise ValueError(f"type {kind}")


def _bad() -> Any:
    raise ValueError("offset before the buffer")


def _float(buf: bytes, at: int, width: int) -> float:
    unpacker = _FLOATS.get(width)
    if unpacker is None or at < 0:
        raise ValueError(f"float of width {width}")
    value: float = unpacker.unpack_from(buf, at)[0]
    return value


def _within(buf: bytes, start: int, length: int) -> None:
    if start + length > len(buf):
        raise ValueError("data past the end")


def _key(buf: bytes, target: int) -> str:
    end = buf.find(b"\x00", target)
    if end < 0:
        raise ValueError("unterminated key")
    return buf[target:end].decode("utf-8")


def _vector(buf: bytes, target: int, width: int, depth: int) -> list[Any]:
    length = _uint(buf, target - width, width)
    types = target + length * width
    _within(buf, types, length)
    return [
        _value(buf, target + i * width, width, buf[types + i], depth + 1) for i in range(length)
    ]


def _map(buf: bytes, target: int, width: int, depth: int) -> dict[str, Any]:
    length = _uint(buf, target - width, width)
    keys_at = target - 3 * width
    keys = _target(buf, keys_at, width)
    keys_width = _uint(buf, keys_at + width, width)
    if keys_width not in _UNSIGNED or _uint(buf, keys - keys_width, keys_width) != length:
        raise ValueError("map keys do not match its values")
    types = target + length * width
    _within(buf, types, length)
    result = {}
    for i in range(length):
        key = _key(buf, _target(buf, keys + i * keys_width, keys_width))
        result[key] = _value(buf, target + i * width, width, buf[types + i], depth + 1)
    return result


def _typed(buf: bytes, target: int, width: int, length: int, element: int, depth: int) -> list[Any]:
    packed = element << 2  # elements of a typed vector are inline or offsets of the same width
    return [_value(buf, target + i * width, width, packed, depth + 1) for i in range(length)]
