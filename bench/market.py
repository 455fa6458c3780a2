"""Before anything is timed: every provider's offer has reached the requestor's market.

Offers spread from providers to the requestor's daemon in the background after
the network starts; whichever library ran first would otherwise also wait for
that. A demand like the libraries' (our subnet, payable on the platform the
providers want) collects offers until every provider has one, then goes.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta, timezone

from golem_core.market import Demand, DemandBuilder, ProposalArrived
from golem_core.market.properties import platform_address_property
from golem_core.node import GolemNode

PLATFORM = "erc20-holesky-tglm"


async def wait_for_offers(
    node: GolemNode, subnet: str, providers: Collection[str], timeout: float
) -> set[str]:
    """The providers whose offers arrived; all of `providers`, unless `timeout` passed."""
    builder = DemandBuilder().subnet(subnet)
    builder.expiration(datetime.now(timezone.utc) + timedelta(seconds=timeout + 60))
    builder.update({platform_address_property(PLATFORM): node.node_id})
    seen: set[str] = set()
    async with await Demand.subscribe(node, builder.build()) as demand:
        async for event in demand.events(timeout=timeout):
            if isinstance(event, ProposalArrived):
                seen.add(event.proposal.issuer_id)
                if seen >= set(providers):
                    break
    return seen
