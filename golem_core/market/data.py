"""Snapshots of market objects as the daemon last described them.

Plain frozen values, filled in by `golem_core._api.market` and read by the
pure negotiation code: ids are typed, states are enums, dates are aware,
prices are Decimals (through `LinearPricing`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

import attrs

from golem_core.ids import AgreementId, NodeId, ProposalId, SubscriptionId
from golem_core.market.properties import (
    LinearPricing,
    PropertyValue,
    linear_pricing,
    payment_address,
)

__all__ = [
    "AgreementData",
    "AgreementEventKind",
    "AgreementProposed",
    "AgreementState",
    "AgreementStateChange",
    "DemandData",
    "NewProposal",
    "OfferData",
    "PropertyQueryArrived",
    "ProposalData",
    "ProposalRejectedByPeer",
    "ProposalState",
    "Reason",
]


def aware(value: datetime) -> datetime:
    """Daemon dates without an offset are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class ProposalState(enum.Enum):
    INITIAL = "Initial"  # straight from the market, matching our subscription
    DRAFT = "Draft"  # a counter-proposal within a negotiation
    REJECTED = "Rejected"
    ACCEPTED = "Accepted"  # turned into an agreement
    EXPIRED = "Expired"


class AgreementState(enum.Enum):
    PROPOSAL = "Proposal"  # created, not confirmed yet
    PENDING = "Pending"  # confirmed, waiting for the provider
    CANCELLED = "Cancelled"
    REJECTED = "Rejected"
    APPROVED = "Approved"
    EXPIRED = "Expired"
    TERMINATED = "Terminated"

    @property
    def is_final(self) -> bool:
        return self not in (
            AgreementState.PROPOSAL,
            AgreementState.PENDING,
            AgreementState.APPROVED,
        )


@attrs.frozen
class Reason:
    """Why a party rejected or ended something: a message for people plus free-form details."""

    message: str
    details: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class ProposalData:
    proposal_id: ProposalId
    issuer_id: NodeId
    state: ProposalState
    properties: Mapping[str, PropertyValue]
    constraints: str
    timestamp: datetime = attrs.field(converter=aware)
    # the other side's proposal this one answers; None on Initial proposals
    prev_proposal_id: ProposalId | None = None

    @property
    def pricing(self) -> LinearPricing:
        """Linear pricing as Decimals; `RemoteProtocolError` if missing or malformed."""
        return linear_pricing(self.properties)

    def payment_address(self, platform: str) -> str | None:
        return payment_address(self.properties, platform)


@attrs.frozen(kw_only=True)
class DemandData:
    demand_id: SubscriptionId
    requestor_id: NodeId
    properties: Mapping[str, PropertyValue]
    constraints: str
    timestamp: datetime = attrs.field(converter=aware)


@attrs.frozen(kw_only=True)
class OfferData:
    offer_id: SubscriptionId
    provider_id: NodeId
    properties: Mapping[str, PropertyValue]
    constraints: str
    timestamp: datetime = attrs.field(converter=aware)

    @property
    def pricing(self) -> LinearPricing:
        return linear_pricing(self.properties)


@attrs.frozen(kw_only=True)
class AgreementData:
    """An agreement with both sides' final properties (payment checks read the pricing here)."""

    agreement_id: AgreementId
    state: AgreementState
    demand: DemandData
    offer: OfferData
    timestamp: datetime = attrs.field(converter=aware)
    valid_to: datetime = attrs.field(converter=aware)
    approved_date: datetime | None = attrs.field(
        default=None, converter=attrs.converters.optional(aware)
    )
    app_session_id: str | None = None

    @property
    def provider_id(self) -> NodeId:
        return self.offer.provider_id

    @property
    def requestor_id(self) -> NodeId:
        return self.demand.requestor_id

    @property
    def pricing(self) -> LinearPricing:
        return self.offer.pricing


class AgreementEventKind(enum.Enum):
    APPROVED = "AgreementApprovedEvent"
    REJECTED = "AgreementRejectedEvent"
    CANCELLED = "AgreementCancelledEvent"
    TERMINATED = "AgreementTerminatedEvent"


@attrs.frozen(kw_only=True)
class AgreementStateChange:
    """One entry of the daemon's agreement event log (`collectAgreementEvents`)."""

    kind: AgreementEventKind
    agreement_id: AgreementId
    event_date: datetime = attrs.field(converter=aware)
    reason: Reason | None = None
    # "Requestor" or "Provider", for terminations only
    terminator: str | None = None


@attrs.frozen(kw_only=True)
class ProposalRejectedByPeer:
    """The other side rejected one of our proposals and will not answer it."""

    proposal_id: ProposalId
    reason: Reason | None
    event_date: datetime = attrs.field(converter=aware)


@attrs.frozen(kw_only=True)
class PropertyQueryArrived:
    """The other side asked for dynamic property values (yagna 0.17.6 cannot answer these)."""

    query_id: str | None
    queried: tuple[str, ...]
    event_date: datetime = attrs.field(converter=aware)


@attrs.frozen(kw_only=True)
class NewProposal:
    """A proposal from the other side arrived (as a snapshot; the requestor wraps it)."""

    proposal: ProposalData
    event_date: datetime = attrs.field(converter=aware)


@attrs.frozen(kw_only=True)
class AgreementProposed:
    """Provider side: a requestor confirmed an agreement and waits for our decision."""

    agreement: AgreementData
    event_date: datetime = attrs.field(converter=aware)
