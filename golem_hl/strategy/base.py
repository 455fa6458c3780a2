"""Market strategies: which offers we take, what we answer, how much of a bill we accept.

The engine asks a strategy four things, always through these methods:

* `decorate_demand(demand)`: add constraints/properties before the demand is published;
* `score_offer(offer)`: a float, higher is better; below `SCORE_NEUTRAL` the offer is rejected;
* `respond_to_provider_offer(demand, offer)`: the demand to send back as our counter-proposal;
* `invoice_accepted_amount` / `debit_note_accepted_amount`: the amount we agree to pay.

An "offer" is anything with `id`, `issuer` (the provider's node id) and `props`
(flat property keys), such as `golem_hl.records.ProposalInfo`.

Negotiable payment timing: a provider may offer debit-note intervals and payment
timeouts ("mid-agreement payments"). We take them up only when our agreement is
long enough to need them (expiration at least `MIN_EXPIRATION_FOR_MID_AGREEMENT_PAYMENTS`
seconds away), and we pull any offered value that lies outside our acceptable
range to the nearest acceptable one.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Final, Protocol

import attrs

from golem_core.events import now
from golem_hl.payload import DemandBuilder
from golem_hl.records import to_decimal

__all__ = [
    "DEBIT_NOTE_INTERVAL_GRACE_PERIOD",
    "DEFAULT_PROPERTY_VALUE_RANGES",
    "MIN_EXPIRATION_FOR_MID_AGREEMENT_PAYMENTS",
    "PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT",
    "PROP_DEBIT_NOTE_INTERVAL_SEC",
    "PROP_EXPIRATION",
    "PROP_PAYMENT_TIMEOUT_SEC",
    "SCORE_NEUTRAL",
    "SCORE_REJECTED",
    "SCORE_TRUSTED",
    "BaseMarketStrategy",
    "DebitNoteLike",
    "InvoiceLike",
    "MarketStrategy",
    "OfferLike",
    "PropValueRange",
    "WrappingMarketStrategy",
    "negotiated_properties",
]

SCORE_NEUTRAL: Final[float] = 0.0
SCORE_REJECTED: Final[float] = -1.0
SCORE_TRUSTED: Final[float] = 100.0

# "?" marks a property the two sides negotiate (market protocol, not ours)
PROP_DEBIT_NOTE_INTERVAL_SEC: Final = "golem.com.scheme.payu.debit-note.interval-sec?"
PROP_PAYMENT_TIMEOUT_SEC: Final = "golem.com.scheme.payu.payment-timeout-sec?"
PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT: Final = "golem.com.payment.debit-notes.accept-timeout?"
PROP_EXPIRATION: Final = "golem.srv.comp.expiration"

MID_AGREEMENT_PAYMENTS_PROPS: Final = frozenset(
    {PROP_DEBIT_NOTE_INTERVAL_SEC, PROP_PAYMENT_TIMEOUT_SEC}
)

DEFAULT_DEBIT_NOTE_ACCEPTANCE_TIMEOUT_SEC: Final = 30
DEFAULT_DEBIT_NOTE_INTERVAL_SEC: Final = 60
DEFAULT_PAYMENT_TIMEOUT_SEC: Final = 18000
MIN_EXPIRATION_FOR_MID_AGREEMENT_PAYMENTS: Final = DEFAULT_PAYMENT_TIMEOUT_SEC
# extra seconds we allow a provider beyond the agreed debit-note interval
DEBIT_NOTE_INTERVAL_GRACE_PERIOD: Final = 30


class OfferLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def issuer(self) -> str: ...
    @property
    def props(self) -> Mapping[str, Any]: ...


class InvoiceLike(Protocol):
    @property
    def amount(self) -> Decimal | str: ...


class DebitNoteLike(Protocol):
    @property
    def total_amount_due(self) -> Decimal | str: ...


@attrs.frozen
class PropValueRange:
    """An acceptable range for a negotiable number; a missing bound means unbounded."""

    min: float | None = None
    max: float | None = None

    def __contains__(self, item: float) -> bool:
        return (self.min is None or item >= self.min) and (self.max is None or item <= self.max)

    def clamp(self, item: float) -> float:
        """The acceptable value nearest to `item`; an empty range (max < min) raises ValueError."""
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"empty range: min {self.min} is above max {self.max}")
        if self.min is not None and item < self.min:
            return self.min
        if self.max is not None and item > self.max:
            return self.max
        return item

    def __str__(self) -> str:
        return f"({self.min}, {self.max})"


DEFAULT_PROPERTY_VALUE_RANGES: Final[Mapping[str, PropValueRange]] = {
    PROP_DEBIT_NOTE_INTERVAL_SEC: PropValueRange(DEFAULT_DEBIT_NOTE_INTERVAL_SEC, None),
    PROP_PAYMENT_TIMEOUT_SEC: PropValueRange(DEFAULT_PAYMENT_TIMEOUT_SEC, None),
    PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT: PropValueRange(
        DEFAULT_DEBIT_NOTE_ACCEPTANCE_TIMEOUT_SEC, None
    ),
}


def _expiration(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, timezone.utc)
    return None


def negotiated_properties(
    demand_props: Mapping[str, Any],
    offer_props: Mapping[str, Any],
    ranges: Mapping[str, PropValueRange],
    now: datetime,
) -> dict[str, Any]:
    """Our values for the negotiable properties the offer mentions.

    Mid-agreement-payment properties are answered only when the provider
    supports them (it offers a debit-note interval) and our demand's expiration
    is at least `MIN_EXPIRATION_FOR_MID_AGREEMENT_PAYMENTS` seconds after `now`;
    a demand without an expiration never asks for them. Non-numeric values are
    left alone.
    """
    expiration = _expiration(demand_props.get(PROP_EXPIRATION))
    long_enough = (
        expiration is not None
        and round((expiration - now).total_seconds()) >= MIN_EXPIRATION_FOR_MID_AGREEMENT_PAYMENTS
    )
    use_mid_agreement_payments = long_enough and PROP_DEBIT_NOTE_INTERVAL_SEC in offer_props
    answer: dict[str, Any] = {}
    for key, acceptable in ranges.items():
        value = offer_props.get(key)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        if key in MID_AGREEMENT_PAYMENTS_PROPS and not use_mid_agreement_payments:
            continue
        answer[key] = value if value in acceptable else acceptable.clamp(value)
    return answer


class BaseMarketStrategy(abc.ABC):
    """The interface the engine calls; see the module docstring."""

    @abc.abstractmethod
    async def score_offer(self, offer: OfferLike) -> float:
        """Higher is better; below `SCORE_NEUTRAL` the offer is rejected."""

    @abc.abstractmethod
    async def respond_to_provider_offer(
        self, our_demand: DemandBuilder, provider_offer: OfferLike
    ) -> DemandBuilder:
        """The demand to send back to `provider_offer` (a modified copy of ours)."""

    @abc.abstractmethod
    async def invoice_accepted_amount(self, invoice: InvoiceLike) -> Decimal:
        """How much of the invoice we accept; the engine accepts it only if that covers it all."""

    @abc.abstractmethod
    async def debit_note_accepted_amount(self, debit_note: DebitNoteLike) -> Decimal:
        """How much of the debit note we accept; below its total it is not accepted."""

    async def decorate_demand(self, demand: DemandBuilder) -> None:  # noqa: B027 -- optional hook
        """Add the strategy's own constraints to the demand (none by default)."""

    async def rejection_reason(self, offer: OfferLike) -> str | None:
        """Why `score_offer` rejects this offer, when the strategy can tell (our addition).

        The engine puts it into `ProposalRejected.reason`, so a run that confirms no
        proposal can say why.
        """
        return None


class MarketStrategy(BaseMarketStrategy, abc.ABC):
    """A strategy that negotiates payment timing and pays every bill in full.

    Set `acceptable_prop_value_range_overrides` (class or instance attribute) to
    change the acceptable ranges of negotiable properties.
    """

    acceptable_prop_value_range_overrides: Mapping[str, PropValueRange] = {}
    _acceptable_ranges: dict[str, PropValueRange] | None = None

    @property
    def acceptable_prop_value_ranges(self) -> dict[str, PropValueRange]:
        """Our defaults, with the overrides applied; computed once per strategy."""
        if self._acceptable_ranges is None:
            ranges = dict(self.acceptable_prop_value_range_overrides)
            for key, default in DEFAULT_PROPERTY_VALUE_RANGES.items():
                ranges.setdefault(key, default)
            self._acceptable_ranges = ranges
        return self._acceptable_ranges

    async def respond_to_provider_offer(
        self, our_demand: DemandBuilder, provider_offer: OfferLike
    ) -> DemandBuilder:
        answer = our_demand.copy()
        answer.properties.update(
            negotiated_properties(
                our_demand.properties,
                provider_offer.props,
                self.acceptable_prop_value_ranges,
                now(),
            )
        )
        return answer

    async def invoice_accepted_amount(self, invoice: InvoiceLike) -> Decimal:
        return to_decimal(invoice.amount)

    async def debit_note_accepted_amount(self, debit_note: DebitNoteLike) -> Decimal:
        return to_decimal(debit_note.total_amount_due)


class WrappingMarketStrategy(BaseMarketStrategy, abc.ABC):
    """A strategy that changes part of another one and passes everything else through.

    Attributes it does not define itself (e.g. a base strategy's settings) are
    read from `base_strategy`.
    """

    def __init__(self, base_strategy: BaseMarketStrategy) -> None:
        self.base_strategy = base_strategy

    def __getattr__(self, name: str) -> Any:
        # only called for names not found normally; guard against recursion before __init__ ran
        if name == "base_strategy":
            raise AttributeError(name)
        return getattr(self.base_strategy, name)

    async def decorate_demand(self, demand: DemandBuilder) -> None:
        await self.base_strategy.decorate_demand(demand)

    async def score_offer(self, offer: OfferLike) -> float:
        return await self.base_strategy.score_offer(offer)

    async def rejection_reason(self, offer: OfferLike) -> str | None:
        return await self.base_strategy.rejection_reason(offer)

    async def respond_to_provider_offer(
        self, our_demand: DemandBuilder, provider_offer: OfferLike
    ) -> DemandBuilder:
        return await self.base_strategy.respond_to_provider_offer(our_demand, provider_offer)

    async def invoice_accepted_amount(self, invoice: InvoiceLike) -> Decimal:
        return await self.base_strategy.invoice_accepted_amount(invoice)

    async def debit_note_accepted_amount(self, debit_note: DebitNoteLike) -> Decimal:
        return await self.base_strategy.debit_note_accepted_amount(debit_note)
