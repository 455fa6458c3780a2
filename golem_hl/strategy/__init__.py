"""Market strategies with yapapi's names (`yapapi.strategy`, plus `ProviderFilter` from
`yapapi.contrib.strategy`)."""

from golem_hl.strategy.base import (
    DEBIT_NOTE_INTERVAL_GRACE_PERIOD,
    PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT,
    PROP_DEBIT_NOTE_INTERVAL_SEC,
    PROP_PAYMENT_TIMEOUT_SEC,
    SCORE_NEUTRAL,
    SCORE_REJECTED,
    SCORE_TRUSTED,
    BaseMarketStrategy,
    MarketStrategy,
    OfferLike,
    PropValueRange,
    WrappingMarketStrategy,
)
from golem_hl.strategy.decrease_score import DecreaseScoreForUnconfirmedAgreement
from golem_hl.strategy.default import default_strategy
from golem_hl.strategy.dummy import DummyMS
from golem_hl.strategy.least_expensive import LeastExpensiveLinearPayuMS
from golem_hl.strategy.pricing import Counter, LinearPricing
from golem_hl.strategy.provider_filter import ProviderFilter

__all__ = [
    "DEBIT_NOTE_INTERVAL_GRACE_PERIOD",
    "PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT",
    "PROP_DEBIT_NOTE_INTERVAL_SEC",
    "PROP_PAYMENT_TIMEOUT_SEC",
    "SCORE_NEUTRAL",
    "SCORE_REJECTED",
    "SCORE_TRUSTED",
    "BaseMarketStrategy",
    "Counter",
    "DecreaseScoreForUnconfirmedAgreement",
    "DummyMS",
    "LeastExpensiveLinearPayuMS",
    "LinearPricing",
    "MarketStrategy",
    "OfferLike",
    "PropValueRange",
    "ProviderFilter",
    "WrappingMarketStrategy",
    "default_strategy",
]
