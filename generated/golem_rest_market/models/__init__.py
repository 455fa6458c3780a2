"""Contains all the data models used in inputs/outputs.

Each model's module is imported when its name is first read from this package
(PEP 562): building every model class costs a program that uses a few of them
most of its start-up time.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .agreement import Agreement
    from .agreement_approved_event import AgreementApprovedEvent
    from .agreement_approved_event_event_type import AgreementApprovedEventEventType
    from .agreement_cancelled_event import AgreementCancelledEvent
    from .agreement_cancelled_event_event_type import AgreementCancelledEventEventType
    from .agreement_event import AgreementEvent
    from .agreement_event_event_type import AgreementEventEventType
    from .agreement_list_entry import AgreementListEntry
    from .agreement_proposal import AgreementProposal
    from .agreement_rejected_event import AgreementRejectedEvent
    from .agreement_rejected_event_event_type import AgreementRejectedEventEventType
    from .agreement_role import AgreementRole
    from .agreement_state import AgreementState
    from .agreement_terminated_event import AgreementTerminatedEvent
    from .agreement_terminated_event_event_type import AgreementTerminatedEventEventType
    from .agreement_terminator import AgreementTerminator
    from .demand import Demand
    from .demand_offer_base import DemandOfferBase
    from .error_message import ErrorMessage
    from .new_scan import NewScan
    from .offer import Offer
    from .properties import Properties
    from .property_query import PropertyQuery
    from .property_query_event import PropertyQueryEvent
    from .property_query_event_event_type import PropertyQueryEventEventType
    from .property_query_reply import PropertyQueryReply
    from .proposal import Proposal
    from .proposal_event import ProposalEvent
    from .proposal_event_event_type import ProposalEventEventType
    from .proposal_rejected_event import ProposalRejectedEvent
    from .proposal_rejected_event_event_type import ProposalRejectedEventEventType
    from .proposal_state import ProposalState
    from .reason import Reason
    from .scan_type import ScanType

_MODULES = {
    "Agreement": ".agreement",
    "AgreementApprovedEvent": ".agreement_approved_event",
    "AgreementApprovedEventEventType": ".agreement_approved_event_event_type",
    "AgreementCancelledEvent": ".agreement_cancelled_event",
    "AgreementCancelledEventEventType": ".agreement_cancelled_event_event_type",
    "AgreementEvent": ".agreement_event",
    "AgreementEventEventType": ".agreement_event_event_type",
    "AgreementListEntry": ".agreement_list_entry",
    "AgreementProposal": ".agreement_proposal",
    "AgreementRejectedEvent": ".agreement_rejected_event",
    "AgreementRejectedEventEventType": ".agreement_rejected_event_event_type",
    "AgreementRole": ".agreement_role",
    "AgreementState": ".agreement_state",
    "AgreementTerminatedEvent": ".agreement_terminated_event",
    "AgreementTerminatedEventEventType": ".agreement_terminated_event_event_type",
    "AgreementTerminator": ".agreement_terminator",
    "Demand": ".demand",
    "DemandOfferBase": ".demand_offer_base",
    "ErrorMessage": ".error_message",
    "NewScan": ".new_scan",
    "Offer": ".offer",
    "Properties": ".properties",
    "PropertyQuery": ".property_query",
    "PropertyQueryEvent": ".property_query_event",
    "PropertyQueryEventEventType": ".property_query_event_event_type",
    "PropertyQueryReply": ".property_query_reply",
    "Proposal": ".proposal",
    "ProposalEvent": ".proposal_event",
    "ProposalEventEventType": ".proposal_event_event_type",
    "ProposalRejectedEvent": ".proposal_rejected_event",
    "ProposalRejectedEventEventType": ".proposal_rejected_event_event_type",
    "ProposalState": ".proposal_state",
    "Reason": ".reason",
    "ScanType": ".scan_type",
}

__all__ = (
    "Agreement",
    "AgreementApprovedEvent",
    "AgreementApprovedEventEventType",
    "AgreementCancelledEvent",
    "AgreementCancelledEventEventType",
    "AgreementEvent",
    "AgreementEventEventType",
    "AgreementListEntry",
    "AgreementProposal",
    "AgreementRejectedEvent",
    "AgreementRejectedEventEventType",
    "AgreementRole",
    "AgreementState",
    "AgreementTerminatedEvent",
    "AgreementTerminatedEventEventType",
    "AgreementTerminator",
    "Demand",
    "DemandOfferBase",
    "ErrorMessage",
    "NewScan",
    "Offer",
    "Properties",
    "PropertyQuery",
    "PropertyQueryEvent",
    "PropertyQueryEventEventType",
    "PropertyQueryReply",
    "Proposal",
    "ProposalEvent",
    "ProposalEventEventType",
    "ProposalRejectedEvent",
    "ProposalRejectedEventEventType",
    "ProposalState",
    "Reason",
    "ScanType",
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
