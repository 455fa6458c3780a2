"""Contains all the data models used in inputs/outputs"""

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
