"""A whole job against a scripted golem_core: the order of events, retries, budget, cancel.

`fake_core` stands in for the daemon: providers offer, counter and approve at
once, activities run commands as each provider's behaviour says. What is
tested is golem_hl's own logic: which events come in which order, which
provider gets which task, what happens after failures.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest

from golem_core import activity as core_activity
from golem_core._clock import installed as clock_installed
from golem_core.events import now
from golem_core.market import ProposalArrived, ProposalState
from golem_core.payment import PaymentTerms
from golem_hl import BudgetExhaustedError, JobTimeoutError, Script, Task, WorkContext, events
from golem_hl._engine import market
from golem_hl._engine.settings import EVENT_POLL_S
from golem_hl.executor import _worker
from golem_hl.executor._decisions import MAX_TASK_ATTEMPTS
from golem_hl.executor._job import JobRun
from golem_hl.payload import vm
from golem_hl.strategy import LeastExpensiveLinearPayuMS, ProviderFilter
from tests.unit.golem_hl.fake_core import (
    FakeActivity,
    FakeAgreement,
    FakeBatch,
    FakeDemand,
    FakeEngine,
    FakeProposal,
    FakeProvider,
    offer_properties,
)

PACKAGE = vm.VmPackage("0" * 56, "http://127.0.0.1/image", vm.VmConstraints(0.5, 2.0, 1))


@pytest.fixture(autouse=True)
def scripted_core(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(market, "Demand", FakeDemand)
    monkeypatch.setattr(_worker, "Activity", FakeActivity)
    yield
    FakeDemand.providers = []
    FakeActivity.registry.clear()


class Recorder:
    def __init__(self) -> None:
        self.events: list[events.Event] = []

    def __call__(self, event: events.Event) -> None:
        self.events.append(event)

    def names(self) -> list[str]:
        return [type(e).__name__ for e in self.events]

    def of(self, kind: type[Any]) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]


def engine_with(*providers: FakeProvider, budget: Decimal = Decimal(10)) -> tuple[Any, Recorder]:
    FakeDemand.providers = list(providers)
    engine = FakeEngine(budget)
    recorder = Recorder()
    engine.emitter.add_consumer(recorder)
    return engine, recorder


async def echo_worker(
    ctx: WorkContext, tasks: AsyncIterator[Task[Any, Any]]
) -> AsyncIterator[Script]:
    async for task in tasks:
        script = ctx.new_script()
        result = script.run("/bin/echo", str(task.data))
        yield script
        task.accept_result((await result).stdout)


async def run_job(
    engine: Any, worker: Any, data: list[Task[Any, Any]], **options: Any
) -> list[Any]:
    job = JobRun(engine, worker, data, PACKAGE, timeout=timedelta(seconds=30), **options)
    return [task async for task in job.run()]


async def test_a_slow_rejection_holds_up_no_other_provider(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each proposal is handled in a task of its own: the market reads on meanwhile.

    (The poll after the slow one's batch waits for its answer only `BATCH_SETTLE_S`.)
    """
    monkeypatch.setattr(market, "BATCH_SETTLE_S", 0.01)
    slow, good = FakeProvider("slow"), FakeProvider("good")
    slow.slow_to_refuse = asyncio.Event()  # never set: its rejection never returns
    FakeDemand.providers = [slow, good]
    strategy = ProviderFilter(LeastExpensiveLinearPayuMS(), lambda node: node != slow.node_id)
    engine = FakeEngine(strategy=strategy)
    done = await run_job(engine, echo_worker, [Task(data=1)])
    assert [t.result for t in done] == ["output of run"]
    assert FakeDemand.last is not None and len(FakeDemand.last.rejected) == 1
    assert [p.name for p in (slow, good) if p.activities] == ["good"]


async def test_offers_that_trickle_in_while_a_batch_is_answered_come_in_one_poll() -> None:
    """The next poll waits for the batch's answers: two offers, one poll (yapapi's count)."""
    early, late, good = FakeProvider("early"), FakeProvider("late"), FakeProvider("good")

    async def trickle() -> None:  # while early is turned down, two offers arrive one by one
        demand = FakeDemand.last
        assert demand is not None
        for provider in (late, good):
            demand.queue.put_nowait(FakeProposal(demand, provider, ProposalState.INITIAL))
            for _ in range(5):
                await asyncio.sleep(0)  # the market runs meanwhile

    early.while_refused = trickle
    FakeDemand.providers = [early]
    strategy = ProviderFilter(LeastExpensiveLinearPayuMS(), lambda node: node == good.node_id)
    engine = FakeEngine(strategy=strategy)
    done = await run_job(engine, echo_worker, [Task(data=1)])
    assert [t.result for t in done] == ["output of run"]
    assert FakeDemand.last is not None
    assert FakeDemand.last.batches[:2] == [
        [("early", ProposalState.INITIAL)],
        [("late", ProposalState.INITIAL), ("good", ProposalState.INITIAL)],
    ]


async def test_one_task_in_yapapis_order() -> None:
    engine, recorder = engine_with(FakeProvider("a"))
    done = await run_job(engine, echo_worker, [Task(data=1)])
    assert [t.result for t in done] == ["output of run"]
    assert recorder.names() == [
        "JobStarted",
        "SubscriptionCreated",
        "ProposalReceived",
        "ProposalResponded",
        "ProposalReceived",
        "ProposalConfirmed",
        "AgreementCreated",
        "AgreementConfirmed",
        "WorkerStarted",
        "ActivityCreated",
        # the implicit deploy and start
        "ScriptSent",
        "CommandStarted",
        "CommandExecuted",
        "CommandStarted",
        "CommandExecuted",
        "GettingResults",
        "ScriptFinished",
        # the task
        "TaskStarted",
        "ScriptSent",
        "CommandStarted",
        "CommandExecuted",
        "GettingResults",
        "ScriptFinished",
        "TaskAccepted",
        "TaskFinished",
        "WorkerFinished",
        "AgreementTerminated",
        "JobFinished",
    ]
    stamps = [e.timestamp for e in recorder.events]
    assert stamps == sorted(stamps)
    finished = recorder.of(events.JobFinished)[0]
    assert finished.exception is None
    assert recorder.of(events.AgreementTerminated)[0].reason["golem.requestor.code"] == "Success"
    # the demand: payload, subnet and payment decorations; the activity was destroyed
    spec = FakeDemand.last.spec  # type: ignore[union-attr]
    assert spec.properties["golem.node.debug.subnet"] == "test"
    assert spec.properties["golem.com.payment.chosen-platform"] == "erc20-holesky-tglm"
    assert "golem.srv.comp.task_package" in spec.properties
    assert "(golem.node.debug.subnet=test)" in spec.constraints
    # offers are long-polled as the other feeds are (news ends a poll at once)
    assert FakeDemand.last.poll_timeouts == [EVENT_POLL_S]  # type: ignore[union-attr]
    provider = FakeDemand.providers[0]
    assert [a.destroyed for a in provider.activities] == [True]
    assert [type(c) for b in provider.activities[0].batches for c in b.commands] == [
        core_activity.Deploy,
        core_activity.Start,
        core_activity.Run,
    ]
    assert engine.paid_for
    # one quick task, the budget far away: the activity's start price served while it ran;
    # one reading at its end, what the provider's invoice is checked against
    assert len(engine.payments.usage) == 1


async def test_an_agreement_is_described_by_the_proposals_it_was_made_of_unread() -> None:
    """The daemon's record of a new agreement holds the provider's Draft (offer) and our
    counter-proposal it answered (demand): we hold both, so nothing is read back."""
    provider = FakeProvider("a")
    engine, recorder = engine_with(provider)
    await run_job(engine, echo_worker, [Task(data=1)])
    assert provider.agreement_reads == 0
    (created,) = recorder.of(events.AgreementCreated)
    details = created.agreement.details
    offer = offer_properties("a", provider.node_id)
    (countered,) = FakeDemand.last.countered  # type: ignore[union-attr]
    assert (details.provider_id, dict(details.provider_view.properties)) == (
        provider.node_id,
        offer,
    )
    assert dict(details.requestor_view.properties) == countered
    assert engine.paid_for == {created.agreement.id: PaymentTerms.from_properties(offer)}


async def test_an_agreement_on_a_draft_answering_a_counter_we_did_not_send_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(e.g. sent before a restart): only the daemon knows its demand side then."""
    original = FakeProposal.__init__

    def unknown_counter(self: FakeProposal, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.answers = None

    monkeypatch.setattr(FakeProposal, "__init__", unknown_counter)
    provider = FakeProvider("a")
    engine, recorder = engine_with(provider)
    await run_job(engine, echo_worker, [Task(data=1)])
    assert provider.agreement_reads == 1
    (created,) = recorder.of(events.AgreementCreated)
    assert dict(created.agreement.details.requestor_view.properties) == {}  # the fake's record
    assert dict(created.agreement.details.provider_view.properties) == offer_properties(
        "a", provider.node_id
    )
    assert list(engine.paid_for) == [created.agreement.id]


class Barrier:
    """Workers wait until `count` of them are ready, so each provider surely gets a task."""

    def __init__(self, count: int) -> None:
        self.count, self.ready = count, asyncio.Event()
        self.seen: set[str] = set()

    async def __call__(
        self, ctx: WorkContext, tasks: AsyncIterator[Task[Any, Any]]
    ) -> AsyncIterator[Script]:
        self.seen.add(ctx.provider_id)
        if len(self.seen) >= self.count:
            self.ready.set()
        await self.ready.wait()
        async for item in echo_worker(ctx, tasks):
            yield item


async def test_a_dead_providers_task_is_computed_elsewhere() -> None:
    dying = FakeProvider("dying")

    def dies_in_run(index: int, command: core_activity.Command) -> tuple[bool, str | None, None]:
        if isinstance(command, core_activity.Run):
            dying.dead = True
        return True, "never seen", None

    dying.behaviour = dies_in_run
    healthy = FakeProvider("healthy")
    engine, recorder = engine_with(dying, healthy)
    tasks: list[Task[int, str]] = [Task(data=n) for n in range(4)]
    done = await run_job(engine, Barrier(2), tasks, max_workers=2)
    assert sorted(t.data for t in done) == [0, 1, 2, 3]
    started_on = [(e.task.id, e.provider_id) for e in recorder.of(events.TaskStarted)]
    [lost] = [task for task, provider in started_on if provider == dying.node_id]
    assert (lost, healthy.node_id) in started_on  # the same task again, elsewhere
    assert {e.provider_id for e in recorder.of(events.TaskAccepted)} == {healthy.node_id}
    failed = [e for e in recorder.of(events.WorkerFinished) if e.provider_id == dying.node_id]
    assert failed[0].exception is not None
    ended = {e.provider_id: e.reason for e in recorder.of(events.AgreementTerminated)}
    assert ended[dying.node_id]["golem.requestor.code"] == "Failure"
    assert ended[healthy.node_id]["golem.requestor.code"] == "Success"


async def test_a_task_that_keeps_failing_is_given_up() -> None:
    def exits_nonzero(index: int, command: core_activity.Command) -> tuple[bool, None, str | None]:
        if isinstance(command, core_activity.Run):
            return False, None, "ExeScript command exited with code 1"
        return True, None, None

    provider = FakeProvider("strict", exits_nonzero)
    engine, recorder = engine_with(provider)
    done = await run_job(engine, echo_worker, [Task(data="bad")])
    assert done == []
    assert len(recorder.of(events.TaskStarted)) == MAX_TASK_ATTEMPTS
    [rejected] = recorder.of(events.TaskRejected)
    assert f"failed {MAX_TASK_ATTEMPTS} times" in (rejected.reason or "")
    assert "exited with code 1" in (rejected.reason or "")
    # the provider was not blamed: one agreement, a fresh activity for each attempt
    assert len(recorder.of(events.AgreementCreated)) == 1
    assert len(provider.activities) == MAX_TASK_ATTEMPTS
    assert all(a.destroyed for a in provider.activities)
    failures = recorder.of(events.CommandExecuted)
    assert [e.success for e in failures if "Run" in repr(e.command)] == [False] * 3
    assert recorder.of(events.JobFinished)[0].exception is None


class SecondsFly:
    """A clock on which each reading is a second after the last (tasks take seconds)."""

    def __init__(self) -> None:
        self._time = datetime(2026, 1, 1, tzinfo=timezone.utc)

    def now(self) -> datetime:
        self._time += timedelta(seconds=1)
        return self._time

    def new_id(self) -> str:
        return uuid.uuid4().hex


async def test_the_budget_stops_new_tasks() -> None:
    # start 0.001, wind-down 0.0005; each usage reading adds a second (0.0001)
    engine, recorder = engine_with(FakeProvider("a"), budget=Decimal("0.0019"))
    done: list[Any] = []
    job = JobRun(engine, echo_worker, [Task(data=n) for n in range(10)], PACKAGE)
    with clock_installed(SecondsFly()), pytest.raises(BudgetExhaustedError) as raised:
        async for task in job.run():
            done.append(task)
    assert 1 <= len(done) < 10
    assert raised.value.tasks_left == 10 - len(done)
    assert engine.payments.usage  # the readings the budget needed fed the payment checks too
    assert isinstance(recorder.of(events.JobFinished)[0].exception, BudgetExhaustedError)


class QuickDemand(FakeDemand):
    """A daemon that matches the market's offers before its answer to subscribe reaches us."""

    def __init__(self, spec: Any) -> None:
        super().__init__(spec)
        self.matched_at = now()
        self.first_offers = {id(offer) for offer in self.offers}

    async def events(
        self, *, poll_timeout: float = 5.0, pace: Any = None
    ) -> AsyncIterator[ProposalArrived]:
        async for arrived in super().events(poll_timeout=poll_timeout, pace=pace):
            if id(arrived.proposal) in self.first_offers:
                arrived = attrs.evolve(arrived, event_date=self.matched_at)
            yield arrived


class QuickActivity(FakeActivity):
    """An exe-unit whose commands end before the daemon's answer to exec reaches us."""

    async def exec(
        self,
        commands: Iterable[core_activity.Command],
        timeout: float = 10.0,
        *,
        per_command: bool = True,
    ) -> FakeBatch:
        batch = await super().exec(commands, timeout, per_command=per_command)
        batch.ended_at = now()
        return batch


async def test_event_times_never_go_back_when_the_daemon_is_quicker_than_its_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the daemon stamps what it saw; what we did is stamped when we asked, not when answered
    monkeypatch.setattr(market, "Demand", QuickDemand)
    monkeypatch.setattr(_worker, "Activity", QuickActivity)
    engine, recorder = engine_with(FakeProvider("a"))
    with clock_installed(SecondsFly()):
        await run_job(engine, echo_worker, [Task(data=1)])
    times = [(e.timestamp, type(e).__name__) for e in recorder.events]
    assert [t for t, _ in times] == sorted(t for t, _ in times), times


async def test_an_agreement_ended_after_its_usage_was_read_is_left_to_its_invoice() -> None:
    # before its activity is destroyed, so the final debit note that follows goes unanswered
    provider = FakeProvider("p")
    engine, _ = engine_with(provider)
    await run_job(engine, echo_worker, [Task(data=1), Task(data=2)])
    [activity] = provider.activities
    assert activity.destroyed
    assert engine.done == [(activity.agreement_id, [False])]
    assert engine.payments.usage[-1][1] == activity.id  # the final reading it is checked on


async def test_an_agreement_whose_usage_was_not_read_at_its_end_keeps_its_debit_notes() -> None:
    # a cancelled job destroys its activities unread: their final debit notes tell the usage
    provider = FakeProvider("slow")
    engine, _ = engine_with(provider)
    started = asyncio.Event()

    def hang_from_now_on(event: events.Event) -> None:
        provider.hang = True
        started.set()

    engine.emitter.add_consumer(hang_from_now_on, ["TaskStarted"])
    job = asyncio.create_task(run_job(engine, echo_worker, [Task(data=1), Task(data=2)]))
    await started.wait()
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    assert [a.destroyed for a in provider.activities] == [True]
    assert engine.done == []


async def test_cancelling_ends_everything() -> None:
    provider = FakeProvider("slow")
    engine, recorder = engine_with(provider)
    started = asyncio.Event()

    def hang_from_now_on(event: events.Event) -> None:
        provider.hang = True  # the task's batch will never finish
        started.set()

    engine.emitter.add_consumer(hang_from_now_on, ["TaskStarted"])
    job = asyncio.create_task(run_job(engine, echo_worker, [Task(data=1), Task(data=2)]))
    await started.wait()
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    assert isinstance(recorder.of(events.JobFinished)[0].exception, asyncio.CancelledError)
    [ended] = recorder.of(events.AgreementTerminated)
    assert ended.reason["golem.requestor.code"] == "Cancelled"
    assert [a.destroyed for a in provider.activities] == [True]
    assert FakeDemand.last is not None and FakeDemand.last.unsubscribed
    [worker] = recorder.of(events.WorkerFinished)
    assert isinstance(worker.exception, asyncio.CancelledError)
    assert recorder.names()[-1] == "JobFinished"


async def test_an_activity_cancelled_while_being_created_is_still_paid_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found by the chaos run: Ctrl-C while an activity was being created left its invoice
    unaccepted. The provider bills the activity it started; golem_core finishes a cancelled
    creation (and destroys it), so the agreement must be paid for from the request on."""
    creating = asyncio.Event()

    class SlowActivity(FakeActivity):
        @classmethod
        async def create(cls, node: Any, agreement_id: Any) -> FakeActivity:
            creating.set()
            await asyncio.Event().wait()  # still being created when the job is cancelled
            raise AssertionError("unreachable")

    monkeypatch.setattr(_worker, "Activity", SlowActivity)
    engine, _ = engine_with(FakeProvider("a"))
    job = asyncio.create_task(run_job(engine, echo_worker, [Task(data=1)]))
    await creating.wait()
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    assert len(engine.paid_for) == 1


async def test_an_agreement_awaiting_approval_when_the_job_is_cancelled_is_withdrawn_and_paid_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found by the chaos run: Ctrl-C while a provider was deciding left the agreement to the
    node's closer, which ended it once approved, after the payments had stopped: the provider's
    invoice (0, nothing ran) went unanswered. The job withdraws it before its cancellation
    ends, and pays for it when the provider approved meanwhile (yagna's provider invoices
    every agreement it approved)."""
    deciding = asyncio.Event()
    withdrawn: list[str] = []

    class Undecided(FakeAgreement):
        async def wait_for_approval(self, timeout: float) -> Any:
            deciding.set()
            await asyncio.Event().wait()  # the provider has not decided yet

        async def abandon(self, reason: Any, *, retry_for: float = 0.0) -> bool:
            await asyncio.sleep(0)
            withdrawn.append(self.id)
            return True  # it approved as we gave up: it will bill

    async def create_agreement(self: FakeProposal, valid_to: datetime) -> FakeAgreement:
        return Undecided(self.provider, self.data)

    monkeypatch.setattr(FakeProposal, "create_agreement", create_agreement)
    engine, recorder = engine_with(FakeProvider("a"))
    job = asyncio.create_task(run_job(engine, echo_worker, [Task(data=1)]))
    await deciding.wait()
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    assert len(withdrawn) == 1
    assert list(engine.paid_for) == withdrawn
    assert not recorder.of(events.AgreementConfirmed)


async def test_an_agreement_whose_termination_was_cut_short_is_terminated_as_the_job_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found by the chaos run: a provider failed as the requestor's daemon restarted, and Ctrl-C
    came while its agreement's termination was asked again; the lease counted as terminated,
    so only the node's closer ended it, after the payments had stopped: its invoice went
    unanswered. The job's end terminates it."""
    provider = FakeProvider("a")
    provider.dead = True  # its activity dies at once: the worker fails, the agreement ends
    asked = asyncio.Event()

    class Unreachable(FakeAgreement):
        async def terminate(self, reason: Any, *, retry_for: float = 0.0) -> bool:
            if not asked.is_set():
                asked.set()
                await asyncio.Event().wait()  # asking again and again: the provider is away
            return await super().terminate(reason, retry_for=retry_for)

    async def create_agreement(self: FakeProposal, valid_to: datetime) -> FakeAgreement:
        return Unreachable(self.provider, self.data)

    monkeypatch.setattr(FakeProposal, "create_agreement", create_agreement)
    engine, recorder = engine_with(provider)
    job = asyncio.create_task(run_job(engine, echo_worker, [Task(data=1)]))
    await asked.wait()
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    assert len(provider.terminated) == 1
    [ended] = recorder.of(events.AgreementTerminated)
    assert ended.reason["golem.requestor.code"] == "Cancelled"


async def test_a_job_without_providers_times_out_at_its_deadline() -> None:
    engine, recorder = engine_with()  # nobody offers
    job = JobRun(engine, echo_worker, [Task(data=1)], PACKAGE, timeout=timedelta(seconds=0.05))
    loop = asyncio.get_running_loop()
    began = loop.time()
    with pytest.raises(JobTimeoutError) as raised:
        [task async for task in job.run()]
    assert loop.time() - began >= 0.05
    assert str(raised.value).endswith("timed out after 0:00:00.050000: 0 task(s) done, 1 not")
    assert recorder.names()[0] == "JobStarted"


async def test_a_lone_worker_is_never_asked_whether_to_let_it_go(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the pacing lets a worker go only while another is at work: one alone costs no clock read
    from golem_hl.executor import _ledger

    asked: list[int] = []

    def retire_worker(at_work: int, *args: Any) -> bool:
        asked.append(at_work)
        return False

    monkeypatch.setattr(_ledger, "retire_worker", retire_worker)
    engine, recorder = engine_with(FakeProvider("a"))
    await run_job(engine, echo_worker, [Task(data=n) for n in range(3)])
    assert len(recorder.of(events.TaskAccepted)) == 3
    assert asked == []
