"""What a provider charges: debit-note and invoice amounts from pricing and usage. No I/O.

An activity costs its pricing applied to its usage counters (`LinearPricing.cost`:
one price per counter plus the start price). A debit note carries the running
total of one activity; the invoice, sent when the agreement ends, the sum of
the final totals of all its activities. Amounts are cut (never rounded up) to
the token's 18 decimals, so we never ask for more than the usage costs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Context, Decimal

import attrs

from golem_core.market.properties import (
    DEBIT_NOTE_ACCEPT_TIMEOUT,
    DEBIT_NOTE_INTERVAL,
    PAYMENT_TIMEOUT,
)
from golem_core.payment.pricing import LinearPricing, to_decimal

TOKEN_QUANTUM = Decimal("1e-18")
# room for 18 decimals on top of any realistic whole part
_WIDE = Context(prec=80)
ZERO = Decimal(0)
# debit notes when the agreement names no interval (yagna's DEFAULT_DEBIT_NOTE_INTERVAL_SEC)
UNAGREED_DEBIT_NOTE_INTERVAL = timedelta(seconds=120)


@attrs.frozen
class BillingTerms:
    """The agreed price list and rhythm, read from the agreement's offer side."""

    pricing: LinearPricing
    debit_note_interval: timedelta | None
    # None: no mid-agreement payments (debit notes carry no due date)
    payment_timeout: timedelta | None
    # None: the requestor may take as long as it likes to accept a debit note
    accept_timeout: timedelta | None = None

    @classmethod
    def from_offer(cls, offer: Mapping[str, object]) -> BillingTerms:
        return cls(
            pricing=LinearPricing.from_properties(offer),
            debit_note_interval=_seconds(offer.get(DEBIT_NOTE_INTERVAL)),
            payment_timeout=_seconds(offer.get(PAYMENT_TIMEOUT)),
            accept_timeout=_seconds(offer.get(DEBIT_NOTE_ACCEPT_TIMEOUT)),
        )

    @property
    def interval(self) -> timedelta:
        """How often an activity gets a debit note (yagna's default when none was agreed)."""
        return self.debit_note_interval or UNAGREED_DEBIT_NOTE_INTERVAL

    def payment_due(
        self, last_payable: datetime, now: datetime, *, final: bool = False
    ) -> datetime | None:
        """When the note sent `now` must be paid, or None when it only informs.

        As yagna's provider: one payable note per payment timeout (the others
        inform), each due a payment timeout after it is sent; an activity's
        last note is always payable. No payment timeout: no note is payable."""
        if self.payment_timeout is None:
            return None
        if final or last_payable + self.payment_timeout <= now:
            return now + self.payment_timeout
        return None


def _seconds(value: object) -> timedelta | None:
    if value is None:
        return None
    seconds = to_decimal(value)
    return timedelta(seconds=float(seconds)) if seconds > 0 else None


def activity_total(pricing: LinearPricing, usage: Sequence[object] | None) -> Decimal:
    """What an activity cost so far; no usage reported yet counts as none used."""
    return token_amount(pricing.cost(pricing.idle_usage() if usage is None else usage))


def debit_note_amount(total: Decimal, overcharge: Decimal | None = None) -> Decimal:
    """The amount a debit note asks for `total`, times the over-charge fault's factor."""
    return total if overcharge is None else token_amount(total * overcharge)


def invoice_amount(totals: Iterable[Decimal]) -> Decimal:
    """The whole agreement: the sum of its activities' final totals."""
    return sum(totals, ZERO)


def token_amount(amount: Decimal) -> Decimal:
    """`amount` cut to what the token can carry (18 decimals), without trailing zeros."""
    if amount < 0:
        raise ValueError(f"amounts are never negative: {amount}")
    cut = amount.quantize(TOKEN_QUANTUM, rounding=ROUND_DOWN, context=_WIDE)
    return cut.normalize(_WIDE) if cut else Decimal(0)
