"""The budget gate: start new work only while the budget can still pay for it. No I/O.

What has been spent is the larger of (a) what the activities cost so far, by
their pricing applied to the usage we last read, plus, for each activity still
running, what it will cost while it winds down (its price of time for a few
seconds: a finished activity is billed until it is destroyed), and (b) what
the payment manager has accepted. A task is expected to cost what finished tasks cost on
average (measured from usage at its start and end); until one has finished
there is no estimate and only the activity start prices count. Work starts
only when spent + the start price of a new activity (if one is needed) + the
expected cost of every task running or about to run fits the budget. This
stops work *before* the budget runs out; the payment manager still refuses
any bill beyond it.

Usage is read at most once per USAGE_REFRESH per activity: the exe-unit
reports it once a second, so a closer reading says nothing new, and the
wind-down reserve already covers seconds of lag. While the budget left would
last much longer at the rate the costs grow, a reading serves longer (up to
USAGE_REFRESH_MAX): each is a REST request, and yapapi makes none.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Final

import attrs

from golem_core.payment.pricing import DURATION_SEC, LinearPricing

__all__ = [
    "USAGE_REFRESH",
    "USAGE_REFRESH_MAX",
    "WIND_DOWN_S",
    "BudgetGate",
    "usage_is_fresh",
    "usage_refresh",
    "wind_down_cost",
]

ZERO = Decimal(0)
# how long an activity may still be billed for after its last task (until it is destroyed)
WIND_DOWN_S: Final = Decimal(5)
USAGE_REFRESH: Final = timedelta(seconds=1)
USAGE_REFRESH_MAX: Final = timedelta(seconds=10)
# a reading serves for at most this share of the time the budget left lasts
REFRESH_SHARE: Final = Decimal(4)


def usage_is_fresh(
    read_at: datetime | None, now: datetime, refresh: timedelta = USAGE_REFRESH
) -> bool:
    """Whether the last usage reading is recent enough to skip another."""
    return read_at is not None and timedelta(0) <= now - read_at < refresh


def usage_refresh(remaining: Decimal, rate: Decimal) -> timedelta:
    """How long a usage reading serves: a quarter of the time `remaining` (the budget
    left) lasts at `rate` (cost per second of all activities), within USAGE_REFRESH and
    USAGE_REFRESH_MAX."""
    if remaining <= 0:
        return USAGE_REFRESH
    if rate <= 0:
        return USAGE_REFRESH_MAX
    seconds = float(remaining / rate / REFRESH_SHARE)
    return min(max(timedelta(seconds=seconds), USAGE_REFRESH), USAGE_REFRESH_MAX)


def wind_down_cost(pricing: LinearPricing, seconds: Decimal = WIND_DOWN_S) -> Decimal:
    """What `seconds` more of an idle activity cost: its price of time."""
    return pricing.price_of(DURATION_SEC) * seconds


@attrs.define
class BudgetGate:
    budget: Decimal
    _activity_costs: dict[str, Decimal] = attrs.field(factory=dict, init=False)
    _reserves: dict[str, Decimal] = attrs.field(factory=dict, init=False)
    # the tasks' costs as a running sum (added in order, as `sum` over them would) and count:
    # the estimate is asked for at every task, and a list summed each time grew with the job
    _task_cost_total: Decimal = attrs.field(default=ZERO, init=False)
    _tasks_costed: int = attrs.field(default=0, init=False)
    # cost per second of each running activity, and its last reading (when, cost)
    _rates: dict[str, Decimal] = attrs.field(factory=dict, init=False)
    _readings: dict[str, tuple[datetime, Decimal]] = attrs.field(factory=dict, init=False)
    # changes to the costs, rates and reserves so far; and the last `usage_refresh` answer
    # with what it was worked out from (asked after every task, it changes with readings)
    _changes: int = attrs.field(default=0, init=False)
    _refresh: tuple[object, timedelta] | None = attrs.field(default=None, init=False)
    # the same for `spent` (asked before every task) and the per-task estimate
    _spent: tuple[object, Decimal] | None = attrs.field(default=None, init=False)
    _estimate: tuple[int, Decimal] = attrs.field(default=(0, ZERO), init=False)

    def record_activity_cost(
        self,
        activity_id: str,
        cost: Decimal,
        reserve: Decimal | None = None,
        *,
        at: datetime | None = None,
        floor_rate: Decimal = ZERO,
    ) -> None:
        """The cost of an activity so far (costs only grow: a lower reading is ignored),
        and what it may still cost while it winds down. With `at` (when it was read),
        its cost per second too: since its last reading, and at least `floor_rate`."""
        self._changes += 1
        self._activity_costs[activity_id] = max(cost, self._activity_costs.get(activity_id, ZERO))
        if reserve is not None:
            self._reserves[activity_id] = reserve
        if at is None:
            return
        rate = floor_rate
        last = self._readings.get(activity_id)
        if last is not None and at > last[0]:
            seconds = Decimal(str((at - last[0]).total_seconds()))
            rate = max(rate, (cost - last[1]) / seconds)
        self._rates[activity_id] = rate
        self._readings[activity_id] = (at, cost)

    def activity_ended(self, activity_id: str) -> None:
        """Its cost is final: nothing more to hold back for it."""
        self._changes += 1
        self._reserves.pop(activity_id, None)
        self._rates.pop(activity_id, None)
        self._readings.pop(activity_id, None)

    def cost_rate(self) -> Decimal:
        """What the running activities cost per second, as last read."""
        return sum(self._rates.values(), ZERO)

    def usage_refresh(self, committed: Decimal = ZERO) -> timedelta:
        """`usage_refresh` of the budget left and the cost rate now, worked out again
        only when one of them may have changed."""
        key = (self.budget, committed, self._changes)
        known = self._refresh
        if known is None or known[0] != key:
            refresh = usage_refresh(self.remaining(committed), self.cost_rate())
            known = self._refresh = (key, refresh)
        return known[1]

    def record_task_cost(self, cost: Decimal) -> None:
        self._task_cost_total += max(cost, ZERO)
        self._tasks_costed += 1

    def spent(self, committed: Decimal = ZERO) -> Decimal:
        key = (committed, self._changes)
        known = self._spent
        if known is None or known[0] != key:
            running = sum(self._activity_costs.values(), ZERO) + sum(self._reserves.values(), ZERO)
            known = self._spent = (key, max(running, committed))
        return known[1]

    def per_task_estimate(self) -> Decimal:
        costed, estimate = self._estimate
        if costed != self._tasks_costed:  # (a running sum: it changes with every count)
            estimate = self._task_cost_total / self._tasks_costed
            self._estimate = (self._tasks_costed, estimate)
        return estimate

    def remaining(self, committed: Decimal = ZERO) -> Decimal:
        return self.budget - self.spent(committed)

    def allows_task(self, running: int, committed: Decimal = ZERO) -> bool:
        """May one more task start, with `running` tasks already under way?"""
        expected = self.per_task_estimate() * (running + 1)
        return self.spent(committed) + expected <= self.budget

    def allows_activity(
        self, start_price: Decimal, running: int, committed: Decimal = ZERO
    ) -> bool:
        """May a new activity (`start_price`: its fixed price and wind-down) start for a task?"""
        expected = self.per_task_estimate() * (running + 1)
        return self.spent(committed) + start_price + expected <= self.budget
