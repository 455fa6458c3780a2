"""The offer buffer, the rejection tally and the budget gate: pure bookkeeping."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import attrs
import pytest

from golem_core.events import now
from golem_core.payment import LinearPricing
from golem_hl._engine.budget import (
    USAGE_REFRESH,
    USAGE_REFRESH_MAX,
    BudgetGate,
    usage_is_fresh,
    usage_refresh,
    wind_down_cost,
)
from golem_hl._engine.offers import OfferBuffer, RejectionTally
from golem_hl.executor._ledger import TaskLedger
from golem_hl.executor._pacing import GAIN_SAMPLES, Pace, retire_worker


def test_the_best_proposal_of_an_available_provider_is_taken() -> None:
    buffer: OfferBuffer[str] = OfferBuffer()
    buffer.add("a", "a1", 1.0)
    buffer.add("b", "b1", 5.0)
    buffer.add("c", "c1", 3.0)
    buffer.add("a", "a2", 9.0)  # a newer proposal replaces the provider's older one
    assert len(buffer) == 3
    best = buffer.pop_best(exclude={"a"})
    assert best is not None and (best.provider_id, best.proposal) == ("b", "b1")
    assert buffer.providers() == {"a", "c"}
    best = buffer.pop_best()
    assert best is not None and best.proposal == "a2"
    buffer.discard("c")
    assert buffer.pop_best() is None


def test_equal_scores_go_first_come_first_served() -> None:
    buffer: OfferBuffer[str] = OfferBuffer()
    for provider in "xyz":
        buffer.add(provider, provider, 0.0)
    assert [buffer.pop_best().proposal for _ in range(3)] == ["x", "y", "z"]  # type: ignore[union-attr]


def test_rejections_are_counted_by_reason() -> None:
    tally = RejectionTally()
    assert not tally
    for reason in ["too expensive", "too expensive", "provider refused"]:
        tally.add(reason)
    assert tally.counts() == {"too expensive": 2, "provider refused": 1}


PRICING = LinearPricing(
    usage_vector=("golem.usage.cpu_sec", "golem.usage.duration_sec"),
    coefficients=(Decimal("0.0002"), Decimal("0.0001")),
    fixed=Decimal("0.001"),
)


def test_the_wind_down_is_priced_by_time() -> None:
    assert wind_down_cost(PRICING, Decimal(5)) == Decimal("0.0005")


def test_work_starts_only_while_the_budget_can_pay_for_it() -> None:
    gate = BudgetGate(Decimal("0.01"))
    start = PRICING.fixed + wind_down_cost(PRICING)
    assert gate.per_task_estimate() == 0
    assert gate.allows_activity(start, running=0)
    gate.record_activity_cost("act-1", Decimal("0.001"), wind_down_cost(PRICING))
    assert gate.spent() == Decimal("0.0015")
    # three tasks measured at 0.002 each
    for _ in range(3):
        gate.record_task_cost(Decimal("0.002"))
    assert gate.per_task_estimate() == Decimal("0.002")
    gate.record_activity_cost("act-1", Decimal("0.007"))
    # spent 0.0075; one more task (0.002) would pass 0.01 only with another running
    assert gate.allows_task(running=0)
    assert not gate.allows_task(running=1)
    assert not gate.allows_activity(start, running=0)
    assert gate.remaining() == Decimal("0.0025")


def test_costs_only_grow_and_end_with_the_activity() -> None:
    gate = BudgetGate(Decimal(1))
    gate.record_activity_cost("a", Decimal("0.5"), Decimal("0.1"))
    gate.record_activity_cost("a", Decimal("0.2"))  # a stale reading
    assert gate.spent() == Decimal("0.6")
    gate.activity_ended("a")
    assert gate.spent() == Decimal("0.5")


def test_what_payments_accepted_counts_when_it_is_more() -> None:
    gate = BudgetGate(Decimal(1))
    gate.record_activity_cost("a", Decimal("0.1"))
    assert gate.spent(committed=Decimal("0.9")) == Decimal("0.9")
    assert not gate.allows_activity(Decimal("0.2"), 0, committed=Decimal("0.9"))


def test_usage_is_read_again_only_once_the_exe_unit_can_have_reported_anew() -> None:
    read_at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert not usage_is_fresh(None, read_at)  # never read
    assert usage_is_fresh(read_at, read_at)
    assert usage_is_fresh(read_at, read_at + USAGE_REFRESH - timedelta(milliseconds=1))
    assert not usage_is_fresh(read_at, read_at + USAGE_REFRESH)
    # a clock that stepped back says nothing about freshness
    assert not usage_is_fresh(read_at, read_at - timedelta(seconds=1))


def test_a_reading_serves_longer_while_the_budget_is_far_from_running_out() -> None:
    d = Decimal
    # 1 GLM left at 0.01 GLM/s lasts 100 s: a reading may serve 25 s, capped
    assert usage_refresh(d(1), d("0.01")) == USAGE_REFRESH_MAX
    assert usage_refresh(d(1), d(0)) == USAGE_REFRESH_MAX  # nothing costs yet
    assert usage_refresh(d("0.2"), d("0.01")) == timedelta(seconds=5)
    assert usage_refresh(d("0.02"), d("0.01")) == USAGE_REFRESH  # never closer than the reports
    assert usage_refresh(d(0), d(0)) == USAGE_REFRESH  # spent: read as often as there is news
    assert usage_is_fresh(
        datetime(2026, 1, 1, tzinfo=timezone.utc),
        datetime(2026, 1, 1, 0, 0, 4, tzinfo=timezone.utc),
        timedelta(seconds=5),
    )


def test_the_cost_rate_comes_from_the_last_two_readings_at_least_the_price_of_time() -> None:
    gate = BudgetGate(Decimal(1))
    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    floor = Decimal("0.001")
    gate.record_activity_cost("a", Decimal("0.1"), at=t0, floor_rate=floor)
    assert gate.cost_rate() == floor  # one reading: only the price of time is known
    gate.record_activity_cost("a", Decimal("0.3"), at=t0 + timedelta(seconds=10), floor_rate=floor)
    gate.record_activity_cost("b", Decimal("0"), at=t0, floor_rate=floor)
    assert gate.cost_rate() == Decimal("0.021")  # a: 0.2 GLM in 10 s; b: its price of time
    gate.activity_ended("a")
    assert gate.cost_rate() == floor


def test_the_per_task_estimate_is_the_mean_of_every_task_s_cost() -> None:
    gate = BudgetGate(Decimal(1))
    costs = [Decimal("0.1"), Decimal(-1), Decimal("1") / 3, Decimal("2E-18")] * 250
    for cost in costs:
        gate.record_task_cost(cost)
    kept = [max(cost, Decimal(0)) for cost in costs]
    assert gate.per_task_estimate() == sum(kept, Decimal(0)) / len(kept)
    # and nothing in the gate grows with the number of tasks (it is asked at every task)
    fields = [getattr(gate, field.name) for field in attrs.fields(BudgetGate)]
    assert not [value for value in fields if isinstance(value, list)]


def test_a_reading_younger_than_the_least_refresh_is_fresh_without_the_budget_s_sums() -> None:
    """Asked after every task: the committed total (a sum of Decimals) only when it can matter."""
    read_at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    asked: list[int] = []

    class State:
        budget = BudgetGate(Decimal(1))

        def committed(self) -> Decimal:
            asked.append(1)
            return Decimal(0)

    class Worker:
        measured_at: datetime | None = read_at

    ledger = TaskLedger(State())  # type: ignore[arg-type]
    worker = Worker()
    assert ledger.usage_is_fresh(worker, read_at + timedelta(milliseconds=500))  # type: ignore[arg-type]
    assert asked == []
    # older: then the budget left decides (here nothing costs yet: it serves USAGE_REFRESH_MAX)
    assert ledger.usage_is_fresh(worker, read_at + timedelta(seconds=3))  # type: ignore[arg-type]
    assert not ledger.usage_is_fresh(worker, read_at + USAGE_REFRESH_MAX)  # type: ignore[arg-type]
    assert asked == [1, 1]
    State.budget.record_activity_cost("a", Decimal(1))  # spent: read again after USAGE_REFRESH
    assert not ledger.usage_is_fresh(worker, read_at + timedelta(seconds=3))  # type: ignore[arg-type]
    worker.measured_at = None
    assert not ledger.usage_is_fresh(worker, read_at)  # type: ignore[arg-type]


async def test_a_worker_the_pacing_lets_go_gets_no_task_and_only_one_goes() -> None:
    """Two workers at work decided no more tasks a second than one: one is let go."""
    start = datetime.now(timezone.utc) - timedelta(seconds=10)
    pace = Pace()
    pace.worker_ready(start, start + timedelta(seconds=1))
    pace.workers_at_work(1, start + timedelta(seconds=1))
    pace.task_started(start + timedelta(seconds=1))
    for _ in range(GAIN_SAMPLES * 10):
        pace.task_decided(0.01)
    pace.workers_at_work(2, start + timedelta(seconds=2))
    for _ in range(GAIN_SAMPLES * 10):  # as many in 8 s as alone in 1 s
        pace.task_decided(0.02)

    class State:
        fresh_workers = 0
        ready_workers = 2
        retiring_workers = 0
        no_more_tasks = False

    State.pace = pace  # type: ignore[attr-defined]

    class Worker:
        fresh = False
        retired = False

    state = State()
    ledger = TaskLedger(state)  # type: ignore[arg-type]
    first = Worker()
    assert await ledger.next_task(first) is None  # type: ignore[arg-type]
    assert first.retired and state.retiring_workers == 1
    assert await ledger.next_task(first) is None  # type: ignore[arg-type]
    assert state.retiring_workers == 1
    # the other is the last one at work: it stays (asking it would wait for a task)
    assert not retire_worker(state.ready_workers - state.retiring_workers, pace, now())


def test_the_gate_s_usage_refresh_follows_every_change_and_is_not_worked_out_again_between(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from golem_hl._engine import budget as module

    asked: list[tuple[Decimal, Decimal]] = []

    def counted(remaining: Decimal, rate: Decimal) -> timedelta:
        asked.append((remaining, rate))
        return usage_refresh(remaining, rate)

    monkeypatch.setattr(module, "usage_refresh", counted)
    d = Decimal
    at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    gate = BudgetGate(d(1))
    assert gate.usage_refresh() == gate.usage_refresh() == USAGE_REFRESH_MAX
    gate.record_activity_cost("a", d(0), d(0), at=at, floor_rate=d("0.01"))
    gate.record_activity_cost("a", d("0.8"), d(0), at=at + timedelta(seconds=80))
    assert gate.usage_refresh() == timedelta(seconds=5)  # 0.2 left at 0.01/s, a quarter
    assert gate.usage_refresh(committed=d("0.98")) == USAGE_REFRESH  # payments count too
    assert gate.usage_refresh(committed=d("0.98")) == USAGE_REFRESH
    gate.activity_ended("a")  # no rate: nothing grows
    assert gate.usage_refresh(committed=d("0.98")) == USAGE_REFRESH_MAX
    assert asked == [(d(1), d(0)), (d("0.2"), d("0.01")), (d("0.02"), d("0.01")), (d("0.02"), d(0))]


def test_what_was_spent_and_a_task_s_estimate_follow_every_change() -> None:
    d = Decimal
    gate = BudgetGate(d(1))
    assert (gate.spent(), gate.per_task_estimate()) == (d(0), d(0))
    gate.record_activity_cost("a", d("0.3"), d("0.1"))
    assert gate.spent() == d("0.4")
    assert gate.spent(committed=d("0.5")) == d("0.5")
    gate.record_activity_cost("b", d("0.2"))
    assert gate.spent() == d("0.6")
    gate.activity_ended("a")
    assert gate.spent() == d("0.5")
    gate.record_task_cost(d("0.1"))
    assert gate.per_task_estimate() == d("0.1")
    gate.record_task_cost(d("0.3"))
    assert gate.per_task_estimate() == d("0.2")
    assert gate.allows_task(2, committed=d("0.4")) is False  # 0.5 + 3 x 0.2 > 1
    assert gate.allows_task(1) is True  # 0.5 + 2 x 0.2
