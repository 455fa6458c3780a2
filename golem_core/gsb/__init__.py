"""yagna's GSB router protocol in Python: packets (proto), bodies (codec), the client (router).

The local network's exe-unit, provider and gftp command speak it; golem_core's gftp
publisher too, where the daemon's router can be reached (golem_core.transfer._bus).
"""

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
from golem_core.gsb.calls import (
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
from golem_core.gsb.router import GsbConnection

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
