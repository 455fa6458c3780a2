"""Trust providers less after they refused an agreement with us."""

from __future__ import annotations

import logging

from golem_hl import events
from golem_hl.strategy.base import BaseMarketStrategy, OfferLike, WrappingMarketStrategy

__all__ = ["DecreaseScoreForUnconfirmedAgreement"]

logger = logging.getLogger(__name__)


class DecreaseScoreForUnconfirmedAgreement(WrappingMarketStrategy):
    """Multiply positive scores by `factor` for providers whose last agreement they rejected.

    Register `on_event` as an event consumer (`Golem.add_event_consumer`): a
    provider is marked on `AgreementRejected` and forgiven on `AgreementConfirmed`.
    """

    def __init__(self, base_strategy: BaseMarketStrategy, factor: float) -> None:
        super().__init__(base_strategy)
        self.factor = factor
        self._rejecting_providers: set[str] = set()

    def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.AgreementConfirmed):
            self._rejecting_providers.discard(event.provider_id)
        elif isinstance(event, events.AgreementRejected):
            self._rejecting_providers.add(event.provider_id)

    async def score_offer(self, offer: OfferLike) -> float:
        score = await self.base_strategy.score_offer(offer)
        if score > 0 and offer.issuer in self._rejecting_providers:
            logger.debug("lowering the score of %s: it rejected our last agreement", offer.issuer)
            score *= self.factor
        return score
