"""golem_hl when things go wrong: failing providers, cancellation, an empty market, money.

A cancelled job must leave nothing behind (activities destroyed, agreements
terminated, invoices decided, allocation released) without waiting out any
timeout (CANCEL_WITHIN_S).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from golem_hl import (
    BudgetExhaustedError,
    Golem,
    JobTimeoutError,
    NoPaymentAccountError,
    Script,
    Task,
    WorkContext,
    events,
)
from golem_hl.strategy import LeastExpensiveLinearPayuMS
from golem_localnet.network import LocalNetwork
from golem_localnet.provider import AgentEventKind
from tests.live.hl_support import CANCEL_WITHIN_S, Recorder, golem_on, package_on

pytestmark = [pytest.mark.live, pytest.mark.asyncio(loop_scope="session")]


class ThreeStepWorker:
    """Three commands per task (a provider told `die-during-batch=2` dies in the third).

    Workers wait until `providers` of them are ready, so that each provider
    surely gets a task however fast the others are.
    """

    def __init__(self, providers: int) -> None:
        self.providers = providers
        self.ready: set[str] = set()
        self.all_ready = asyncio.Event()

    async def __call__(
        self, ctx: WorkContext, tasks: AsyncIterator[Task[int, str]]
    ) -> AsyncIterator[Script]:
        self.ready.add(ctx.provider_id)
        if len(self.ready) >= self.providers:
            self.all_ready.set()
        await self.all_ready.wait()
        async for task in tasks:
            script = ctx.new_script()
            script.upload_bytes(f"{task.data}\n".encode(), "/golem/input/n.txt")
            script.run("/bin/sh", "-c", "cat /golem/input/n.txt > /golem/output/n.txt")
            result = script.run("/bin/cat", "/golem/output/n.txt")
            yield script
            task.accept_result(((await result).stdout or "").strip())


async def test_a_task_whose_provider_dies_is_computed_elsewhere() -> None:
    recorder = Recorder()
    faults = {0: ["die-during-batch=2"]}
    async with LocalNetwork(providers=3, chain=False, faults=faults, subnet="hl-faults") as net:
        dying = net.providers[0].node_id
        package = await package_on(net)
        tasks: list[Task[int, str]] = [Task(data=n) for n in range(6)]
        async with golem_on(net, recorder) as golem:
            done = [
                t
                async for t in golem.execute_tasks(
                    ThreeStepWorker(3), tasks, package, max_workers=3
                )
            ]
    assert sorted(str(t.result) for t in done) == [str(n) for n in range(6)]
    # the dying provider got a task, failed it, and its worker ended with the error
    started_there = [e.task for e in recorder.of(events.TaskStarted) if e.provider_id == dying]
    assert started_there, "the faulty provider should have been given a task"
    failed = [e for e in recorder.of(events.WorkerFinished) if e.provider_id == dying]
    assert failed and failed[0].exception is not None
    # that task was computed again, by another provider, and accepted there
    retried = started_there[0]
    accepted_by = [e.provider_id for e in recorder.of(events.TaskAccepted) if e.task is retried]
    assert accepted_by and accepted_by[0] != dying
    # the faulty provider got no more work, and its agreement was ended as a failure
    assert all(e.provider_id != dying for e in recorder.of(events.TaskAccepted))
    ended = [e for e in recorder.of(events.AgreementTerminated) if e.provider_id == dying]
    assert ended and ended[0].reason["golem.requestor.code"] == "Failure"


async def sleeping_worker(
    ctx: WorkContext, tasks: AsyncIterator[Task[int, None]]
) -> AsyncIterator[Script]:
    async for task in tasks:
        script = ctx.new_script()
        script.run("/bin/sleep", "60")
        yield script
        task.accept_result()


async def test_cancelling_a_job_cleans_up_fast(local_network: LocalNetwork) -> None:
    recorder = Recorder()
    package = await package_on(local_network)
    three_started = asyncio.Event()

    started_on: set[str] = set()

    def watch(event: events.Event) -> None:  # `recorder` gets every event by itself
        if isinstance(event, events.TaskStarted):
            started_on.add(event.agreement.provider_id)
        if len(started_on) >= 3:  # one task running on each provider
            three_started.set()

    async def run() -> None:
        golem = golem_on(local_network, recorder, budget=Decimal(2))
        golem.add_event_consumer(watch)
        async with golem:
            tasks: list[Task[int, None]] = [Task(data=n) for n in range(6)]
            async for _ in golem.execute_tasks(sleeping_worker, tasks, package, max_workers=3):
                raise AssertionError("no task can finish before the cancellation")

    job = asyncio.create_task(run())
    await asyncio.wait_for(three_started.wait(), 30)
    began = time.monotonic()
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    took = time.monotonic() - began
    print(f"cancelled job cleaned up in {took:.2f} s")
    assert took < CANCEL_WITHIN_S, f"shutting down took {took:.1f} s"

    # every agreement that ran an activity: activity gone, agreement ended, invoice accepted
    ran = {e.agreement.id: e.agreement.provider_id for e in recorder.of(events.ActivityCreated)}
    assert len(ran) == 3, recorder.story()
    assert {e.agreement.id for e in recorder.of(events.AgreementTerminated)} >= set(ran)
    assert all(
        e.reason["golem.requestor.code"] == "Cancelled"
        for e in recorder.of(events.AgreementTerminated)
    )
    recorder.assert_invoices_accepted()
    finished = recorder.first(events.JobFinished)
    assert isinstance(finished.exception, asyncio.CancelledError)
    assert isinstance(recorder.events[-1], events.ShutdownFinished)
    providers = {p.node_id: p for p in local_network.providers}
    for agreement_id, provider_id in ran.items():
        history = providers[provider_id].agent.history
        assert history.of(AgentEventKind.AGREEMENT_ENDED, agreement_id=agreement_id)
        await history.wait_for(
            AgentEventKind.INVOICE_ACCEPTED, agreement_id=agreement_id, timeout=5
        )
        # the exe-unit was stopped (its sleep did not run on)
        assert history.of(AgentEventKind.ACTIVITY_ENDED, agreement_id=agreement_id)


async def test_no_matching_offer_is_explained(local_network: LocalNetwork) -> None:
    recorder = Recorder()
    package = await package_on(local_network)
    stingy = LeastExpensiveLinearPayuMS(max_fixed_price=Decimal(0))  # every offer has a start price
    golem = golem_on(
        local_network, recorder, strategy=stingy, no_proposals_timeout=timedelta(seconds=2)
    )
    async with golem:
        with pytest.raises(JobTimeoutError):
            async for _ in golem.execute_tasks(
                sleeping_worker, [Task(data=1)], package, timeout=timedelta(seconds=5)
            ):
                pass
    reports = recorder.of(events.NoProposalsConfirmed)
    assert reports, recorder.names()
    last = reports[-1]
    assert last.offers_collected == 3
    [(reason, count)] = last.rejection_reasons.items()
    assert "fixed price 0.001 is above our cap 0" in reason and count == 3
    assert not recorder.of(events.AgreementCreated)


async def test_a_payment_network_without_account(local_network: LocalNetwork) -> None:
    recorder = Recorder()
    golem = golem_on(local_network, recorder, payment_network="polygon")
    with pytest.raises(NoPaymentAccountError) as raised:
        await golem.start()
    assert (raised.value.required_driver, raised.value.required_network) == ("erc20", "polygon")


async def test_the_budget_stops_new_work(local_network: LocalNetwork) -> None:
    recorder = Recorder()
    package = await package_on(local_network)
    # one activity (start price 0.001, 0.0005 held back for its wind-down) and a few
    # one-second tasks (~0.0001 each) fit
    budget = Decimal("0.002")

    async def one_second(
        ctx: WorkContext, tasks: AsyncIterator[Task[int, None]]
    ) -> AsyncIterator[Script]:
        async for task in tasks:
            script = ctx.new_script()
            script.run("/bin/sleep", "1")
            yield script
            task.accept_result()

    done: list[Task[Any, Any]] = []
    async with golem_on(local_network, recorder, budget=budget) as golem:
        with pytest.raises(BudgetExhaustedError):
            async for task in golem.execute_tasks(
                one_second, [Task(data=n) for n in range(30)], package, max_workers=1
            ):
                done.append(task)
    assert 1 <= len(done) < 30
    paid = sum((e.amount for e in recorder.of(events.InvoiceAccepted)), Decimal(0))
    assert 0 < paid <= budget


async def test_golem_must_be_started(local_network: LocalNetwork) -> None:
    golem = golem_on(local_network, Recorder())
    with pytest.raises(Exception, match="not started"):
        async for _ in golem.execute_tasks(sleeping_worker, [], await package_on(local_network)):
            pass
    assert isinstance(golem, Golem)
