"""The local Golem network end to end: golem_core as the requestor, our provider agents
and exe-units as the providers, payments settled on the local chain."""

from __future__ import annotations

import asyncio
import socket
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from golem_core.activity import Activity, Capture, Deploy, Run, Start, Transfer
from golem_core.market import ProposalArrived, ProposalState
from golem_core.market.properties import DEBIT_NOTE_ACCEPT_TIMEOUT, DEBIT_NOTE_INTERVAL
from golem_core.node import GolemNode
from golem_core.payment.ledger import InvoiceOutcome
from golem_core.transfer import publish_bytes, receive_bytes
from golem_localnet.network import LocalNetwork
from golem_localnet.provider import AgentEventKind
from golem_localnet.provider.offer import Prices
from tests.live.conftest import LocalRequestor, requestor_on

pytestmark = [pytest.mark.live, pytest.mark.asyncio(loop_scope="session")]

# what a fresh network of one requestor and three providers may take to be usable
READY_WITHIN_S = 15.0
# settlement: payment cycle (5 s) + a transaction on a 1 s block chain, with room to spare
SETTLE_WITHIN_S = 60.0


def listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def alive(pid: int) -> bool:
    """Running (a zombie nobody reaped yet has exited: it counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


async def test_every_provider_offers_like_a_vm_provider(
    localnet_requestor: LocalRequestor, local_network: LocalNetwork
) -> None:
    providers = {p.node_id: p for p in local_network.providers}
    seen = {}
    async with await localnet_requestor.demand() as demand:
        async for event in demand.events(timeout=15):
            if isinstance(event, ProposalArrived) and event.proposal.state is ProposalState.INITIAL:
                seen[event.proposal.issuer_id] = event.proposal.properties
                if seen.keys() == providers.keys():
                    break
    assert seen.keys() == providers.keys()
    for node_id, offer in seen.items():
        assert offer["golem.node.id.name"] == providers[node_id].name
        assert offer["golem.runtime.name"] == "vm"
        assert offer["golem.com.pricing.model"] == "linear"
        assert offer["golem.com.usage.vector"] == [
            "golem.usage.cpu_sec",
            "golem.usage.duration_sec",
        ]
        assert offer["golem.com.pricing.model.linear.coeffs"] == [0.0002, 0.0001, 0.001]
        assert offer["golem.com.payment.platform.erc20-holesky-tglm.address"] == node_id
        assert offer["golem.srv.caps.multi-activity"] is True


async def test_a_job_runs_and_its_invoice_is_settled_on_chain(
    localnet_requestor: LocalRequestor, local_network: LocalNetwork
) -> None:
    requestor, provider, chain = localnet_requestor, local_network.providers[0], local_network.chain
    assert chain is not None
    history = provider.agent.history
    balance_before = chain.token_balance(provider.node_id)

    agreement = await requestor.negotiate(provider)
    await history.wait_for(AgentEventKind.AGREEMENT_APPROVED, agreement_id=agreement.id, timeout=5)

    node = requestor.node
    source = await publish_bytes(node, b"hello golem\n")
    target = await receive_bytes(node, limit_bytes=1024)
    activity = await Activity.create(node, agreement.id)
    script = "tr a-z A-Z < /golem/input/in.txt > /golem/output/out.txt && sleep 6"
    batch = await activity.exec(
        [
            Deploy(),
            Start(),
            Transfer(source.url, "container:/golem/input/in.txt"),
            Run("/bin/sh", ("-c", script)),
            Transfer("container:/golem/output/out.txt", target.url),
        ]
    )
    results = await batch.wait(timeout=60)
    assert [r.ok for r in results] == [True] * 5
    assert await target.read_bytes(timeout=10) == b"HELLO GOLEM\n"

    # a debit note on the agreed interval (5 s) while the command ran, priced as offered
    note = await history.wait_for(
        AgentEventKind.DEBIT_NOTE_SENT, activity_id=activity.id, timeout=10
    )
    assert note.amount is not None and note.amount > Prices().start

    await activity.destroy()
    ended = await history.wait_for(
        AgentEventKind.ACTIVITY_ENDED, activity_id=activity.id, timeout=5
    )
    assert ended.exit_code == 0 and ended.detail == "stopped by the provider"
    await agreement.terminate("the job is done")

    invoice = await history.wait_for(
        AgentEventKind.INVOICE_SENT, agreement_id=agreement.id, timeout=15
    )
    # the invoice bills the final usage, which the last debit note told the requestor
    assert invoice.amount == ended.amount
    waited = await requestor.payments.wait_for_invoices([agreement.id], timeout=15)
    assert waited.outcomes == {agreement.id: InvoiceOutcome.ACCEPTED}
    unpaid = await requestor.payments.wait_for_settled([agreement.id], timeout=SETTLE_WITHIN_S)
    assert not unpaid
    await history.wait_for(
        AgentEventKind.INVOICE_SETTLED, document_id=invoice.document_id, timeout=10
    )
    # the session network's other tests pay this provider too, and the driver sums
    # what one payer owes one payee into one transfer; the exact change is pinned
    # on a network of its own in test_core_e2e.py
    assert invoice.amount is not None
    assert chain.token_balance(provider.node_id) - balance_before >= invoice.amount


async def test_three_providers_are_ready_fast_and_leave_nothing_behind() -> None:
    began = time.monotonic()
    async with LocalNetwork(providers=3, chain=True, subnet="localnet-ready") as network:
        async with requestor_on(network) as requestor:
            expected = {p.node_id for p in network.providers}
            seen = set()
            async with await requestor.demand() as demand:
                async for event in demand.events(timeout=READY_WITHIN_S):
                    if isinstance(event, ProposalArrived):
                        seen.add(event.proposal.issuer_id)
                        if seen == expected:
                            break
            ready_s = time.monotonic() - began
        assert seen == expected
        assert ready_s < READY_WITHIN_S, f"offers visible only after {ready_s:.1f} s"
        assert network.chain is not None and network.requestor is not None
        daemons = [network.requestor, *(p.daemon for p in network.providers)]
        pids = [network.chain.anvil.pid, *(d.pid for d in daemons)]
        ports = [network.chain.anvil.config.port]
        ports += [d.config.api_port for d in daemons]
        ports += [d.config.gsb_port for d in daemons if d.config.gsb_port is not None]
        ports.append(int(network.image_repository_url.rsplit(":", 1)[1]))
        # the providers' GSB routers are on Unix sockets (their exe-units are served there)
        sockets = [Path(p.daemon.config.gsb_url.removeprefix("unix:")) for p in network.providers]
        assert [p.daemon.config.gsb_socket is not None for p in network.providers] == [True] * 3
        assert all(path.is_socket() for path in sockets)
        root = network.root
    assert root is not None and not root.exists()
    assert not [path for path in sockets if path.exists()]
    assert not [pid for pid in pids if pid is not None and alive(pid)]
    assert not [port for port in ports if listening(port)]


async def test_a_provider_serves_several_activities_under_one_agreement(
    localnet_requestor: LocalRequestor, local_network: LocalNetwork
) -> None:
    requestor, provider = localnet_requestor, local_network.providers[1]
    agreement = await requestor.negotiate(provider)
    activities = await asyncio.gather(
        *(Activity.create(requestor.node, agreement.id) for _ in range(2))
    )
    outputs = []
    for index, activity in enumerate(activities):
        echo = Run("/bin/echo", (f"activity {index}",), capture=Capture.at_end())
        batch = await activity.exec([Deploy(), Start(), echo])
        outputs.append((await batch.wait(timeout=30))[-1].stdout)
    assert outputs == ["activity 0\n", "activity 1\n"]
    for activity in activities:
        await activity.destroy()
    await agreement.terminate("done")
    invoice = await provider.agent.history.wait_for(
        AgentEventKind.INVOICE_SENT, agreement_id=agreement.id, timeout=15
    )
    ended = provider.agent.history.of(AgentEventKind.ACTIVITY_ENDED, agreement_id=agreement.id)
    assert len(ended) == 2
    assert invoice.amount == sum((e.amount or Decimal(0) for e in ended), Decimal(0))
    waited = await requestor.payments.wait_for_invoices([agreement.id], timeout=15)
    assert waited.outcomes == {agreement.id: InvoiceOutcome.ACCEPTED}


async def test_golem_node_sees_the_network_as_its_environment(local_network: LocalNetwork) -> None:
    env = local_network.requestor_env()
    async with GolemNode(app_key=env["YAGNA_APPKEY"], api_url=env["YAGNA_API_URL"]) as node:
        assert node.node_id == local_network.requestor_node_id
    assert env["YAGNA_SUBNET"] == local_network.subnet


async def test_yapapi_can_resolve_images_here(local_network: LocalNetwork) -> None:
    image_hash = "d646d7b93083d817846c2ae5c62c72ca0507782385a2e29291a3d376"
    base = local_network.image_repository_url
    assert local_network.requestor_env()["GOLEM_REPOSITORY_URL"] == base
    async with httpx.AsyncClient(base_url=base, trust_env=False) as http:
        # what vm.repo(image_hash=..., repository_url=...) asks, and then puts in the demand
        info = await http.get("/v1/image/info", params={"hash": image_hash, "count": "true"})
        assert info.status_code == 200
        assert info.json()["sha3"] == image_hash
        # vm.repo(image_url=...) only checks the image answers
        assert (await http.head(info.json()["http"])).status_code == 200
        assert (await http.get("/v1/image/info")).status_code == 400


async def test_a_debit_note_left_unaccepted_breaks_the_agreement(
    localnet_requestor: LocalRequestor, local_network: LocalNetwork
) -> None:
    """As yagna's provider: past the agreed acceptance timeout, it terminates."""
    provider = local_network.providers[2]
    terms = {DEBIT_NOTE_ACCEPT_TIMEOUT: 5, DEBIT_NOTE_INTERVAL: 2}
    agreement = await localnet_requestor.negotiate(provider, extra=terms, pay=False)
    activity = await Activity.create(localnet_requestor.node, agreement.id)
    history = provider.agent.history
    sent = await history.wait_for(
        AgentEventKind.DEBIT_NOTE_SENT, agreement_id=agreement.id, timeout=10
    )
    ended = await history.wait_for(
        AgentEventKind.AGREEMENT_ENDED, agreement_id=agreement.id, timeout=15
    )
    assert ended.detail.startswith("by Provider: DebitNotesDeadline")
    assert ended.at - sent.at >= timedelta(seconds=5)
    # and stops what ran under it
    await history.wait_for(AgentEventKind.ACTIVITY_ENDED, activity_id=activity.id, timeout=10)
