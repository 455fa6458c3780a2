"""Whether every agreement of a run had its invoice accepted when the run ended.

The providers' agents (in the harness's process) know which agreements they
approved and which invoice they sent for each; the requestor's daemon knows
whether the invoice was accepted. Asked right after the run's process exited,
so an invoice the library never accepted, or that came after it left, counts
as not accepted. Agreements the provider billed nothing for (no invoice) are
left out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from datetime import datetime

from bench.metrics import Invoices
from golem_core.ids import InvoiceId
from golem_core.node import GolemNode
from golem_core.payment import DocumentStatus, Invoice
from golem_localnet.network import LocalNetwork
from golem_localnet.provider.history import AgentEventKind, History

ACCEPTED = (DocumentStatus.ACCEPTED, DocumentStatus.SETTLED)


WITHHELD = "withheld"


def withheld(history: History, agreement_id: str) -> bool:
    """The provider billed nothing for it (e.g. no activity ran): no invoice to accept."""
    return bool(history.of(AgentEventKind.INVOICE_WITHHELD, agreement_id=agreement_id))


async def invoice_of(history: History, agreement_id: str, timeout: float) -> str | None:
    """The id of the invoice sent for the agreement; `WITHHELD`; None if none came in time."""
    if withheld(history, agreement_id):
        return WITHHELD
    try:
        sent = await history.wait_for(
            AgentEventKind.INVOICE_SENT, agreement_id=agreement_id, timeout=timeout
        )
    except TimeoutError:
        return WITHHELD if withheld(history, agreement_id) else None
    return sent.document_id


async def check_invoices(
    network: LocalNetwork,
    requestor: GolemNode,
    providers: Collection[str],
    since: datetime,
    *,
    wait_s: float = 10.0,
) -> Invoices:
    """Counts over the agreements the `providers` approved since `since`; each missing
    invoice is waited for up to `wait_s`, all at once."""
    lookups = []
    for provider in network.providers:
        if provider.node_id not in providers:
            continue
        history = provider.agent.history
        for approved in history.of(AgentEventKind.AGREEMENT_APPROVED):
            if approved.at >= since and approved.agreement_id is not None:
                lookups.append(invoice_of(history, approved.agreement_id, wait_s))
    invoice_ids = [i for i in await asyncio.gather(*lookups) if i != WITHHELD]
    accepted = 0
    for invoice_id in invoice_ids:
        if invoice_id is not None:
            invoice = await Invoice.get(requestor, InvoiceId(invoice_id))
            accepted += invoice.data.status in ACCEPTED
    return Invoices(
        agreements=len(invoice_ids),
        accepted=accepted,
        undelivered=sum(i is None for i in invoice_ids),
    )
