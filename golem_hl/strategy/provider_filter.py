"""Keep offers from some providers out, and let another strategy score the rest."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable

from golem_hl.strategy.base import (
    SCORE_REJECTED,
    BaseMarketStrategy,
    OfferLike,
    WrappingMarketStrategy,
)

__all__ = ["IsAllowedType", "ProviderFilter"]

IsAllowedType = Callable[[str], bool] | Callable[[str], Awaitable[bool]]


class ProviderFilter(WrappingMarketStrategy):
    """Reject offers whose issuer `is_allowed(provider_id)` refuses; score others with the base.

    `is_allowed` may be a plain or an async function (anything returning an
    awaitable is awaited). It is asked for each new offer, so a changing
    predicate (e.g. a set filled by an event consumer) takes effect for offers
    scored afterwards.
    """

    def __init__(self, base_strategy: BaseMarketStrategy, is_allowed: IsAllowedType) -> None:
        super().__init__(base_strategy)
        self._is_allowed = is_allowed

    async def _allowed(self, provider_id: str) -> bool:
        verdict = self._is_allowed(provider_id)
        if inspect.isawaitable(verdict):
            verdict = await verdict
        return bool(verdict)

    async def score_offer(self, offer: OfferLike) -> float:
        if not await self._allowed(offer.issuer):
            return SCORE_REJECTED
        return await self.base_strategy.score_offer(offer)

    async def rejection_reason(self, offer: OfferLike) -> str | None:
        if not await self._allowed(offer.issuer):
            return f"provider {offer.issuer} is excluded by the provider filter"
        return await self.base_strategy.rejection_reason(offer)
