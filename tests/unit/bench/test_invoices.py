"""Which invoice belongs to an agreement, from a provider agent's history."""

from __future__ import annotations

from bench.invoices import WITHHELD, invoice_of
from golem_localnet.provider.history import AgentEvent, AgentEventKind, History


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
