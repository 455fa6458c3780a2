"""Batch bookkeeping: per-command results, waiters for results, RuntimeEvent streams.

Semantics of the real exe-unit (`state.rs`, `handlers/rpc.rs`) that requestors see:

- A command gets a record when it starts; `results(i)` lists finished commands
  from 0 up to `i` (default: the last), stopping at the first unfinished one.
  With an explicit index only that command's result carries its output, and it
  is marked `isBatchFinished` (a quirk kept on purpose); otherwise the last
  command or the first Error is.
- A waiter for command `i` wakes when a command with index >= `i` finishes.
  After a failure later commands never run, so waiting for the last command
  lasts the whole timeout; then results so far come back (Timeout only when an
  index was given).
- Streams carry only events after they subscribe (no replay) and stay open
  while the exe-unit lives, like the real broadcast channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timezone

from golem_core.flexbuffers import Flex
from golem_core.ids import BatchId
from golem_localnet.exeunit.capture import CapturedOutput, Output
from golem_localnet.exeunit.script import Command, Run, kind_of, state_params, to_wire

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def event_date(moment: datetime) -> str:
    """chrono's `DateTime<Utc>` form: RFC 3339 with `Z`."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def naive_timestamp(moment: datetime) -> str:
    """chrono's `NaiveDateTime` form (RuntimeEvent.timestamp): UTC, no offset."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat()


class CommandResult(enum.Enum):
    OK = "Ok"
    ERROR = "Error"


class Stdio(enum.Enum):
    STDOUT = "stdout"
    STDERR = "stderr"


class CommandRecord:
    """One started command: its captures and, once finished, its outcome."""

    def __init__(self, command: Command, now: datetime) -> None:
        if isinstance(command, Run):
            capture = command.capture
            self.stdout = CapturedOutput.for_mode(capture.stdout if capture else None)
            self.stderr = CapturedOutput.for_mode(capture.stderr if capture else None)
        else:
            self.stdout = CapturedOutput.everything()
            self.stderr = CapturedOutput.everything()
        self.result: CommandResult | None = None
        self.message: str | None = None
        self.date = now

    def captured(self, which: Stdio) -> CapturedOutput:
        return self.stdout if which is Stdio.STDOUT else self.stderr


class Batch:
    """One Exec: its commands, their records, and who waits for them."""

    def __init__(
        self,
        batch_id: BatchId,
        commands: list[Command],
        timeout: float | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.batch_id = batch_id
        self.commands = commands
        self.timeout = timeout  # Exec's own timeout: the call's, never the commands'
        self.aborted = False  # set by terminate/shutdown: no further command starts
        self.over = asyncio.Event()  # set when the executor is done with the batch
        self.records: list[CommandRecord] = []
        self._clock = clock
        self._last_finished: int | None = None
        self._finished_changed = asyncio.Event()
        self._subscribers: set[asyncio.Queue[dict[str, Flex] | None]] = set()

    # --- the executor reports -------------------------------------------------

    def started(self, index: int) -> None:
        self._record(index)
        command = self.commands[index]
        self._publish(index, {"started": {"command": to_wire(command)}})

    def output(self, index: int, which: Stdio, chunk: bytes) -> None:
        to_stream = self._record(index).captured(which).write(chunk)
        if to_stream is not None:
            self._publish(index, {which.value: to_stream})

    def finished(self, index: int, return_code: int, message: str | None) -> None:
        record = self._record(index)
        record.date = self._clock()
        record.message = message
        record.result = CommandResult.OK if return_code == 0 else CommandResult.ERROR
        if self._last_finished != index:
            self._last_finished = index
            self._finished_changed.set()
            self._finished_changed = asyncio.Event()
        self._publish(index, {"finished": {"return_code": return_code, "message": message}})

    def _record(self, index: int) -> CommandRecord:
        if not 0 <= index < len(self.commands):
            raise IndexError(f"unknown command index: {index}")
        while len(self.records) <= index:
            self.records.append(CommandRecord(self.commands[len(self.records)], self._clock()))
        return self.records[index]

    # --- requestors ask ---------------------------------------------------------

    @property
    def finished_count(self) -> int:
        """Commands finished in a row from the first (the exe-unit's `done`)."""
        count = 0
        for record in self.records:
            if record.result is None:
                break
            count += 1
        return count

    def results(self, command_index: int | None = None) -> list[dict[str, Flex]]:
        """ExeScriptCommandResult maps, as GetExecBatchResults returns them."""
        if not self.commands:
            return []
        last = len(self.commands) - 1 if command_index is None else command_index
        out: list[dict[str, Flex]] = []
        for index, record in enumerate(self.records):
            if index > last or record.result is None:
                break
            with_output = command_index is None or command_index == index
            stdout: Output | None = record.stdout.output() if with_output else None
            stderr: Output | None = record.stderr.output() if with_output else None
            out.append(
                {
                    "index": index,
                    "result": record.result.value,
                    "stdout": stdout,
                    "stderr": stderr,
                    "message": record.message,
                    "isBatchFinished": index == last or record.result is CommandResult.ERROR,
                    "eventDate": event_date(record.date),
                }
            )
        return out

    async def wait_finished(self, index: int, timeout: float) -> bool:
        """True once a command with index >= `index` has finished; False after `timeout` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._last_finished is None or self._last_finished < index:
            left = deadline - loop.time()
            if left <= 0:
                return False
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._finished_changed.wait(), left)
        return True

    def running_command(self) -> dict[str, Flex] | None:
        """ExeScriptCommandState of the first started, unfinished command."""
        for index, record in enumerate(self.records):
            if record.result is None:
                command = self.commands[index]
                state: dict[str, Flex] = {"command": kind_of(command).title}
                if record.message is not None:
                    state["progress"] = record.message
                params = state_params(command)
                if params is not None:
                    state["params"] = params
                return state
        return None

    async def events(self) -> AsyncIterator[dict[str, Flex]]:
        """RuntimeEvent maps from now on, until `close_streams`."""
        queue: asyncio.Queue[dict[str, Flex] | None] = asyncio.Queue()
        self._subscribers.add(queue)
        try:
            while (event := await queue.get()) is not None:
                yield event
        finally:
            self._subscribers.discard(queue)

    def close_streams(self) -> None:
        for queue in self._subscribers:
            queue.put_nowait(None)

    def _publish(self, index: int, kind: dict[str, Flex]) -> None:
        if not self._subscribers:
            return
        event: dict[str, Flex] = {
            "batch_id": self.batch_id,
            "index": index,
            "timestamp": naive_timestamp(self._clock()),
            "kind": kind,
        }
        for queue in self._subscribers:
            queue.put_nowait(event)
