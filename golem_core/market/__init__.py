"""The market: demands and offers, negotiation, agreements (both sides).

Pure parts (constraints, properties, snapshots, negotiation rules and
decisions) do no I/O; `Demand`, `Proposal`, `Agreement` and `Offer` call the
daemon through `golem_core._api.market`.
"""

from golem_core.market.agreement import Agreement, agreement_events
from golem_core.market.constraint_syntax import ConstraintSyntaxError, check_constraint_syntax
from golem_core.market.constraints import (
    Constraint,
    all_of,
    any_of,
    eq,
    ge,
    gt,
    le,
    lt,
    matches,
    ne,
    not_,
    present,
)
from golem_core.market.data import (
    AgreementData,
    AgreementEventKind,
    AgreementProposed,
    AgreementState,
    AgreementStateChange,
    DemandData,
    NewProposal,
    OfferData,
    PropertyQueryArrived,
    ProposalData,
    ProposalRejectedByPeer,
    ProposalState,
    Reason,
)
from golem_core.market.demand import Demand, DemandEvent
from golem_core.market.negotiation import (
    Accept,
    Assessment,
    Counter,
    Decision,
    LeastExpensiveLinear,
    NegotiationEvent,
    NegotiationPolicy,
    NegotiationState,
    ProposalChain,
    ProposalScorer,
    Reject,
    decide,
)
from golem_core.market.negotiator import Assessor, NegotiationStep, Negotiator
from golem_core.market.offer import Offer, OfferEvent, approve_agreement, reject_agreement
from golem_core.market.properties import (
    DemandBuilder,
    LinearPricing,
    MarketSpec,
    Payload,
    PropertyValue,
    linear_pricing,
)
from golem_core.market.proposal import Proposal, ProposalArrived
from golem_core.market.scan import scan_offers

__all__ = [
    "Accept",
    "Agreement",
    "AgreementData",
    "AgreementEventKind",
    "AgreementProposed",
    "AgreementState",
    "AgreementStateChange",
    "Assessment",
    "Assessor",
    "Constraint",
    "ConstraintSyntaxError",
    "Counter",
    "Decision",
    "Demand",
    "DemandBuilder",
    "DemandData",
    "DemandEvent",
    "LeastExpensiveLinear",
    "LinearPricing",
    "MarketSpec",
    "NegotiationEvent",
    "NegotiationPolicy",
    "NegotiationState",
    "NegotiationStep",
    "Negotiator",
    "NewProposal",
    "Offer",
    "OfferData",
    "OfferEvent",
    "Payload",
    "PropertyQueryArrived",
    "PropertyValue",
    "Proposal",
    "ProposalArrived",
    "ProposalChain",
    "ProposalData",
    "ProposalRejectedByPeer",
    "ProposalScorer",
    "ProposalState",
    "Reason",
    "Reject",
    "agreement_events",
    "all_of",
    "any_of",
    "approve_agreement",
    "check_constraint_syntax",
    "decide",
    "eq",
    "ge",
    "gt",
    "le",
    "linear_pricing",
    "lt",
    "matches",
    "ne",
    "not_",
    "present",
    "reject_agreement",
    "scan_offers",
]
