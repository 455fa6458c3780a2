"""A bound GSB API prefix whose calls one background task answers, one at a time.

The task owns the WebSocket (it is opened and closed in the same task, as
httpx-ws requires on https). It reads a call, asks the synchronous `handler` for the
outcome and sends the answer; a handler that raises gets the call answered
with an InternalError, so the caller on the other node is never left waiting.
Closing unbinds first, which makes the daemon close the socket (1000) and
fail the calls still pending; the task then ends by itself. A close frame of
ours is never answered by yagna's GSB API (its socket handler, on a client's
close, waits for a message that only it could handle), so when we end the
socket ourselves (a start cancelled while the socket opened) the connection
is dropped after our frame, with no wait for an answer that does not come.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from golem_core._api import YagnaApi
from golem_core._api.gsb import (
    GSB_SUBPROTOCOL,
    ServiceBinding,
    WebSocket,
    WebSocketClosed,
    bind,
    open_websocket,
    unbind,
)
from golem_core.exceptions import GolemError, NotFoundError
from golem_core.transfer._envelope import (
    EnvelopeError,
    Failure,
    FrameTooLarge,
    GsbCall,
    Outcome,
    encode_answer,
    parse_call,
)
from golem_core.transfer._gftp import internal_error
from golem_core.transfer._publication import MAX_CHUNK

logger = logging.getLogger(__name__)

Handler = Callable[[GsbCall], Outcome]
# Called once when the socket is gone: None after our own close, else why it ended.
OnEnded = Callable[[BaseException | None], None]

DEFAULT_TIMEOUT = 15.0


class GsbService:
    """Serves `binding` until closed; start with `GsbService.start`."""

    max_chunk = MAX_CHUNK  # what fits in one answer frame

    def __init__(self, api: YagnaApi, binding: ServiceBinding) -> None:
        self.api = api
        self.binding = binding
        self.calls_answered = 0
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    def __repr__(self) -> str:
        state = "closed" if self._closing else "serving"
        return f"GsbService({self.binding.address!r}, {state}, answered={self.calls_answered})"

    @classmethod
    async def start(
        cls,
        api: YagnaApi,
        address: str,
        components: Sequence[str],
        handler: Handler,
        on_ended: OnEnded,
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> GsbService:
        """Bind `address` and return once its WebSocket is open."""
        binding = await bind(api, address, components, timeout=timeout)
        service = cls(api, binding)
        ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        service._task = asyncio.create_task(
            service._run(handler, on_ended, ready, timeout), name=f"gsb-service {address}"
        )
        try:
            await ready
        except BaseException:
            await service.close(timeout)
            raise
        return service

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def close(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Unbind and wait for the serving task to end (cancel it if it does not)."""
        if self._closing:
            return
        self._closing = True
        try:
            await unbind(self.api, self.binding.services_id, timeout=timeout)
        except NotFoundError:
            pass  # already gone: the daemon restarted, or someone else unbound it
        except GolemError as error:
            logger.warning("unbinding %s failed: %s", self.binding.address, error)
        task = self._task
        if task is None:
            return
        _, pending = await asyncio.wait({task}, timeout=timeout)
        if pending:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _run(
        self,
        handler: Handler,
        on_ended: OnEnded,
        ready: asyncio.Future[None],
        timeout: float,
    ) -> None:
        ended: BaseException | None = None
        try:
            async with open_websocket(
                self.api.gsb.get_async_httpx_client(),
                f"/services/{self.binding.services_id}",
                operation=f"serve {self.binding.address}",
                subprotocols=[GSB_SUBPROTOCOL],
                connect_timeout=timeout,
                close_answered=False,
            ) as socket:
                if ready.done():  # start() was cancelled meanwhile
                    return
                ready.set_result(None)
                await self._serve(socket, handler)
        except WebSocketClosed as closed:
            ended = closed
        except Exception as error:
            if not ready.done():
                ready.set_exception(error)
                return
            if ready.cancelled():  # start() gave up and unbound while the socket opened
                logger.debug("%s: not served: %s", self.binding.address, error)
                return
            logger.exception("serving %s failed", self.binding.address)
            ended = error
        finally:
            if not ready.done():  # cancelled before the socket opened
                ready.cancel()
        on_ended(None if self._closing else ended)

    async def _serve(self, socket: WebSocket, handler: Handler) -> None:
        while True:
            frame = await socket.receive()
            try:
                call = parse_call(frame)
            except EnvelopeError as error:
                logger.warning("%s: unreadable GSB call: %s", self.binding.address, error)
                if error.call_id is not None:
                    await socket.send(
                        encode_answer(error.call_id, Failure(internal_error(str(error))))
                    )
                continue
            try:
                outcome = handler(call)
            except Exception as error:
                logger.exception("%s: handling %s failed", self.binding.address, call.component)
                outcome = Failure(internal_error(f"{call.component} failed: {error!r}"))
            try:
                answer = encode_answer(call.id, outcome)
            except FrameTooLarge as error:
                logger.error("%s: %s", self.binding.address, error)
                answer = encode_answer(call.id, Failure(internal_error(str(error))))
            await socket.send(answer)
            self.calls_answered += 1
