"""The payer's own say on a document, asked before the ledger decides (no I/O here).

A `PaymentApprover` passed to `PaymentManager` is asked (awaited: it may be
an application's async strategy) for the most it will pay for each debit note
or invoice. The ledger's pure decision then takes that cap as one more
limit (`checks.check_cap`): a document asking for more is rejected, naming
the cap as what we would accept. An approver that fails caps the document at zero: what we
could not check is not paid.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from golem_core._api.payment_data import DebitNoteData, InvoiceData

__all__ = ["PaymentApprover"]


class PaymentApprover(Protocol):
    """The most we pay for a document (None: no limit beyond the ledger's own)."""

    # who approves, as rejection reasons name it ("the market strategy")
    name: str

    async def debit_note(self, note: DebitNoteData) -> Decimal | None: ...

    async def invoice(self, invoice: InvoiceData) -> Decimal | None: ...
