"""The payer's own say on a document, asked before the ledger decides (no I/O here).

A `PaymentApprover` passed to `PaymentManager` is asked (awaited: it may be
an application's async strategy) for the most it will pay for each debit note
or invoice. The ledger's pure decision then takes that cap as one more
limit (`checks.check_cap`): a document asking for more is rejected, naming
the cap as what we would accept. An approver that fails caps the document at zero: what we
could not check is not paid.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Protocol

from golem_core._api.payment_data import DebitNoteData, InvoiceData
from golem_core.payment.checks import Cap

__all__ = ["PaymentApprover", "ask_cap"]

logger = logging.getLogger(__name__)


class PaymentApprover(Protocol):
    """The most we pay for a document (None: no limit beyond the ledger's own)."""

    # who approves, as rejection reasons name it ("the market strategy")
    name: str

    async def debit_note(self, note: DebitNoteData) -> Decimal | None: ...

    async def invoice(self, invoice: InvoiceData) -> Decimal | None: ...


async def ask_cap(
    approver: PaymentApprover | None,
    ask: Callable[[PaymentApprover], Awaitable[Decimal | None]],
    document_id: str,
) -> Cap | None:
    """The approver's cap for a document; zero when it fails (what we could not check is
    not paid), None without an approver or when it sets no limit."""
    if approver is None:
        return None
    try:
        amount = await ask(approver)
    except Exception:
        logger.exception("the approver failed on %s; it is not paid", document_id)
        amount = Decimal(0)
    return None if amount is None else Cap(amount, approver.name)
