"""What each `golem-requestor` command shows, from golem_core's snapshots: plain values, no I/O."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from golem_core.cli.views import (
    allocation_records,
    amount,
    debit_note_records,
    invoice_records,
    offer_records,
    platforms_to_show,
    status_record,
)
from golem_core.daemon_info import DaemonInfo
from golem_core.ids import (
    ActivityId,
    AgreementId,
    AllocationId,
    DebitNoteId,
    InvoiceId,
    NodeId,
    ProposalId,
)
from golem_core.market.data import ProposalData, ProposalState
from golem_core.market.properties import PropertyValue
from golem_core.payment import AllocationData, DebitNoteData, DocumentStatus, InvoiceData
from golem_core.payment.accounts import AccountData
from golem_core.payment.balances import ChainBalance
from golem_core.payment.networks import payment_network

D = Decimal
T0 = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
ME = NodeId("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")
PROVIDER = NodeId("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")
DAEMON = DaemonInfo("http://127.0.0.1:7465", "0.17.6", ME, "requestor", "manager")


def allocation(number: int, platform: str, total: str, spent: str) -> AllocationData:
    return AllocationData(
        allocation_id=AllocationId(f"a{number}"),
        address=ME,
        platform=platform,
        total_amount=D(total),
        spent_amount=D(spent),
        remaining_amount=D(total) - D(spent),
        timestamp=T0,
        timeout=T0 + timedelta(hours=1),
        extend_timeout=None,
    )


def account(platform: str) -> AccountData:
    _, network, token = platform.split("-")
    return AccountData(platform, ME, "erc20", network, token, send=True, receive=False)


def test_amounts_keep_every_digit_without_trailing_zeros() -> None:
    assert amount(D("1.500")) == "1.5"
    assert amount(D("1E+3")) == "1000"
    assert amount(D("0.000")) == "0"
    assert amount(D("0.000000000000000001")) == "0.000000000000000001"
    assert amount(None) is None


def test_status_shows_the_asked_networks_first_then_those_with_accounts_or_allocations() -> None:
    shown = platforms_to_show(
        [account("erc20-holesky-tglm")],
        [
            allocation(1, "erc20-polygon-glm", "1", "0"),
            allocation(2, "erc20-holesky-tglm", "1", "0"),
        ],
        [payment_network("hoodi"), payment_network("holesky")],
    )
    names = [p.name for p in shown]
    assert names == ["erc20-hoodi-tglm", "erc20-holesky-tglm", "erc20-polygon-glm"]


def test_status_adds_up_each_platforms_allocations_and_keeps_its_balance_or_why_not() -> None:
    held = [
        allocation(1, "erc20-holesky-tglm", "10", "2.5"),
        allocation(2, "erc20-holesky-tglm", "5", "0"),
        allocation(3, "erc20-polygon-glm", "1", "0"),
    ]
    holesky = ChainBalance("erc20", "holesky", "tGLM", D(1000), D("12.5"), D(3), "tETH")
    shown = platforms_to_show([account("erc20-holesky-tglm")], held, [payment_network("hoodi")])
    status = status_record(
        DAEMON,
        shown,
        [account("erc20-holesky-tglm")],
        held,
        {"erc20-holesky-tglm": holesky, "erc20-hoodi-tglm": "no chain"},
    )
    payments = status["payments"]
    assert isinstance(payments, list)
    hoodi, holesky_row, polygon = payments
    assert hoodi["balance"] is None and hoodi["balance_error"] == "no chain"
    assert hoodi["allocations"] == 0 and hoodi["chain_id"] == 560048
    assert {k: holesky_row[k] for k in ("balance", "reserved", "gas", "gas_token", "address")} == {
        "balance": "1000",
        "reserved": "12.5",
        "gas": "3",
        "gas_token": "tETH",
        "address": ME,
    }
    assert (holesky_row["allocations"], holesky_row["allocated"]) == (2, "15")
    assert (holesky_row["spent"], holesky_row["remaining"]) == ("2.5", "12.5")
    assert (polygon["token"], polygon["balance"], polygon["balance_error"]) == ("GLM", None, None)
    assert status["version"] == "0.17.6" and status["node_id"] == ME
    json.dumps(status)  # all of it is JSON as it is


def offer(name: str, coeffs: list[float], **props: PropertyValue) -> ProposalData:
    return ProposalData(
        proposal_id=ProposalId(f"R-{name}"),
        issuer_id=PROVIDER,
        state=ProposalState.INITIAL,
        properties={
            "golem.node.id.name": name,
            "golem.runtime.name": "vm",
            "golem.inf.cpu.cores": 4,
            "golem.inf.cpu.threads": 8,
            "golem.inf.mem.gib": 7.5,
            "golem.inf.storage.gib": 40.0,
            "golem.com.pricing.model": "linear",
            "golem.com.pricing.model.linear.coeffs": coeffs,
            "golem.com.usage.vector": ["golem.usage.cpu_sec", "golem.usage.duration_sec"],
            **props,
        },
        constraints="",
        timestamp=T0,
    )


def test_offers_show_hardware_and_prices_per_hour_sorted_by_name() -> None:
    records = offer_records([offer("zeta", [0.0002, 0.0001, 0.001]), offer("alpha", [0, 0, 0])])
    assert [r["name"] for r in records] == ["alpha", "zeta"]
    zeta = records[1]
    assert {k: zeta[k] for k in ("cores", "threads", "memory_gib", "storage_gib")} == {
        "cores": 4,
        "threads": 8,
        "memory_gib": 7.5,
        "storage_gib": 40.0,
    }
    assert (zeta["start_price"], zeta["cpu_per_hour"], zeta["env_per_hour"]) == (
        "0.001",
        "0.72",
        "0.36",
    )
    assert zeta["provider_id"] == PROVIDER and zeta["offer_id"] == "R-zeta"


def test_an_offer_without_linear_pricing_is_shown_without_prices() -> None:
    (record,) = offer_records([offer("odd", [], **{"golem.com.pricing.model": "fancy"})])
    assert (record["name"], record["start_price"], record["cpu_per_hour"]) == ("odd", None, None)


def test_allocations_list_amounts_and_times_in_utc() -> None:
    (record,) = allocation_records([allocation(7, "erc20-hoodi-tglm", "3.50", "1")])
    assert record == {
        "allocation_id": "a7",
        "platform": "erc20-hoodi-tglm",
        "address": ME,
        "total": "3.5",
        "spent": "1",
        "remaining": "2.5",
        "created": "2026-12-01T12:00:00+00:00",
        "expires": "2026-12-01T13:00:00+00:00",
    }


def test_documents_say_whether_we_received_or_issued_them() -> None:
    invoice = InvoiceData(
        invoice_id=InvoiceId("i1"),
        agreement_id=AgreementId("ag"),
        activity_ids=(),
        issuer_id=PROVIDER,
        recipient_id=NodeId(ME.upper().replace("0X", "0x")),
        payee_addr=PROVIDER,
        payer_addr=ME,
        platform="erc20-holesky-tglm",
        timestamp=T0,
        amount=D("0.0123"),
        payment_due_date=T0 + timedelta(days=1),
        status=DocumentStatus.SETTLED,
    )
    note = DebitNoteData(
        debit_note_id=DebitNoteId("d1"),
        agreement_id=AgreementId("ag"),
        activity_id=ActivityId("act"),
        issuer_id=ME,
        recipient_id=PROVIDER,
        payee_addr=ME,
        payer_addr=PROVIDER,
        platform="erc20-holesky-tglm",
        timestamp=T0,
        total_amount_due=D("0.5"),
        usage=None,
        payment_due_date=None,
        previous_debit_note_id=None,
        status=DocumentStatus.ACCEPTED,
    )
    (i,) = invoice_records([invoice], ME)
    (d,) = debit_note_records([note], ME)
    assert (i["direction"], i["amount"], i["status"], i["provider_id"]) == (
        "received",
        "0.0123",
        "SETTLED",
        PROVIDER,
    )
    assert (d["direction"], d["total_amount_due"], d["status"], d["due"]) == (
        "issued",
        "0.5",
        "ACCEPTED",
        None,
    )
    assert d["activity_id"] == "act"


def test_an_offer_query_asks_for_the_runtime_and_each_minimum_given() -> None:
    from golem_core.cli.queries import OfferQuery

    query = OfferQuery(payment_network("hoodi"), "public", min_cores=2, min_memory_gib=1.5)
    assert [str(c) for c in query.constraints()] == [
        "(golem.runtime.name=vm)",
        "(golem.inf.cpu.cores>=2)",
        "(golem.inf.mem.gib>=1.5)",
    ]
    assert OfferQuery(payment_network("hoodi"), "public", runtime=None).constraints() == []
