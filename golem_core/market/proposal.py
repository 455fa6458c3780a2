"""A provider's proposal under one of our demands: its snapshot and what we can do with it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from golem_core.ids import NodeId, ProposalId
from golem_core.market.agreement import Agreement
from golem_core.market.data import ProposalData, ProposalState, Reason, aware
from golem_core.market.properties import LinearPricing, MarketSpec, PropertyValue

if TYPE_CHECKING:
    from golem_core.market.demand import Demand

__all__ = ["Proposal", "ProposalArrived"]


@attrs.frozen(eq=False)
class Proposal:
    """One proposal as it was when it arrived; the actions go through its demand.

    `answers` is what we proposed that this Draft answers (our counter-proposal,
    its properties as the daemon keeps them: `stored_properties`) when this
    demand sent it; None for an Initial offer or a Draft answering a counter sent
    some other way. An agreement made from this Draft holds these as its demand
    and the Draft's own properties as its offer: no need to read it back for them.
    """

    demand: Demand
    data: ProposalData
    answers: MarketSpec | None = None

    @property
    def id(self) -> ProposalId:
        return self.data.proposal_id

    @property
    def issuer_id(self) -> NodeId:
        return self.data.issuer_id

    @property
    def state(self) -> ProposalState:
        return self.data.state

    @property
    def properties(self) -> Mapping[str, PropertyValue]:
        return self.data.properties

    @property
    def pricing(self) -> LinearPricing:
        """Linear pricing as Decimals; `RemoteProtocolError` if missing or malformed."""
        return self.data.pricing

    async def counter(self, properties: Mapping[str, PropertyValue] | None = None) -> ProposalId:
        """Answer with our demand, its properties replaced by `properties` if given."""
        spec = self.demand.spec
        if properties is not None:
            spec = MarketSpec(properties=dict(properties), constraints=spec.constraints)
        return await self.demand.counter(self.data, spec)

    async def reject(self, reason: str | Reason) -> None:
        await self.demand.reject(self.data, reason)

    async def refresh(self) -> Proposal:
        """The same proposal as the daemon sees it now (e.g. Rejected, Expired)."""
        return Proposal(self.demand, await self.demand.get_proposal(self.id), self.answers)

    async def create_agreement(self, valid_to: datetime) -> Agreement:
        """An agreement from this (Draft) proposal; confirm it next."""
        return await Agreement.create(self.demand.node, self.data, valid_to)


@attrs.frozen(kw_only=True)
class ProposalArrived:
    """A provider's proposal reached our demand (an Initial offer or a Draft answer)."""

    proposal: Proposal
    event_date: datetime = attrs.field(converter=aware)
