"""Whether every agreement of a run had its invoice accepted when the run ended.

The providers' agents (in the harness's process) know which agreements they
approved and which invoice they sent for each; the requestor's daemon knows
whether the invoice was accepted. Asked right after the run's process exited,
so an invoice the library never accepted, or that came after it left, counts
as not accepted. Agreements the provider billed nothing for (no invoice) are
left out.

The accepted invoices are then waited for until paid (`settle_s`): the
requestor's daemon pays them on its own payment cycle (5 s on the local
network) a few seconds after the run, and that work (the transfer, its
receipt) belongs to no app. Left pending, it would land in the next run's
window and count as that run's daemon CPU: at 1 provider, golem_hl's run came
right after yapapi's and carried its payment (~0.1 s of the daemon's CPU, ~0.5
ms a task of 200), while yapapi's, the first, carried none.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from bench.metrics import Invoices
from golem_core.exceptions import GolemError
from golem_core.ids import InvoiceId
from golem_core.node import GolemNode
from golem_core.payment import DocumentStatus, Invoice, InvoiceData
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


class Payable(Protocol):
    async def wait_settled(self, timeout: float) -> InvoiceData: ...


async def settle(invoices: Sequence[Payable], timeout: float) -> int:
    """Wait (all at once, up to `timeout`) until each invoice is paid; how many were.

    One that failed or was not paid in time is only left out of the count."""

    async def paid(invoice: Payable) -> bool:
        try:
            return (await invoice.wait_settled(timeout)).status is DocumentStatus.SETTLED
        except GolemError:
            return False

    return sum(await asyncio.gather(*(paid(i) for i in invoices)))


async def check_invoices(
    network: LocalNetwork,
    requestor: GolemNode,
    providers: Collection[str],
    since: datetime,
    *,
    wait_s: float = 10.0,
    settle_s: float = 0.0,
) -> Invoices:
    """Counts over the agreements the `providers` approved since `since`; each missing
    invoice is waited for up to `wait_s`, all at once; then each accepted one until it
    is paid, up to `settle_s` (0: not at all)."""
    lookups = []
    for provider in network.providers:
        if provider.node_id not in providers:
            continue
        history = provider.agent.history
        for approved in history.of(AgentEventKind.AGREEMENT_APPROVED):
            if approved.at >= since and approved.agreement_id is not None:
                lookups.append(invoice_of(history, approved.agreement_id, wait_s))
    invoice_ids = [i for i in await asyncio.gather(*lookups) if i != WITHHELD]
    accepted: list[Invoice] = []
    for invoice_id in invoice_ids:
        if invoice_id is not None:
            invoice = await Invoice.get(requestor, InvoiceId(invoice_id))
            if invoice.data.status in ACCEPTED:
                accepted.append(invoice)
    return Invoices(
        agreements=len(invoice_ids),
        accepted=len(accepted),
        undelivered=sum(i is None for i in invoice_ids),
        settled=await settle(accepted, settle_s) if settle_s > 0 else 0,
    )
