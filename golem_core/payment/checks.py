"""Should we pay this debit note or invoice? Pure decisions, no I/O, no exceptions.

A debit note carries the running total an activity has cost so far and the
usage counters behind it. We accept it when, in this order:

1. the usage vector fits the agreed pricing (right length, no negative counter),
   does not go backwards from the last accepted note, and its duration is no
   longer than the time since the agreement started (plus `clock_grace`);
2. the total does not go down from the last accepted total (totals are cumulative);
3. it is not one note too many: the n-th note of an activity may not come before
   (n - 1) agreed intervals (minus `interval_grace`) since the agreement started.
   Counting, rather than spacing notes, lets an honest provider send its final
   note as soon as the activity ends;
4. the total is not above the price of its usage plus the tolerance;
5. what it adds to the accepted total fits the remaining budget.

An invoice is the final bill for a whole agreement. We accept it when its amount
is not above the price of the last usage known for each activity (or what we
already accepted, when that is more) plus the tolerance, and what it adds fits the
budget.

Each check returns `Accept(amount)` or `Reject(reason, code, acceptable)`; the
code is the category the daemon relays to the provider, the reason a sentence
for humans, `acceptable` the amount we would have paid instead.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

import attrs

from golem_core.payment.pricing import DURATION_SEC, LinearPricing, PricingError

__all__ = [
    "DEFAULT_POLICY",
    "Accept",
    "ActivityHistory",
    "Cap",
    "DebitNoteClaim",
    "Decision",
    "PaymentPolicy",
    "Reject",
    "RejectionCode",
    "check_cap",
    "check_debit_note",
    "check_invoice",
]

ZERO = Decimal(0)


class RejectionCode(str, enum.Enum):
    """Why we refuse a document, in the daemon's three categories."""

    INCORRECT_AMOUNT = "INCORRECT_AMOUNT"  # the numbers are wrong
    UNSOLICITED_SERVICE = "UNSOLICITED_SERVICE"  # we never asked (or agreed to pay) for it
    BAD_SERVICE = "BAD_SERVICE"  # the provider broke the agreed terms


@attrs.frozen
class Accept:
    amount: Decimal


@attrs.frozen
class Reject:
    reason: str
    code: RejectionCode
    # what we would have agreed to pay instead (sent to the provider with the rejection)
    acceptable: Decimal = ZERO


Decision = Accept | Reject


@attrs.frozen
class PaymentPolicy:
    """How strict the checks are.

    The tolerance allows for a provider that does its arithmetic in binary
    floating point: `0.1 * 3` is `0.30000000000000004` there.
    """

    relative_tolerance: Decimal = Decimal("0.000001")
    absolute_tolerance: Decimal = Decimal("1e-18")
    # how much earlier than the agreed rhythm a debit note may come
    interval_grace: timedelta = timedelta(seconds=5)
    # how much longer than the wall-clock time since the agreement a duration may be
    clock_grace: timedelta = timedelta(seconds=10)
    # how far an activity's final duration may run past the last usage we saw: the
    # daemon holds the exe-unit's counters as of its last report (one a second), and
    # the invoice bills them as of the exe-unit's exit
    usage_lag: timedelta = timedelta(seconds=2)

    def allowance(self, cost: Decimal) -> Decimal:
        """The most we pay for something that costs `cost`."""
        return cost + max(self.absolute_tolerance, abs(cost) * self.relative_tolerance)


DEFAULT_POLICY = PaymentPolicy()


@attrs.frozen
class DebitNoteClaim:
    """What a debit note asks for."""

    amount_due: Decimal
    usage: tuple[Decimal, ...] | None
    # when we received it (our own clock, as the intervals are ours to measure)
    received_at: datetime


@attrs.frozen
class ActivityHistory:
    """What we know of one activity's debit notes so far."""

    accepted: Decimal = ZERO
    # debit notes received before this one, accepted or not
    notes: int = 0
    last_usage: tuple[Decimal, ...] | None = None


def check_debit_note(
    claim: DebitNoteClaim,
    history: ActivityHistory,
    pricing: LinearPricing,
    *,
    remaining_budget: Decimal,
    agreement_start: datetime | None = None,
    interval: timedelta | None = None,
    policy: PaymentPolicy = DEFAULT_POLICY,
) -> Decision:
    """Accept a debit note, or say why not (see the module docstring for the rules)."""
    amount = claim.amount_due
    if amount < 0:
        return Reject(f"a negative amount due ({_n(amount)})", RejectionCode.INCORRECT_AMOUNT)
    usage = _usage_problem(claim, history, pricing, agreement_start, policy)
    if isinstance(usage, Reject):
        return usage
    if amount < history.accepted:
        return Reject(
            f"the total due went down from {_n(history.accepted)} to {_n(amount)}",
            RejectionCode.INCORRECT_AMOUNT,
            history.accepted,
        )
    if interval is not None and agreement_start is not None:
        elapsed = claim.received_at - agreement_start
        if elapsed < interval * history.notes - policy.interval_grace:
            return Reject(
                f"debit note number {history.notes + 1} after only "
                f"{elapsed.total_seconds():.1f} s; the agreed interval is "
                f"{interval.total_seconds():g} s",
                RejectionCode.BAD_SERVICE,
                history.accepted,
            )
    cost = pricing.cost(usage)
    if amount > policy.allowance(cost):
        return Reject(
            f"asks {_n(amount)} for usage {_show(usage)}, which costs {_n(cost)}",
            RejectionCode.INCORRECT_AMOUNT,
            max(cost, history.accepted),
        )
    added = amount - history.accepted
    if added > remaining_budget:
        return Reject(
            f"accepting {_n(amount)} adds {_n(added)}, more than the "
            f"{_n(remaining_budget)} left in the budget",
            RejectionCode.UNSOLICITED_SERVICE,
            history.accepted,
        )
    return Accept(amount)


def _usage_problem(
    claim: DebitNoteClaim,
    history: ActivityHistory,
    pricing: LinearPricing,
    agreement_start: datetime | None,
    policy: PaymentPolicy,
) -> tuple[Decimal, ...] | Reject:
    """The claim's usage if it is believable, else why not."""
    if claim.usage is None:
        if pricing.coefficients and any(c != 0 for c in pricing.coefficients):
            return Reject("no usage counters to justify the amount", RejectionCode.INCORRECT_AMOUNT)
        return pricing.idle_usage()
    try:
        usage = pricing.usage(claim.usage)
    except PricingError as error:
        return Reject(str(error), RejectionCode.INCORRECT_AMOUNT, history.accepted)
    if history.last_usage is not None and any(
        now < before for now, before in zip(usage, history.last_usage, strict=False)
    ):
        return Reject(
            f"usage went backwards from {_show(history.last_usage)} to {_show(usage)}",
            RejectionCode.INCORRECT_AMOUNT,
            history.accepted,
        )
    if agreement_start is not None and DURATION_SEC in pricing.usage_vector:
        duration = usage[pricing.usage_vector.index(DURATION_SEC)]
        elapsed = claim.received_at - agreement_start + policy.clock_grace
        if duration > Decimal(str(elapsed.total_seconds())):
            return Reject(
                f"claims {_n(duration)} s of duration, but the agreement started only "
                f"{(claim.received_at - agreement_start).total_seconds():.1f} s ago",
                RejectionCode.INCORRECT_AMOUNT,
                history.accepted,
            )
    return usage


def check_invoice(
    amount: Decimal,
    last_usages: Iterable[Sequence[Decimal] | None],
    pricing: LinearPricing,
    *,
    accepted: Decimal,
    remaining_budget: Decimal,
    policy: PaymentPolicy = DEFAULT_POLICY,
    since_seen: Iterable[timedelta | None] | None = None,
) -> Decision:
    """Accept an invoice, or say why not.

    `last_usages` has one entry per activity of the agreement: the last usage
    we know of (None when we know none, which prices as idle). `accepted` is
    what we already accepted for the agreement through debit notes.
    `since_seen`, in the same order, is how long before the invoice reached us
    each usage was read: the activity may have run (and billed duration) that
    long after it, but never less than `policy.usage_lag` is allowed.
    """
    if amount < 0:
        return Reject(f"a negative amount ({_n(amount)})", RejectionCode.INCORRECT_AMOUNT)
    usages = list(last_usages)
    try:
        expected = sum(
            (pricing.cost(u if u is not None else pricing.idle_usage()) for u in usages),
            ZERO,
        )
    except PricingError as error:  # a usage we recorded ourselves: only if pricing changed
        return Reject(str(error), RejectionCode.INCORRECT_AMOUNT, accepted)
    expected = max(expected, accepted)
    lags = list(since_seen) if since_seen is not None else [None] * len(usages)
    seen_lags = [lag for usage, lag in zip(usages, lags, strict=True) if usage is not None]
    unseen = unseen_duration_cost(pricing, seen_lags, policy)
    if amount > policy.allowance(expected + unseen):
        return Reject(
            f"invoice of {_n(amount)}, but the usage seen costs {_n(expected)}",
            RejectionCode.INCORRECT_AMOUNT,
            expected,
        )
    added = amount - accepted
    if added > remaining_budget:
        return Reject(
            f"accepting {_n(amount)} adds {_n(added)}, more than the "
            f"{_n(remaining_budget)} left in the budget",
            RejectionCode.UNSOLICITED_SERVICE,
            accepted,
        )
    return Accept(amount)


def unseen_duration_cost(
    pricing: LinearPricing, lags: Sequence[timedelta | None], policy: PaymentPolicy
) -> Decimal:
    """What the duration each seen activity ran after its last reading may add.

    One entry per activity whose usage we saw: the time from that reading to the
    invoice (None when unknown); at least `usage_lag` each.
    """
    seconds = sum(
        (
            Decimal(str(max(policy.usage_lag, lag or policy.usage_lag).total_seconds()))
            for lag in lags
        ),
        ZERO,
    )
    return pricing.price_of(DURATION_SEC) * seconds


def _n(amount: Decimal) -> str:
    """An amount for people: plain notation, no trailing zeros."""
    return format(amount.normalize(), "f")


def _show(usage: Sequence[Decimal]) -> str:
    return "[" + ", ".join(_n(u) for u in usage) + "]"


@attrs.frozen
class Cap:
    """The most an approver (`by`, as rejection reasons name it) pays for one document."""

    amount: Decimal
    by: str = "the payer"


def check_cap(amount: Decimal, cap: Cap | None) -> Reject | None:
    """A rejection when `amount` is above the approver's `cap` (see `approval`)."""
    if cap is None or cap.amount >= amount:
        return None
    return Reject(
        f"{cap.by} accepts {cap.amount} of the {amount} asked",
        RejectionCode.INCORRECT_AMOUNT,
        max(cap.amount, ZERO),
    )
