"""yagna's GSB router protocol in Python: packets (proto), bodies (codec), the client (router)."""

from golem_core.flexbuffers import (
    CodecError,
    ErrReply,
    Flex,
    FlexValue,
    decode,
    encode,
    err,
    ok,
    unwrap_result,
)
from golem_localnet.gsb.calls import (
    GsbCallError,
    GsbClosed,
    GsbError,
    GsbRegisterError,
    GsbTimeout,
    Handler,
    HandlerResult,
    IncomingCall,
    RawReply,
    ReplyItem,
    RequestId,
    ServiceError,
)
from golem_localnet.gsb.router import GsbConnection

__all__ = [
    "CodecError",
    "ErrReply",
    "Flex",
    "FlexValue",
    "GsbCallError",
    "GsbClosed",
    "GsbConnection",
    "GsbError",
    "GsbRegisterError",
    "GsbTimeout",
    "Handler",
    "HandlerResult",
    "IncomingCall",
    "RawReply",
    "ReplyItem",
    "RequestId",
    "ServiceError",
    "decode",
    "encode",
    "err",
    "ok",
    "unwrap_result",
]
