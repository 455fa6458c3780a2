"""Calls and replies on the GSB router, without I/O: types, errors, and the rules
the connection follows (URL form, request ids, prefix matching, reply packets)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import NewType, TypeAlias
from urllib.parse import urlsplit

import attrs

from golem_core.flexbuffers import Flex, FlexValue, decode, encode
from golem_core.gsb.proto import CallReply, CallReplyCode, ReplyType

__all__ = [
    "DEFAULT_GSB_PORT",
    "GsbCallError",
    "GsbClosed",
    "GsbError",
    "GsbRegisterError",
    "GsbTimeout",
    "Handler",
    "HandlerResult",
    "IncomingCall",
    "RawReply",
    "ReplyItem",
    "ReplyQueue",
    "RequestId",
    "ServiceError",
    "TcpEndpoint",
    "UnixEndpoint",
    "check_reply",
    "end_of_stream",
    "error_reply",
    "match_prefix",
    "new_request_id",
    "next_reply",
    "parse_gsb_url",
    "reply_packet",
]

RequestId = NewType("RequestId", str)
DEFAULT_GSB_PORT = 7464


# --- errors ---------------------------------------------------------------------


class GsbError(Exception):
    """Anything that went wrong talking to the GSB router."""


class GsbClosed(GsbError):
    """The router connection is gone (or was closed by us)."""


class GsbTimeout(GsbError, TimeoutError):
    """No answer in time. The router never times a call out itself, so we do."""

    def __init__(self, what: str, timeout: float) -> None:
        super().__init__(f"{what}: no reply within {timeout} s")
        self.what = what
        self.timeout = timeout


class GsbCallError(GsbError):
    """The router or the service answered a call with a non-zero code (400, 500, ...)."""

    def __init__(self, address: str, code: int, message: str) -> None:
        super().__init__(f"GSB call to {address} failed with code {code}: {message}")
        self.address = address
        self.code = code
        self.message = message


class GsbRegisterError(GsbError):
    """Register/unregister refused: 409 (held by some connection) or 404 (not ours)."""

    def __init__(self, prefix: str, code: int, message: str = "") -> None:
        text = f"registering {prefix!r} failed with code {code}"
        super().__init__(f"{text}: {message}" if message else text)
        self.prefix = prefix
        self.code = code


class ServiceError(Exception):
    """Raised by a handler to answer with this GSB code and text instead of a body."""

    def __init__(self, message: str, code: int = CallReplyCode.SERVICE_FAILURE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- serving --------------------------------------------------------------------


@attrs.frozen
class IncomingCall:
    """A CallRequest for one of our prefixes."""

    caller: str
    address: str
    request_id: RequestId
    data: bytes
    no_reply: bool
    prefix: str

    @property
    def body(self) -> FlexValue:
        """The decoded request body (zlib-wrapped or raw); decoded on each access."""
        return decode(self.data)


@attrs.frozen
class RawReply:
    """A reply whose bytes are sent as they are (e.g. pre-encoded or an error text)."""

    data: bytes
    code: int = CallReplyCode.OK


ReplyItem: TypeAlias = "Flex | RawReply"
HandlerResult: TypeAlias = "ReplyItem | AsyncIterator[ReplyItem]"
# An `async def` returning one reply item or an async iterator of stream items,
# or an async generator function (each yield is one PARTIAL reply).
Handler: TypeAlias = Callable[[IncomingCall], "Awaitable[HandlerResult] | AsyncIterator[ReplyItem]"]


def reply_packet(request_id: str, item: ReplyItem, reply_type: ReplyType) -> CallReply:
    """The CallReply carrying one handler result; plain values are FlexBuffers-encoded."""
    if isinstance(item, RawReply):
        return CallReply(request_id, item.code, reply_type, item.data)
    return CallReply(request_id, CallReplyCode.OK, reply_type, encode(item))


def end_of_stream(request_id: str) -> CallReply:
    """The empty FULL reply that ends a stream, as yagna's own services send it."""
    return CallReply(request_id, CallReplyCode.OK, ReplyType.FULL, b"")


def error_reply(request_id: str, code: int, message: str) -> CallReply:
    """A failed call: non-zero code, UTF-8 text as data (never compressed)."""
    return CallReply(request_id, code, ReplyType.FULL, message.encode("utf-8"))


def match_prefix(address: str, prefixes: Iterable[str]) -> str | None:
    """The longest prefix that owns `address` on a `/` boundary, like the router's lookup."""
    best: str | None = None
    for prefix in prefixes:
        stem = prefix.rstrip("/")
        if (address == prefix or address.startswith(stem + "/")) and (
            best is None or len(prefix) > len(best)
        ):
            best = prefix
    return best


# --- calling --------------------------------------------------------------------


def new_request_id() -> RequestId:
    """A random id: the router keys replies by request id alone, across all callers."""
    return RequestId(uuid.uuid4().hex)


def check_reply(address: str, reply: CallReply) -> CallReply:
    """Raise GsbCallError for a non-zero code (data is then UTF-8 error text)."""
    if reply.code != CallReplyCode.OK:
        raise GsbCallError(address, reply.code, reply.data.decode("utf-8", errors="replace"))
    return reply


class _Expired:
    """What a call's timer queues when its reply is late (one instance per wait)."""


# a pending call's replies; None: the connection closed
ReplyQueue: TypeAlias = "asyncio.Queue[CallReply | _Expired | None]"


async def next_reply(queue: ReplyQueue, address: str, timeout: float) -> CallReply:
    """The call's next reply (checked); GsbTimeout after `timeout` s, GsbClosed on None.

    A timer queues an expiry: asyncio.wait_for would (before 3.12) run the wait as a
    task of its own, a task per call and dozens of calls per file transfer."""
    expired = _Expired()
    timer = asyncio.get_running_loop().call_later(timeout, queue.put_nowait, expired)
    try:
        while isinstance(reply := await queue.get(), _Expired):
            if reply is expired:
                raise GsbTimeout(f"GSB call to {address}", timeout)
            # else an earlier wait's timer went off as its reply came: stale
    finally:
        timer.cancel()
    if reply is None:
        raise GsbClosed(f"GSB connection closed during the call to {address}")
    return check_reply(address, reply)


# --- where the router is ----------------------------------------------------------


@attrs.frozen
class TcpEndpoint:
    host: str
    port: int


@attrs.frozen
class UnixEndpoint:
    path: str


def parse_gsb_url(url: str) -> TcpEndpoint | UnixEndpoint:
    """`tcp://host[:port]` (port defaults to 7464, as in yagna) or `unix:/path`."""
    parts = urlsplit(url)
    if parts.scheme == "tcp":
        if not parts.hostname:
            raise ValueError(f"GSB URL without a host: {url!r}")
        return TcpEndpoint(parts.hostname, parts.port or DEFAULT_GSB_PORT)
    if parts.scheme == "unix":
        path = parts.path or parts.netloc
        if not path:
            raise ValueError(f"GSB URL without a socket path: {url!r}")
        return UnixEndpoint(path)
    raise ValueError(f"unsupported GSB URL scheme in {url!r} (expected tcp:// or unix:)")
