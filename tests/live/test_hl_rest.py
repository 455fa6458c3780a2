"""yapapi's low-level façade (`golem_hl.rest`) on the local network: offers, renegotiation,
one agreement confirmed and terminated, the demand withdrawn."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from golem_core.market import AgreementState
from golem_hl import props as yp
from golem_hl.config import ApiConfig
from golem_hl.props.builder import DemandBuilder
from golem_hl.rest import Configuration, Market
from golem_localnet.network import LocalNetwork
from tests.live.conftest import LocalRequestor

pytestmark = [pytest.mark.live, pytest.mark.asyncio(loop_scope="session")]


async def _demand(network: LocalNetwork, requestor: LocalRequestor) -> DemandBuilder:
    builder = DemandBuilder()
    builder.add(yp.NodeInfo(name="a hand negotiator", subnet_tag=network.subnet))
    builder.add(yp.Activity(expiration=datetime.now(timezone.utc) + timedelta(minutes=30)))
    # how we pay: the allocation's decorations, as yapapi's engine adds them
    decoration = await requestor.allocation.demand_decorations()
    builder.add_properties(dict(decoration.properties))
    for constraint in decoration.constraints:
        builder.ensure(constraint)
    builder.ensure(f"(golem.node.debug.subnet={network.subnet})")
    return builder


async def test_offers_listed_countered_twice_and_one_agreement_confirmed_and_terminated(
    local_network: LocalNetwork, localnet_requestor: LocalRequestor
) -> None:
    conf = Configuration(
        api_config=ApiConfig(
            app_key=local_network.requestor_app_key, api_url=local_network.requestor_api_url
        )
    )
    builder = await _demand(local_network, localnet_requestor)
    providers = {p.node_id: p.name for p in local_network.providers}
    chosen: str | None = None
    rejected: set[str] = set()
    drafts = 0
    async with conf.market() as client:
        market = Market(client)
        async with market.subscribe(builder.properties, builder.constraints) as subscription:
            async for proposal in subscription.events():
                # what list-offers prints: every offer comes from one of our providers
                assert providers[proposal.issuer] == proposal.props["golem.node.id.name"]
                if not proposal.is_draft:
                    if chosen in (None, proposal.issuer):
                        chosen = proposal.issuer
                        await proposal.respond(builder.properties, builder.constraints)
                    else:
                        rejected.add(proposal.issuer)
                        await proposal.reject("we talk to one provider only")
                    continue
                assert proposal.issuer == chosen
                drafts += 1
                if drafts == 1:
                    # re-counter the provider's answer instead of agreeing at once
                    await proposal.respond(builder.properties, builder.constraints)
                    continue
                agreement = await proposal.create_agreement(timedelta(minutes=5))
                assert await agreement.confirm()
                details = await agreement.get_details()
                assert details.provider_node_info.name == providers[chosen]
                assert agreement.get_requestor_property("golem.node.id.name") == (
                    "a hand negotiator"
                )
                assert await agreement.terminate({"message": "work finished", "golem.foo": 1})
                break
        assert drafts == 2 and rejected, (drafts, rejected)
        # nothing left behind: the agreement ended, the demand withdrawn
        assert agreement.terminated
        assert (await agreement._agreement.get()).state is AgreementState.TERMINATED
        assert not subscription._demand.is_subscribed
