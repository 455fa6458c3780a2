"""The manager's bookkeeping: decisions in context, committed totals, the budget."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from golem_core.ids import ActivityId, AgreementId
from golem_core.payment.checks import Accept, DebitNoteClaim, Reject, RejectionCode
from golem_core.payment.ledger import InvoiceOutcome, Ledger
from golem_core.payment.pricing import LinearPricing, PaymentTerms

D = Decimal
START = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
TERMS = PaymentTerms(LinearPricing(("golem.usage.duration_sec",), (D("0.01"),), D(0)))
A1, A2 = AgreementId("agreement-1"), AgreementId("agreement-2")
X, Y = ActivityId("activity-x"), ActivityId("activity-y")


def claim(amount: str, duration: str, at: float) -> DebitNoteClaim:
    return DebitNoteClaim(D(amount), (D(duration),), START + timedelta(seconds=at))


def ledger(budget: str = "10") -> Ledger:
    book = Ledger(D(budget))
    book.register(A1, TERMS, START)
    book.register(A2, TERMS, START)
    return book


def accept_note(
    book: Ledger, agreement: AgreementId, activity: ActivityId, c: DebitNoteClaim
) -> None:
    assert book.decide_debit_note(agreement, activity, c) == Accept(c.amount_due)
    book.record_debit_note(agreement, activity, c, accepted=True)


def test_running_totals_commit_only_their_increase() -> None:
    book = ledger()
    accept_note(book, A1, X, claim("0.3", "30", 30))
    accept_note(book, A1, X, claim("0.6", "60", 60))
    accept_note(book, A1, Y, claim("0.2", "20", 60))
    assert book.committed() == D("0.8")
    assert book.remaining() == D("9.2")
    assert repr(book) == "<Ledger 2 agreements, 0 invoiced, committed 0.8 of 10>"


def test_the_budget_is_shared_by_every_agreement() -> None:
    book = ledger("1")
    accept_note(book, A1, X, claim("0.6", "60", 60))
    decision = book.decide_debit_note(A2, Y, claim("0.5", "50", 60))
    assert isinstance(decision, Reject)
    assert decision.code is RejectionCode.UNSOLICITED_SERVICE
    accept_note(book, A2, Y, claim("0.4", "40", 60))
    assert book.remaining() == 0


def test_a_rejected_note_counts_but_its_amount_does_not() -> None:
    book = ledger()
    over = claim("5", "60", 60)
    assert isinstance(book.decide_debit_note(A1, X, over), Reject)
    book.record_debit_note(A1, X, over, accepted=False)
    # the next honest note is judged against nothing accepted yet
    accept_note(book, A1, X, claim("0.6", "60", 61))
    assert book.committed() == D("0.6")


def test_the_invoice_is_priced_on_the_last_accepted_usage() -> None:
    book = ledger()
    accept_note(book, A1, X, claim("0.6", "60", 60))
    assert book.decide_invoice(A1, D("0.6"), [X]) == Accept(D("0.6"))
    over = book.decide_invoice(A1, D("0.7"), [X])
    assert isinstance(over, Reject)
    assert over.acceptable == D("0.6")


def test_usage_we_measured_ourselves_raises_what_an_invoice_may_ask() -> None:
    book = ledger()
    accept_note(book, A1, X, claim("0.6", "60", 60))
    book.observe_usage(A1, X, [90.0])
    assert book.decide_invoice(A1, D("0.9"), [X]) == Accept(D("0.9"))


def test_an_activity_only_the_invoice_names_prices_as_idle() -> None:
    book = ledger()
    decision = book.decide_invoice(A1, D("0.01"), [X])
    assert isinstance(decision, Reject)
    assert decision.code is RejectionCode.INCORRECT_AMOUNT
    assert book.decide_invoice(A1, D(0), [X]) == Accept(D(0))


def test_an_accepted_invoice_replaces_the_notes_in_the_total() -> None:
    book = ledger()
    accept_note(book, A1, X, claim("0.6", "60", 60))
    book.observe_usage(A1, X, [80])
    assert book.decide_invoice(A1, D("0.8"), [X]) == Accept(D("0.8"))
    book.record_invoice(A1, InvoiceOutcome.ACCEPTED, D("0.8"))
    assert book.committed() == D("0.8")  # not 0.6 + 0.8
    assert book.invoice_outcome(A1) is InvoiceOutcome.ACCEPTED


def test_no_debit_note_after_an_accepted_invoice() -> None:
    book = ledger()
    book.record_invoice(A1, InvoiceOutcome.ACCEPTED, D(0))
    decision = book.decide_debit_note(A1, X, claim("0.1", "10", 60))
    assert isinstance(decision, Reject)
    assert decision.code is RejectionCode.UNSOLICITED_SERVICE


def test_an_invoice_over_the_budget_is_rejected() -> None:
    book = ledger("0.5")
    book.observe_usage(A1, X, [60])
    decision = book.decide_invoice(A1, D("0.6"), [X])
    assert isinstance(decision, Reject)
    assert decision.code is RejectionCode.UNSOLICITED_SERVICE


def test_agreements_without_a_decided_invoice() -> None:
    book = ledger()
    assert book.without_invoice([A1, A2]) == {A1, A2}
    book.record_invoice(A1, InvoiceOutcome.REJECTED)
    book.record_invoice(A2, InvoiceOutcome.CANCELLED)
    assert book.without_invoice([A1, A2, AgreementId("unknown")]) == {"unknown"}


def test_an_accepted_invoice_stays_accepted() -> None:
    book = ledger()
    book.record_invoice(A1, InvoiceOutcome.ACCEPTED, D("0.1"))
    book.record_invoice(A1, InvoiceOutcome.CANCELLED)
    assert book.invoice_outcome(A1) is InvoiceOutcome.ACCEPTED


def test_too_many_notes_for_the_agreed_interval_are_refused() -> None:
    book = Ledger(D(10))
    book.register(A1, PaymentTerms(TERMS.pricing, debit_note_interval=timedelta(seconds=60)), START)
    accept_note(book, A1, X, claim("0.3", "30", 30))
    early = claim("0.4", "40", 40)  # a second note 40 s in, with a 60 s interval
    decision = book.decide_debit_note(A1, X, early)
    assert isinstance(decision, Reject)
    assert decision.code is RejectionCode.BAD_SERVICE
    book.record_debit_note(A1, X, early, accepted=False)
    # the refused note still counts: the next one must wait for two intervals
    assert isinstance(book.decide_debit_note(A1, X, claim("0.6", "60", 60)), Reject)
    accept_note(book, A1, X, claim("1.15", "115", 115))
    # another activity keeps its own count
    accept_note(book, A1, Y, claim("0.5", "50", 50))


def test_registering_again_keeps_the_history() -> None:
    book = ledger()
    accept_note(book, A1, X, claim("0.6", "60", 60))
    book.register(A1, TERMS, START + timedelta(hours=1))
    assert book.committed() == D("0.6")
    assert book.agreement_ids == {A1, A2}


def test_a_negative_budget_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        Ledger(D(-1))


def test_debit_notes_are_wanted_only_of_agreements_still_in_use() -> None:
    book = Ledger(D(10))
    assert not book.debit_notes_wanted()  # nothing registered: nothing to follow
    book.register(A1, TERMS, START)
    book.register(A2, TERMS, START)
    assert book.debit_notes_wanted()
    book.end(A1)
    assert not book.wants_debit_notes(A1)
    assert book.wants_debit_notes(A2)
    assert not book.wants_debit_notes(AgreementId("unknown"))
    assert book.debit_notes_wanted()
    book.end(A2)
    assert not book.debit_notes_wanted()
    # an ended agreement's invoice is still decided against what we know
    book.observe_usage(A1, X, [3])
    assert book.decide_invoice(A1, D("0.03"), [X]) == Accept(D("0.03"))


def test_an_invoice_may_bill_the_duration_from_our_last_reading_to_its_arrival() -> None:
    book = ledger()
    book.observe_usage(A1, X, [90.0], at=START + timedelta(seconds=90))
    five_s_later = START + timedelta(seconds=95)
    assert book.decide_invoice(A1, D("0.95"), [X], received_at=five_s_later) == Accept(D("0.95"))
    assert isinstance(book.decide_invoice(A1, D("0.951"), [X], received_at=five_s_later), Reject)
    # not knowing when it arrived: only the policy's 2 s
    assert isinstance(book.decide_invoice(A1, D("0.95"), [X]), Reject)


def test_a_debit_notes_date_counts_as_a_reading() -> None:
    book = ledger()
    accept_note(book, A1, X, claim("0.6", "60", 60))
    arrived = START + timedelta(seconds=64)
    assert book.decide_invoice(A1, D("0.64"), [X], received_at=arrived) == Accept(D("0.64"))
    assert isinstance(book.decide_invoice(A1, D("0.641"), [X], received_at=arrived), Reject)


def test_what_is_committed_is_summed_again_only_after_a_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from golem_core.payment import ledger as module

    sums = 0
    original = module._Agreement.committed

    def counted(self: module._Agreement) -> Decimal:
        nonlocal sums
        sums += 1
        return original(self)

    monkeypatch.setattr(module._Agreement, "committed", counted)
    book = ledger()
    assert book.committed() == book.committed() == D(0)
    assert sums == 2  # once per agreement, for both asks
    accept_note(book, A1, X, claim("0.3", "30", 30))
    assert book.committed() == D("0.3")
    book.record_debit_note(A1, X, claim("0.4", "40", 40), accepted=False)  # no change
    assert book.committed() == D("0.3")
    book.record_invoice(A2, InvoiceOutcome.ACCEPTED, D("0.5"))
    assert book.committed() == D("0.8")
    book.register(AgreementId("agreement-3"), TERMS, START)
    assert book.committed() == D("0.8")
    assert sums == 2 + 2 + 2 + 3  # summed again after each accepted note, invoice, agreement
