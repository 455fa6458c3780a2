"""proto3's wire primitives, as the GSB packets use them: varints, tags, fields. No I/O."""

from __future__ import annotations

from collections.abc import Iterator

__all__ = [
    "FIXED32",
    "FIXED64",
    "LEN",
    "VARINT",
    "ProtoError",
    "as_int32",
    "decode_varint",
    "encode_varint",
    "iter_fields",
    "len_field",
    "tag",
]


class ProtoError(ValueError):
    """Bytes that are not a well-formed GSB packet or frame."""


# wire types
VARINT = 0
FIXED64 = 1
LEN = 2
FIXED32 = 5


def encode_varint(value: int) -> bytes:
    """Unsigned LEB128; negative values are taken as 64-bit two's complement (proto int32)."""
    if value < 0:
        value += 1 << 64
    if not 0 <= value < 1 << 64:
        raise ProtoError(f"varint out of range: {value}")
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def decode_varint(buf: bytes, pos: int) -> tuple[int, int]:
    """Read one varint at `pos`; returns (value, position after it)."""
    result = 0
    shift = 0
    while True:
        if pos >= len(buf):
            raise ProtoError("truncated varint")
        if shift >= 64:
            raise ProtoError("varint longer than 10 bytes")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result & ((1 << 64) - 1), pos


def as_int32(value: int) -> int:
    """proto3 enums are int32: keep the low 32 bits, signed."""
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >= 1 << 31 else value


def tag(number: int, wire_type: int) -> bytes:
    return encode_varint(number << 3 | wire_type)


def len_field(number: int, payload: bytes) -> bytes:
    return tag(number, LEN) + encode_varint(len(payload)) + payload


def iter_fields(buf: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """Yield (field number, wire type, value) for every field of a message body."""
    pos = 0
    while pos < len(buf):
        key, pos = decode_varint(buf, pos)
        number, wire_type = key >> 3, key & 7
        if number == 0:
            raise ProtoError("field number 0")
        value: int | bytes
        if wire_type == VARINT:
            value, pos = decode_varint(buf, pos)
        elif wire_type == LEN:
            size, pos = decode_varint(buf, pos)
            if pos + size > len(buf):
                raise ProtoError("truncated length-delimited field")
            value, pos = bytes(buf[pos : pos + size]), pos + size
        elif wire_type in (FIXED64, FIXED32):
            width = 8 if wire_type == FIXED64 else 4
            if pos + width > len(buf):
                raise ProtoError("truncated fixed-width field")
            value, pos = int.from_bytes(buf[pos : pos + width], "little"), pos + width
        else:
            raise ProtoError(f"unsupported wire type {wire_type}")
        yield number, wire_type, value
