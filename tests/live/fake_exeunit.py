"""A scripted stand-in for an exe-unit, served on the provider daemon's GSB router.

It binds `/public/exeunit/<activityId>` as yagna's exe-unit does and answers the
three messages a requestor's batch calls turn into: `Exec`, `GetExecBatchResults`
(waits for `commandIndex` up to `timeout`, answers the `timeout` error, which the
requestor's daemon turns into 408) and `StreamExecBatchResults` (runtime events).

Nothing runs. A `run` command acts by its entry point:
- `/bin/echo`: prints its arguments (stdout) and succeeds;
- `/bin/false`: prints `boom` on stderr and exits 1;
- `/bin/hang`: never finishes, until a batch with `terminate` arrives.
Every other command succeeds at once. Unlike the real exe-unit, a new stream
reader gets the batch's events from the start, so tests never race the batch.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timezone
from typing import Any

import attrs

from golem_core.gsb import Flex, GsbConnection, HandlerResult, IncomingCall, err, ok

TIMEOUT_ERROR = "timeout"  # RpcMessageError::Timeout, a unit variant


@attrs.define
class FakeBatch:
    batch_id: str
    commands: list[Any]
    results: list[dict[str, Flex]] = attrs.field(factory=list)
    events: list[dict[str, Flex]] = attrs.field(factory=list)
    done: bool = False


def _more_than(batch: FakeBatch, sent: int) -> Callable[[], bool]:
    """Whether a stream reader that has `sent` events has anything more to do."""
    return lambda: len(batch.events) > sent or batch.done


def _naive_now() -> str:
    """chrono's NaiveDateTime: UTC without an offset."""
    return datetime.now(timezone.utc).replace(tzinfo=None).isoformat()


class FakeExeUnit:
    def __init__(self, activity_id: str) -> None:
        self.activity_id = activity_id
        self.prefix = f"/public/exeunit/{activity_id}"
        self.batches: dict[str, FakeBatch] = {}
        # every message as it came: (message name, decoded body)
        self.received: list[tuple[str, Any]] = []
        self._changed = asyncio.Condition()
        self._terminate = asyncio.Event()
        self._runners: set[asyncio.Task[None]] = set()

    async def serve(self, bus: GsbConnection) -> None:
        await bus.register(self.prefix, self._handle)

    async def aclose(self) -> None:
        for task in self._runners:
            task.cancel()
        await asyncio.gather(*self._runners, return_exceptions=True)

    async def _handle(self, call: IncomingCall) -> HandlerResult:
        message = call.address.rsplit("/", 1)[-1]
        body: Any = call.body
        self.received.append((message, body))
        if message == "Exec":
            return await self._exec(body)
        if message == "GetExecBatchResults":
            return await self._results(body)
        if message == "StreamExecBatchResults":
            return self._stream(body)
        return err({"badRequest": f"the fake exe-unit does not serve {message}"})

    async def _exec(self, body: dict[str, Any]) -> Flex:
        batch = FakeBatch(body["batchId"], list(body["exeScript"]))
        self.batches[batch.batch_id] = batch
        if any("terminate" in command for command in batch.commands):
            self._terminate.set()
        runner = asyncio.create_task(self._run(batch))
        self._runners.add(runner)
        runner.add_done_callback(self._runners.discard)
        return ok(batch.batch_id)

    async def _results(self, body: dict[str, Any]) -> Flex:
        batch = self.batches.get(body["batchId"])
        if batch is None:
            return err({"notFound": f"batch_id = {body['batchId']}"})
        wanted = body.get("commandIndex")
        index = len(batch.commands) - 1 if wanted is None else wanted
        timeout = body.get("timeout") or 0.0
        async with self._changed:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: len(batch.results) > index), timeout
                )
        if len(batch.results) <= index and wanted is not None:
            return err(TIMEOUT_ERROR)
        return ok(batch.results[: index + 1])

    async def _stream(self, body: dict[str, Any]) -> AsyncIterator[Flex]:
        batch = self.batches[body["batch_id"]]
        sent = 0
        while True:
            async with self._changed:
                await self._changed.wait_for(_more_than(batch, sent))
                fresh = batch.events[sent:]
            for event in fresh:
                yield ok(event)
            sent += len(fresh)
            if batch.done and sent == len(batch.events):
                return

    async def _run(self, batch: FakeBatch) -> None:
        for index, command in enumerate(batch.commands):
            await self._event(batch, index, {"started": {"command": command}})
            code, stdout, stderr, message = 0, None, None, None
            if "run" in command:
                entry, args = command["run"]["entry_point"], command["run"]["args"]
                if entry == "/bin/echo":
                    stdout = " ".join(args) + "\n"
                elif entry == "/bin/false":
                    code, stderr, message = 1, "boom\n", "process exited with code 1"
                elif entry == "/bin/hang":
                    await self._terminate.wait()
                    batch.done = True
                    await self._notify()
                    return
            if stdout is not None:
                await self._event(batch, index, {"stdout": stdout})
            if stderr is not None:
                await self._event(batch, index, {"stderr": stderr})
            await self._finish(batch, index, code, stdout, stderr, message)
            if code != 0:
                break
        batch.done = True
        await self._notify()

    async def _event(self, batch: FakeBatch, index: int, kind: dict[str, Flex]) -> None:
        batch.events.append(
            {"batch_id": batch.batch_id, "index": index, "timestamp": _naive_now(), "kind": kind}
        )
        await self._notify()

    async def _finish(
        self,
        batch: FakeBatch,
        index: int,
        code: int,
        stdout: str | None,
        stderr: str | None,
        message: str | None,
    ) -> None:
        finished = {"return_code": code, "message": message}
        batch.events.append(
            {
                "batch_id": batch.batch_id,
                "index": index,
                "timestamp": _naive_now(),
                "kind": {"finished": finished},
            }
        )
        batch.results.append(
            {
                "index": index,
                "result": "Ok" if code == 0 else "Error",
                "stdout": stdout,
                "stderr": stderr,
                "message": message,
                "isBatchFinished": index == len(batch.commands) - 1 or code != 0,
                "eventDate": datetime.now(timezone.utc).isoformat(),
            }
        )
        await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()
