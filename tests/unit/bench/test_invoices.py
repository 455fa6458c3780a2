"""Which invoice belongs to an agreement, from a provider agent's history."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from bench.invoices import WITHHELD, invoice_of, settle
from golem_core.exceptions import CallTimeoutError, GolemError
from golem_core.ids import AgreementId, InvoiceId, NodeId
from golem_core.payment import DocumentStatus, InvoiceData
from golem_localnet.provider.history import AgentEvent, AgentEventKind, History

T0 = datetime(2026, 12, 6, 21, 0, tzinfo=timezone.utc)


async def test_the_sent_invoice_is_found_also_when_it_comes_later() -> None:
    history = History("provider-0")
    await history.record(AgentEvent(kind=AgentEventKind.AGREEMENT_APPROVED, agreement_id="a"))
    await history.record(
        AgentEvent(kind=AgentEventKind.INVOICE_SENT, agreement_id="b", document_id="inv-b")
    )
    assert await invoice_of(history, "b", timeout=0.01) == "inv-b"
    assert await invoice_of(history, "a", timeout=0.01) is None  # never sent
    await history.record(
        AgentEvent(kind=AgentEventKind.INVOICE_SENT, agreement_id="a", document_id="inv-a")
    )
    assert await invoice_of(history, "a", timeout=0.01) == "inv-a"


async def test_a_withheld_invoice_is_not_one_to_accept() -> None:
    history = History("provider-0")
    await history.record(AgentEvent(kind=AgentEventKind.INVOICE_WITHHELD, agreement_id="a"))
    assert await invoice_of(history, "a", timeout=0.01) == WITHHELD


def invoice_data(status: DocumentStatus) -> InvoiceData:
    return InvoiceData(
        invoice_id=InvoiceId("i1"),
        agreement_id=AgreementId("ag"),
        activity_ids=(),
        issuer_id=NodeId("0x" + "1" * 40),
        recipient_id=NodeId("0x" + "2" * 40),
        payee_addr="0x" + "1" * 40,
        payer_addr="0x" + "2" * 40,
        platform="erc20-holesky-tglm",
        timestamp=T0,
        amount=Decimal("0.01"),
        payment_due_date=T0,
        status=status,
    )


class Paid:
    """An invoice whose payment ends as `outcome` (a status, or an error raised)."""

    def __init__(self, outcome: DocumentStatus | GolemError) -> None:
        self.outcome = outcome
        self.waited: list[float] = []

    async def wait_settled(self, timeout: float) -> InvoiceData:
        self.waited.append(timeout)
        if isinstance(self.outcome, GolemError):
            raise self.outcome
        return invoice_data(self.outcome)


async def test_each_accepted_invoice_is_waited_for_until_paid_and_only_paid_ones_count() -> None:
    invoices = [
        Paid(DocumentStatus.SETTLED),
        Paid(DocumentStatus.FAILED),
        Paid(CallTimeoutError("wait_settled", 60.0)),
        Paid(DocumentStatus.SETTLED),
    ]
    assert await settle(invoices, timeout=60.0) == 2
    assert [i.waited for i in invoices] == [[60.0]] * 4
    assert await settle([], timeout=60.0) == 0
