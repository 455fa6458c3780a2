"""Applications shaped like yapapi's examples and integration tests, on golem_hl, end to end.

On the session's local network (three providers, a local chain): a scan that closes each
worker's tasks after one (yapapi's examples/scan), two jobs piped into each other with
job ids and a failing first command (its concurrent-executors test), tasks generated
from results (its async-task-generation test), and one agreement running an activity
per task (its multi-activity-agreement test). Our own tests, checking what those check.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import pytest

from golem_hl import Task, WorkContext, events
from golem_hl.log import log_summary
from golem_hl.strategy import SCORE_REJECTED, SCORE_TRUSTED, MarketStrategy
from golem_localnet.network import LocalNetwork
from tests.live.hl_support import Recorder, golem_on, package_on

pytestmark = [pytest.mark.live, pytest.mark.asyncio(loop_scope="session")]


class ScanStrategy(MarketStrategy):
    """Offers from nodes already scanned are rejected (as in yapapi's scan example)."""

    def __init__(self, scanned: set[str]) -> None:
        super().__init__()
        self.scanned = scanned

    async def score_offer(self, offer: Any) -> float:
        return SCORE_REJECTED if offer.issuer in self.scanned else SCORE_TRUSTED


async def test_a_scan_whose_workers_close_their_tasks(local_network: LocalNetwork) -> None:
    recorder = Recorder()
    scanned: set[str] = set()
    package = await package_on(local_network)

    async def worker(ctx: WorkContext, tasks: AsyncGenerator[Task[int, Any], None]) -> Any:
        assert ctx.provider_id not in scanned
        async for task in tasks:
            script = ctx.new_script()
            result = script.run("/bin/sh", "-c", "echo scanned")
            yield script
            scanned.add(ctx.provider_id)
            task.accept_result((ctx.provider_id, ((await result).stdout or "").strip()))
            await tasks.aclose()  # no more tasks here: the agreement ends with this worker

    providers = len(local_network.providers)
    async with golem_on(local_network, recorder, strategy=ScanStrategy(scanned)) as golem:
        tasks: list[Task[int, Any]] = [Task(data=n) for n in range(providers)]
        done = [t async for t in golem.execute_tasks(worker, tasks, package, max_workers=3)]

    results: list[tuple[str, str]] = [t.result for t in done if t.result is not None]
    assert sorted(output for _, output in results) == ["scanned"] * providers
    assert len({provider for provider, _ in results}) == providers, recorder.story()
    assert len(recorder.of(events.TaskStarted)) == providers  # none retried
    assert all(e.exception is None for e in recorder.of(events.WorkerFinished)), recorder.story()
    ended = recorder.of(events.AgreementTerminated)
    assert len(ended) == providers
    assert {e.reason.get("golem.requestor.code") for e in ended} == {"Success"}
    # each agreement ran exactly one worker: a closed worker's agreement is not reused
    workers_per_agreement = [e.agreement.id for e in recorder.of(events.WorkerStarted)]
    assert len(workers_per_agreement) == len(set(workers_per_agreement)) == providers
    assert recorder.first(events.JobFinished).exception is None


async def test_two_jobs_in_a_pipeline_tell_their_summaries_apart(
    local_network: LocalNetwork, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="golem_hl.summary")
    caplog.set_level(logging.INFO, logger="golem_hl.engine")
    recorder = Recorder()
    package = await package_on(local_network)
    first_task = True

    async def duplicator(ctx: WorkContext, tasks: AsyncIterator[Task[str, str]]) -> Any:
        """Echoes its data twice; the first task it ever gets fails on a missing command."""
        nonlocal first_task
        async for task in tasks:
            script = ctx.new_script()
            if first_task:
                first_task = False
                script.run("/command/not/found")
            result = script.run("/bin/echo", task.data, task.data)
            yield script
            task.accept_result(((await result).stdout or "").strip())

    async with golem_on(local_network, log_summary(recorder)) as golem:
        alef = golem.execute_tasks(
            duplicator, [Task(data=s) for s in "0123"], package, max_workers=1, job_id="ALEF"
        )

        async def from_alef() -> AsyncIterator[Task[str, str]]:
            async for task in alef:
                assert task.result is not None
                yield Task(data=task.result)

        bet = golem.execute_tasks(duplicator, from_alef(), package, max_workers=1, job_id="BET")
        done = [t.result async for t in bet]

    assert sorted(r or "" for r in done) == sorted(f"{s} {s} {s} {s}" for s in "0123")
    lines = [r.getMessage() for r in caplog.records]
    text = "\n".join(lines)
    for job in ("ALEF", "BET"):
        assert re.search(rf"^\[Job {job}\] Job finished in \d+\.\ds$", text, re.M), text
        assert re.search(
            rf"^\[Job {job}\] Negotiated \d+ agreements with \d providers?$", text, re.M
        )
        computed = re.findall(rf"^\[Job {job}\] Provider '.*' computed (\d+) tasks?$", text, re.M)
        assert sum(map(int, computed)) == 4, text
    assert re.search(r"^\[Job ALEF\] Activity failed 1 time on provider '.*'$", text, re.M), text
    assert not re.search(r"^\[Job BET\] Activity failed", text, re.M), text
    assert re.search(
        r"^\[Job ALEF\] Activity failed on provider '.*'; reason: Command ", text, re.M
    )
    # yapapi's lifecycle lines, in its order
    assert lines.index("Golem is shutting down...") < lines.index("All jobs have finished")
    assert lines.index("All jobs have finished") < lines.index(
        "Waiting for Golem services to finish..."
    )
    assert lines.index("Waiting for Golem services to finish...") < lines.index(
        "Golem engine has shut down"
    )
    [failed] = [e for e in recorder.of(events.WorkerFinished) if e.exception]
    assert failed.job.id == "ALEF" and repr(failed).startswith("WorkerFinished(exception=")


async def test_tasks_generated_from_results(local_network: LocalNetwork) -> None:
    recorder = Recorder()
    package = await package_on(local_network)
    queue: asyncio.Queue[Task[int, int]] = asyncio.Queue()
    await queue.put(Task(data=2))

    async def worker(ctx: WorkContext, tasks: AsyncIterator[Task[int, int]]) -> Any:
        async for task in tasks:
            script = ctx.new_script()
            result = script.run("/bin/sh", "-c", f"echo {task.data}")
            yield script
            task.accept_result(int(((await result).stdout or "").strip()))

    async def from_queue() -> AsyncIterator[Task[int, int]]:
        while (task := await queue.get()).data > 0:
            yield task

    results: list[int] = []
    async with golem_on(local_network, recorder) as golem:
        async for task in golem.execute_tasks(worker, from_queue(), package, max_workers=1):
            n = task.result or 0
            results.append(n)
            for _ in range(n):  # n spawns n tasks of n - 1; a 0 ends the input
                await queue.put(Task(data=n - 1))

    assert results == [2, 1, 1]
    assert recorder.first(events.JobFinished).exception is None


async def test_one_agreement_runs_an_activity_per_worker(local_network: LocalNetwork) -> None:
    recorder = Recorder()
    package = await package_on(local_network)

    async def one_task_worker(ctx: WorkContext, tasks: AsyncIterator[Task[int, None]]) -> Any:
        async for task in tasks:
            script = ctx.new_script()
            script.run("/bin/true")
            yield script
            task.accept_result(None)
            return  # the worker ends: its agreement goes to the next worker

    async with golem_on(local_network, recorder) as golem:
        tasks: list[Task[int, None]] = [Task(data=n) for n in range(3)]
        done = [
            t async for t in golem.execute_tasks(one_task_worker, tasks, package, max_workers=1)
        ]

    assert len(done) == 3
    agreements = {e.agreement.id for e in recorder.of(events.AgreementConfirmed)}
    assert len(agreements) == 1, recorder.story()
    finished = recorder.of(events.WorkerFinished)
    assert len(finished) == 3 and all(e.exception is None for e in finished)
    assert {e.agreement.id for e in finished} == agreements
    assert len({e.activity.id for e in recorder.of(events.ActivityCreated)}) == 3
    recorder.assert_invoices_accepted()
