"""What a worker sees, as yapapi 0.13.1 has it: its tasks are an async generator it may
close (`aclose`) or throw into (`athrow`), `ctx.emit(event_class, **kwargs)`, a float
`get_cost()`, job ids that must be unique, and 0.13's `Executor(_engine=...)`.

Run against the scripted golem_core of `fake_core`.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncGenerator, AsyncIterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest

from golem_hl import Executor, Script, Task, WorkContext, events
from golem_hl._engine.job import claim_job_id
from tests.unit.golem_hl.fake_core import FakeDemand, FakeProvider
from tests.unit.golem_hl.test_job_scripted import (  # noqa: F401 -- the fixture
    PACKAGE,
    engine_with,
    run_job,
    scripted_core,
)


@attrs.frozen(repr=False, eq=False)
class Scanned(events.ActivityEvent):
    """An application's own event, as yapapi's docs define them."""

    cpu: str


async def scan_worker(ctx: WorkContext, tasks: AsyncGenerator[Task[Any, Any], None]) -> Any:
    """yapapi's scan example: one task per provider, then `await tasks.aclose()`."""
    async for task in tasks:
        script = ctx.new_script()
        result = script.run("/bin/cat", "/proc/cpuinfo")
        yield script
        output = (await result).stdout
        ctx.emit(Scanned, cpu=str(output))
        task.accept_result((ctx.provider_id, output))
        await tasks.aclose()


async def test_a_worker_that_closes_its_tasks_ends_cleanly_and_its_agreement_with_it() -> None:
    a, b = FakeProvider("a"), FakeProvider("b")
    engine, recorder = engine_with(a, b)
    arrived: set[str] = set()
    both_in = asyncio.Event()

    async def worker(ctx: WorkContext, tasks: Any) -> AsyncIterator[Script]:
        # both providers are in before either takes a task, so each gets one
        arrived.add(ctx.provider_id)
        if len(arrived) == 2:
            both_in.set()
        await both_in.wait()
        async for script in scan_worker(ctx, tasks):
            yield script

    done = await run_job(engine, worker, [Task(data=n) for n in range(2)], max_workers=2)

    assert sorted(t.result[0] for t in done) == sorted([a.node_id, b.node_id])
    assert len(recorder.of(events.TaskStarted)) == 2  # nothing retried
    assert all(e.exception is None for e in recorder.of(events.WorkerFinished))
    ended = recorder.of(events.AgreementTerminated)
    assert len(ended) == 2
    assert {e.reason["golem.requestor.code"] for e in ended} == {"Success"}
    [finished] = recorder.of(events.JobFinished)
    assert finished.exception is None
    scanned = recorder.of(Scanned)
    assert {e.provider_id for e in scanned} == {a.node_id, b.node_id}
    assert all(e.job is finished.job and e.activity.id for e in scanned)
    # a closed worker's agreement is not handed to another worker
    assert len(recorder.of(events.WorkerStarted)) == 2


async def test_the_task_iterator_is_an_async_generator() -> None:
    engine, recorder = engine_with(FakeProvider("a"))
    seen: list[Any] = []

    async def worker(ctx: WorkContext, tasks: Any) -> AsyncIterator[Script]:
        seen.append(tasks)
        async for task in tasks:
            script = ctx.new_script()
            script.run("/bin/true")
            yield script
            task.accept_result(None)
            try:
                await tasks.athrow(KeyError("thrown into the tasks"))
            except KeyError as error:
                seen.append(error)  # athrow raises it back out of the generator
            return

    done = await run_job(engine, worker, [Task(data=1)])
    assert len(done) == 1
    assert inspect.isasyncgen(seen[0])
    assert isinstance(seen[1], KeyError)
    assert recorder.of(events.JobFinished)[0].exception is None


async def test_get_cost_is_a_float_and_the_exact_cost_a_decimal() -> None:
    engine, _ = engine_with(FakeProvider("a"))
    costs: list[Any] = []

    async def worker(ctx: WorkContext, tasks: Any) -> AsyncIterator[Script]:
        async for task in tasks:
            costs.append(await ctx.get_cost())
            costs.append(await ctx.get_exact_cost())
            script = ctx.new_script()
            script.run("/bin/true")
            yield script
            task.accept_result(None)

    await run_job(engine, worker, [Task(data=1)])
    as_float, exact = costs
    assert type(as_float) is float
    assert isinstance(exact, Decimal) and exact > 0
    assert as_float + 0.5 > 0.5  # yapapi apps do float arithmetic with it


def test_job_ids_are_unique_in_a_process() -> None:
    mine = claim_job_id("ALEF-unit")
    assert mine == "ALEF-unit"
    with pytest.raises(ValueError, match="ALEF-unit"):
        claim_job_id("ALEF-unit")
    generated = {claim_job_id(None) for _ in range(3)}
    assert len(generated) == 3 and mine not in generated


async def test_executor_takes_a_started_engine_and_job_ids() -> None:
    engine, recorder = engine_with(FakeProvider("a"))
    executor = Executor(_engine=engine, payload=PACKAGE, implicit_init=True, max_workers=1)
    executor._timeout = timedelta(seconds=30)

    async def worker(ctx: WorkContext, tasks: Any) -> AsyncIterator[Script]:
        async for task in tasks:
            script = ctx.new_script()
            script.run("/bin/true")
            yield script
            task.accept_result(task.data * 2)

    results = [t.result async for t in executor.submit(worker, [Task(data=21)], job_id="BET-unit")]
    assert results == [42]
    assert {e.job.id for e in recorder.of(events.JobEvent)} == {"BET-unit"}
    params = inspect.signature(Executor.__init__).parameters
    assert list(params)[1:6] == ["_engine", "payload", "implicit_init", "max_workers", "timeout"]
    assert list(inspect.signature(Executor.submit).parameters) == [
        "self",
        "worker",
        "data",
        "job_id",
    ]
    assert FakeDemand.last is not None


async def test_a_worker_that_just_returns_leaves_its_agreement_to_the_next() -> None:
    """Only the worker's own `aclose` retires the agreement; our closing at its end does not."""
    engine, recorder = engine_with(FakeProvider("a"))

    async def one_task(ctx: WorkContext, tasks: Any) -> AsyncIterator[Script]:
        async for task in tasks:
            script = ctx.new_script()
            script.run("/bin/true")
            yield script
            task.accept_result(None)
            return

    done = await run_job(engine, one_task, [Task(data=n) for n in range(3)], max_workers=1)
    assert len(done) == 3
    assert len(recorder.of(events.AgreementCreated)) == 1
    assert len(recorder.of(events.WorkerStarted)) == 3
    assert len(recorder.of(events.AgreementTerminated)) == 1
