"""Score offers by what the expected computation would cost under their linear prices."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from golem_hl.exceptions import InvalidPropertiesError
from golem_hl.payload import DemandBuilder
from golem_hl.strategy.base import SCORE_REJECTED, SCORE_TRUSTED, MarketStrategy, OfferLike
from golem_hl.strategy.pricing import (
    PRICE_MODEL,
    PRICE_MODEL_LINEAR,
    Counter,
    LinearPricing,
    counter_key,
    price_rejection,
)

__all__ = ["LeastExpensiveLinearPayuMS", "linear_payu_score"]

logger = logging.getLogger(__name__)

# keeps the score finite for free offers and below SCORE_TRUSTED for all
_COST_OFFSET = Decimal("1.01")


def linear_payu_score(pricing: LinearPricing, expected_time_secs: int) -> float:
    """SCORE_TRUSTED / (cost + 1.01), where every counter is expected to reach
    `expected_time_secs`: cheaper offers score higher, all scores in (0, 100)."""
    usage = [expected_time_secs] * len(pricing.price_for)
    cost = pricing.calculate_cost(usage)
    return float(Decimal(SCORE_TRUSTED) / (cost + _COST_OFFSET))


class LeastExpensiveLinearPayuMS(MarketStrategy):
    """Prefer the offer that is cheapest for `expected_time_secs` of use; reject offers
    above `max_fixed_price` or above `max_price_for[counter]` (no cap when absent)."""

    def __init__(
        self,
        expected_time_secs: int = 60,
        max_fixed_price: Decimal = Decimal("inf"),
        max_price_for: Mapping[Counter | str, Decimal] = MappingProxyType({}),
    ) -> None:
        self._expected_time_secs = expected_time_secs
        self._max_fixed_price = Decimal(max_fixed_price)
        self._max_price_for = {counter_key(c): Decimal(p) for c, p in max_price_for.items()}

    async def decorate_demand(self, demand: DemandBuilder) -> None:
        await super().decorate_demand(demand)
        demand.ensure(f"({PRICE_MODEL}={PRICE_MODEL_LINEAR})")

    def _rejection(self, offer: OfferLike) -> tuple[LinearPricing | None, str | None]:
        try:
            pricing = LinearPricing.from_properties(offer.props)
        except InvalidPropertiesError as exc:
            return None, str(exc)
        reason = price_rejection(
            pricing, self._max_fixed_price, self._max_price_for, Decimal("inf")
        )
        return pricing, reason

    async def score_offer(self, offer: OfferLike) -> float:
        pricing, reason = self._rejection(offer)
        if pricing is None or reason is not None:
            logger.debug("rejecting offer %s from %s: %s", offer.id, offer.issuer, reason)
            return SCORE_REJECTED
        return linear_payu_score(pricing, self._expected_time_secs)

    async def rejection_reason(self, offer: OfferLike) -> str | None:
        return self._rejection(offer)[1]
