"""The strategy `Golem` uses when the application names none (yapapi's default)."""

from __future__ import annotations

from decimal import Decimal

from golem_hl.strategy.decrease_score import DecreaseScoreForUnconfirmedAgreement
from golem_hl.strategy.least_expensive import LeastExpensiveLinearPayuMS
from golem_hl.strategy.pricing import Counter

__all__ = ["default_strategy"]


def default_strategy() -> DecreaseScoreForUnconfirmedAgreement:
    """Cheapest offer first, within modest caps, trusting providers that refused us less.

    The caller must register the result's `on_event` as an event consumer, or the
    penalty for refused agreements never applies.
    """
    base = LeastExpensiveLinearPayuMS(
        max_fixed_price=Decimal("1.0"),
        max_price_for={Counter.CPU: Decimal("0.2"), Counter.TIME: Decimal("0.1")},
    )
    return DecreaseScoreForUnconfirmedAgreement(base, 0.5)
