"""A requestor's demand on the market and the stream of negotiation events under it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import suppress
from typing import TYPE_CHECKING

import attrs

from golem_core._api import market as market_api
from golem_core.events import (
    DemandSubscribed,
    DemandUnsubscribed,
    ProposalCountered,
    ProposalReceived,
    ProposalRejected,
    ProposalRejectedByProvider,
)
from golem_core.exceptions import GolemError, GoneError, NotFoundError, RemoteProtocolError
from golem_core.ids import NodeId, ProposalId, SubscriptionId
from golem_core.market.data import (
    NewProposal,
    PropertyQueryArrived,
    ProposalData,
    ProposalRejectedByPeer,
    ProposalState,
    Reason,
)
from golem_core.market.properties import MarketSpec, stored_properties
from golem_core.market.proposal import Proposal, ProposalArrived

if TYPE_CHECKING:
    from golem_core.node import GolemNode

__all__ = ["DEFAULT_POLL_TIMEOUT", "Demand", "DemandEvent"]

# Longest a single collectOffers long poll may be held by the daemon.
DEFAULT_POLL_TIMEOUT = 5.0

DemandEvent = ProposalArrived | ProposalRejectedByPeer | PropertyQueryArrived


def _suffix(proposal_id: str) -> str:
    """The two nodes name one proposal with different prefixes (`R-…` / `P-…`)."""
    return proposal_id.split("-", 1)[-1]


@attrs.define(eq=False)
class Demand:
    """A published demand. Subscribe with `Demand.subscribe`; the node withdraws it on close."""

    node: GolemNode
    id: SubscriptionId
    spec: MarketSpec
    # who each of our counter-proposals went to, to name the provider in rejections
    _countered: dict[str, NodeId] = attrs.field(factory=dict, init=False)
    # what each counter-proposal still unanswered proposed (by suffix), for the Draft answering it
    _proposed: dict[str, MarketSpec] = attrs.field(factory=dict, init=False)
    _withdrawing: bool = attrs.field(default=False, init=False)
    _withdrawn: bool = attrs.field(default=False, init=False)
    # one bound method, so the node can find it again in remove_closer
    _closer: Callable[[], Awaitable[None]] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self._closer = self._close

    @classmethod
    async def subscribe(cls, node: GolemNode, spec: MarketSpec) -> Demand:
        demand_id = await market_api.subscribe_demand(node.api, spec)
        demand = cls(node, demand_id, spec)
        node.add_closer(f"demand {demand_id}", demand._closer)
        node.events.emit(DemandSubscribed(demand_id=demand_id))
        return demand

    @property
    def is_subscribed(self) -> bool:
        return not self._withdrawn

    async def unsubscribe(self) -> None:
        """Withdraw the demand; calling it again, or after the daemon dropped it, is fine."""
        if self._withdrawn:
            return
        self._withdrawing = True  # a collect that fails from now on is our doing
        try:
            await market_api.unsubscribe_demand(self.node.api, self.id)
        except (NotFoundError, GoneError):
            pass  # expired or withdrawn already: the goal is reached
        except BaseException:
            self._withdrawing = False
            raise
        self._withdrawn = True
        self.node.remove_closer(self._closer)
        self.node.events.emit(DemandUnsubscribed(demand_id=self.id))

    async def _close(self) -> None:
        await self.unsubscribe()

    async def events(
        self,
        *,
        poll_timeout: float = DEFAULT_POLL_TIMEOUT,
        timeout: float | None = None,
        max_events: int = 10,
        pace: Callable[[], Awaitable[object]] | None = None,
    ) -> AsyncIterator[DemandEvent]:
        """Negotiation events as they arrive, by long polls of at most `poll_timeout` s.

        `pace`, if given, is awaited after a batch was handed out and before the
        next poll: a consumer still acting on the batch (answering providers)
        lets the events that trickle in meanwhile come back in one poll, not one
        poll each (the daemon answers a long poll as soon as anything is there).
        Ends when `timeout` (overall, if given) passes or when we unsubscribe.
        If the daemon drops the demand under us (it expired), the poll's
        `NotFoundError` is raised as is.
        """
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while not self._withdrawing:
            wait = poll_timeout
            if deadline is not None:
                wait = min(wait, deadline - loop.time())
                if wait <= 0:
                    return
            try:
                batch = await market_api.collect_offers(
                    self.node.api, self.id, timeout=wait, max_events=max_events
                )
            except (NotFoundError, GoneError):
                if self._withdrawing:
                    return
                raise
            for raw in batch:
                yield await self._receive(raw)
            if batch and pace is not None and not self._withdrawing:
                await pace()

    async def _receive(self, raw: market_api.NegotiationEvent) -> DemandEvent:
        if isinstance(raw, NewProposal):
            data = raw.proposal
            answered = data.prev_proposal_id
            ours = None if answered is None else self._proposed.pop(_suffix(answered), None)
            self.node.events.emit(
                ProposalReceived(
                    demand_id=self.id,
                    proposal_id=data.proposal_id,
                    provider_id=data.issuer_id,
                    initial=data.state is ProposalState.INITIAL,
                    timestamp=raw.event_date,
                )
            )
            return ProposalArrived(proposal=Proposal(self, data, ours), event_date=raw.event_date)
        if isinstance(raw, ProposalRejectedByPeer):
            self._proposed.pop(_suffix(raw.proposal_id), None)
            self.node.events.emit(
                ProposalRejectedByProvider(
                    demand_id=self.id,
                    proposal_id=raw.proposal_id,
                    provider_id=await self._provider_of_ours(raw.proposal_id),
                    reason=raw.reason.message if raw.reason else "",
                    timestamp=raw.event_date,
                )
            )
            return raw
        if isinstance(raw, PropertyQueryArrived):
            return raw
        raise RemoteProtocolError(f"demand {self.id} received a provider-side event: {raw!r}")

    async def _provider_of_ours(self, proposal_id: ProposalId) -> NodeId:
        """The provider one of our counter-proposals answered (asks the daemon if we forgot)."""
        known = self._countered.get(_suffix(proposal_id))
        if known is not None:
            return known
        with suppress(GolemError):
            ours = await self.get_proposal(proposal_id)
            if ours.prev_proposal_id is not None:
                return (await self.get_proposal(ours.prev_proposal_id)).issuer_id
        return NodeId("")

    async def get_proposal(self, proposal_id: ProposalId) -> ProposalData:
        return await market_api.get_proposal_offer(self.node.api, self.id, proposal_id)

    async def counter(self, proposal: ProposalData, spec: MarketSpec | None = None) -> ProposalId:
        """Answer a provider's proposal with `spec` (default: the demand's own); returns our id."""
        spec = spec or self.spec
        counter_id = await market_api.counter_proposal_demand(
            self.node.api, self.id, proposal.proposal_id, spec
        )
        self._countered[_suffix(counter_id)] = proposal.issuer_id
        self._proposed[_suffix(counter_id)] = MarketSpec(
            stored_properties(spec.properties), spec.constraints
        )
        self.node.events.emit(
            ProposalCountered(
                demand_id=self.id,
                proposal_id=proposal.proposal_id,
                counter_proposal_id=counter_id,
                provider_id=proposal.issuer_id,
            )
        )
        return counter_id

    async def reject(self, proposal: ProposalData, reason: str | Reason) -> None:
        """Refuse a provider's proposal; the provider is told `reason`."""
        why = reason if isinstance(reason, Reason) else Reason(reason)
        await market_api.reject_proposal_offer(self.node.api, self.id, proposal.proposal_id, why)
        self.node.events.emit(
            ProposalRejected(
                demand_id=self.id,
                proposal_id=proposal.proposal_id,
                provider_id=proposal.issuer_id,
                reason=why.message,
            )
        )

    async def __aenter__(self) -> Demand:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.unsubscribe()
