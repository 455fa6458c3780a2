"""Running a script: the events of its commands, in order, and the futures the worker awaits."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from golem_core import activity as core_activity
from golem_core.activity import (
    CommandResult,
    RuntimeFinished,
    RuntimeStarted,
    RuntimeStderr,
    RuntimeStdout,
)
from golem_core.ids import AgreementId, BatchId
from golem_hl import events
from golem_hl._engine.emitter import EventEmitter
from golem_hl._engine.job import Job
from golem_hl.exceptions import CommandExecutionError
from golem_hl.executor._commands import Command, CommandEnv
from golem_hl.executor._running import ScriptEnv, _Sequencer, run_script
from golem_hl.executor._script import Script
from golem_hl.records import AgreementInfo
from tests.unit.golem_hl.fake_core import FakeActivity, FakeProvider

T = datetime(2026, 1, 1, tzinfo=timezone.utc)
BATCH = BatchId("b")


def at(seconds: float) -> datetime:
    return T + timedelta(seconds=seconds)


def env_for(activity: Any, emitter: EventEmitter, stream_output: bool = False) -> ScriptEnv:
    return ScriptEnv(
        node=None,  # type: ignore[arg-type]
        activity=activity,
        job=Job("1", at(3600)),
        agreement=AgreementInfo.create("agreement", "0xprovider", {}),
        emitter=emitter,
        stream_output=stream_output,
        deadline=1e12,
    )


def recording() -> tuple[EventEmitter, list[events.Event]]:
    emitter, seen = EventEmitter(), list[events.Event]()
    emitter.add_consumer(seen.append)
    return emitter, seen


def test_streamed_output_is_put_in_command_order() -> None:
    emitter, seen = recording()
    script = Script(None)  # type: ignore[arg-type]
    script.run("/bin/first")
    script.run("/bin/second")
    activity = FakeActivity(FakeProvider("p"), AgreementId("agreement"))
    sequencer = _Sequencer(env_for(activity, emitter), script, script.commands, at(0))
    run = core_activity.Run("/bin/second")
    sequencer.runtime(RuntimeStarted(batch_id=BATCH, index=1, timestamp=at(2), command=run))
    sequencer.runtime(RuntimeStdout(batch_id=BATCH, index=0, timestamp=at(1), output="a\n"))
    sequencer.result(CommandResult(index=0, ok=True, stdout="a\nb\n", event_date=at(1.5)))
    sequencer.runtime(RuntimeStdout(batch_id=BATCH, index=0, timestamp=at(1.6), output="late"))
    sequencer.runtime(RuntimeStderr(batch_id=BATCH, index=1, timestamp=at(3), output="oops\n"))
    sequencer.runtime(RuntimeFinished(batch_id=BATCH, index=1, timestamp=at(4), return_code=0))
    sequencer.result(CommandResult(index=1, ok=True, event_date=at(4)))
    assert [type(e).__name__ for e in seen] == [
        "CommandStarted",
        "CommandStdOut",
        "CommandExecuted",
        "CommandStarted",
        "CommandStdErr",
        "CommandExecuted",
    ]
    commands = [e.command for e in seen if isinstance(e, events.CommandEvent)]
    assert commands == [script.commands[i] for i in (0, 0, 0, 1, 1, 1)]
    first, second = sequencer.executed
    assert first.stdout == "a\nb\n"  # the result's own capture wins over the pieces
    assert second.stderr == "oops\n"  # no capture in the result: the streamed pieces
    # a command whose start the stream missed starts when the one before it ended
    assert seen[0].timestamp == at(1)  # its first output
    assert seen[3].timestamp == at(2)
    assert [e.timestamp for e in seen] == sorted(e.timestamp for e in seen)


async def test_a_failed_command_fails_the_script_and_what_follows() -> None:
    def second_fails(index: int, command: core_activity.Command) -> tuple[bool, str, str | None]:
        return (index != 1), f"out {index}", None if index != 1 else "exited with code 2"

    emitter, seen = recording()
    activity = FakeActivity(FakeProvider("p", second_fails), AgreementId("agreement"))
    script = Script(None)  # type: ignore[arg-type]
    first = script.run("/bin/true")
    second = script.run("/bin/false")
    third = script.run("/bin/never")
    with pytest.raises(CommandExecutionError, match="exited with code 2") as raised:
        await run_script(env_for(activity, emitter), script)
    assert raised.value.command == "Run /bin/false ()"
    assert (await first).success
    with pytest.raises(CommandExecutionError):
        await second
    with pytest.raises(CommandExecutionError):
        await third
    names = [type(e).__name__ for e in seen]
    assert names == [
        "ScriptSent",
        "CommandStarted",
        "CommandExecuted",
        "CommandStarted",
        "CommandExecuted",
    ]
    failed = seen[-1]
    assert isinstance(failed, events.CommandExecuted)
    assert (failed.success, failed.message) == (False, "exited with code 2")


async def test_an_empty_script_sends_nothing() -> None:
    emitter, seen = recording()
    activity = FakeActivity(FakeProvider("p"), AgreementId("agreement"))
    assert await run_script(env_for(activity, emitter), Script(None)) == []  # type: ignore[arg-type]
    assert seen == [] and activity.batches == []


class _Prepared(Command):
    """A step that notes how many steps are being prepared while its own `before` runs."""

    def __init__(self, busy: list[int], fail: bool = False) -> None:
        super().__init__()
        self.busy, self.fail = busy, fail
        self.seen_busy = 0
        self.cleaned = False

    async def before(self, env: CommandEnv) -> None:
        self.busy[0] += 1
        await asyncio.sleep(0)  # a publish's request: the others get their turn meanwhile
        self.seen_busy = self.busy[0]
        self.busy[0] -= 1
        if self.fail:
            raise OSError("cannot publish")

    def evaluate(self, env: CommandEnv) -> core_activity.Command:
        return core_activity.Run("/bin/true")

    async def cleanup(self) -> None:
        self.cleaned = True


async def test_the_steps_are_prepared_side_by_side_and_all_cleaned_up() -> None:
    emitter, _ = recording()
    activity = FakeActivity(FakeProvider("p"), AgreementId("agreement"))
    busy = [0]
    script = Script(None)  # type: ignore[arg-type]
    steps = [_Prepared(busy, fail=True), _Prepared(busy), _Prepared(busy)]
    for step in steps:
        script.add(step)
    with pytest.raises(OSError, match="cannot publish"):
        await run_script(env_for(activity, emitter), script)
    assert [step.seen_busy for step in steps] == [3, 2, 1]  # one after another: [1, 1, 1]
    assert [step.cleaned for step in steps] == [True, True, True]
    assert activity.batches == []


async def test_a_script_with_nothing_to_prepare_or_clean_up_waits_for_no_such_steps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from golem_hl.executor import _running

    waited: list[int] = []
    side_by_side = _running._side_by_side

    async def counted(steps: Any) -> list[BaseException | None]:
        waited.append(len(steps))
        return await side_by_side(steps)

    monkeypatch.setattr(_running, "_side_by_side", counted)
    emitter, _ = recording()
    activity = FakeActivity(FakeProvider("p"), AgreementId("agreement"))
    script = Script(None)  # type: ignore[arg-type]
    done = script.run("/bin/true")
    await run_script(env_for(activity, emitter), script)
    assert (await done).success
    assert waited == []  # a run has no `before` and no `cleanup`
    prepared = Script(None)  # type: ignore[arg-type]
    prepared.add(_Prepared([0]))
    await run_script(env_for(activity, emitter), prepared)
    assert waited == [1, 1]  # its `before`, then its `cleanup`
