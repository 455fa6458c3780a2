"""Telling the provider what the ledger decided about one of its documents."""

from __future__ import annotations

import logging

from golem_core._api.payment import RejectionReason
from golem_core.ids import AllocationId
from golem_core.payment.checks import Accept, Decision
from golem_core.payment.documents import DebitNote, Invoice

__all__ = ["send_decision"]

logger = logging.getLogger(__name__)


async def send_decision(
    document: DebitNote | Invoice,
    decision: Decision,
    allocation_id: AllocationId,
    *,
    ack_timeout: float,
) -> None:
    """Accept from the allocation, or reject with the reason and what we would pay instead.

    A debit note and an invoice are answered alike; the daemon's error, if any, goes to
    the caller, which records the outcome only once the provider was answered.
    """
    if isinstance(decision, Accept):
        await document.accept(decision.amount, allocation_id, ack_timeout=ack_timeout)
        return
    what = "debit note" if isinstance(document, DebitNote) else "invoice"
    logger.info("rejecting %s %s: %s", what, document.id, decision.reason)
    await document.reject(
        RejectionReason(decision.code.value),
        decision.reason,
        amount_accepted=decision.acceptable,
        ack_timeout=ack_timeout,
    )
