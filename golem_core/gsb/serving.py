"""Our side of incoming GSB calls: the prefix table and the tasks that run handlers.

Kept apart from the socket: it only needs a way to send a CallReply and to
know whether the connection is still open.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable

from golem_core.gsb.calls import (
    GsbClosed,
    Handler,
    HandlerResult,
    IncomingCall,
    RequestId,
    ServiceError,
    end_of_stream,
    error_reply,
    match_prefix,
    reply_packet,
)
from golem_core.gsb.proto import CallReply, CallReplyCode, CallRequest, ReplyType

__all__ = ["Services"]

log = logging.getLogger(__name__)


class Services:
    """Handlers by prefix; each incoming call runs in its own task."""

    def __init__(
        self, send: Callable[[CallReply], Awaitable[None]], is_open: Callable[[], bool]
    ) -> None:
        self.handlers: dict[str, Handler] = {}
        self._send = send
        self._is_open = is_open
        self._tasks: set[asyncio.Task[None]] = set()

    def dispatch(self, request: CallRequest) -> None:
        """Start serving `request` without blocking the packet reader."""
        task = asyncio.create_task(self._serve(request), name=f"gsb-serve {request.address}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def cancel_all(self) -> None:
        """Cancel running handlers, except the caller's own task (a handler may close us)."""
        for task in self._others():
            task.cancel()

    async def wait_all(self) -> None:
        await asyncio.gather(*self._others(), return_exceptions=True)

    def _others(self) -> list[asyncio.Task[None]]:
        current = asyncio.current_task()
        return [task for task in self._tasks if task is not current]

    async def _serve(self, request: CallRequest) -> None:
        """Run the handler owning the address; always answer unless no_reply or closed."""
        prefix = match_prefix(request.address, self.handlers)
        if prefix is None:
            text = f"no handler for {request.address}"
            with contextlib.suppress(GsbClosed):
                await self._reply(request, error_reply(request.request_id, 400, text))
            return
        call = IncomingCall(
            request.caller,
            request.address,
            RequestId(request.request_id),
            request.data,
            request.no_reply,
            prefix,
        )
        try:
            await self._run(self.handlers[prefix], call, request)
        except Exception as exc:
            if not self._is_open():
                log.debug("connection closed while serving %s: %r", request.address, exc)
                return
            if isinstance(exc, ServiceError):
                code, text = exc.code, exc.message
            else:
                log.exception("handler for %s failed", request.address)
                code, text = CallReplyCode.SERVICE_FAILURE, f"{type(exc).__name__}: {exc}"
            with contextlib.suppress(GsbClosed):
                await self._reply(request, error_reply(request.request_id, code, text))

    async def _run(self, handler: Handler, call: IncomingCall, request: CallRequest) -> None:
        produced = handler(call)
        result: HandlerResult
        if isinstance(produced, AsyncIterator):
            result = produced
        else:
            result = await produced
        request_id = request.request_id
        if not isinstance(result, AsyncIterator):
            await self._reply(request, reply_packet(request_id, result, ReplyType.FULL))
            return
        try:
            async for item in result:
                await self._reply(request, reply_packet(request_id, item, ReplyType.PARTIAL))
            await self._reply(request, end_of_stream(request_id))
        finally:
            if isinstance(result, AsyncGenerator):
                await result.aclose()  # at once, not whenever the GC gets to it

    async def _reply(self, request: CallRequest, reply: CallReply) -> None:
        if not request.no_reply:
            await self._send(reply)
