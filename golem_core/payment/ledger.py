"""What a payment manager has agreed to pay, per agreement and activity, against its budget.

The ledger is the manager's memory and has no I/O: the manager asks it for a
decision (`decide_*`), talks to the daemon, then tells it what happened
(`record_*`). Money committed to an agreement is the larger of its accepted
invoice and the sum of its activities' accepted debit-note totals, because the
daemon pays an invoice minus what debit notes already scheduled.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

import attrs

from golem_core.ids import ActivityId, AgreementId
from golem_core.payment.checks import (
    DEFAULT_POLICY,
    ActivityHistory,
    Cap,
    DebitNoteClaim,
    Decision,
    PaymentPolicy,
    Reject,
    RejectionCode,
    check_cap,
    check_debit_note,
    check_invoice,
)
from golem_core.payment.pricing import PaymentTerms

__all__ = ["InvoiceOutcome", "Ledger"]

ZERO = Decimal(0)


class InvoiceOutcome(str, enum.Enum):
    """How an agreement's invoice ended up, from our side."""

    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"  # the provider withdrew it


# what an invoice found decided when we first look at it counts as (the daemon's names)
_DECIDED = {
    "ACCEPTED": InvoiceOutcome.ACCEPTED,
    "SETTLED": InvoiceOutcome.ACCEPTED,
    "REJECTED": InvoiceOutcome.REJECTED,
    "CANCELLED": InvoiceOutcome.CANCELLED,
}


@attrs.define
class _Activity:
    accepted: Decimal = ZERO
    notes: int = 0  # debit notes decided on, accepted or not
    last_usage: tuple[Decimal, ...] | None = None  # from the last accepted debit note
    observed_usage: tuple[Decimal, ...] | None = None  # as we measured it ourselves
    # when the latest of those two readings was taken (our clock, or the note's date)
    seen_at: datetime | None = None

    def seen(self, at: datetime | None) -> None:
        if at is not None and (self.seen_at is None or at > self.seen_at):
            self.seen_at = at

    def history(self) -> ActivityHistory:
        return ActivityHistory(self.accepted, self.notes, self.last_usage)

    def best_usage(self) -> tuple[Decimal, ...] | None:
        """The highest usage we believe, counter by counter."""
        if self.last_usage is None or self.observed_usage is None:
            return self.last_usage or self.observed_usage
        return tuple(max(a, b) for a, b in zip(self.last_usage, self.observed_usage, strict=True))


@attrs.define
class _Agreement:
    terms: PaymentTerms
    started_at: datetime
    activities: dict[ActivityId, _Activity] = attrs.field(factory=dict)
    invoice_accepted: Decimal | None = None
    outcome: InvoiceOutcome | None = None
    # the caller is done with it (ended it, or lost it): its invoice covers all that ran
    ended: bool = False

    def activity(self, activity_id: ActivityId) -> _Activity:
        return self.activities.setdefault(activity_id, _Activity())

    def debit_notes_total(self) -> Decimal:
        return sum((a.accepted for a in self.activities.values()), ZERO)

    def committed(self) -> Decimal:
        return max(self.invoice_accepted or ZERO, self.debit_notes_total())


class Ledger:
    def __init__(self, budget: Decimal, policy: PaymentPolicy = DEFAULT_POLICY) -> None:
        if budget < 0:
            raise ValueError(f"a budget cannot be negative: {budget}")
        self.budget = budget
        self.policy = policy
        self._agreements: dict[AgreementId, _Agreement] = {}
        # the sum `committed()` gives, kept until what it sums changes (asked at every task)
        self._committed: Decimal | None = None

    def __repr__(self) -> str:
        settled = sum(1 for a in self._agreements.values() if a.outcome is not None)
        return (
            f"<Ledger {len(self._agreements)} agreements, {settled} invoiced, "
            f"committed {self.committed()} of {self.budget}>"
        )

    # --- agreements ---------------------------------------------------------------

    def register(
        self, agreement_id: AgreementId, terms: PaymentTerms, started_at: datetime
    ) -> None:
        """Start paying for an agreement; registering it again only updates its terms."""
        known = self._agreements.get(agreement_id)
        if known is None:
            self._agreements[agreement_id] = _Agreement(terms, started_at)
            self._committed = None
        else:
            known.terms = terms

    def knows(self, agreement_id: AgreementId) -> bool:
        return agreement_id in self._agreements

    @property
    def agreement_ids(self) -> frozenset[AgreementId]:
        return frozenset(self._agreements)

    def end(self, agreement_id: AgreementId) -> None:
        """The caller is done with this agreement; only its invoice is left to decide."""
        self._agreements[agreement_id].ended = True

    def wants_debit_notes(self, agreement_id: AgreementId) -> bool:
        """Whether this agreement's debit notes are decided: it is known and still in use.

        Those of an agreement we are done with need no answer: its invoice, checked
        against the usage we saw, covers everything, and no later work depends on the
        provider being paid as it goes.
        """
        agreement = self._agreements.get(agreement_id)
        return agreement is not None and not agreement.ended

    def debit_notes_wanted(self) -> bool:
        """Whether any agreement's debit notes are still decided (see `wants_debit_notes`)."""
        return any(not a.ended for a in self._agreements.values())

    def committed(self) -> Decimal:
        """What every agreement has committed so far (see `_Agreement.committed`)."""
        committed = self._committed
        if committed is None:
            committed = sum((a.committed() for a in self._agreements.values()), ZERO)
            self._committed = committed
        return committed

    def remaining(self) -> Decimal:
        return self.budget - self.committed()

    def accepted_for(self, agreement_id: AgreementId) -> Decimal:
        return self._agreements[agreement_id].committed()

    def observe_usage(
        self,
        agreement_id: AgreementId,
        activity_id: ActivityId,
        usage: Sequence[object],
        at: datetime | None = None,
    ) -> None:
        """Usage we measured ourselves; invoices are priced on the higher of it and the notes'."""
        agreement = self._agreements[agreement_id]
        activity = agreement.activity(activity_id)
        activity.observed_usage = agreement.terms.pricing.usage(usage)
        activity.seen(at)

    # --- debit notes --------------------------------------------------------------

    def decide_debit_note(
        self,
        agreement_id: AgreementId,
        activity_id: ActivityId,
        claim: DebitNoteClaim,
        *,
        cap: Cap | None = None,
    ) -> Decision:
        """`cap`: the most an approver will pay, checked before anything else."""
        if (capped := check_cap(claim.amount_due, cap)) is not None:
            return capped
        agreement = self._agreements[agreement_id]
        activity = agreement.activities.get(activity_id, _Activity())
        if agreement.invoice_accepted is not None:
            return Reject(
                "the agreement is already invoiced; no debit notes may follow",
                RejectionCode.UNSOLICITED_SERVICE,
                activity.accepted,
            )
        return check_debit_note(
            claim,
            activity.history(),
            agreement.terms.pricing,
            remaining_budget=self.remaining(),
            agreement_start=agreement.started_at,
            interval=agreement.terms.debit_note_interval,
            policy=self.policy,
        )

    def record_debit_note(
        self,
        agreement_id: AgreementId,
        activity_id: ActivityId,
        claim: DebitNoteClaim,
        *,
        accepted: bool,
    ) -> None:
        """We decided on this note: accepted it (and the daemon took that), or not."""
        agreement = self._agreements[agreement_id]
        activity = agreement.activity(activity_id)
        activity.notes += 1
        if not accepted:
            return
        activity.accepted = max(activity.accepted, claim.amount_due)
        self._committed = None
        if claim.usage is not None:
            activity.last_usage = agreement.terms.pricing.usage(claim.usage)
            activity.seen(claim.received_at)

    # --- invoices -----------------------------------------------------------------

    def decide_invoice(
        self,
        agreement_id: AgreementId,
        amount: Decimal,
        activity_ids: Iterable[ActivityId],
        *,
        cap: Cap | None = None,
        received_at: datetime | None = None,
    ) -> Decision:
        """`cap`: the most an approver will pay, checked before anything else.

        `received_at`: when the invoice reached us; an activity may bill the
        duration from our last reading of it up to then (see `check_invoice`).
        """
        if (capped := check_cap(amount, cap)) is not None:
            return capped
        agreement = self._agreements[agreement_id]
        covered = sorted(set(agreement.activities) | set(activity_ids))
        known = [agreement.activities.get(a) for a in covered]
        usages = [a.best_usage() if a is not None else None for a in known]
        since_seen = [
            received_at - a.seen_at
            if received_at is not None and a is not None and a.seen_at is not None
            else None
            for a in known
        ]
        accepted = agreement.committed()
        return check_invoice(
            amount,
            usages,
            agreement.terms.pricing,
            accepted=accepted,
            remaining_budget=self.remaining(),
            policy=self.policy,
            since_seen=since_seen,
        )

    def record_invoice(
        self, agreement_id: AgreementId, outcome: InvoiceOutcome, amount: Decimal = ZERO
    ) -> None:
        agreement = self._agreements[agreement_id]
        if outcome is InvoiceOutcome.ACCEPTED:
            agreement.invoice_accepted = max(agreement.invoice_accepted or ZERO, amount)
            self._committed = None
        # an accepted invoice stays accepted, whatever comes after it
        if agreement.outcome is not InvoiceOutcome.ACCEPTED:
            agreement.outcome = outcome

    def record_decided_invoice(
        self, agreement_id: AgreementId, status: str, amount: Decimal
    ) -> None:
        """An invoice found decided (`status` as the daemon says) before we looked at it.

        yagna 0.17.6 settles, unasked, an invoice whose amount the accepted debit
        notes already paid; and an accept whose answer was lost has still accepted.
        """
        outcome = _DECIDED.get(status)
        if outcome is not None:
            self.record_invoice(agreement_id, outcome, amount)

    def invoice_outcome(self, agreement_id: AgreementId) -> InvoiceOutcome | None:
        return self._agreements[agreement_id].outcome

    def without_invoice(self, agreement_ids: Iterable[AgreementId]) -> frozenset[AgreementId]:
        """The given agreements whose invoice we have not settled one way or the other."""
        return frozenset(
            a
            for a in agreement_ids
            if a not in self._agreements or self._agreements[a].outcome is None
        )
