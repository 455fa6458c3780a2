"""Given a document and what we know, the decision we receive: plain values, no I/O."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from golem_core.payment.checks import (
    Accept,
    ActivityHistory,
    DebitNoteClaim,
    PaymentPolicy,
    Reject,
    RejectionCode,
    check_debit_note,
    check_invoice,
)
from golem_core.payment.pricing import LinearPricing

D = Decimal
START = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
# 0.001 per second of duration, 0.01 per cpu-second, 0.5 to start an activity
PRICING = LinearPricing(
    ("golem.usage.duration_sec", "golem.usage.cpu_sec"), (D("0.001"), D("0.01")), D("0.5")
)
PLENTY = D(100)


def note(amount: str, usage: tuple[str, ...] | None, after_seconds: float = 60) -> DebitNoteClaim:
    return DebitNoteClaim(
        amount_due=D(amount),
        usage=None if usage is None else tuple(D(u) for u in usage),
        received_at=START + timedelta(seconds=after_seconds),
    )


def test_a_note_asking_exactly_the_price_of_its_usage_is_accepted() -> None:
    # 0.001 * 60 + 0.01 * 30 + 0.5
    received = check_debit_note(
        note("0.86", ("60", "30")),
        ActivityHistory(),
        PRICING,
        remaining_budget=PLENTY,
        agreement_start=START,
    )
    assert received == Accept(D("0.86"))


def test_a_note_asking_less_than_its_usage_costs_is_accepted() -> None:
    received = check_debit_note(
        note("0.5", ("60", "30")), ActivityHistory(), PRICING, remaining_budget=PLENTY
    )
    assert received == Accept(D("0.5"))


def test_an_overcharging_note_is_rejected_with_the_price_we_would_pay() -> None:
    received = check_debit_note(
        note("5", ("60", "30")), ActivityHistory(), PRICING, remaining_budget=PLENTY
    )
    assert isinstance(received, Reject)
    assert received.code is RejectionCode.INCORRECT_AMOUNT
    assert received.acceptable == D("0.86")
    assert received.reason == "asks 5 for usage [60, 30], which costs 0.86"


def test_float_rounding_of_a_provider_passes_the_tolerance() -> None:
    pricing = LinearPricing(("golem.usage.duration_sec",), (D("0.1"),), D(0))
    float_total = D(repr(0.1 * 3))  # 0.30000000000000004
    received = check_debit_note(
        DebitNoteClaim(float_total, (D(3),), START),
        ActivityHistory(),
        pricing,
        remaining_budget=PLENTY,
    )
    assert received == Accept(float_total)


def test_a_cent_above_the_price_is_beyond_the_tolerance() -> None:
    received = check_debit_note(
        note("0.87", ("60", "30")), ActivityHistory(), PRICING, remaining_budget=PLENTY
    )
    assert isinstance(received, Reject)


def test_the_tolerance_is_a_policy() -> None:
    lenient = PaymentPolicy(relative_tolerance=D("0.05"))
    received = check_debit_note(
        note("0.87", ("60", "30")),
        ActivityHistory(),
        PRICING,
        remaining_budget=PLENTY,
        policy=lenient,
    )
    assert received == Accept(D("0.87"))


def test_a_total_that_goes_down_is_rejected() -> None:
    history = ActivityHistory(accepted=D("0.9"), last_usage=(D(50), D(25)))
    received = check_debit_note(
        note("0.86", ("60", "30")), history, PRICING, remaining_budget=PLENTY
    )
    assert isinstance(received, Reject)
    assert "went down from 0.9 to 0.86" in received.reason
    assert received.acceptable == D("0.9")


def test_usage_that_goes_backwards_is_rejected() -> None:
    history = ActivityHistory(accepted=D("0.7"), last_usage=(D(70), D(10)))
    received = check_debit_note(
        note("0.86", ("60", "30")), history, PRICING, remaining_budget=PLENTY
    )
    assert isinstance(received, Reject)
    assert received.reason.startswith("usage went backwards")


def test_more_duration_than_the_agreement_has_lasted_is_rejected() -> None:
    # claims 600 s, 60 s after the agreement started (10 s grace)
    received = check_debit_note(
        note("1.4", ("600", "30"), after_seconds=60),
        ActivityHistory(),
        PRICING,
        remaining_budget=PLENTY,
        agreement_start=START,
    )
    assert isinstance(received, Reject)
    assert received.code is RejectionCode.INCORRECT_AMOUNT
    assert "600 s of duration" in received.reason


def test_duration_within_the_clock_grace_is_believed() -> None:
    received = check_debit_note(
        note("0.565", ("65", "0"), after_seconds=60),
        ActivityHistory(),
        PRICING,
        remaining_budget=PLENTY,
        agreement_start=START,
    )
    assert received == Accept(D("0.565"))


def test_a_wrongly_shaped_usage_vector_is_rejected() -> None:
    received = check_debit_note(
        note("0.5", ("60",)), ActivityHistory(), PRICING, remaining_budget=PLENTY
    )
    assert isinstance(received, Reject)
    assert "usage has 1 counters" in received.reason


def test_a_note_without_usage_can_only_be_free_of_usage_charges() -> None:
    received = check_debit_note(
        note("0.5", None), ActivityHistory(), PRICING, remaining_budget=PLENTY
    )
    assert isinstance(received, Reject)
    assert received.reason == "no usage counters to justify the amount"
    flat = LinearPricing(("golem.usage.duration_sec",), (D(0),), D("0.5"))
    assert check_debit_note(
        note("0.5", None), ActivityHistory(), flat, remaining_budget=PLENTY
    ) == Accept(D("0.5"))


def test_a_negative_amount_is_rejected() -> None:
    received = check_debit_note(
        note("-1", ("0", "0")), ActivityHistory(), PRICING, remaining_budget=PLENTY
    )
    assert isinstance(received, Reject)


def test_one_note_too_many_for_the_agreed_interval_is_rejected() -> None:
    # the rhythm the provider agreed to: notes at 60 s, 120 s, ... and a final one
    # the third note 100 s in: two intervals of 60 s have not passed yet (5 s grace)
    history = ActivityHistory(accepted=D("0.56"), notes=2, last_usage=(D(60), D(0)))
    received = check_debit_note(
        note("0.6", ("100", "0"), after_seconds=100),
        history,
        PRICING,
        remaining_budget=PLENTY,
        agreement_start=START,
        interval=timedelta(seconds=60),
    )
    assert isinstance(received, Reject)
    assert received.code is RejectionCode.BAD_SERVICE
    assert received.reason == (
        "debit note number 3 after only 100.0 s; the agreed interval is 60 s"
    )


@pytest.mark.parametrize(
    ("notes", "after_seconds"),
    [
        (0, 1),  # the first note may come at once
        (1, 55),  # the second after one interval, less the 5 s grace
        (2, 121),  # a final note right after the regular ones at 60 s and 120 s
    ],
)
def test_notes_within_the_agreed_rhythm_are_accepted(notes: int, after_seconds: float) -> None:
    history = ActivityHistory(notes=notes)
    received = check_debit_note(
        note("0.51", ("10", "0"), after_seconds=after_seconds),
        history,
        PRICING,
        remaining_budget=PLENTY,
        agreement_start=START,
        interval=timedelta(seconds=60),
    )
    assert received == Accept(D("0.51"))


@pytest.mark.parametrize(
    ("accepted", "remaining", "expected"),
    [
        ("0", "0.86", Accept(D("0.86"))),  # exactly what is left
        ("0.5", "0.36", Accept(D("0.86"))),  # only the increase counts
        ("0", "0.85", None),
        ("0.5", "0.35", None),
    ],
)
def test_the_budget_caps_what_a_note_may_add(
    accepted: str, remaining: str, expected: Accept | None
) -> None:
    history = ActivityHistory(accepted=D(accepted))
    received = check_debit_note(
        note("0.86", ("60", "30")), history, PRICING, remaining_budget=D(remaining)
    )
    if expected is not None:
        assert received == expected
    else:
        assert isinstance(received, Reject)
        assert received.code is RejectionCode.UNSOLICITED_SERVICE
        assert "left in the budget" in received.reason
        assert received.acceptable == D(accepted)


# --- invoices ---------------------------------------------------------------------


def test_an_invoice_for_the_last_usage_is_accepted() -> None:
    received = check_invoice(
        D("0.86"), [(D(60), D(30))], PRICING, accepted=D("0.56"), remaining_budget=PLENTY
    )
    assert received == Accept(D("0.86"))


def test_an_invoice_adds_the_price_of_every_activity() -> None:
    usages = [(D(60), D(30)), (D(10), D(0)), None]  # the third activity never reported
    # 0.86 + 0.51 + 0.5
    received = check_invoice(D("1.87"), usages, PRICING, accepted=D(0), remaining_budget=PLENTY)
    assert received == Accept(D("1.87"))
    over = check_invoice(D("1.88"), usages, PRICING, accepted=D(0), remaining_budget=PLENTY)
    assert isinstance(over, Reject)
    assert over.acceptable == D("1.87")


def test_an_overcharging_invoice_is_rejected() -> None:
    received = check_invoice(
        D(5), [(D(60), D(30))], PRICING, accepted=D("0.86"), remaining_budget=PLENTY
    )
    assert received == Reject(
        "invoice of 5, but the usage seen costs 0.86", RejectionCode.INCORRECT_AMOUNT, D("0.86")
    )


def test_an_invoice_may_ask_what_we_already_accepted() -> None:
    # debit notes were accepted above the idle price; the invoice repeats that total
    received = check_invoice(D("2"), [None], PRICING, accepted=D("2"), remaining_budget=D(0))
    assert received == Accept(D("2"))


def test_an_invoice_below_the_accepted_notes_is_accepted() -> None:
    received = check_invoice(
        D("0.5"), [(D(60), D(30))], PRICING, accepted=D("0.86"), remaining_budget=D(0)
    )
    assert received == Accept(D("0.5"))


def test_the_budget_caps_what_an_invoice_may_add() -> None:
    received = check_invoice(
        D("0.86"), [(D(60), D(30))], PRICING, accepted=D("0.5"), remaining_budget=D("0.3")
    )
    assert isinstance(received, Reject)
    assert received.code is RejectionCode.UNSOLICITED_SERVICE
    assert received.acceptable == D("0.5")


def test_an_invoice_with_float_noise_is_accepted() -> None:
    pricing = LinearPricing(("golem.usage.duration_sec",), (D("0.1"),), D(0))
    noisy = D(repr(0.1 * 3))
    assert check_invoice(
        noisy, [(D(3),)], pricing, accepted=D(0), remaining_budget=PLENTY
    ) == Accept(noisy)


def test_an_invoice_may_bill_the_duration_after_the_last_reading() -> None:
    # the exe-unit's last report (its exit) came after our last reading: 2 s more duration
    seen = [(D(60), D(30))]  # costs 0.86
    later = check_invoice(D("0.862"), seen, PRICING, accepted=D(0), remaining_budget=PLENTY)
    assert later == Accept(D("0.862"))
    beyond = check_invoice(D("0.8621"), seen, PRICING, accepted=D(0), remaining_budget=PLENTY)
    # what we would pay instead is what we saw, not the allowance
    assert beyond == Reject(
        "invoice of 0.8621, but the usage seen costs 0.86",
        RejectionCode.INCORRECT_AMOUNT,
        D("0.86"),
    )


def test_the_duration_lag_is_the_policys_and_counts_only_activities_seen() -> None:
    strict = PaymentPolicy(usage_lag=timedelta(0))
    seen = [(D(60), D(30))]
    assert isinstance(
        check_invoice(
            D("0.861"), seen, PRICING, accepted=D(0), remaining_budget=PLENTY, policy=strict
        ),
        Reject,
    )
    # an activity we never read prices as idle, with no lag to add
    assert isinstance(
        check_invoice(D("0.501"), [None], PRICING, accepted=D(0), remaining_budget=PLENTY),
        Reject,
    )


def test_the_duration_lag_is_the_time_from_the_reading_to_the_invoice_when_longer() -> None:
    seen = [(D(60), D(30))]  # costs 0.86; duration at 0.001 a second
    five_s = [timedelta(seconds=5)]
    assert check_invoice(
        D("0.865"), seen, PRICING, accepted=D(0), remaining_budget=PLENTY, since_seen=five_s
    ) == Accept(D("0.865"))
    assert isinstance(
        check_invoice(
            D("0.8651"), seen, PRICING, accepted=D(0), remaining_budget=PLENTY, since_seen=five_s
        ),
        Reject,
    )
    # never less than the policy's lag
    one_s = [timedelta(seconds=1)]
    assert check_invoice(
        D("0.862"), seen, PRICING, accepted=D(0), remaining_budget=PLENTY, since_seen=one_s
    ) == Accept(D("0.862"))
