"""GSB message bodies: FlexBuffers (serde's `flex` format), maybe zlib-wrapped.

Pure functions, no I/O. yagna serializes every body with serde FlexBuffers and,
under hybrid net, zlib-compresses what the daemon itself serializes; readers
try zlib first and fall back to raw, and so do we. A lone first byte 0x78 is
not proof of zlib (a raw map whose first key starts with `x` begins `7800`),
so we check the whole two-byte zlib header and still fall back if inflating fails.

Python -> FlexBuffers mapping: None -> Null, bool, int (u64 above i64 range),
float, str -> String, bytes-like -> Blob (what serde_bytes fields such as gftp
`content` need; pass a list of ints for a plain `Vec<u8>`), list/tuple -> Vector,
mapping with str keys -> Map (keys sorted by the builder, as readers require).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping, Sequence
from typing import TypeAlias, cast

import attrs
from flatbuffers import flexbuffers

from golem_core import _flex_reader, _flex_writer

# What `encode` accepts (read-only containers, so list[str] etc. fit).
Flex: TypeAlias = (
    "bool | int | float | str | bytes | bytearray | memoryview"
    " | Sequence[Flex] | Mapping[str, Flex] | None"
)
# What `decode` returns.
FlexValue: TypeAlias = (
    "bool | int | float | str | bytes | list[FlexValue] | dict[str, FlexValue] | None"
)

# yagna's `set_compress(true)` uses flate2's default level.
ZLIB_LEVEL = 6
# Inflating more than this is refused: no real message is near it.
DEFAULT_MAX_INFLATED = 256 * 1024 * 1024
_MAX_DEPTH = 200
_I64_MIN = -(1 << 63)
_U64_END = 1 << 64


class CodecError(ValueError):
    """A value that cannot be encoded, or bytes that are not a FlexBuffers body."""


# --- encoding -----------------------------------------------------------------


def encode(value: Flex, *, compress: bool = False) -> bytes:
    """FlexBuffers bytes of `value`, zlib-wrapped when `compress` (as a hybrid-net daemon does)."""
    _check(value, 0)  # first: the builder's context managers would mask errors raised inside
    raw = _flex_writer.write(value)  # flatbuffers' Builder's bytes (`builder_encode`), faster
    return zlib.compress(raw, ZLIB_LEVEL) if compress else raw


def builder_encode(value: Flex) -> bytes:
    """`encode` by flatbuffers' own Builder: the reference `_flex_writer` is tested against."""
    _check(value, 0)
    builder = flexbuffers.Builder()
    _add(builder, value)
    return bytes(builder.Finish())


def _check(value: object, depth: int) -> None:
    """Raise CodecError for anything `_add` cannot write."""
    if depth > _MAX_DEPTH:
        raise CodecError("value nested too deeply")
    if value is None or isinstance(value, (bool, float, str, bytes, bytearray, memoryview)):
        return
    if isinstance(value, int):
        if not _I64_MIN <= value < _U64_END:
            raise CodecError(f"integer {value} does not fit in 64 bits")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise CodecError(f"map key {key!r} is not a str")
            if not key.isascii() or "\x00" in key:
                raise CodecError(f"map key {key!r} must be ASCII without NUL")
            _check(item, depth + 1)
    elif isinstance(value, Sequence):
        for item in value:
            _check(item, depth + 1)
    else:
        raise CodecError(f"no FlexBuffers form for {type(value).__name__}")


def _float_width(value: float) -> int:
    """4 bytes when f32 holds the value exactly, else 8 (the library overflows on big floats)."""
    try:
        narrow = struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:
        return 8
    return 4 if narrow == value else 8


def _add(builder: flexbuffers.Builder, value: object) -> None:
    if value is None:
        builder.Null()
    elif isinstance(value, bool):
        builder.Bool(value)
    elif isinstance(value, int):
        if value >= 1 << 63:
            builder.UInt(value)
        else:
            builder.Int(value)
    elif isinstance(value, float):
        builder.Float(value, _float_width(value))
    elif isinstance(value, str):
        builder.String(value)
    elif isinstance(value, (bytes, bytearray, memoryview)):
        builder.Blob(bytes(value))
    elif isinstance(value, Mapping):
        with builder.Map():
            for key, item in value.items():
                builder.Key(key)
                _add(builder, item)
    else:
        assert isinstance(value, Sequence)
        with builder.Vector():
            for item in value:
                _add(builder, item)


# --- decoding -----------------------------------------------------------------


def has_zlib_header(data: bytes) -> bool:
    """True when the first two bytes form a valid zlib header (RFC 1950: deflate, checksum)."""
    if len(data) < 2:
        return False
    cmf, flg = data[0], data[1]
    return cmf & 0x0F == 8 and cmf >> 4 <= 7 and (cmf << 8 | flg) % 31 == 0


def inflate_if_compressed(data: bytes, max_size: int = DEFAULT_MAX_INFLATED) -> bytes:
    """The raw FlexBuffers bytes: inflated if `data` is a zlib stream, else `data` itself."""
    if not has_zlib_header(data):
        return data
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, max_size)
    except zlib.error:
        return data  # a raw body whose first bytes only look like a header
    if inflater.unconsumed_tail:
        raise CodecError(f"zlib body inflates beyond {max_size} bytes")
    if not inflater.eof:
        return data
    return out


def decode(data: bytes, max_size: int = DEFAULT_MAX_INFLATED) -> FlexValue:
    """The Python value of a body, compressed or not."""
    raw = inflate_if_compressed(bytes(data), max_size)
    if len(raw) < 3:
        raise CodecError(f"body of {len(raw)} bytes is too short for FlexBuffers")
    try:
        return cast(FlexValue, _flex_reader.read(raw))
    except Exception:
        pass
    try:
        value = flexbuffers.Loads(raw)
    except Exception as exc:  # the reader signals bad input with any exception type
        raise CodecError(f"not a FlexBuffers body ({type(exc).__name__}: {exc})") from exc
    return cast(FlexValue, value)


def is_blob(data: bytes) -> bool:
    """Whether the root of a (raw or compressed) body is a Blob, not a vector of ints."""
    root = flexbuffers.GetRoot(inflate_if_compressed(bytes(data)))
    return bool(root.IsBlob)


# --- the Result envelope -------------------------------------------------------


def ok(value: Flex) -> dict[str, Flex]:
    """serde's `Result::Ok(value)`: the body of a successful RPC reply."""
    return {"Ok": value}


def err(error: Flex) -> dict[str, Flex]:
    """serde's `Result::Err(error)`: an application error reply (still GSB code 0)."""
    return {"Err": error}


@attrs.frozen
class Ok:
    value: FlexValue


@attrs.frozen
class Err:
    error: FlexValue


class ErrReply(Exception):
    """The service answered `{"Err": ...}`; `error` holds the decoded error value."""

    def __init__(self, error: FlexValue) -> None:
        super().__init__(f"service answered Err: {error!r}")
        self.error = error


def parse_result(decoded: FlexValue) -> Ok | Err:
    """Split a decoded reply into Ok/Err; anything else is not a Result envelope."""
    if isinstance(decoded, dict) and len(decoded) == 1:
        if "Ok" in decoded:
            return Ok(decoded["Ok"])
        if "Err" in decoded:
            return Err(decoded["Err"])
    raise CodecError(f"not a Result envelope: {decoded!r:.200}")


def unwrap_result(decoded: FlexValue) -> FlexValue:
    """The Ok value; raises ErrReply for an Err."""
    result = parse_result(decoded)
    if isinstance(result, Err):
        raise ErrReply(result.error)
    return result.value
