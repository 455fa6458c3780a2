"""The requestor's market answers read from the daemon's JSON, and its bodies; no I/O.

The same snapshots `market_wire` makes from the generated models, without them:
building the generated models (and dateutil, which they load) at first use was
most of a short job's fixed CPU. A field the generated model requires is
required here too: a missing one raises KeyError, a wrong kind ValueError or
TypeError, which the calls turn into `RemoteProtocolError`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from golem_core._api.wire_dates import wire_date
from golem_core.ids import AgreementId, NodeId, ProposalId, SubscriptionId
from golem_core.market.data import (
    AgreementData,
    AgreementEventKind,
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

__all__ = [
    "agreement_event_from_json",
    "agreement_from_json",
    "offer_event_from_json",
    "proposal_from_json",
    "reason_json",
    "spec_json",
]

RequestorEvent = NewProposal | ProposalRejectedByPeer | PropertyQueryArrived


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r:.100}")
    return value


def _props(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object of properties, got {value!r:.100}")
    return dict(value)


def _reason(value: object) -> Reason | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError(f"expected a reason object, got {value!r:.100}")
    details = dict(value)
    return Reason(message=_str(details.pop("message")), details=details)


def proposal_from_json(d: dict[str, Any]) -> ProposalData:
    prev = d.get("prevProposalId")
    return ProposalData(
        proposal_id=ProposalId(_str(d["proposalId"])),
        issuer_id=NodeId(_str(d["issuerId"])),
        state=ProposalState(d["state"]),
        properties=_props(d["properties"]),
        constraints=_str(d["constraints"]),
        timestamp=wire_date(d["timestamp"]),
        prev_proposal_id=None if prev is None else ProposalId(_str(prev)),
    )


def _demand(d: dict[str, Any]) -> DemandData:
    return DemandData(
        demand_id=SubscriptionId(_str(d["demandId"])),
        requestor_id=NodeId(_str(d["requestorId"])),
        properties=_props(d["properties"]),
        constraints=_str(d["constraints"]),
        timestamp=wire_date(d["timestamp"]),
    )


def _offer(d: dict[str, Any]) -> OfferData:
    return OfferData(
        offer_id=SubscriptionId(_str(d["offerId"])),
        provider_id=NodeId(_str(d["providerId"])),
        properties=_props(d["properties"]),
        constraints=_str(d["constraints"]),
        timestamp=wire_date(d["timestamp"]),
    )


def agreement_from_json(d: dict[str, Any]) -> AgreementData:
    approved = d.get("approvedDate")
    session = d.get("appSessionId")
    return AgreementData(
        agreement_id=AgreementId(_str(d["agreementId"])),
        state=AgreementState(d["state"]),
        demand=_demand(d["demand"]),
        offer=_offer(d["offer"]),
        timestamp=wire_date(d["timestamp"]),
        valid_to=wire_date(d["validTo"]),
        approved_date=None if approved is None else wire_date(approved),
        app_session_id=None if session is None else _str(session),
    )


def offer_event_from_json(d: dict[str, Any]) -> RequestorEvent:
    """One event of a demand's `collect_offers` poll."""
    kind = d.get("eventType")
    if kind == "ProposalEvent":
        return NewProposal(
            proposal=proposal_from_json(d["proposal"]), event_date=wire_date(d["eventDate"])
        )
    if kind == "ProposalRejectedEvent":
        return ProposalRejectedByPeer(
            proposal_id=ProposalId(_str(d["proposalId"])),
            reason=_reason(d.get("reason")),
            event_date=wire_date(d["eventDate"]),
        )
    if kind == "PropertyQueryEvent":
        query = d["propertyQuery"]
        query_id = query.get("queryId")
        queried = query["queriedProperties"]
        if not isinstance(queried, list):
            raise TypeError(f"expected a list of property names, got {queried!r:.100}")
        return PropertyQueryArrived(
            query_id=None if query_id is None else _str(query_id),
            queried=tuple(queried),
            event_date=wire_date(d["eventDate"]),
        )
    raise ValueError(f"unexpected negotiation event {d!r:.200}")


_AGREEMENT_EVENTS = {
    "AgreementApprovedEvent": AgreementEventKind.APPROVED,
    "AgreementRejectedEvent": AgreementEventKind.REJECTED,
    "AgreementCancelledEvent": AgreementEventKind.CANCELLED,
    "AgreementTerminatedEvent": AgreementEventKind.TERMINATED,
}


def agreement_event_from_json(d: dict[str, Any]) -> AgreementStateChange:
    kind = _AGREEMENT_EVENTS.get(d.get("eventType"))  # type: ignore[arg-type]
    if kind is None:
        raise ValueError(f"unexpected agreement event {d!r:.200}")
    terminated = kind is AgreementEventKind.TERMINATED
    if terminated and d["terminator"] not in ("Requestor", "Provider"):
        raise ValueError(f"unknown terminator {d['terminator']!r:.100}")
    return AgreementStateChange(
        kind=kind,
        agreement_id=AgreementId(_str(d["agreementId"])),
        event_date=wire_date(d["eventDate"]),
        reason=None if kind is AgreementEventKind.APPROVED else _reason(d.get("reason")),
        terminator=d["terminator"] if terminated else None,
    )


# --- bodies --------------------------------------------------------------------------------


def spec_json(spec: MarketSpec) -> dict[str, Any]:
    """A demand or counter-proposal as the generated `DemandOfferBase` writes it."""
    return {"constraints": spec.constraints, "properties": dict(spec.properties)}


def reason_json(reason: Reason) -> dict[str, Any]:
    """A reason as the generated `Reason` writes it: its details first, then the message."""
    return {**reason.details, "message": reason.message}


def agreement_proposal_json(proposal_id: ProposalId, valid_to: datetime) -> dict[str, Any]:
    return {"proposalId": proposal_id, "validTo": valid_to.isoformat()}
