"""Frozen snapshots of market and payment objects, as events and strategies see them.

yapapi hands its users live REST wrappers (`OfferProposal`, `Agreement`,
`Invoice`, ...) inside events and strategy calls. User code only reads a few
attributes of them: `proposal.id`, `proposal.issuer`, `proposal.props`,
`agreement.details.provider_node_info.name`, `invoice.amount`, ... These records
keep exactly those attribute names, but are values: the engine builds them from
golem_core's snapshots, and a consumer may keep them as long as it likes.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

__all__ = [
    "ActivityInfo",
    "AgreementDetails",
    "AgreementInfo",
    "AgreementView",
    "DebitNoteInfo",
    "InvoiceInfo",
    "NodeInfo",
    "ProposalInfo",
    "SubscriptionInfo",
    "frozen_props",
    "to_decimal",
]

NODE_NAME = "golem.node.id.name"
NODE_SUBNET = "golem.node.debug.subnet"


def frozen_props(value: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only copy, so a record cannot change under a consumer's feet."""
    return MappingProxyType(dict(value))


def to_decimal(value: Decimal | str | int | float) -> Decimal:
    """Amounts as exact decimals; a float goes through its shortest repr, not its binary value."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


@attrs.frozen
class NodeInfo:
    """The provider's self-description from its offer."""

    name: str | None = None
    subnet_tag: str | None = None

    @classmethod
    def from_properties(cls, props: Mapping[str, Any]) -> NodeInfo:
        name = props.get(NODE_NAME)
        subnet = props.get(NODE_SUBNET)
        return cls(
            name=None if name is None else str(name),
            subnet_tag=None if subnet is None else str(subnet),
        )


@attrs.frozen
class SubscriptionInfo:
    """A demand published on the market."""

    id: str


@attrs.frozen
class ProposalInfo:
    """A provider's offer or counter-proposal (yapapi's `OfferProposal`)."""

    id: str
    issuer: str
    # offers carry dozens of properties; logs show the ids only
    props: Mapping[str, Any] = attrs.field(converter=frozen_props, hash=False, repr=False)
    # True when the provider answered our counter-proposal (yapapi: state "Draft")
    is_draft: bool = False

    @property
    def provider_id(self) -> str:
        return self.issuer


@attrs.frozen
class AgreementView:
    """One side's properties in an agreement."""

    properties: Mapping[str, Any] = attrs.field(converter=frozen_props, hash=False)


@attrs.frozen
class AgreementDetails:
    agreement_id: str
    provider_id: str
    provider_view: AgreementView
    requestor_view: AgreementView

    @property
    def provider_node_info(self) -> NodeInfo:
        return NodeInfo.from_properties(self.provider_view.properties)


@attrs.frozen
class AgreementInfo:
    """An agreement, proposed or confirmed (yapapi's `Agreement` with its details)."""

    id: str
    details: AgreementDetails = attrs.field(repr=False)

    def __repr__(self) -> str:
        return f"Agreement(id={self.id})"  # yapapi's form, as event reprs show it

    @classmethod
    def create(
        cls,
        agreement_id: str,
        provider_id: str,
        provider_props: Mapping[str, Any],
        requestor_props: Mapping[str, Any] | None = None,
    ) -> AgreementInfo:
        return cls(
            id=agreement_id,
            details=AgreementDetails(
                agreement_id=agreement_id,
                provider_id=provider_id,
                provider_view=AgreementView(provider_props),
                requestor_view=AgreementView(requestor_props or {}),
            ),
        )

    @property
    def provider_id(self) -> str:
        return self.details.provider_id

    def get_provider_property(self, key: str) -> Any:
        return self.details.provider_view.properties.get(key)

    def get_requestor_property(self, key: str) -> Any:
        return self.details.requestor_view.properties.get(key)


@attrs.frozen
class ActivityInfo:
    id: str
    agreement_id: str | None = None

    def __repr__(self) -> str:
        return f"Activity(id={self.id})"  # yapapi's form, as event reprs show it


@attrs.frozen
class InvoiceInfo:
    """A provider's final bill for an agreement."""

    invoice_id: str
    agreement_id: str
    issuer_id: str
    amount: Decimal = attrs.field(converter=to_decimal)

    @property
    def id(self) -> str:
        return self.invoice_id


@attrs.frozen
class DebitNoteInfo:
    """A provider's running bill for an activity; `total_amount_due` is cumulative."""

    debit_note_id: str
    agreement_id: str
    activity_id: str
    issuer_id: str
    total_amount_due: Decimal = attrs.field(converter=to_decimal)

    @property
    def id(self) -> str:
        return self.debit_note_id
