"""Contains all the data models used in inputs/outputs.

Each model's module is imported when its name is first read from this package
(PEP 562): building every model class costs a program that uses a few of them
most of its start-up time.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .acceptance import Acceptance
    from .account import Account
    from .activity_payment import ActivityPayment
    from .agreement_payment import AgreementPayment
    from .allocation import Allocation
    from .allocation_problem import AllocationProblem
    from .allocation_update import AllocationUpdate
    from .debit_note import DebitNote
    from .debit_note_acceptance import DebitNoteAcceptance
    from .debit_note_accepted_event import DebitNoteAcceptedEvent
    from .debit_note_accepted_event_event_type import DebitNoteAcceptedEventEventType
    from .debit_note_cancelled_event import DebitNoteCancelledEvent
    from .debit_note_cancelled_event_event_type import DebitNoteCancelledEventEventType
    from .debit_note_failed_event import DebitNoteFailedEvent
    from .debit_note_failed_event_event_type import DebitNoteFailedEventEventType
    from .debit_note_payment_ok_event import DebitNotePaymentOkEvent
    from .debit_note_payment_ok_event_event_type import DebitNotePaymentOkEventEventType
    from .debit_note_payment_status_event import DebitNotePaymentStatusEvent
    from .debit_note_payment_status_event_event_type import (
        DebitNotePaymentStatusEventEventType,
    )
    from .debit_note_received_event import DebitNoteReceivedEvent
    from .debit_note_received_event_event_type import DebitNoteReceivedEventEventType
    from .debit_note_rejected_event import DebitNoteRejectedEvent
    from .debit_note_rejected_event_event_type import DebitNoteRejectedEventEventType
    from .debit_note_settled_event import DebitNoteSettledEvent
    from .debit_note_settled_event_event_type import DebitNoteSettledEventEventType
    from .deposit import Deposit
    from .deposit_update import DepositUpdate
    from .deposit_validation import DepositValidation
    from .document_status import DocumentStatus
    from .driver_status_kind import DriverStatusKind
    from .driver_status_property import DriverStatusProperty
    from .error_message import ErrorMessage
    from .invoice import Invoice
    from .invoice_accepted_event import InvoiceAcceptedEvent
    from .invoice_accepted_event_event_type import InvoiceAcceptedEventEventType
    from .invoice_cancelled_event import InvoiceCancelledEvent
    from .invoice_cancelled_event_event_type import InvoiceCancelledEventEventType
    from .invoice_failed_event import InvoiceFailedEvent
    from .invoice_failed_event_event_type import InvoiceFailedEventEventType
    from .invoice_payment_ok_event import InvoicePaymentOkEvent
    from .invoice_payment_ok_event_event_type import InvoicePaymentOkEventEventType
    from .invoice_payment_status_event import InvoicePaymentStatusEvent
    from .invoice_payment_status_event_event_type import (
        InvoicePaymentStatusEventEventType,
    )
    from .invoice_received_event import InvoiceReceivedEvent
    from .invoice_received_event_event_type import InvoiceReceivedEventEventType
    from .invoice_rejected_event import InvoiceRejectedEvent
    from .invoice_rejected_event_event_type import InvoiceRejectedEventEventType
    from .invoice_settled_event import InvoiceSettledEvent
    from .invoice_settled_event_event_type import InvoiceSettledEventEventType
    from .market_decoration import MarketDecoration
    from .market_property import MarketProperty
    from .new_allocation import NewAllocation
    from .new_debit_note import NewDebitNote
    from .new_invoice import NewInvoice
    from .payment import Payment
    from .payment_platform import PaymentPlatform
    from .rejection import Rejection
    from .rejection_reason import RejectionReason

_MODULES = {
    "Acceptance": ".acceptance",
    "Account": ".account",
    "ActivityPayment": ".activity_payment",
    "AgreementPayment": ".agreement_payment",
    "Allocation": ".allocation",
    "AllocationProblem": ".allocation_problem",
    "AllocationUpdate": ".allocation_update",
    "DebitNote": ".debit_note",
    "DebitNoteAcceptance": ".debit_note_acceptance",
    "DebitNoteAcceptedEvent": ".debit_note_accepted_event",
    "DebitNoteAcceptedEventEventType": ".debit_note_accepted_event_event_type",
    "DebitNoteCancelledEvent": ".debit_note_cancelled_event",
    "DebitNoteCancelledEventEventType": ".debit_note_cancelled_event_event_type",
    "DebitNoteFailedEvent": ".debit_note_failed_event",
    "DebitNoteFailedEventEventType": ".debit_note_failed_event_event_type",
    "DebitNotePaymentOkEvent": ".debit_note_payment_ok_event",
    "DebitNotePaymentOkEventEventType": ".debit_note_payment_ok_event_event_type",
    "DebitNotePaymentStatusEvent": ".debit_note_payment_status_event",
    "DebitNotePaymentStatusEventEventType": ".debit_note_payment_status_event_event_type",
    "DebitNoteReceivedEvent": ".debit_note_received_event",
    "DebitNoteReceivedEventEventType": ".debit_note_received_event_event_type",
    "DebitNoteRejectedEvent": ".debit_note_rejected_event",
    "DebitNoteRejectedEventEventType": ".debit_note_rejected_event_event_type",
    "DebitNoteSettledEvent": ".debit_note_settled_event",
    "DebitNoteSettledEventEventType": ".debit_note_settled_event_event_type",
    "Deposit": ".deposit",
    "DepositUpdate": ".deposit_update",
    "DepositValidation": ".deposit_validation",
    "DocumentStatus": ".document_status",
    "DriverStatusKind": ".driver_status_kind",
    "DriverStatusProperty": ".driver_status_property",
    "ErrorMessage": ".error_message",
    "Invoice": ".invoice",
    "InvoiceAcceptedEvent": ".invoice_accepted_event",
    "InvoiceAcceptedEventEventType": ".invoice_accepted_event_event_type",
    "InvoiceCancelledEvent": ".invoice_cancelled_event",
    "InvoiceCancelledEventEventType": ".invoice_cancelled_event_event_type",
    "InvoiceFailedEvent": ".invoice_failed_event",
    "InvoiceFailedEventEventType": ".invoice_failed_event_event_type",
    "InvoicePaymentOkEvent": ".invoice_payment_ok_event",
    "InvoicePaymentOkEventEventType": ".invoice_payment_ok_event_event_type",
    "InvoicePaymentStatusEvent": ".invoice_payment_status_event",
    "InvoicePaymentStatusEventEventType": ".invoice_payment_status_event_event_type",
    "InvoiceReceivedEvent": ".invoice_received_event",
    "InvoiceReceivedEventEventType": ".invoice_received_event_event_type",
    "InvoiceRejectedEvent": ".invoice_rejected_event",
    "InvoiceRejectedEventEventType": ".invoice_rejected_event_event_type",
    "InvoiceSettledEvent": ".invoice_settled_event",
    "InvoiceSettledEventEventType": ".invoice_settled_event_event_type",
    "MarketDecoration": ".market_decoration",
    "MarketProperty": ".market_property",
    "NewAllocation": ".new_allocation",
    "NewDebitNote": ".new_debit_note",
    "NewInvoice": ".new_invoice",
    "Payment": ".payment",
    "PaymentPlatform": ".payment_platform",
    "Rejection": ".rejection",
    "RejectionReason": ".rejection_reason",
}

__all__ = (
    "Acceptance",
    "Account",
    "ActivityPayment",
    "AgreementPayment",
    "Allocation",
    "AllocationProblem",
    "AllocationUpdate",
    "DebitNote",
    "DebitNoteAcceptance",
    "DebitNoteAcceptedEvent",
    "DebitNoteAcceptedEventEventType",
    "DebitNoteCancelledEvent",
    "DebitNoteCancelledEventEventType",
    "DebitNoteFailedEvent",
    "DebitNoteFailedEventEventType",
    "DebitNotePaymentOkEvent",
    "DebitNotePaymentOkEventEventType",
    "DebitNotePaymentStatusEvent",
    "DebitNotePaymentStatusEventEventType",
    "DebitNoteReceivedEvent",
    "DebitNoteReceivedEventEventType",
    "DebitNoteRejectedEvent",
    "DebitNoteRejectedEventEventType",
    "DebitNoteSettledEvent",
    "DebitNoteSettledEventEventType",
    "Deposit",
    "DepositUpdate",
    "DepositValidation",
    "DocumentStatus",
    "DriverStatusKind",
    "DriverStatusProperty",
    "ErrorMessage",
    "Invoice",
    "InvoiceAcceptedEvent",
    "InvoiceAcceptedEventEventType",
    "InvoiceCancelledEvent",
    "InvoiceCancelledEventEventType",
    "InvoiceFailedEvent",
    "InvoiceFailedEventEventType",
    "InvoicePaymentOkEvent",
    "InvoicePaymentOkEventEventType",
    "InvoicePaymentStatusEvent",
    "InvoicePaymentStatusEventEventType",
    "InvoiceReceivedEvent",
    "InvoiceReceivedEventEventType",
    "InvoiceRejectedEvent",
    "InvoiceRejectedEventEventType",
    "InvoiceSettledEvent",
    "InvoiceSettledEventEventType",
    "MarketDecoration",
    "MarketProperty",
    "NewAllocation",
    "NewDebitNote",
    "NewInvoice",
    "Payment",
    "PaymentPlatform",
    "Rejection",
    "RejectionReason",
)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})
