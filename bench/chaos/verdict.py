"""A chaos run's invariants, judged from facts gathered elsewhere: pure, no I/O.

The facts come from the apps' journals (what each delivered), the daemons
(agreements, invoices, debit notes, allocations) and the chain (what each
provider was paid), never from the library under test. Each check returns
the problems it found, one line each, so the final line's counts are the
lengths of these lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from bench.chaos.plan import JobSpec

__all__ = [
    "AgreementMoney",
    "Tally",
    "accepted_by_provider",
    "check_budget",
    "check_delivery",
    "check_payments",
    "ended_on_provider_daemon",
    "money_by_agreement",
    "overpaid_agreements",
    "paid_by_agreement",
]

ACCEPTED = frozenset({"ACCEPTED", "SETTLED"})
DECIDED = ACCEPTED | {"REJECTED"}


@attrs.frozen
class AgreementMoney:
    """What the requestor agreed to pay under one agreement, from its daemon's documents."""

    agreement_id: str
    provider_id: str
    # the accepted invoice's amount, or what its accepted debit notes add up to if more
    accepted: Decimal
    invoice_status: str | None
    # what its accepted debit notes add up to (yagna pays those as accepted)
    notes_total: Decimal = Decimal(0)


@attrs.define
class Tally:
    jobs: int = 0
    faults: int = 0
    lost: list[str] = attrs.field(factory=list)
    duplicated: list[str] = attrs.field(factory=list)
    unpaid: list[str] = attrs.field(factory=list)
    overpaid: list[str] = attrs.field(factory=list)
    over_budget: list[str] = attrs.field(factory=list)
    leaks: list[str] = attrs.field(factory=list)
    # not counted: what explains the overpayments
    overpaid_detail: list[str] = attrs.field(factory=list)

    @property
    def clean(self) -> bool:
        return not (
            self.lost
            or self.duplicated
            or self.unpaid
            or self.overpaid
            or self.over_budget
            or self.leaks
        )

    def line(self) -> str:
        return (
            f"chaos: {self.jobs} jobs, {self.faults} faults, lost {len(self.lost)}, "
            f"duplicated {len(self.duplicated)}, unpaid {len(self.unpaid)}, "
            f"overpaid {len(self.overpaid)}, over budget {len(self.over_budget)}, "
            f"leaks {len(self.leaks)}"
        )

    def problems(self) -> list[str]:
        named = {
            "lost": self.lost,
            "duplicated": self.duplicated,
            "unpaid": self.unpaid,
            "overpaid": self.overpaid,
            "over budget": self.over_budget,
            "leak": self.leaks,
        }
        found = [f"{name}: {problem}" for name, found in named.items() for problem in found]
        return found + [f"  overpaid under {detail}" for detail in self.overpaid_detail]


def check_delivery(job: JobSpec, results: Iterable[tuple[int, str]]) -> tuple[list[str], list[str]]:
    """(lost, duplicated): every task's result delivered exactly once, and right."""
    seen: dict[int, list[str]] = defaultdict(list)
    for task_id, value in results:
        seen[task_id].append(value)
    lost, duplicated = [], []
    for task in job.tasks:
        values = seen.pop(task.task_id, [])
        if not values:
            lost.append(f"{job.job_id} task {task.task_id}: no result")
        elif len(values) > 1:
            duplicated.append(f"{job.job_id} task {task.task_id}: {len(values)} results")
        if any(value != task.expected for value in values):
            wrong = next(v for v in values if v != task.expected)
            lost.append(f"{job.job_id} task {task.task_id}: {wrong!r}, not {task.expected!r}")
    lost.extend(f"{job.job_id} task {task_id}: not a task of this job" for task_id in seen)
    return lost, duplicated


def money_by_agreement(
    invoices: Sequence[Mapping[str, Any]], debit_notes: Sequence[Mapping[str, Any]]
) -> dict[str, AgreementMoney]:
    """Per agreement: what was accepted, from the requestor daemon's invoices and debit notes.

    yagna 0.17.6 pays an activity's accepted debit notes as they are accepted, due date
    or not (seen in these runs: SETTLED notes with no due date), and an accepted invoice
    tops the agreement up to its amount. So what the agreement may cost is the larger of
    the accepted invoice and the sum, over its activities, of their largest accepted note.
    """
    providers: dict[str, str] = {}
    largest_note: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for note in debit_notes:
        agreement_id = note["agreementId"]
        providers[agreement_id] = note["issuerId"]
        if note["status"] in ACCEPTED:
            key = (agreement_id, note.get("activityId") or "")
            largest_note[key] = max(largest_note[key], Decimal(note["totalAmountDue"]))
    notes_total: dict[str, Decimal] = defaultdict(Decimal)
    for (agreement_id, _), amount in largest_note.items():
        notes_total[agreement_id] += amount
    by_invoice: dict[str, Mapping[str, Any]] = {}
    for invoice in invoices:
        providers[invoice["agreementId"]] = invoice["issuerId"]
        by_invoice[invoice["agreementId"]] = invoice
    money = {}
    for agreement_id, provider_id in providers.items():
        found = by_invoice.get(agreement_id)
        status = found["status"] if found is not None else None
        invoiced = Decimal(found["amount"]) if found is not None and status in ACCEPTED else 0
        accepted = max(Decimal(invoiced), notes_total.get(agreement_id, Decimal(0)))
        money[agreement_id] = AgreementMoney(
            agreement_id, provider_id, accepted, status, notes_total.get(agreement_id, Decimal(0))
        )
    return money


def check_payments(
    money: Mapping[str, AgreementMoney],
    paid_on_chain: Mapping[str, Decimal],
    *,
    open_agreements: Iterable[str] = (),
    unbilled_without_reason: Iterable[str] = (),
    ended_by_provider: Collection[str] = frozenset(),
) -> tuple[list[str], list[str]]:
    """(unpaid, overpaid).

    Unpaid: an invoice neither accepted nor rejected, an accepted one the chain
    has not paid, an agreement still open (its provider cannot invoice it), or
    one the provider meant to bill and never did. Overpaid: a provider got more
    on chain than the requestor accepted from it.

    An agreement open on the requestor's daemon that the provider ended (its agent
    says so, `ended_by_provider`) or billed (its invoice was accepted) is not left
    open: the two daemons disagree on its state (seen after daemon restarts: the
    provider's then refuses the terminate), and whether it was billed is judged
    like any other agreement's (invoice, or a reason for none).
    """
    unpaid = [
        f"agreement {a}: still open at the end"
        for a in open_agreements
        if a not in ended_by_provider
        and (a not in money or money[a].invoice_status not in ACCEPTED)
    ]
    unpaid += [f"agreement {a}: no invoice and no reason" for a in unbilled_without_reason]
    unpaid += [
        f"agreement {item.agreement_id}: invoice {item.invoice_status}"
        for item in money.values()
        if item.invoice_status is not None and item.invoice_status not in DECIDED
    ]
    by_provider = accepted_by_provider(money)
    overpaid = []
    for provider_id in sorted(set(by_provider) | set(paid_on_chain)):
        accepted = by_provider.get(provider_id, Decimal(0))
        paid = paid_on_chain.get(provider_id, Decimal(0))
        if paid > accepted:
            overpaid.append(f"provider {provider_id}: paid {paid} on chain, accepted {accepted}")
        elif paid < accepted:
            unpaid.append(f"provider {provider_id}: accepted {accepted}, paid {paid} on chain")
    return unpaid, overpaid


def ended_on_provider_daemon(provider_states: Mapping[str, str | None]) -> frozenset[str]:
    """Agreements whose provider's daemon holds them Terminated.

    yagna 0.17.6 tells the provider of a terminate before the requestor's daemon records
    it; with the answer lost (the requestor's daemon restarted, or the app's call cut
    short), the provider's copy is Terminated, the requestor's Approved, and every later
    terminate is refused. Such an agreement ended for the provider (its agent bills it, or
    its crash explains why not); one both daemons hold Approved is still open.
    """
    return frozenset(a for a, state in provider_states.items() if state == "Terminated")


def paid_by_agreement(
    payments: Sequence[Mapping[str, Any]], debit_notes: Sequence[Mapping[str, Any]]
) -> dict[str, Decimal]:
    """What the requestor's daemon says it paid under each agreement (for explaining)."""
    agreement_of = {n["activityId"]: n["agreementId"] for n in debit_notes if n.get("activityId")}
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for payment in payments:
        for share in payment.get("agreementPayments") or []:
            paid[share["agreementId"]] += Decimal(share["amount"])
        for share in payment.get("activityPayments") or []:
            paid[agreement_of.get(share["activityId"], "?")] += Decimal(share["amount"])
    return dict(paid)


def accepted_by_provider(money: Mapping[str, AgreementMoney]) -> dict[str, Decimal]:
    """What the requestor accepted from each provider, over all its agreements."""
    accepted: dict[str, Decimal] = defaultdict(Decimal)
    for item in money.values():
        accepted[item.provider_id] += item.accepted
    return dict(accepted)


def overpaid_agreements(
    money: Mapping[str, AgreementMoney], paid: Mapping[str, Decimal]
) -> dict[str, str]:
    """Agreements the daemon paid more for than was accepted: agreement id -> what happened."""
    return {
        agreement_id: f"agreement {agreement_id}: paid {amount}, accepted "
        f"{money[agreement_id].accepted if agreement_id in money else 'nothing'}"
        f" (invoice {money[agreement_id].invoice_status if agreement_id in money else None})"
        for agreement_id, amount in sorted(paid.items())
        if agreement_id not in money or amount > money[agreement_id].accepted
    }


def check_budget(
    run_name: str, budget: Decimal, agreements: Iterable[str], money: Mapping[str, AgreementMoney]
) -> list[str]:
    """Over budget: what one app run's agreements cost together exceeds its budget."""
    spent = sum((money[a].accepted for a in agreements if a in money), Decimal(0))
    return [f"{run_name}: spent {spent} of a budget of {budget}"] if spent > budget else []
