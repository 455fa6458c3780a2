"""Running one Script on an activity, and telling it as events.

The script becomes one batch. Its results are long-polled once for all
commands, as yapapi does (one request per batch). With `stream_output` the
batch's output is also read as it is produced (`CommandStdOut` /
`CommandStdErr`), and results are polled command by command, so each
`CommandExecuted` comes as soon as its command ends. Events are put in
command order: every command's `CommandStarted`, output and `CommandExecuted`
come before the next command's
(a stream event for a later command waits; one that arrives after its command
was reported is dropped: its text is in `CommandExecuted` anyway). The daemon's
stream only carries what happens after we open it, so a command whose start it
missed is reported started when the command before it ended.

    ScriptSent, (CommandStarted, [output], CommandExecuted)*, GettingResults,
    [DownloadFinished]*, ScriptFinished

Each command's future gets its `CommandExecuted` as soon as its result is
read (a download's once its data was handed over). A failed command ends the
batch: its `CommandExecuted` says so, the script fails with
`CommandExecutionError` (a timeout: `BatchTimeoutError`), and so do the
futures of the commands that did not run.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Sequence
from datetime import datetime
from typing import Any, Final

import attrs

from golem_core import exceptions as core
from golem_core.activity import (
    Activity,
    Batch,
    CommandResult,
    RuntimeEvent,
    RuntimeProgress,
    RuntimeStarted,
    RuntimeStderr,
    RuntimeStdout,
)
from golem_core.activity.results import output_text
from golem_core.events import now
from golem_core.ids import ActivityId, AgreementId
from golem_core.node import GolemNode
from golem_hl import events
from golem_hl._engine.emitter import EventEmitter
from golem_hl._engine.job import Job
from golem_hl.exceptions import BatchTimeoutError, CommandExecutionError
from golem_hl.executor._commands import Command
from golem_hl.executor._script import Script
from golem_hl.records import ActivityInfo, AgreementInfo

__all__ = ["ScriptEnv", "run_script"]

logger = logging.getLogger(__name__)

# a batch sent when the job is about to time out still gets this long
MIN_EXEC_TIMEOUT_S: Final = 1.0


@attrs.frozen
class ScriptEnv:
    """Everything a script needs from its worker."""

    node: GolemNode
    activity: Activity
    job: Job
    agreement: AgreementInfo
    emitter: EventEmitter
    stream_output: bool
    # the job's deadline (event loop time): no script outlives it
    deadline: float
    # what every command and script event names (made once: ~3 events a script)
    activity_info: ActivityInfo = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda env: ActivityInfo(env.activity.id, env.activity.agreement_id), takes_self=True
        ),
    )

    @property
    def activity_id(self) -> ActivityId:
        return self.activity.id

    @property
    def agreement_id(self) -> AgreementId:
        return self.activity.agreement_id


class _Sequencer:
    """Emits one script's command events in command order (see the module docstring)."""

    def __init__(
        self, env: ScriptEnv, script: Script, commands: Sequence[Command], sent: datetime
    ) -> None:
        self._env = env
        self._script = script
        self._commands = commands
        self._next = 0  # the first command not reported executed
        self._started = -1  # the last command reported started
        self._last_end = sent
        self._waiting: dict[int, list[RuntimeEvent]] = {}
        self._streamed: dict[int, dict[str, list[str]]] = {}
        self.executed: list[events.CommandExecuted] = []

    def _context(self, index: int) -> dict[str, Any]:
        env = self._env
        return {
            "job": env.job,
            "agreement": env.agreement,
            "activity": env.activity_info,
            "script": self._script,
            "command": self._commands[index],
        }

    def _start(self, index: int, when: datetime) -> None:
        emitter = self._env.emitter
        while self._started < index:
            self._started += 1
            if emitter.wants(events.CommandStarted):
                context = self._context(self._started)
                emitter.emit(events.CommandStarted(**context, timestamp=when))
            command = self._commands[self._started]
            if command.is_download and emitter.wants(events.DownloadStarted):
                remote = getattr(command, "src_path", None)
                context = self._context(self._started)
                emitter.emit(events.DownloadStarted(**context, path=remote, timestamp=when))

    def runtime(self, event: RuntimeEvent) -> None:
        if event.index < self._next or event.index >= len(self._commands):
            return  # already reported (its output is in CommandExecuted), or not ours
        if event.index > self._next:
            self._waiting.setdefault(event.index, []).append(event)
            return
        self._apply(event)

    def _apply(self, event: RuntimeEvent) -> None:
        index, when = event.index, event.timestamp
        self._start(index, when)
        context = self._context(index)
        if isinstance(event, (RuntimeStdout, RuntimeStderr)):
            text = output_text(event.output) or ""
            stream = "stdout" if isinstance(event, RuntimeStdout) else "stderr"
            self._streamed.setdefault(index, {}).setdefault(stream, []).append(text)
            kind = events.CommandStdOut if stream == "stdout" else events.CommandStdErr
            self._env.emitter.emit(kind(**context, output=text, timestamp=when))
        elif isinstance(event, RuntimeProgress):
            self._env.emitter.emit(
                events.CommandProgress(
                    **context,
                    step=event.step,
                    message=event.message,
                    progress=event.progress,
                    unit=event.unit,
                    timestamp=when,
                )
            )
        elif not isinstance(event, RuntimeStarted):
            pass  # `finished`: the result poll reports the end, with the output

    def _output(self, index: int, stream: str, captured: str | bytes | None) -> str | None:
        text = output_text(captured)
        if text is None and stream in self._streamed.get(index, {}):
            return "".join(self._streamed[index][stream])
        return text

    def result(self, result: CommandResult) -> events.CommandExecuted:
        index = result.index
        self._start(index, self._last_end)
        executed = events.CommandExecuted(
            **self._context(index),
            success=result.ok,
            message=result.message,
            stdout=self._output(index, "stdout", result.stdout),
            stderr=self._output(index, "stderr", result.stderr),
            timestamp=result.event_date,
        )
        self._env.emitter.emit(executed)
        self.executed.append(executed)
        self._last_end = result.event_date
        self._next = index + 1
        for waiting in self._waiting.pop(self._next, []):
            self._apply(waiting)
        return executed


async def _follow_stream(batch: Batch, sequencer: _Sequencer) -> None:
    """Feed the batch's runtime events to the sequencer until cancelled or the stream ends."""
    try:
        async for event in batch.stream_events():
            sequencer.runtime(event)
    except core.GolemError as error:  # output is a bonus: results still come by polling
        logger.debug("output stream of batch %s ended: %s", batch.id, error)


async def run_script(env: ScriptEnv, script: Script) -> list[events.CommandExecuted]:
    """Send the script as one batch and report it; resolves each command's future."""
    commands = script._take()
    if not commands:
        return []
    try:
        return await _run(env, script, commands)
    except BaseException as error:
        for command in commands:
            command._fail(error)
        raise
    finally:
        cleaning = [c for c in commands if type(c).cleanup is not Command.cleanup]
        # (most scripts clean nothing up: no coroutine then)
        outcomes = await _side_by_side([c.cleanup() for c in cleaning]) if cleaning else []
        for command, outcome in zip(cleaning, outcomes, strict=True):
            if isinstance(outcome, Exception):
                logger.error("cleaning up after %r failed", command, exc_info=outcome)
            elif isinstance(outcome, BaseException):
                raise outcome


async def _side_by_side(steps: Sequence[Awaitable[None]]) -> list[BaseException | None]:
    """Run `steps` side by side to their ends; each one's exception, or None.

    As `gather(return_exceptions=True)`, but no task for a lone step (most
    scripts have one step at most: a command's own, when it has one at all).
    """
    if not steps:
        return []
    if len(steps) == 1:
        try:
            await steps[0]
        except Exception as error:
            return [error]
        return [None]
    return list(await asyncio.gather(*steps, return_exceptions=True))


async def _prepare(steps: Sequence[Awaitable[None]]) -> None:
    """The commands' `before` steps, side by side (each file's binding is its own request).

    All of them end before this returns, failed or not, so `cleanup` never
    races a `before` still running; the first failure is raised."""
    for outcome in await _side_by_side(steps):
        if isinstance(outcome, BaseException):
            raise outcome


async def _run(
    env: ScriptEnv, script: Script, commands: Sequence[Command]
) -> list[events.CommandExecuted]:
    steps = [c.before(env) for c in commands if type(c).before is not Command.before]
    if steps:  # (most scripts have none: no coroutine then)
        await _prepare(steps)
    # the exe-unit stops the batch's commands after the exec timeout: the script's own,
    # else what is left of the job
    left = env.deadline - asyncio.get_running_loop().time()
    # stamped before sending: a fast command can end, in the daemon's time, before
    # the daemon's answer to the exec reaches us
    sent = now()
    batch = await env.activity.exec(
        [c.evaluate(env) for c in commands],
        timeout=script.timeout_seconds or max(left, MIN_EXEC_TIMEOUT_S),
        per_command=env.stream_output,
    )
    base: dict[str, Any] = {
        "job": env.job,
        "agreement": env.agreement,
        "activity": env.activity_info,
    }
    emitter = env.emitter
    if emitter.wants(events.ScriptSent):
        emitter.emit(events.ScriptSent(**base, script=script, timestamp=sent))
    sequencer = _Sequencer(env, script, commands, sent)
    stream = (
        asyncio.create_task(_follow_stream(batch, sequencer), name=f"output of {batch.id}")
        if env.stream_output
        else None
    )
    try:
        async for result in batch.iter_results(timeout=script.timeout_seconds):
            executed = sequencer.result(result)
            command = commands[result.index]
            if not command.is_download:  # a download's result waits for its data
                command._resolve(executed)
    except core.BatchError as error:
        failed = batch.results[error.index] if error.index < len(batch.results) else None
        if failed is not None:
            sequencer.result(failed)
        raise CommandExecutionError(
            repr(commands[error.index]), error.message, output_text(error.stderr)
        ) from error
    except core.BatchTimeoutError as error:
        raise BatchTimeoutError.from_core(error) from error
    finally:
        if stream is not None:
            stream.cancel()
            await asyncio.gather(stream, return_exceptions=True)
    if emitter.wants(events.GettingResults):
        emitter.emit(events.GettingResults(**base, script=script))
    for command, executed in zip(commands, sequencer.executed, strict=True):
        await command.after(env)
        if command.is_download:
            env.emitter.emit(
                events.DownloadFinished(
                    **base,
                    script=script,
                    command=command,
                    path=getattr(command, "local_path", None),
                )
            )
            command._resolve(executed)
    if emitter.wants(events.ScriptFinished):
        emitter.emit(events.ScriptFinished(**base, script=script))
    return sequencer.executed
