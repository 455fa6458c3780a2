"""Scanning the market: what providers offer for a demand, without negotiating.

A scan publishes the demand, gathers the Initial proposals (the providers' offers
as they match it) for a while, and withdraws it. No allocation is needed: a demand
names its payment platform and address itself (`DemandBuilder.payment`), which is
what providers check before they answer.
"""

from __future__ import annotations

from datetime import timedelta

from golem_core.market.data import ProposalData, ProposalState
from golem_core.market.demand import Demand
from golem_core.market.properties import MarketSpec
from golem_core.market.proposal import ProposalArrived
from golem_core.node import GolemNode

__all__ = ["scan_offers"]


async def scan_offers(
    node: GolemNode, spec: MarketSpec, duration: timedelta, *, poll_timeout: float = 2.0
) -> list[ProposalData]:
    """The offers matching `spec` that reach us within `duration`, one per offer, in order."""
    if duration <= timedelta(0):
        raise ValueError(f"a scan needs a positive duration, got {duration}")
    offers: dict[str, ProposalData] = {}
    async with await Demand.subscribe(node, spec) as demand:
        async for event in demand.events(
            poll_timeout=poll_timeout, timeout=duration.total_seconds()
        ):
            if isinstance(event, ProposalArrived):
                data = event.proposal.data
                if data.state is ProposalState.INITIAL:
                    offers.setdefault(data.proposal_id, data)
    return list(offers.values())
