"""The local chain for real: anvil, our contracts, and yagna paying an invoice on it.

Plain httpx against the daemons' REST APIs, so this pins yagna's own behaviour.
"""

from __future__ import annotations

import base64
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import httpx
import pytest

from golem_localnet.chain import (
    PLATFORM,
    Address,
    AnvilConfig,
    AnvilError,
    AnvilProcess,
    LocalChain,
    RpcError,
    TransferLog,
    TxHash,
    abi,
    daemon_on_chain,
    local_chain,
    to_address,
    to_wei,
)
from golem_localnet.daemon import DaemonConfig, YagnaDaemon, free_port
from golem_localnet.identities import (
    PROVIDER_NODE_IDS,
    PROVIDER_SECRETS,
    REQUESTOR_NODE_ID,
    REQUESTOR_SECRET,
)
from golem_localnet.nodes import (
    FAST_MARKET,
    PATIENT_ACTIVITIES,
    PROVIDER_APP_KEY,
    REQUESTOR_APP_KEY,
)

pytestmark = pytest.mark.live

REQUESTOR = to_address(REQUESTOR_NODE_ID)
PROVIDER = to_address(PROVIDER_NODE_IDS[0])
OTHER_PROVIDER = to_address(PROVIDER_NODE_IDS[1])
LONG_POLL_S = 10
SETTLE_DEADLINE_S = 90


def port_is_listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def utc_in(**delta: float) -> str:
    return (datetime.now(timezone.utc) + timedelta(**delta)).isoformat()


# -- the chain on its own --------------------------------------------------------


def test_anvil_poses_as_holesky_and_stops_without_a_trace() -> None:
    with local_chain() as chain:
        pid, port = chain.anvil.pid, chain.anvil.config.port
        assert pid is not None and port_is_listening(port)
        assert chain.client.chain_id() == 17000
        # blocks keep coming while idle, or yagna drops the endpoint as "head behind"
        assert chain.client.rpc.call("anvil_getIntervalMining") == 1
        token, multi = chain.contracts.token, chain.contracts.multi_transfer
        assert chain.client.code(token) and chain.client.code(multi)
        assert abi.decode_address(chain.client.eth_call(multi, abi.SEL_GLM)) == token
        assert chain.contracts.owner not in (REQUESTOR, PROVIDER)
    assert not port_is_listening(port)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_an_anvil_that_cannot_start_says_why() -> None:
    config = AnvilConfig()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", config.port))
        squatter.listen()
        anvil = AnvilProcess(config)
        with pytest.raises(AnvilError, match="anvil exited"):
            anvil.start(timeout=30)
    assert anvil.pid is None


def test_funding_mints_tokens_and_sends_ether(chain: LocalChain) -> None:
    eth_before = chain.eth_balance(PROVIDER)
    chain.fund(PROVIDER, tokens=Decimal("1000"), eth=Decimal("0.25"))
    assert chain.token_balance(PROVIDER) == Decimal(1000)
    assert chain.eth_balance(PROVIDER) == eth_before + Decimal("0.25")
    assert chain.token_balance(REQUESTOR) == 0


def test_token_reverts_name_the_reason_yagna_looks_for(chain: LocalChain) -> None:
    client, token = chain.client, chain.contracts.token
    with pytest.raises(RpcError, match="transfer amount exceeds balance"):
        client.transact(REQUESTOR, token, abi.transfer(PROVIDER, 1))
    with pytest.raises(RpcError, match="only the owner may mint"):
        client.transact(REQUESTOR, token, abi.mint(REQUESTOR, 1))


def test_direct_packed_batch_pays_each_payee_from_the_payer(chain: LocalChain) -> None:
    client, token, multi = chain.client, chain.contracts.token, chain.contracts.multi_transfer
    chain.fund(REQUESTOR, tokens=Decimal(10))
    payments = [(PROVIDER, to_wei(Decimal("1.5"))), (OTHER_PROVIDER, to_wei(Decimal("2.25")))]
    batch = abi.golem_transfer_direct_packed(payments)
    with pytest.raises(RpcError, match="insufficient allowance"):
        client.transact(REQUESTOR, multi, batch)

    client.transact(REQUESTOR, token, abi.approve(multi, abi.MAX_UINT256))
    receipt = client.transact(REQUESTOR, multi, batch)

    # the logs a provider's yagna verifies: from the payer, to the payee, by the token
    assert receipt.transfers() == [
        TransferLog(token=token, sender=REQUESTOR, recipient=to, amount_wei=wei)
        for to, wei in payments
    ]
    assert chain.token_balance(PROVIDER) == Decimal("1.5")
    assert chain.token_balance(OTHER_PROVIDER) == Decimal("2.25")
    assert chain.token_balance(REQUESTOR) == Decimal("6.25")
    # an unlimited approval stays unlimited (yagna wants >= 2**255 before every payment)
    assert client.allowance_wei(token, REQUESTOR, multi) == abi.MAX_UINT256
    with pytest.raises(RpcError, match="transfer amount exceeds balance"):
        client.transact(REQUESTOR, multi, abi.golem_transfer_direct_packed([(PROVIDER, 10**19)]))


@pytest.mark.parametrize(
    "encode",
    [
        lambda payments: abi.golem_transfer_indirect_packed(payments, sum(w for _, w in payments)),
        abi.golem_transfer_direct,
        abi.golem_transfer_indirect,
    ],
    ids=["indirect-packed", "direct", "indirect"],
)
def test_the_other_batch_methods_pay_the_same_amounts(
    chain: LocalChain, encode: Callable[[list[tuple[Address, int]]], bytes]
) -> None:
    client, token, multi = chain.client, chain.contracts.token, chain.contracts.multi_transfer
    chain.fund(REQUESTOR, tokens=Decimal(10))
    client.transact(REQUESTOR, token, abi.approve(multi, abi.MAX_UINT256))
    payments = [(PROVIDER, to_wei(Decimal("1.5"))), (OTHER_PROVIDER, to_wei(Decimal("2.25")))]
    receipt = client.transact(REQUESTOR, multi, encode(payments))
    assert chain.token_balance(PROVIDER) == Decimal("1.5")
    assert chain.token_balance(OTHER_PROVIDER) == Decimal("2.25")
    assert chain.token_balance(REQUESTOR) == Decimal("6.25")
    assert chain.token_balance(multi) == 0
    payees = [(log.recipient, log.amount_wei) for log in receipt.transfers()]
    assert payees[-2:] == payments


def test_an_indirect_batch_must_add_up_to_its_total(chain: LocalChain) -> None:
    client, token, multi = chain.client, chain.contracts.token, chain.contracts.multi_transfer
    chain.fund(REQUESTOR, tokens=Decimal(10))
    client.transact(REQUESTOR, token, abi.approve(multi, abi.MAX_UINT256))
    # paying out less than was collected would strand tokens in the contract
    short = abi.golem_transfer_indirect_packed([(PROVIDER, 1), (OTHER_PROVIDER, 1)], 3)
    with pytest.raises(RpcError, match="do not add up"):
        client.transact(REQUESTOR, multi, short)
    assert chain.token_balance(REQUESTOR) == Decimal(10)


# -- yagna on the chain ----------------------------------------------------------


def requestor_config() -> DaemonConfig:
    return DaemonConfig(
        app_key=REQUESTOR_APP_KEY,
        api_port=free_port(),
        gsb_port=free_port(),
        identity_secret=REQUESTOR_SECRET,
        extra_env=dict(FAST_MARKET),
    )


def rest(daemon: YagnaDaemon) -> httpx.Client:
    return httpx.Client(
        base_url=daemon.config.api_url,
        headers={"Authorization": f"Bearer {daemon.config.app_key}"},
        timeout=LONG_POLL_S + 20,
        trust_env=False,
    )


def new_allocation(amount: str) -> dict[str, Any]:
    return {
        "totalAmount": amount,
        "paymentPlatform": PLATFORM,
        "address": REQUESTOR,
        "makeDeposit": False,
        "timeout": utc_in(hours=1),
    }


def test_allocations_are_checked_against_the_chain_balance(chain: LocalChain) -> None:
    chain.fund(REQUESTOR, tokens=Decimal(1000))
    # the environment alone is enough to check balances (no driver configuration file)
    config = attrs.evolve(requestor_config(), extra_env={**FAST_MARKET, **chain.yagna_env()})
    with YagnaDaemon(config) as requestor, rest(requestor) as api:
        # no account until the first allocation registers it with the driver
        assert api.get("/payment-api/v1/requestorAccounts").json() == []

        created = api.post("/payment-api/v1/allocations", json=new_allocation("10"))
        assert created.status_code == 201, created.text
        allocation = created.json()
        assert allocation["paymentPlatform"] == PLATFORM
        assert Decimal(allocation["remainingAmount"]) == 10

        accounts = api.get("/payment-api/v1/requestorAccounts").json()
        assert {
            "platform": PLATFORM,
            "address": REQUESTOR,
            "driver": "erc20",
            "network": "holesky",
            "token": "tGLM",
            "send": True,
            "receive": False,
        } in accounts

        refused = api.post("/payment-api/v1/allocations", json=new_allocation("5000"))
        assert refused.status_code == 400, refused.text
        problem = refused.json()
        assert problem["instance"].endswith("/insufficient-account-funds")
        assert "Insufficient funds" in problem["detail"]
        # what the chain holds, less what the first allocation reserves
        assert Decimal(problem["availableFunds"]) == 990
        assert Decimal(problem["reservedFunds"]) == 10
        assert Decimal(problem["requestedFunds"]) == 5000

        exact_rest = api.post("/payment-api/v1/allocations", json=new_allocation("990"))
        assert exact_rest.status_code == 201, exact_rest.text


# -- an invoice paid on chain: requestor and provider nodes ------------------------


@contextmanager
def paying_nodes(chain: LocalChain) -> Iterator[tuple[YagnaDaemon, YagnaDaemon]]:
    with daemon_on_chain(chain, requestor_config()) as requestor:
        provider_config = DaemonConfig(
            app_key=PROVIDER_APP_KEY,
            api_port=free_port(),
            gsb_port=free_port(),
            central_net_host=requestor.config.gsb_host,
            identity_secret=PROVIDER_SECRETS[0],
            extra_env={**FAST_MARKET, **PATIENT_ACTIVITIES},
        )
        with daemon_on_chain(chain, provider_config) as provider:
            yield requestor, provider


def next_events(api: httpx.Client, path: str) -> list[dict[str, Any]]:
    response = api.get(path, params={"timeout": LONG_POLL_S, "maxEvents": 10})
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()
    assert events, f"no event on {path} within {LONG_POLL_S} s"
    return events


def negotiate_agreement(
    requestor: httpx.Client, provider: httpx.Client, allocation_id: str
) -> tuple[str, str]:
    """The shortest market round that ends in an approved agreement: (requestor id, provider id)."""
    subnet = f"chain-{os.getpid()}"
    decorations = requestor.get(
        "/payment-api/v1/demandDecorations", params={"allocationIds": allocation_id}
    ).json()
    payment_constraints = "".join(decorations["constraints"])
    demand = {
        "properties": {
            "golem.node.debug.subnet": subnet,
            "golem.srv.comp.expiration": int(
                (datetime.now(timezone.utc) + timedelta(minutes=30)).timestamp() * 1000
            ),
            "golem.com.payment.chosen-platform": PLATFORM,
            **{p["key"]: p["value"] for p in decorations["properties"]},
        },
        "constraints": f"(&(golem.node.debug.subnet={subnet}){payment_constraints})",
    }
    offer = {
        "properties": {
            "golem.node.debug.subnet": subnet,
            f"golem.com.payment.platform.{PLATFORM}.address": PROVIDER,
            "golem.com.payment.protocol.version": 3,
            "golem.com.scheme": "payu",
            "golem.com.pricing.model": "linear",
            "golem.com.pricing.model.linear.coeffs": [0.0, 0.0, 0.0],
            "golem.com.usage.vector": ["golem.usage.duration_sec", "golem.usage.cpu_sec"],
        },
        "constraints": f"(golem.node.debug.subnet={subnet})",
    }
    offer_sub = provider.post("/market-api/v1/offers", json=offer).json()
    demand_sub = requestor.post("/market-api/v1/demands", json=demand).json()
    demand_events = f"/market-api/v1/demands/{demand_sub}/events"
    offer_events = f"/market-api/v1/offers/{offer_sub}/events"

    initial = next_events(requestor, demand_events)[0]["proposal"]["proposalId"]
    requestor.post(f"/market-api/v1/demands/{demand_sub}/proposals/{initial}", json=demand)
    from_requestor = next_events(provider, offer_events)[0]["proposal"]["proposalId"]
    provider.post(f"/market-api/v1/offers/{offer_sub}/proposals/{from_requestor}", json=offer)
    draft = next(
        e["proposal"]["proposalId"]
        for e in next_events(requestor, demand_events)
        if e.get("proposal", {}).get("state") == "Draft"
    )
    agreement_id = requestor.post(
        "/market-api/v1/agreements", json={"proposalId": draft, "validTo": utc_in(hours=1)}
    ).json()
    assert requestor.post(f"/market-api/v1/agreements/{agreement_id}/confirm").status_code == 204
    [event] = [e for e in next_events(provider, offer_events) if "agreement" in e]
    provider_agreement_id = event["agreement"]["agreementId"]
    approved = provider.post(
        f"/market-api/v1/agreements/{provider_agreement_id}/approve",
        params={"timeout": LONG_POLL_S},
    )
    assert approved.status_code == 204, approved.text
    waited = requestor.post(
        f"/market-api/v1/agreements/{agreement_id}/wait", params={"timeout": LONG_POLL_S}
    )
    assert waited.status_code == 204, waited.text
    return agreement_id, provider_agreement_id


def wait_for_invoice_event(api: httpx.Client, invoice_id: str, event_type: str) -> None:
    """Long-poll the invoice events until `event_type` arrives for the invoice."""
    deadline = datetime.now(timezone.utc) + timedelta(seconds=SETTLE_DEADLINE_S)
    after = utc_in(minutes=-1)
    while datetime.now(timezone.utc) < deadline:
        response = api.get(
            "/payment-api/v1/invoiceEvents",
            params={"timeout": LONG_POLL_S, "afterTimestamp": after},
        )
        assert response.status_code == 200, response.text
        for event in response.json():
            after = event["eventDate"]
            if event["invoiceId"] == invoice_id and event["eventType"] == event_type:
                return
    raise AssertionError(f"no {event_type} for {invoice_id} within {SETTLE_DEADLINE_S} s")


def test_an_accepted_invoice_is_paid_on_chain_and_settled(chain: LocalChain) -> None:
    chain.fund(REQUESTOR, tokens=Decimal(1000))
    with (
        paying_nodes(chain) as (requestor_node, provider_node),
        rest(requestor_node) as requestor,
        rest(provider_node) as provider,
    ):
        for node in (requestor_node, provider_node):
            log = (node.data_dir / "daemon.log").read_text()
            # a file yagna cannot parse is only logged, and the slow defaults stay
            assert "Config file loaded successfully" in log
        allocation = requestor.post("/payment-api/v1/allocations", json=new_allocation("10"))
        allocation_id = allocation.json()["allocationId"]
        _, provider_agreement_id = negotiate_agreement(requestor, provider, allocation_id)

        issued = provider.post(
            "/payment-api/v1/invoices",
            json={
                "agreementId": provider_agreement_id,
                "activityIds": [],
                "amount": "1.5",
                "paymentDueDate": utc_in(hours=1),
            },
        )
        assert issued.status_code == 201, issued.text
        invoice = issued.json()
        assert (invoice["payerAddr"], invoice["payeeAddr"]) == (REQUESTOR, PROVIDER)
        invoice_id = invoice["invoiceId"]
        assert provider.post(f"/payment-api/v1/invoices/{invoice_id}/send").status_code == 200

        accepted = requestor.post(
            f"/payment-api/v1/invoices/{invoice_id}/accept",
            json={"totalAmountAccepted": "1.5", "allocationId": allocation_id},
        )
        assert accepted.status_code == 200, accepted.text
        wait_for_invoice_event(provider, invoice_id, "InvoiceSettledEvent")

        [payment] = provider.get("/payment-api/v1/payments").json()
        assert Decimal(payment["amount"]) == Decimal("1.5")

    # the chain agrees: one token transfer, payer to payee, in the transaction yagna reported
    assert chain.token_balance(PROVIDER) == Decimal("1.5")
    assert chain.token_balance(REQUESTOR) == Decimal("998.5")
    tx_hash = TxHash("0x" + base64.b64decode(payment["details"]).hex())
    receipt = chain.client.receipt(tx_hash)
    assert receipt is not None
    assert receipt.transfers() == [
        TransferLog(
            token=chain.contracts.token,
            sender=REQUESTOR,
            recipient=PROVIDER,
            amount_wei=to_wei(Decimal("1.5")),
        )
    ]
