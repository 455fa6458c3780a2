"""The requestor side of the golem_core flows the replay tests record and replay."""

from __future__ import annotations

import os
from datetime import timedelta

from golem_core.events import now
from golem_core.market import (
    Agreement,
    AgreementState,
    Demand,
    DemandBuilder,
    MarketSpec,
    ProposalArrived,
    ProposalState,
    eq,
)
from golem_core.node import GolemNode
from golem_core.payment import Allocation
from golem_core.payment.manager import PaymentManager
from golem_core.payment.pricing import PaymentTerms

# One provider of the local network, so that the recording does not depend on who answers first.
PROVIDER_NAME = "provider-0"


async def subscribe(node: GolemNode, allocation: Allocation, provider: str | None) -> Demand:
    decoration = await allocation.demand_decorations()
    builder = DemandBuilder().subnet(os.environ.get("YAGNA_SUBNET", "public"))
    builder.expiration(now() + timedelta(minutes=30))
    builder.update(dict(decoration.properties))
    if provider is not None:
        builder.require(eq("golem.node.id.name", provider))
    spec = builder.build()
    constraints = f"(&{spec.constraints}{''.join(decoration.constraints)})"
    return await Demand.subscribe(node, MarketSpec(spec.properties, constraints))


async def negotiate(
    node: GolemNode,
    allocation: Allocation,
    payments: PaymentManager | None = None,
    *,
    provider: str = PROVIDER_NAME,
    timeout: float = 30.0,
) -> Agreement:
    """Counter the provider's offer, then agree on its answer (and register it for payment)."""
    async with await subscribe(node, allocation, provider) as demand:
        async for event in demand.events(timeout=timeout):
            if not isinstance(event, ProposalArrived):
                continue
            if event.proposal.state is ProposalState.INITIAL:
                await event.proposal.counter()
            elif event.proposal.state is ProposalState.DRAFT:
                agreement = await event.proposal.create_agreement(now() + timedelta(minutes=10))
                await agreement.confirm()
                state = await agreement.wait_for_approval(timeout)
                assert state is AgreementState.APPROVED, state
                if payments is not None:
                    data = await agreement.get()
                    terms = PaymentTerms.from_properties(data.offer.properties)
                    payments.register_agreement(agreement.id, terms)
                return agreement
    raise AssertionError(f"no agreement with {provider} within {timeout} s")
