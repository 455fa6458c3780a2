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
wind-down reserve already covers seconds of lag.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Final

import attrs

from golem_core.payment.pricing import DURATION_SEC, LinearPricing

__all__ = ["USAGE_REFRESH", "WIND_DOWN_S", "BudgetGate", "usage_is_fresh", "wind_down_cost"]

ZERO = Decimal(0)
# how long an activity may still be billed for after its last task (until it is destroyed)
WIND_DOWN_S: Final = Decimal(5)
USAGE_REFRESH: Final = timedelta(seconds=1)


def usage_is_fresh(read_at: datetime | None, now: datetime) -> bool:
    """Whether the last usage reading is recent enough to skip another."""
    return read_at is not None and timedelta(0) <= now - read_at < USAGE_REFRESH


def wind_down_cost(pricing: LinearPricing, seconds: Decimal = WIND_DOWN_S) -> Decimal:
    """What `seconds` more of an idle activity cost: its price of time."""
    return pricing.price_of(DURATION_SEC) * seconds


@attrs.define
class BudgetGate:
    budget: Decimal
    _activity_costs: dict[str, Decimal] = attrs.field(factory=dict, init=False)
    _reserves: dict[str, Decimal] = attrs.field(factory=dict, init=False)
    _task_costs: list[Decimal] = attrs.field(factory=list, init=False)

    def record_activity_cost(
        self, activity_id: str, cost: Decimal, reserve: Decimal | None = None
    ) -> None:
        """The cost of an activity so far (costs only grow: a lower reading is ignored),
        and what it may still cost while it winds down."""
        self._activity_costs[activity_id] = max(cost, self._activity_costs.get(activity_id, ZERO))
        if reserve is not None:
            self._reserves[activity_id] = reserve

    def activity_ended(self, activity_id: str) -> None:
        """Its cost is final: nothing more to hold back for it."""
        self._reserves.pop(activity_id, None)

    def record_task_cost(self, cost: Decimal) -> None:
        self._task_costs.append(max(cost, ZERO))

    def spent(self, committed: Decimal = ZERO) -> Decimal:
        running = sum(self._activity_costs.values(), ZERO) + sum(self._reserves.values(), ZERO)
        return max(running, committed)

    def per_task_estimate(self) -> Decimal:
        if not self._task_costs:
            return ZERO
        return sum(self._task_costs, ZERO) / len(self._task_costs)

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
