"""The provider side of the market: publish an offer, negotiate, approve agreements.

Our Python provider agent drives these; they mirror the requestor's calls.
The offer and every agreement we approve register closers on the node, so a
provider that shuts down withdraws its offer and terminates its agreements.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING

import attrs

from golem_core._api import market as market_api
from golem_core.events import AgreementApproved, AgreementRejected
from golem_core.exceptions import GoneError, NotFoundError
from golem_core.ids import AgreementId, ProposalId, SubscriptionId
from golem_core.market.agreement import Agreement
from golem_core.market.data import (
    AgreementData,
    AgreementProposed,
    NewProposal,
    PropertyQueryArrived,
    ProposalData,
    ProposalRejectedByPeer,
    Reason,
)
from golem_core.market.properties import MarketSpec

if TYPE_CHECKING:
    from golem_core.node import GolemNode

__all__ = [
    "DEFAULT_APPROVE_TIMEOUT",
    "Offer",
    "OfferEvent",
    "approve_agreement",
    "reject_agreement",
]

# How long approving waits for the requestor's daemon to acknowledge.
DEFAULT_APPROVE_TIMEOUT = 10.0

OfferEvent = NewProposal | ProposalRejectedByPeer | AgreementProposed | PropertyQueryArrived


def _why(reason: str | Reason) -> Reason:
    return reason if isinstance(reason, Reason) else Reason(reason)


@attrs.define(eq=False)
class Offer:
    """A published offer. Subscribe with `Offer.subscribe`; the node withdraws it on close."""

    node: GolemNode
    id: SubscriptionId
    spec: MarketSpec
    _withdrawing: bool = attrs.field(default=False, init=False)
    _withdrawn: bool = attrs.field(default=False, init=False)
    _closer: Callable[[], Awaitable[None]] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self._closer = self.unsubscribe

    @classmethod
    async def subscribe(cls, node: GolemNode, spec: MarketSpec) -> Offer:
        offer_id = await market_api.subscribe_offer(node.api, spec)
        offer = cls(node, offer_id, spec)
        node.add_closer(f"offer {offer_id}", offer._closer)
        return offer

    @property
    def is_subscribed(self) -> bool:
        return not self._withdrawn

    async def unsubscribe(self) -> None:
        """Withdraw the offer; already withdrawn (410) or unknown (404) counts as done."""
        if self._withdrawn:
            return
        self._withdrawing = True
        try:
            await market_api.unsubscribe_offer(self.node.api, self.id)
        except (NotFoundError, GoneError):
            pass
        except BaseException:
            self._withdrawing = False
            raise
        self._withdrawn = True
        self.node.remove_closer(self._closer)

    async def events(
        self,
        *,
        poll_timeout: float = 5.0,
        timeout: float | None = None,
        max_events: int = 10,
    ) -> AsyncIterator[OfferEvent]:
        """Demand proposals, rejections of ours and agreements to decide on, by long polls.

        Ends when `timeout` (overall, if given) passes or when we unsubscribe.
        """
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while not self._withdrawing:
            wait = poll_timeout if deadline is None else min(poll_timeout, deadline - loop.time())
            if wait <= 0:
                return
            try:
                batch = await market_api.collect_demands(
                    self.node.api, self.id, timeout=wait, max_events=max_events
                )
            except (NotFoundError, GoneError):
                if self._withdrawing:
                    return
                raise
            for event in batch:
                yield event

    async def get_proposal(self, proposal_id: ProposalId) -> ProposalData:
        return await market_api.get_proposal_demand(self.node.api, self.id, proposal_id)

    async def __aenter__(self) -> Offer:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.unsubscribe()

    async def counter(self, proposal: ProposalData, spec: MarketSpec | None = None) -> ProposalId:
        """Answer a requestor's proposal with `spec` (default: the offer's own); returns our id."""
        return await market_api.counter_proposal_offer(
            self.node.api, self.id, proposal.proposal_id, spec or self.spec
        )

    async def reject(self, proposal: ProposalData, reason: str | Reason) -> None:
        await market_api.reject_proposal_demand(
            self.node.api, self.id, proposal.proposal_id, _why(reason)
        )


async def approve_agreement(
    node: GolemNode,
    agreement: AgreementData,
    *,
    timeout: float = DEFAULT_APPROVE_TIMEOUT,
    app_session_id: str | None = None,
) -> Agreement:
    """Approve an agreement a requestor sent; returns it in force, terminated on node close.

    `GoneError` if it can no longer be approved (the message names why, e.g.
    Cancelled); `ServerError` if the requestor did not acknowledge within
    `timeout` (the daemon allows trying again).
    """
    await market_api.approve_agreement(
        node.api, agreement.agreement_id, timeout=timeout, app_session_id=app_session_id
    )
    approved = Agreement.attach(node, agreement, app_session_id)
    approved._emit(AgreementApproved(agreement_id=approved.id, provider_id=approved.provider_id))
    return approved


async def reject_agreement(
    node: GolemNode, agreement: AgreementData | AgreementId, reason: str | Reason
) -> None:
    why = _why(reason)
    if isinstance(agreement, AgreementData):
        agreement_id, provider_id = agreement.agreement_id, agreement.provider_id
    else:
        agreement_id, provider_id = agreement, node.node_id
    await market_api.reject_agreement(node.api, agreement_id, why)
    node.events.emit(
        AgreementRejected(agreement_id=agreement_id, provider_id=provider_id, reason=why.message)
    )
