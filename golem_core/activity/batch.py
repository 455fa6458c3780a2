"""A batch of commands running on an activity, and the two ways to follow it.

Results: for command i (0..n-1) we long-poll `getExecBatchResults` with
`commandIndex=i` and a server-side `timeout`. The exe-unit answers as soon as
command i has finished, or 408 when the time ran out; 408 just means "ask
again". So each result arrives the moment its command ends, with no sleeping.
With `per_command=False` one poll without `commandIndex` asks for every result
at once: it returns when the last command ends (one request per batch), or with
what has finished when its wait runs out; a failed command shows only then,
so that wait is at most as long as the batch has run (at least WHOLE_MIN_WAIT).
The exe-unit stops a batch at its first failing command; we raise BatchError
there. With a deadline (`wait(timeout)`), running out of time raises
BatchTimeoutError after stopping the batch: we send the activity a new batch
holding a single `terminate`, which makes the exe-unit stop the others.

A dead exe-unit: when an exe-unit process dies, yagna never fails the result
polls it was serving; each waits out its whole `timeout`. So while a poll is
pending we also read the activity's state, `state_check_interval` seconds
after the wait began and then each time it has doubled, at most a poll's
`timeout` apart (the state has no long poll; the provider's daemon answers it
from its records, which the provider agent sets Terminated when its exe-unit
dies), and once more when a poll fails. A Terminated (or terminating) or Unresponsive
activity ends the batch with ActivityTerminatedError at once.

Events: `stream_events()` reads the same batch as server-sent events (started,
output chunks, progress, finished), for output captured with `Stream` mode.
yagna forwards only events that happen after the stream is open, and never
closes the stream itself, so it ends when we see the batch's last (or failing)
command finish, or at the deadline.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable
from typing import TYPE_CHECKING, NoReturn, TypeVar

from golem_core._api import activity as activity_api
from golem_core._api.daemon_connection import Slots
from golem_core.activity._timing import deadline as _deadline
from golem_core.activity._timing import loop_now as _now
from golem_core.activity._watch import Ended, StateWatch
from golem_core.activity.commands import Command, Terminate
from golem_core.activity.data import ActivityState, State
from golem_core.activity.results import (
    CommandResult,
    RuntimeEvent,
    RuntimeFinished,
    RuntimeStderr,
    RuntimeStdout,
    output_text,
)
from golem_core.events import (
    BatchFailed,
    BatchFinished,
    BatchTimedOut,
    CommandFinished,
    CommandOutput,
)
from golem_core.exceptions import (
    ActivityTerminatedError,
    ApiTimeoutError,
    BatchError,
    BatchTimeoutError,
    GolemError,
    RemoteProtocolError,
)
from golem_core.ids import BatchId

if TYPE_CHECKING:
    from golem_core.activity.activity import Activity

__all__ = ["DEFAULT_POLL_TIMEOUT", "DEFAULT_STATE_CHECK_INTERVAL", "Batch"]

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Server-side wait of one result long poll; an answer can come sooner, never later.
DEFAULT_POLL_TIMEOUT = 10.0
# When a batch waiting for a result first reads its activity's state, to notice a dead
# exe-unit: this long after a wait began, so commands that finish sooner cost no extra
# request; later reads as the wait doubles, at most a poll's timeout apart (StateWatch).
DEFAULT_STATE_CHECK_INTERVAL = 1.0
# Our own deadline for one of those reads (the daemon asks the provider's daemon).
STATE_CHECK_TIMEOUT = 5.0
# Shortest server-side wait of a poll for all results (`per_command=False`).
WHOLE_MIN_WAIT = 1.0


class Batch:
    """Commands sent to an activity in one `exec`; iterate it for results as they come."""

    def __init__(
        self,
        activity: Activity,
        batch_id: BatchId,
        commands: tuple[Command, ...],
        *,
        poll_timeout: float = DEFAULT_POLL_TIMEOUT,
        state_check_interval: float | None = DEFAULT_STATE_CHECK_INTERVAL,
        per_command: bool = True,
    ) -> None:
        self.activity = activity
        # False: poll all results at once (see the module docstring)
        self.per_command = per_command
        self._sent_at = _now()
        self.id = batch_id
        self.commands = commands
        self.poll_timeout = poll_timeout
        # None: never read the state while waiting (a failed poll still checks it once)
        self.state_check_interval = state_check_interval
        self._results: list[CommandResult] = []
        self._error: BatchError | BatchTimeoutError | ActivityTerminatedError | None = None
        self._turn = Slots(1)

    def __repr__(self) -> str:
        return (
            f"Batch(id={self.id!r}, activity_id={self.activity.id!r}, "
            f"{len(self._results)}/{len(self.commands)} done, failed={self._error is not None})"
        )

    @property
    def results(self) -> tuple[CommandResult, ...]:
        """The results read so far, in command order."""
        return tuple(self._results)

    @property
    def done(self) -> bool:
        """Every command succeeded, or the batch failed or timed out."""
        return self._error is not None or len(self._results) == len(self.commands)

    def __aiter__(self) -> AsyncIterator[CommandResult]:
        return self.iter_results()

    async def iter_results(self, timeout: float | None = None) -> AsyncIterator[CommandResult]:
        """Each command's result as soon as it finishes, in order.

        Raises BatchError at a failed command, ActivityTerminatedError as soon as
        the activity is seen ended (its exe-unit died, or it was destroyed), and
        (with `timeout`) BatchTimeoutError when the whole batch is not finished
        within `timeout` seconds.
        """
        deadline = _deadline(timeout)
        for index in range(len(self.commands)):
            yield await self._result(index, deadline, timeout)

    async def wait(self, timeout: float | None = None) -> tuple[CommandResult, ...]:
        """All results once the last command has finished (errors as `iter_results`)."""
        async for _ in self.iter_results(timeout):
            pass
        return self.results

    async def stop(self) -> Batch:
        """Stop this batch (and any other of the activity) with a batch of one `terminate`."""
        return await self.activity.exec([Terminate()])

    async def stream_events(self, timeout: float | None = None) -> AsyncIterator[RuntimeEvent]:
        """The batch's runtime events as they happen, until its last or failing command ends.

        Output chunks are also emitted as CommandOutput events. With `timeout`,
        BatchTimeoutError (after stopping the batch) when the end is not seen in time;
        ActivityTerminatedError as soon as the activity is seen ended.
        """
        last = len(self.commands) - 1
        deadline = _deadline(timeout)
        api = self.activity.node.api
        events = activity_api.stream_batch_events(api, self.activity.id, self.id)
        watch = self._watch_state()
        unfinished = 0  # the first command not seen finished
        try:
            while True:
                remaining = None if deadline is None else deadline - _now()
                if remaining is not None and remaining <= 0:
                    await self._time_out(timeout)
                try:
                    event = await asyncio.wait_for(
                        self._unless_ended(events.__anext__(), watch, unfinished), remaining
                    )
                except asyncio.TimeoutError:
                    await self._time_out(timeout)
                except StopAsyncIteration:
                    return
                if isinstance(event, (RuntimeStdout, RuntimeStderr)):
                    self._emit_output(event)
                yield event
                if isinstance(event, RuntimeFinished):
                    unfinished = max(unfinished, event.index + 1)
                    if not event.ok or event.index >= last:
                        return
        finally:
            if watch is not None:
                await watch.aclose()
            await events.aclose()

    # --- internals -----------------------------------------------------------------------

    async def _result(
        self, index: int, deadline: float | None, timeout: float | None
    ) -> CommandResult:
        turn = self._turn  # one long poll per command, however many readers
        if not turn.take_now():  # (the usual reader alone: no lock's coroutines)
            await turn.take(None)
        try:
            if index < len(self._results):
                result = self._results[index]
                if not result.ok and self._error is not None:
                    raise self._error
                return result
            if self._error is not None:
                raise self._error
            watch = self._watch_state()
            try:
                while True:
                    answer = await self._poll_result(index, deadline, timeout, watch)
                    if self.per_command:
                        return self._record(index, answer)
                    if self._record_all(index, answer):
                        return self._results[index]
            finally:
                if watch is not None and watch.task is not None:  # (most waits read nothing)
                    await watch.aclose()
        finally:
            turn.give_back()

    def _record_all(self, index: int, answer: list[CommandResult]) -> bool:
        """Record the new results of a poll for all; whether command `index` is among them."""
        for result in sorted(answer, key=lambda r: r.index):
            if result.index != len(self._results):
                continue
            try:
                self._record(result.index, [result])
            except BatchError:
                if result.index <= index:
                    raise
                break  # a later command failed: raised when it is asked for
        return index < len(self._results)

    async def _poll_result(
        self,
        index: int,
        deadline: float | None,
        timeout: float | None,
        watch: StateWatch | None,
    ) -> list[CommandResult]:
        """Long-poll command `index` until it is done, the deadline passed or the activity ended."""
        while True:
            wait = self.poll_timeout
            if not self.per_command:
                wait = min(wait, max(WHOLE_MIN_WAIT, _now() - self._sent_at))
            if deadline is not None:
                wait = min(wait, deadline - _now())
                if wait <= 0:
                    await self._time_out(timeout)
            poll = activity_api.get_batch_results(
                self.activity.node.api,
                self.activity.id,
                self.id,
                command_index=index if self.per_command else None,
                timeout=wait,
            )
            try:  # (`_unless_ended`, inline: a coroutine less per poll)
                if watch is None:
                    return await poll
                return await watch.unless_ended(poll)
            except Ended as ended:
                raise self._ended(index, ended.state) from None
            except ApiTimeoutError:
                if watch is None:  # nobody watches the state while we poll: look now
                    await self._raise_if_ended(index)
                continue  # not finished yet: ask again
            except ActivityTerminatedError:
                raise
            except GolemError as error:
                # a dead exe-unit's address is gone, so polls fail; say why
                await self._raise_if_ended(index, error)
                raise

    def _watch_state(self) -> StateWatch | None:
        """What sees the activity ended while we wait (None if we do not watch)."""
        interval = self.state_check_interval
        return (
            None
            if interval is None
            else StateWatch(self.activity, interval, STATE_CHECK_TIMEOUT, self.poll_timeout)
        )

    async def _raise_if_ended(self, index: int, cause: BaseException | None = None) -> None:
        # None: the state cannot be read now (the results decide then)
        state = await self.activity.read_state(STATE_CHECK_TIMEOUT)
        if state is not None and state.dead:
            raise self._ended(index, state) from cause

    async def _unless_ended(self, work: Awaitable[T], watch: StateWatch | None, index: int) -> T:
        """What `work` gives, unless `watch` sees the activity ended first."""
        if watch is None:
            return await work
        try:
            return await watch.unless_ended(work)
        except Ended as ended:
            raise self._ended(index, ended.state) from None

    def _ended(self, index: int, state: ActivityState) -> ActivityTerminatedError:
        """Record (once) that the activity ended while command `index` was unfinished."""
        if isinstance(self._error, ActivityTerminatedError):
            return self._error
        name = state.current if state.alive else State.TERMINATED
        error = ActivityTerminatedError(
            self.activity.id, self.id, index, name.value, state.reason or state.error_message
        )
        if self._error is None:
            self._error = error
            self.activity.node.events.emit(
                BatchFailed(
                    activity_id=self.activity.id,
                    agreement_id=self.activity.agreement_id,
                    batch_id=self.id,
                    index=index,
                    message=str(error),
                )
            )
        return error

    def _record(self, index: int, answer: list[CommandResult]) -> CommandResult:
        mine = [result for result in answer if result.index == index]
        if not mine:
            raise RemoteProtocolError(
                f"results of batch {self.id} for command {index} do not include it: {answer!r:.300}"
            )
        result = mine[0]
        self._results.append(result)
        activity = self.activity
        events = activity.node.events
        if events.wants(CommandFinished):
            events.emit(
                CommandFinished(
                    activity_id=activity.id,
                    agreement_id=activity.agreement_id,
                    batch_id=self.id,
                    index=index,
                    ok=result.ok,
                    stdout=output_text(result.stdout),
                    stderr=output_text(result.stderr),
                    message=result.message,
                )
            )
        if not result.ok:
            self._error = BatchError(
                activity.id, self.id, index, result.message, result.stdout, result.stderr
            )
            activity.node.events.emit(
                BatchFailed(
                    activity_id=activity.id,
                    agreement_id=activity.agreement_id,
                    batch_id=self.id,
                    index=index,
                    message=result.message or "",
                )
            )
            raise self._error
        if index == len(self.commands) - 1 and events.wants(BatchFinished):
            events.emit(
                BatchFinished(
                    activity_id=activity.id, agreement_id=activity.agreement_id, batch_id=self.id
                )
            )
        return result

    async def _time_out(self, timeout: float | None) -> NoReturn:
        """Record the timeout, stop the batch (best effort), raise BatchTimeoutError."""
        assert timeout is not None
        error = BatchTimeoutError(self.activity.id, self.id, timeout)
        self._error = error
        self.activity.node.events.emit(
            BatchTimedOut(
                activity_id=self.activity.id,
                agreement_id=self.activity.agreement_id,
                batch_id=self.id,
                timeout=timeout,
            )
        )
        try:
            await self.stop()
        except GolemError as stop_error:
            logger.warning("could not stop batch %s after its timeout: %s", self.id, stop_error)
        raise error

    def _emit_output(self, event: RuntimeStdout | RuntimeStderr) -> None:
        if not self.activity.node.events.wants(CommandOutput):
            return
        self.activity.node.events.emit(
            CommandOutput(
                activity_id=self.activity.id,
                agreement_id=self.activity.agreement_id,
                batch_id=self.id,
                index=event.index,
                stream="stdout" if isinstance(event, RuntimeStdout) else "stderr",
                text=output_text(event.output) or "",
            )
        )
