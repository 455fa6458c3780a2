"""Re-export of `golem_core.flexbuffers`: the codec moved there, since the
requestor's GSB API transfers need it too and golem_core may not import us."""

from golem_core.flexbuffers import (
    DEFAULT_MAX_INFLATED,
    ZLIB_LEVEL,
    CodecError,
    Err,
    ErrReply,
    Flex,
    FlexValue,
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

__all__ = [
    "DEFAULT_MAX_INFLATED",
    "ZLIB_LEVEL",
    "CodecError",
    "Err",
    "ErrReply",
    "Flex",
    "FlexValue",
    "Ok",
    "decode",
    "encode",
    "err",
    "has_zlib_header",
    "inflate_if_compressed",
    "is_blob",
    "ok",
    "parse_result",
    "unwrap_result",
]
