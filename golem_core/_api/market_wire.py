"""The market API's generated models turned into our snapshots and back; no I/O."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from golem_rest_market.models import (
        Agreement,
        Demand,
        DemandOfferBase,
        Offer,
        Properties,
        Proposal,
    )
    from golem_rest_market.models import Reason as WireReason
    from golem_rest_market.types import Unset

from golem_core.exceptions import RemoteProtocolError
from golem_core.ids import AgreementId, NodeId, ProposalId, SubscriptionId
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
from golem_core.market.properties import MarketSpec

M = TypeVar("M")

NegotiationEvent = NewProposal | ProposalRejectedByPeer | PropertyQueryArrived | AgreementProposed

__all__ = [
    "NegotiationEvent",
    "reason_body",
    "spec_body",
    "to_agreement",
    "to_agreement_event",
    "to_demand",
    "to_negotiation_event",
    "to_offer",
    "to_proposal",
    "to_reason",
]


# --- wire -> snapshots ---------------------------------------------------------------------


def _props(model: Properties) -> dict[str, Any]:
    return dict(model.additional_properties)


def _opt(value: M | Unset) -> M | None:
    from golem_rest_market.types import Unset

    return None if isinstance(value, Unset) else value


def to_reason(model: WireReason | Unset | None) -> Reason | None:
    from golem_rest_market.types import Unset

    if model is None or isinstance(model, Unset):
        return None
    return Reason(message=model.message, details=dict(model.additional_properties))


def to_proposal(model: Proposal) -> ProposalData:
    prev = _opt(model.prev_proposal_id)
    return ProposalData(
        proposal_id=ProposalId(model.proposal_id),
        issuer_id=NodeId(model.issuer_id),
        state=ProposalState(model.state.value),
        properties=_props(model.properties),
        constraints=model.constraints,
        timestamp=model.timestamp,
        prev_proposal_id=ProposalId(prev) if prev is not None else None,
    )


def to_demand(model: Demand) -> DemandData:
    return DemandData(
        demand_id=SubscriptionId(model.demand_id),
        requestor_id=NodeId(model.requestor_id),
        properties=_props(model.properties),
        constraints=model.constraints,
        timestamp=model.timestamp,
    )


def to_offer(model: Offer) -> OfferData:
    return OfferData(
        offer_id=SubscriptionId(model.offer_id),
        provider_id=NodeId(model.provider_id),
        properties=_props(model.properties),
        constraints=model.constraints,
        timestamp=model.timestamp,
    )


def to_agreement(model: Agreement) -> AgreementData:
    return AgreementData(
        agreement_id=AgreementId(model.agreement_id),
        state=AgreementState(model.state.value),
        demand=to_demand(model.demand),
        offer=to_offer(model.offer),
        timestamp=model.timestamp,
        valid_to=model.valid_to,
        approved_date=_opt(model.approved_date),
        app_session_id=_opt(model.app_session_id),
    )


def to_negotiation_event(model: object) -> NegotiationEvent:
    from golem_rest_market.models import (
        AgreementEvent,
        PropertyQueryEvent,
        ProposalEvent,
        ProposalRejectedEvent,
    )

    if isinstance(model, ProposalEvent):
        return NewProposal(proposal=to_proposal(model.proposal), event_date=model.event_date)
    if isinstance(model, ProposalRejectedEvent):
        return ProposalRejectedByPeer(
            proposal_id=ProposalId(model.proposal_id),
            reason=to_reason(model.reason),
            event_date=model.event_date,
        )
    if isinstance(model, AgreementEvent):
        return AgreementProposed(
            agreement=to_agreement(model.agreement), event_date=model.event_date
        )
    if isinstance(model, PropertyQueryEvent):
        query = model.property_query
        return PropertyQueryArrived(
            query_id=_opt(query.query_id),
            queried=tuple(query.queried_properties),
            event_date=model.event_date,
        )
    raise RemoteProtocolError(f"unexpected negotiation event {model!r}")


def to_agreement_event(model: object) -> AgreementStateChange:
    from golem_rest_market.models import (
        AgreementApprovedEvent,
        AgreementCancelledEvent,
        AgreementRejectedEvent,
        AgreementTerminatedEvent,
    )

    if isinstance(model, AgreementApprovedEvent):
        kind, reason, terminator = AgreementEventKind.APPROVED, None, None
    elif isinstance(model, AgreementRejectedEvent):
        kind, reason, terminator = AgreementEventKind.REJECTED, model.reason, None
    elif isinstance(model, AgreementCancelledEvent):
        kind, reason, terminator = AgreementEventKind.CANCELLED, model.reason, None
    elif isinstance(model, AgreementTerminatedEvent):
        kind, reason = AgreementEventKind.TERMINATED, model.reason
        terminator = model.terminator.value
    else:
        raise RemoteProtocolError(f"unexpected agreement event {model!r}")
    return AgreementStateChange(
        kind=kind,
        agreement_id=AgreementId(model.agreement_id),
        event_date=model.event_date,
        reason=to_reason(reason),
        terminator=terminator,
    )


# --- snapshots -> wire ---------------------------------------------------------------------


def spec_body(spec: MarketSpec) -> DemandOfferBase:
    from golem_rest_market.models import DemandOfferBase, Properties

    properties = Properties()
    properties.additional_properties = dict(spec.properties)
    return DemandOfferBase(properties=properties, constraints=spec.constraints)


def reason_body(reason: Reason) -> WireReason:
    from golem_rest_market.models import Reason as WireReason

    body = WireReason(message=reason.message)
    body.additional_properties = dict(reason.details)
    return body
