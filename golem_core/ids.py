"""Typed ids: every id the daemon hands out is a string, but they must not mix."""

from __future__ import annotations

from typing import NewType

__all__ = [
    "ActivityId",
    "AgreementId",
    "AllocationId",
    "BatchId",
    "DebitNoteId",
    "InvoiceId",
    "NetworkId",
    "NodeId",
    "PaymentId",
    "ProposalId",
    "ServicesId",
    "SubscriptionId",
]

NodeId = NewType("NodeId", str)
"""A node's address, `0x` and 40 lowercase hex digits."""

SubscriptionId = NewType("SubscriptionId", str)
"""A published demand or offer (the market calls both subscriptions)."""

ProposalId = NewType("ProposalId", str)
AgreementId = NewType("AgreementId", str)
ActivityId = NewType("ActivityId", str)
BatchId = NewType("BatchId", str)
AllocationId = NewType("AllocationId", str)
DebitNoteId = NewType("DebitNoteId", str)
InvoiceId = NewType("InvoiceId", str)
PaymentId = NewType("PaymentId", str)
NetworkId = NewType("NetworkId", str)
ServicesId = NewType("ServicesId", str)
"""A GSB API binding, as returned by `POST /gsb-api/v1/services`."""
