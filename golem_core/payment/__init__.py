"""Paying providers: allocations, debit notes, invoices, and the rules for accepting them.

Pure modules (`pricing`, `checks`, `ledger`) hold every decision and do no I/O;
`allocation`, `documents` and `manager` drive the requestor's daemon, and
`provider` holds the provider side's helpers that issue the documents.
"""

from golem_core._api.payment import (
    DEFAULT_PLATFORM,
    AllocationData,
    DebitNoteData,
    DemandDecoration,
    DocumentEventData,
    DocumentEventKind,
    DocumentStatus,
    DriverProblem,
    InvoiceData,
    Rejection,
    RejectionReason,
)
from golem_core.payment.allocation import CHOSEN_PLATFORM, Allocation, demand_decorations
from golem_core.payment.approval import PaymentApprover
from golem_core.payment.checks import (
    DEFAULT_POLICY,
    Accept,
    ActivityHistory,
    DebitNoteClaim,
    Decision,
    PaymentPolicy,
    Reject,
    RejectionCode,
    check_debit_note,
    check_invoice,
)
from golem_core.payment.documents import DebitNote, DocumentEventFeed, DocumentType, Invoice
from golem_core.payment.ledger import InvoiceOutcome, Ledger
from golem_core.payment.manager import InvoiceWait, PaymentManager
from golem_core.payment.networks import (
    MAINNET_NOW,
    PAYMENT_NETWORKS,
    TESTNET_NOW,
    NetworkStatus,
    PaymentNetwork,
    payment_network,
)
from golem_core.payment.pricing import LinearPricing, PaymentTerms, PricingError

__all__ = [
    "CHOSEN_PLATFORM",
    "DEFAULT_PLATFORM",
    "DEFAULT_POLICY",
    "MAINNET_NOW",
    "PAYMENT_NETWORKS",
    "TESTNET_NOW",
    "Accept",
    "ActivityHistory",
    "Allocation",
    "AllocationData",
    "DebitNote",
    "DebitNoteClaim",
    "DebitNoteData",
    "Decision",
    "DemandDecoration",
    "DocumentEventData",
    "DocumentEventFeed",
    "DocumentEventKind",
    "DocumentStatus",
    "DocumentType",
    "DriverProblem",
    "Invoice",
    "InvoiceData",
    "InvoiceOutcome",
    "InvoiceWait",
    "Ledger",
    "LinearPricing",
    "NetworkStatus",
    "PaymentApprover",
    "PaymentManager",
    "PaymentNetwork",
    "PaymentPolicy",
    "PaymentTerms",
    "PricingError",
    "Reject",
    "Rejection",
    "RejectionCode",
    "RejectionReason",
    "check_debit_note",
    "check_invoice",
    "demand_decorations",
    "payment_network",
]
