"""yapapi's low-level façade (`golem_hl.rest`) on the local network: offers listed, one
rejected, one countered twice, an agreement confirmed, one exe-script run, the agreement
terminated, and nothing left behind."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from golem_core.exceptions import GolemError
from golem_core.ids import AgreementId
from golem_core.market import AgreementState
from golem_core.payment import Allocation as CoreAllocation
from golem_core.payment.pricing import PaymentTerms
from golem_hl import events
from golem_hl import props as yp
from golem_hl.config import ApiConfig
from golem_hl.props.builder import DemandBuilder
from golem_hl.rest import Activity, Configuration, Market, Payment
from golem_hl.storage.gftp import GftpProvider
from golem_localnet.network import LocalNetwork
from tests.live.conftest import LocalRequestor

pytestmark = [pytest.mark.live, pytest.mark.asyncio(loop_scope="session")]

PLATFORM = "erc20-holesky-tglm"
# a provider invoices as soon as the agreement ends; well under the daemon's timeouts
INVOICE_TIMEOUT_S = 30.0


def _configuration(network: LocalNetwork) -> Configuration:
    return Configuration(
        api_config=ApiConfig(app_key=network.requestor_app_key, api_url=network.requestor_api_url)
    )


async def _demand(network: LocalNetwork, payment: Payment, allocation_id: str) -> DemandBuilder:
    builder = DemandBuilder()
    builder.add(yp.NodeInfo(name="a hand negotiator", subnet_tag=network.subnet))
    builder.add(yp.Activity(expiration=datetime.now(timezone.utc) + timedelta(minutes=30)))
    # how we pay, as yapapi's engine decorates its demands
    decoration = await payment.decorate_demand([allocation_id])
    builder.add_properties({p.key: p.value for p in decoration.properties})
    for constraint in decoration.constraints:
        builder.ensure(constraint)
    builder.ensure(f"(golem.node.debug.subnet={network.subnet})")
    return builder


async def test_offers_listed_countered_twice_and_an_agreement_used_and_ended(
    local_network: LocalNetwork, localnet_requestor: LocalRequestor
) -> None:
    conf = _configuration(local_network)
    providers = {p.node_id: p.name for p in local_network.providers}
    chosen: str | None = None
    rejected: set[str] = set()
    drafts = 0
    async with conf.market() as client:
        payment = Payment(client)
        builder = await _demand(local_network, payment, str(localnet_requestor.allocation.id))
        async with Market(client).subscribe(builder.properties, builder.constraints) as sub:
            async for proposal in sub.events():
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
                    # as yapapi's renegotiation test: reject the answer, then counter it anew
                    assert proposal._proposal.proposal.prev_proposal_id is not None
                    await proposal.reject("renegotiating")
                    await proposal.respond(builder.properties, builder.constraints)
                    continue
                agreement = await proposal.create_agreement(timedelta(minutes=5))
                assert await agreement.confirm()
                break
        assert chosen is not None and drafts == 2 and rejected, (drafts, rejected)
        assert not sub._demand.is_subscribed

        details = await agreement.get_details()
        assert details.provider_node_info.name == providers[chosen]
        assert agreement.get_requestor_property("golem.node.id.name") == "a hand negotiator"
        # the fixture's payment manager pays what the provider bills for this agreement
        localnet_requestor.payments.register_agreement(
            AgreementId(agreement.id),
            PaymentTerms.from_properties(details.provider_view.properties),
        )
        async with (
            GftpProvider(node=client.node) as storage,
            await Activity(client).new_activity(agreement.id) as activity,
        ):
            source = await storage.upload_bytes(b"hello golem\n")
            destination = await storage.new_destination()
            upper = "tr a-z A-Z < /golem/input/in.txt > /golem/output/out.txt"
            script: list[dict[str, Any]] = [
                {"deploy": {}},
                {"start": {}},
                {"transfer": {"from": source.download_url, "to": "container:/golem/input/in.txt"}},
                {"run": {"entry_point": "/bin/sh", "args": ["-c", upper]}},
                {"transfer": {"from": "container:/golem/output/out.txt",
                              "to": destination.upload_url}},
                {"run": {"entry_point": "/bin/echo", "args": ["hello"], "capture": {
                    "stdout": {"atEnd": {}}}}},
                {"run": {"entry_point": "/bin/false", "args": []}},
            ]  # fmt: skip
            results = [r async for r in await activity.send(script)]
            assert await destination.download_bytes() == b"HELLO GOLEM\n"
        assert activity._activity.destroyed
        assert [kind for kind, _ in results] == [events.CommandExecuted] * 7
        assert [r["success"] for _, r in results] == [True] * 6 + [False]
        assert "hello" in results[5][1]["stdout"]

        invoices = payment.incoming_invoices()  # from now on: the agreement's invoice comes
        assert await agreement.terminate({"message": "work finished", "golem.requestor.code": 1})
        assert agreement.terminated
        assert (await agreement._agreement.get()).state is AgreementState.TERMINATED
        invoice = await asyncio.wait_for(anext(invoices), INVOICE_TIMEOUT_S)
        assert invoice.agreement_id == agreement.id


async def test_an_allocation_from_rest_payment_is_released_on_exit(
    local_network: LocalNetwork,
) -> None:
    async with _configuration(local_network).payment() as client:
        payment = Payment(client)
        async with payment.new_allocation(
            Decimal("0.25"), PLATFORM, local_network.requestor_node_id
        ) as allocation:
            assert allocation.amount == Decimal("0.25")
            details = await allocation.details()
            assert (details.spent_amount, details.remaining_amount) == (Decimal(0), Decimal("0.25"))
            assert (await payment.allocation(allocation.id)).id == allocation.id
        with pytest.raises(GolemError):
            await CoreAllocation.get(client.node, allocation._allocation.id)
