"""The old default strategy: every offer within our price caps is equally good."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from golem_hl.exceptions import InvalidPropertiesError
from golem_hl.payload import DemandBuilder
from golem_hl.strategy.base import SCORE_NEUTRAL, SCORE_REJECTED, MarketStrategy, OfferLike
from golem_hl.strategy.pricing import (
    PRICE_MODEL,
    PRICE_MODEL_LINEAR,
    Counter,
    LinearPricing,
    counter_key,
    price_rejection,
)

__all__ = ["DummyMS"]

logger = logging.getLogger(__name__)

_DEFAULT_MAX_PRICE_FOR: Mapping[str, Decimal] = {
    Counter.TIME.value: Decimal("0.002"),
    Counter.CPU.value: Decimal("0.002") * 10,
}


class DummyMS(MarketStrategy):
    """`SCORE_NEUTRAL` for offers within the caps, `SCORE_REJECTED` for the rest.

    Deprecated in yapapi in favour of `LeastExpensiveLinearPayuMS`. Counters
    without a cap (by default all but duration and CPU time) reject the offer.
    """

    def __init__(
        self,
        max_fixed_price: Decimal = Decimal("0.05"),
        max_price_for: Mapping[Counter | str, Decimal] = MappingProxyType({}),
        activity: Any = None,
    ) -> None:
        self._max_fixed_price = Decimal(max_fixed_price)
        self._max_price_for = dict(_DEFAULT_MAX_PRICE_FOR)
        self._max_price_for.update({counter_key(c): Decimal(p) for c, p in max_price_for.items()})
        # yapapi kept the demand's activity properties here; nothing reads them
        self._activity = activity

    async def decorate_demand(self, demand: DemandBuilder) -> None:
        await super().decorate_demand(demand)
        demand.ensure(f"({PRICE_MODEL}={PRICE_MODEL_LINEAR})")

    async def rejection_reason(self, offer: OfferLike) -> str | None:
        try:
            pricing = LinearPricing.from_properties(offer.props)
        except InvalidPropertiesError as exc:
            return str(exc)
        return price_rejection(pricing, self._max_fixed_price, self._max_price_for, None)

    async def score_offer(self, offer: OfferLike) -> float:
        reason = await self.rejection_reason(offer)
        if reason is not None:
            logger.debug("rejecting offer %s from %s: %s", offer.id, offer.issuer, reason)
            return SCORE_REJECTED
        return SCORE_NEUTRAL
