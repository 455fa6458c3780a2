"""The exe-unit's GSB messages, served at `/public/exeunit/<activityId>/<MessageId>`.

Message ids and bodies are yagna's (`ya-core-model` activity.rs); fields are
camelCase except in `StreamExecBatchResults`, which has no rename
(`activity_id`, `batch_id`). Replies are `{"Ok": item}` or `{"Err": RpcMessageError}`,
the error a one-key camelCase map (`{"notFound": "..."}`) or the string
`"timeout"`. A body that does not decode is a GSB failure (code 500,
"Bad content: ..."), as serde's failure is in the Rust service.

The state and usage messages are `GetActivityState` / `GetActivityUsage`
(the Rust structs are called GetState / GetUsage, their ids are not).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from golem_core.flexbuffers import CodecError, Flex, FlexValue, err, ok
from golem_core.gsb.calls import HandlerResult, IncomingCall, ServiceError
from golem_core.gsb.proto import CallReplyCode
from golem_core.gsb.router import GsbConnection
from golem_core.ids import BatchId
from golem_localnet.exeunit.batches import Batch
from golem_localnet.exeunit.config import ExeUnitConfig
from golem_localnet.exeunit.counters import UsageCounters
from golem_localnet.exeunit.executor import Executor
from golem_localnet.exeunit.script import ScriptError, parse_script

log = logging.getLogger(__name__)

EXEC = "Exec"
GET_EXEC_BATCH_RESULTS = "GetExecBatchResults"
STREAM_EXEC_BATCH_RESULTS = "StreamExecBatchResults"
GET_STATE = "GetActivityState"
GET_USAGE = "GetActivityUsage"
GET_RUNNING_COMMAND = "GetRunningCommand"
MESSAGES = (
    EXEC,
    GET_EXEC_BATCH_RESULTS,
    STREAM_EXEC_BATCH_RESULTS,
    GET_STATE,
    GET_USAGE,
    GET_RUNNING_COMMAND,
)


class Forbidden(Exception):
    pass


def bad_content(text: str) -> ServiceError:
    return ServiceError(f"Bad content: Serde Error: {text}", CallReplyCode.SERVICE_FAILURE)


def decode_body(call: IncomingCall) -> dict[str, FlexValue]:
    try:
        body = call.body
    except CodecError as exc:
        raise ServiceError(f"Bad content: Flexbuffer Read Error: {exc}") from exc
    if not isinstance(body, dict):
        raise bad_content(f"invalid type: expected a struct, got {body!r:.60}")
    return body


def field_str(body: dict[str, FlexValue], key: str) -> str:
    value = body.get(key)
    if value is None:
        raise bad_content(f"missing field `{key}`")
    if not isinstance(value, str):
        raise bad_content(f"invalid type for `{key}`: expected a string")
    return value


def field_number(body: dict[str, FlexValue], key: str) -> float | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad_content(f"invalid type for `{key}`: expected a number")
    return float(value)


def field_index(body: dict[str, FlexValue], key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise bad_content(f"invalid type for `{key}`: expected an unsigned integer")
    return value


class ExeUnitService:
    """Answers the requestor's (and its daemon's) messages about one activity."""

    def __init__(self, config: ExeUnitConfig, executor: Executor, counters: UsageCounters) -> None:
        self._config = config
        self._executor = executor
        self._counters = counters
        self._handlers: dict[str, Callable[[IncomingCall], Awaitable[HandlerResult]]] = {
            EXEC: self._exec,
            GET_EXEC_BATCH_RESULTS: self._batch_results,
            GET_STATE: self._state,
            GET_USAGE: self._usage,
            GET_RUNNING_COMMAND: self._running_command,
        }

    @property
    def addresses(self) -> list[str]:
        return [f"{self._config.service_prefix}/{message}" for message in MESSAGES]

    async def register(self, bus: GsbConnection) -> None:
        for address in self.addresses:
            await bus.register(address, self.handle)

    async def unregister(self, bus: GsbConnection) -> None:
        for address in self.addresses:
            try:
                await bus.unregister(address)
            except Exception as exc:  # best effort: we are leaving anyway
                log.debug("unregister %s: %r", address, exc)

    def handle(self, call: IncomingCall) -> Awaitable[HandlerResult] | AsyncIterator[Flex]:
        message = call.address.rsplit("/", 1)[-1]
        if message == STREAM_EXEC_BATCH_RESULTS:
            return self._stream(call)
        return self._dispatch(message, call)

    async def _dispatch(self, message: str, call: IncomingCall) -> HandlerResult:
        handler = self._handlers.get(message)
        if handler is None:
            raise ServiceError("endpoint address not found", CallReplyCode.BAD_REQUEST)
        try:
            return await handler(call)
        except Forbidden as exc:
            return err({"service": str(exc)})

    def _check_activity(self, activity_id: str) -> None:
        if activity_id != self._config.activity_id:
            raise Forbidden(f"Forbidden! Invalid activity id: {activity_id}")

    async def _exec(self, call: IncomingCall) -> HandlerResult:
        body = decode_body(call)
        self._check_activity(field_str(body, "activityId"))
        batch_id = BatchId(field_str(body, "batchId"))
        timeout = field_number(body, "timeout")
        if "exeScript" not in body:
            raise bad_content("missing field `exeScript`")
        try:
            commands = parse_script(body["exeScript"])
        except ScriptError as exc:
            raise bad_content(str(exc)) from exc
        if batch_id in self._executor.batches:
            return err({"badRequest": f"Batch {batch_id} already exists"})
        log.info("batch %s: %d commands", batch_id, len(commands))
        self._executor.start(Batch(batch_id, commands, timeout))
        return ok(batch_id)

    async def _batch_results(self, call: IncomingCall) -> HandlerResult:
        body = decode_body(call)
        self._check_activity(field_str(body, "activityId"))
        batch_id = field_str(body, "batchId")
        timeout = field_number(body, "timeout") or 0.0
        command_index = field_index(body, "commandIndex")
        batch = self._executor.batches.get(BatchId(batch_id))
        if batch is None:
            return err({"notFound": f"batch_id = {batch_id}"})
        if not batch.commands:
            return ok([])
        wait_for = len(batch.commands) - 1 if command_index is None else command_index
        finished = await batch.wait_finished(wait_for, timeout)
        if not finished and command_index is not None:
            return err("timeout")
        return ok(batch.results(command_index))

    async def _stream(self, call: IncomingCall) -> AsyncIterator[Flex]:
        body = decode_body(call)
        activity_id = field_str(body, "activity_id")
        batch_id = field_str(body, "batch_id")
        if activity_id != self._config.activity_id:
            text = f"Forbidden! Invalid activity id: {activity_id}"
            raise ServiceError(text, CallReplyCode.BAD_REQUEST)
        batch = self._executor.batches.get(BatchId(batch_id))
        if batch is None:
            raise ServiceError(f"Unknown batch: {batch_id}", CallReplyCode.BAD_REQUEST)
        async for event in batch.events():
            yield ok(event)

    async def _state(self, call: IncomingCall) -> HandlerResult:
        body = decode_body(call)
        self._check_activity(field_str(body, "activityId"))
        return ok({"state": self._executor.state.to_wire()})

    async def _usage(self, call: IncomingCall) -> HandlerResult:
        body = decode_body(call)
        self._check_activity(field_str(body, "activityId"))
        return ok({"currentUsage": self._counters.current(), "timestamp": int(time.time())})

    async def _running_command(self, call: IncomingCall) -> HandlerResult:
        body = decode_body(call)
        activity_id = field_str(body, "activityId")
        self._check_activity(activity_id)
        commands = self._executor.running_commands()
        if not commands:
            return err({"notFound": f"No running command within activity: {activity_id}"})
        return ok(list(commands))
