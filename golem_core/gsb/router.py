"""asyncio client of the GSB router that every yagna daemon hosts (`GSB_URL`).

One `GsbConnection` is one socket. It sends Hello (always: a connection that
never did is never cleaned up by the router), calls addresses with its own
timeouts (the router has none), serves registered prefixes, and answers the
router's Ping with Pong so it is not dropped after ~20 s of silence.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Protocol, TypeVar

from golem_core._quick_ack import quick_ack, tcp_socket_of
from golem_core.flexbuffers import Flex, FlexValue, decode, encode
from golem_core.gsb.calls import (
    GsbCallError,
    GsbClosed,
    GsbError,
    GsbRegisterError,
    GsbTimeout,
    Handler,
    ReplyQueue,
    RequestId,
    TcpEndpoint,
    new_request_id,
    next_reply,
    parse_gsb_url,
)
from golem_core.gsb.proto import (
    DEFAULT_MAX_FRAME,
    CallReply,
    CallRequest,
    FrameDecoder,
    Hello,
    Message,
    Ping,
    Pong,
    ProtoError,
    RegisterReply,
    RegisterRequest,
    ReplyType,
    UnregisterReply,
    UnregisterRequest,
    decode_packet,
    encode_frame,
)
from golem_core.gsb.serving import Services

__all__ = ["CLIENT_NAME", "CLIENT_VERSION", "LOCAL_CALLER", "FrameWriter", "GsbConnection"]

log = logging.getLogger(__name__)

CLIENT_NAME = "golem-localnet"
CLIENT_VERSION = "0.1.0"
# the caller text yagna's own in-process callers use
LOCAL_CALLER = "local"
_READ_SIZE = 256 * 1024

_Reply = TypeVar("_Reply", RegisterReply, UnregisterReply)


class FrameWriter(Protocol):
    """The part of asyncio.StreamWriter the connection uses."""

    def write(self, data: bytes) -> None: ...
    async def drain(self) -> None: ...
    def close(self) -> None: ...
    async def wait_closed(self) -> None: ...


class GsbConnection:
    """A client connection to the GSB router; use `connect()` or `async with`."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: FrameWriter,
        *,
        instance_id: bytes | None = None,
        caller: str = LOCAL_CALLER,
        max_frame: int = DEFAULT_MAX_FRAME,
    ) -> None:
        self._reader = reader
        self._writer = writer
        self.instance_id = instance_id or uuid.uuid4().bytes
        self.caller = caller
        self._max_frame = max_frame
        self.router_hello: Hello | None = None
        self._hello_seen = asyncio.Event()
        self._closed = asyncio.Event()
        self._closing = False
        self._drain_lock = asyncio.Lock()
        self._services = Services(self._send, lambda: not self.closed and not self._closing)
        self._pending: dict[str, ReplyQueue] = {}
        self._register_waiters: collections.deque[asyncio.Future[RegisterReply]] = (
            collections.deque()
        )
        self._unregister_waiters: collections.deque[asyncio.Future[UnregisterReply]] = (
            collections.deque()
        )
        self._read_task: asyncio.Task[None] | None = None

    @classmethod
    async def connect(
        cls, url: str, *, timeout: float = 10.0, caller: str = LOCAL_CALLER
    ) -> GsbConnection:
        """Open a connection to `url` (tcp://127.0.0.1:PORT) and say Hello."""
        endpoint = parse_gsb_url(url)
        try:
            if isinstance(endpoint, TcpEndpoint):
                opening = asyncio.open_connection(endpoint.host, endpoint.port)
            else:
                opening = asyncio.open_unix_connection(endpoint.path)
            reader, writer = await asyncio.wait_for(opening, timeout)
        except (OSError, asyncio.TimeoutError) as exc:
            raise GsbError(f"cannot connect to the GSB router at {url}: {exc!r}") from exc
        connection = cls(reader, writer, caller=caller)
        await connection.start(timeout)
        return connection

    async def start(self, timeout: float = 10.0) -> None:
        """Start reading, send our Hello, and wait for the router's (it sends one at once)."""
        self._read_task = asyncio.create_task(self._read_loop(), name="gsb-read")
        hello = asyncio.create_task(self._hello_seen.wait())
        closed = asyncio.create_task(self._closed.wait())
        try:
            await self._send(Hello(CLIENT_NAME, CLIENT_VERSION, self.instance_id))
            done, _ = await asyncio.wait(
                {hello, closed}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
        except BaseException:
            await self.aclose()
            raise
        finally:
            hello.cancel()
            closed.cancel()
        if self.router_hello is None:
            await self.aclose()
            why = "closed the connection" if done else f"sent no Hello within {timeout} s"
            raise GsbError(f"GSB router {why}")

    async def __aenter__(self) -> GsbConnection:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    async def wait_closed(self) -> None:
        """Returns once the connection is gone, for whatever reason."""
        await self._closed.wait()

    async def aclose(self) -> None:
        """Stop serving, fail pending calls with GsbClosed, close the socket."""
        if self._closing:
            await self._closed.wait()
            return
        self._closing = True
        self._services.cancel_all()
        self._writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await self._writer.wait_closed()
        if self._read_task is not None:
            self._read_task.cancel()
            await asyncio.gather(self._read_task, return_exceptions=True)
        await self._services.wait_all()
        self._mark_closed("closed by us")

    # --- calling ------------------------------------------------------------------

    async def call(
        self, address: str, body: Flex, *, timeout: float, caller: str | None = None
    ) -> FlexValue:
        """Call `address` with `body` FlexBuffers-encoded; the decoded reply (an Ok/Err map
        for yagna services: see codec.unwrap_result)."""
        data = await self.call_raw(address, encode(body), timeout=timeout, caller=caller)
        if not data:
            # what a caller gets when the service went away mid-call: no value at all
            raise GsbCallError(address, 0, "empty reply (the service is gone)")
        return decode(data)

    async def call_raw(
        self, address: str, data: bytes, *, timeout: float, caller: str | None = None
    ) -> bytes:
        """One request, one FULL reply; its data bytes as they came (maybe zlib)."""
        request_id, queue = self._open_call()
        try:
            await self._send(CallRequest(caller or self.caller, address, request_id, data))
            reply = await next_reply(queue, address, timeout)
            if reply.reply_type == ReplyType.PARTIAL:
                raise GsbError(f"call to {address} got a streamed reply; use call_stream")
            return reply.data
        finally:
            self._pending.pop(request_id, None)

    async def call_stream(
        self, address: str, body: Flex, *, timeout: float, caller: str | None = None
    ) -> AsyncIterator[FlexValue]:
        """Decoded stream items until the final FULL; `timeout` bounds the wait for each item."""
        data = encode(body)
        async for item in self.call_stream_raw(address, data, timeout=timeout, caller=caller):
            yield decode(item)

    async def call_stream_raw(
        self, address: str, data: bytes, *, timeout: float, caller: str | None = None
    ) -> AsyncIterator[bytes]:
        """The request is sent on first iteration; PARTIAL data, then a non-empty FULL's data.

        Leaving early? Close the iterator (`contextlib.aclosing`) so its bookkeeping goes now."""
        request_id, queue = self._open_call()
        try:
            await self._send(CallRequest(caller or self.caller, address, request_id, data))
            while True:
                reply = await next_reply(queue, address, timeout)
                if reply.reply_type == ReplyType.PARTIAL:
                    yield reply.data
                    continue
                if reply.data:  # an empty FULL only marks the end
                    yield reply.data
                return
        finally:
            self._pending.pop(request_id, None)

    async def send_raw(self, address: str, data: bytes, *, caller: str | None = None) -> None:
        """A one-way call (no_reply): the service runs it, nobody answers."""
        self._check_open()
        request = CallRequest(caller or self.caller, address, new_request_id(), data, True)
        await self._send(request)

    def _open_call(self) -> tuple[RequestId, ReplyQueue]:
        self._check_open()
        request_id = new_request_id()
        queue: ReplyQueue = asyncio.Queue()
        self._pending[request_id] = queue
        return request_id, queue

    # --- serving ------------------------------------------------------------------

    async def register(self, prefix: str, handler: Handler, *, timeout: float = 10.0) -> None:
        """Serve every address under `prefix` (on `/` boundaries) with `handler`.

        Raises GsbRegisterError (409) if any connection holds `prefix` already."""
        if prefix in self._services.handlers:
            raise GsbRegisterError(prefix, 409, "already registered on this connection")
        # in the table first: a call may arrive right behind the RegisterReply
        self._services.handlers[prefix] = handler
        try:
            reply = await self._ask(
                self._register_waiters, RegisterRequest(prefix), f"register {prefix}", timeout
            )
        except BaseException:
            self._services.handlers.pop(prefix, None)
            raise
        if reply.code != 0:
            self._services.handlers.pop(prefix, None)
            raise GsbRegisterError(prefix, reply.code, reply.message)

    async def unregister(self, prefix: str, *, timeout: float = 10.0) -> None:
        """Stop serving `prefix`; calls already running finish."""
        request = UnregisterRequest(prefix)
        try:
            reply = await self._ask(
                self._unregister_waiters, request, f"unregister {prefix}", timeout
            )
        finally:
            self._services.handlers.pop(prefix, None)
        if reply.code != 0:
            raise GsbRegisterError(prefix, reply.code, "not registered by this connection")

    async def _ask(
        self,
        waiters: collections.deque[asyncio.Future[_Reply]],
        request: Message,
        what: str,
        timeout: float,
    ) -> _Reply:
        """Send a request whose reply comes back in FIFO order with others of its kind."""
        self._check_open()
        future: asyncio.Future[_Reply] = asyncio.get_running_loop().create_future()
        waiters.append(future)  # stays queued on timeout, to keep FIFO matching right
        try:
            await self._send(request)
        except BaseException:
            future.cancel()  # its reply, if any, is skipped
            raise
        try:
            return await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            raise GsbTimeout(what, timeout) from None

    # --- the socket ---------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closing or self._closed.is_set():
            raise GsbClosed("GSB connection is closed")

    async def _send(self, message: Message) -> None:
        self._check_open()
        self._writer.write(encode_frame(message))  # one write per frame: frames never mix
        try:
            async with self._drain_lock:
                await self._writer.drain()
        except (ConnectionError, OSError) as exc:
            raise GsbClosed(f"GSB connection lost: {exc!r}") from exc

    async def _read_loop(self) -> None:
        frames = FrameDecoder(self._max_frame)
        reason = "router closed the connection"
        tcp = tcp_socket_of(self._writer)
        try:
            while chunk := await self._reader.read(_READ_SIZE):
                if tcp is not None:
                    quick_ack(tcp)
                for body in frames.feed(chunk):
                    try:
                        packet = decode_packet(body)
                    except ProtoError as exc:
                        log.warning("skipping an undecodable GSB packet: %s", exc)
                        continue
                    self._dispatch(packet)
        except ProtoError as exc:  # framing is lost: nothing after this can be trusted
            reason = f"bad frame from router: {exc}"
            log.error("%s", reason)
            self._writer.close()
        except (ConnectionError, OSError) as exc:
            reason = f"connection lost: {exc!r}"
        finally:
            self._mark_closed("closed by us" if self._closing else reason)

    def _dispatch(self, packet: object) -> None:
        if isinstance(packet, CallReply):
            queue = self._pending.get(packet.request_id)
            if queue is None:
                log.debug("reply for unknown or finished request %s", packet.request_id)
            else:
                queue.put_nowait(packet)
        elif isinstance(packet, CallRequest):
            self._services.dispatch(packet)
        elif isinstance(packet, Ping):
            # Pong, never Ping: the router answers a Ping with a Ping
            if not self._closing:
                self._writer.write(encode_frame(Pong()))
        elif isinstance(packet, RegisterReply):
            _resolve(self._register_waiters, packet)
        elif isinstance(packet, UnregisterReply):
            _resolve(self._unregister_waiters, packet)
        elif isinstance(packet, Hello):
            if self.router_hello is None:
                self.router_hello = packet
                self._hello_seen.set()
        else:
            log.debug("ignoring GSB packet %r", packet)

    def _mark_closed(self, reason: str) -> None:
        if self._closed.is_set():
            return
        log.debug("GSB connection closed: %s", reason)
        self._closed.set()
        if not self._closing:  # dropped by the router: replies cannot be delivered any more
            self._services.cancel_all()
        for queue in self._pending.values():
            queue.put_nowait(None)
        for waiters in (self._register_waiters, self._unregister_waiters):
            while waiters:
                future = waiters.popleft()
                if not future.done():
                    future.set_exception(GsbClosed(f"GSB connection closed: {reason}"))


def _resolve(waiters: collections.deque[asyncio.Future[_Reply]], reply: _Reply) -> None:
    if not waiters:
        log.warning("unexpected %r from router", reply)
        return
    future = waiters.popleft()
    if not future.done():  # its asker timed out; the reply was still its own
        future.set_result(reply)
