"""`golem-requestor` (and `golem-localnet`) as a user runs them, against the local network.

Each command's `--json` output is parsed and checked against what the daemon (through
golem_core), the chain or the providers say. The commands run as child processes
without blocking the session loop, where the providers' agents live.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from golem_core.activity import Activity
from golem_core.daemon_info import daemon_info
from golem_core.node import GolemNode
from golem_core.payment import Allocation, InvoiceOutcome
from golem_core.payment.accounts import list_allocations, list_debit_notes, list_invoices
from golem_core.payment.balances import BalanceError, chain_balance
from golem_localnet.identities import REQUESTOR_NODE_ID
from golem_localnet.network import LocalNetwork
from golem_localnet.provider.history import AgentEventKind
from tests.live.conftest import LocalRequestor

pytestmark = [pytest.mark.live, pytest.mark.asyncio(loop_scope="session")]

BIN = Path(sys.executable).parent
HOLESKY = "erc20-holesky-tglm"
D = Decimal


async def command(
    name: str, env: dict[str, str], *args: str, timeout: float = 60
) -> tuple[int, str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("YAGNA_", "GSB_"))}
    process = await asyncio.create_subprocess_exec(
        str(BIN / name),
        *args,
        env={**base, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def cli_json(network: LocalNetwork, *args: str) -> Any:
    code, out, err = await command("golem-requestor", network.requestor_env(), *args, "--json")
    assert code == 0, err
    return json.loads(out)


async def test_status_shows_the_daemon_and_the_chains_balance(
    localnet_requestor: LocalRequestor, local_network: LocalNetwork
) -> None:
    node, chain = localnet_requestor.node, local_network.chain
    assert chain is not None
    tokens, gas = chain.token_balance(REQUESTOR_NODE_ID), chain.eth_balance(REQUESTOR_NODE_ID)
    status = await cli_json(local_network, "status", "--network", "holesky", "--network", "hoodi")
    # an earlier test's payment may land meanwhile: then the driver saw one of the two
    tokens_now = chain.token_balance(REQUESTOR_NODE_ID)
    gas_now = chain.eth_balance(REQUESTOR_NODE_ID)
    daemon = await daemon_info(node)
    assert (status["version"], status["node_id"], status["name"]) == (
        daemon.version,
        REQUESTOR_NODE_ID,
        daemon.name,
    )
    assert status["api_url"] == local_network.requestor_api_url
    # the networks asked for come first, then any other with an account or allocation
    holesky, hoodi = status["payments"][:2]
    assert (holesky["platform"], holesky["chain_id"], holesky["token"]) == (HOLESKY, 17000, "tGLM")
    held = [a for a in await list_allocations(node) if a.platform == HOLESKY]
    assert holesky["allocations"] == len(held) >= 1  # the fixture's allocation at least
    assert D(holesky["allocated"]) == sum(a.total_amount for a in held)
    assert D(holesky["remaining"]) == sum(a.remaining_amount for a in held)
    # the driver reads the balances from the chain
    assert D(holesky["balance"]) in (tokens, tokens_now)
    assert D(holesky["gas"]) in (gas, gas_now)
    assert holesky["balance_error"] is None and holesky["address"] == REQUESTOR_NODE_ID
    # the local chain poses as holesky only: hoodi's balance is unknown, and says why
    assert hoodi["balance"] is None and "hoodi" in hoodi["balance_error"]


async def test_a_balance_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    with pytest.raises(BalanceError, match="is unavailable"):  # no router listens there
        await chain_balance("holesky", gsb_url="tcp://127.0.0.1:9")
    with pytest.raises(BalanceError, match=f"cannot run {tmp_path}/yagna"):
        await chain_balance("holesky", yagna=str(tmp_path / "yagna"))


async def test_offers_are_every_providers_with_its_prices(local_network: LocalNetwork) -> None:
    found = await cli_json(
        local_network, "offers", "--subnet", local_network.subnet, "-n", "holesky", "--for", "2"
    )
    names = {p.node_id: p.name for p in local_network.providers}
    assert {o["provider_id"]: o["name"] for o in found} == names
    for offer in found:
        # the agents' default prices: 0.0002 per cpu-second, 0.0001 per second, 0.001 to start
        assert (offer["cpu_per_hour"], offer["env_per_hour"], offer["start_price"]) == (
            "0.72",
            "0.36",
            "0.001",
        )
        assert (offer["runtime"], offer["cores"], offer["memory_gib"]) == ("vm", 1, 1.0)
    refused = await cli_json(
        local_network, "offers", "--subnet", local_network.subnet, "--min-cores", "64", "--for", "1"
    )
    assert refused == []


async def test_allocations_are_listed_and_released(local_network: LocalNetwork) -> None:
    async with GolemNode(
        app_key=local_network.requestor_app_key, api_url=local_network.requestor_api_url
    ) as node:
        allocation = await Allocation.create(node, D("0.125"), platform=HOLESKY)
        listed = await cli_json(local_network, "allocations")
        (mine,) = [a for a in listed if a["allocation_id"] == allocation.id]
        assert (mine["total"], mine["remaining"], mine["platform"]) == ("0.125", "0.125", HOLESKY)
        assert {a["allocation_id"] for a in listed} == {
            a.allocation_id for a in await list_allocations(node)
        }

        released = await cli_json(local_network, "allocations", "release", allocation.id)
        assert released == {"released": [allocation.id]}
        assert allocation.id not in {a.allocation_id for a in await list_allocations(node)}
        code, _, err = await command(
            "golem-requestor",
            local_network.requestor_env(),
            "allocations",
            "release",
            allocation.id,
        )
        assert code == 1 and f"no allocation {allocation.id}" in err


async def test_invoices_and_debit_notes_are_the_daemons(
    localnet_requestor: LocalRequestor, local_network: LocalNetwork
) -> None:
    requestor, provider = localnet_requestor, local_network.providers[1]
    agreement = await requestor.negotiate(provider)
    activity = await Activity.create(requestor.node, agreement.id)
    await activity.destroy()  # its final debit note follows
    history = provider.agent.history
    await history.wait_for(AgentEventKind.ACTIVITY_ENDED, activity_id=activity.id, timeout=10)
    await agreement.terminate("done")
    sent = await history.wait_for(
        AgentEventKind.INVOICE_SENT, agreement_id=agreement.id, timeout=15
    )
    waited = await requestor.payments.wait_for_invoices([agreement.id], timeout=15)
    assert waited.outcomes == {agreement.id: InvoiceOutcome.ACCEPTED}

    node = requestor.node
    before_invoices, before_notes = await list_invoices(node), await list_debit_notes(node)
    invoices = await cli_json(local_network, "invoices")
    notes = await cli_json(local_network, "debit-notes")
    after_invoices, after_notes = await list_invoices(node), await list_debit_notes(node)
    # what the daemon listed just before and just after (a late document of an earlier
    # test may arrive in between), in the daemon's order
    for shown, before, after in (
        (
            [i["invoice_id"] for i in invoices],
            [i.invoice_id for i in before_invoices],
            [i.invoice_id for i in after_invoices],
        ),
        (
            [d["debit_note_id"] for d in notes],
            [d.debit_note_id for d in before_notes],
            [d.debit_note_id for d in after_notes],
        ),
    ):
        assert set(before) <= set(shown) <= set(after)
        assert shown == [d for d in after if d in set(shown)]

    (invoice,) = [i for i in invoices if i["agreement_id"] == agreement.id]
    assert invoice["invoice_id"] == sent.document_id
    assert D(invoice["amount"]) == sent.amount
    assert (invoice["direction"], invoice["provider_id"]) == ("received", provider.node_id)
    assert invoice["status"] in ("ACCEPTED", "SETTLED")
    ours = [d for d in notes if d["activity_id"] == activity.id]
    assert ours and all(d["direction"] == "received" for d in ours)
    daemon_notes = {d.debit_note_id: d for d in after_notes}
    for note in ours:
        assert D(note["total_amount_due"]) == daemon_notes[note["debit_note_id"]].total_amount_due

    settled = await cli_json(local_network, "invoices", "--status", "SETTLED")
    assert all(i["status"] == "SETTLED" for i in settled)


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[dict[str, str]]:
    directory = tmp_path / "runtime"
    env = {"GOLEM_LOCALNET_RUNTIME_DIR": str(directory)}
    yield env
    if directory.exists():  # `down` removes it: a failed test left something running
        down = [str(BIN / "golem-localnet"), "down"]
        os.spawnve(os.P_WAIT, down[0], down, {**os.environ, **env})


async def test_the_local_network_can_pose_as_hoodi(runtime: dict[str, str]) -> None:
    code, out, err = await command(
        "golem-localnet", runtime, "up", "--providers", "1", "--subnet", "cli-hoodi",
        "--payment-network", "hoodi",
    )  # fmt: skip
    assert code == 0, out + err
    lines = [line.removeprefix("export ") for line in out.splitlines()]
    env = dict(line.split("=", 1) for line in lines if line.startswith(("YAGNA_", "GSB_")))
    assert env["YAGNA_PAYMENT_NETWORK"] == "hoodi"

    code, out, err = await command("golem-requestor", env, "status", "--json")
    assert code == 0, err
    (hoodi,) = json.loads(out)["payments"]
    assert (hoodi["platform"], hoodi["chain_id"]) == ("erc20-hoodi-tglm", 560048)
    assert D(hoodi["balance"]) == 1000  # what the network mints for its requestor

    code, out, err = await command("golem-requestor", env, "offers", "--json", "--for", "1")
    assert code == 0, err
    (offer,) = json.loads(out)  # the provider offers on hoodi, so it matches a hoodi demand
    assert offer["name"] == "provider-0"

    code, out, err = await command("golem-localnet", runtime, "down")
    assert code == 0, out + err
