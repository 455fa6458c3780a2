"""What each command shows, as plain records: the same dicts become `--json` and the tables.

Pure: everything here takes golem_core's snapshots and returns JSON-ready values
(amounts as decimal strings with every digit, times as ISO 8601 in UTC).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from decimal import Decimal

import attrs

from golem_core.daemon_info import DaemonInfo
from golem_core.exceptions import GolemError
from golem_core.market.data import ProposalData
from golem_core.market.properties import linear_pricing
from golem_core.payment import AllocationData, DebitNoteData, InvoiceData
from golem_core.payment.accounts import AccountData
from golem_core.payment.balances import ChainBalance
from golem_core.payment.networks import (
    PAYMENT_NETWORKS,
    PaymentNetwork,
    platform_name,
    split_platform,
)

__all__ = [
    "Platform",
    "Record",
    "allocation_records",
    "amount",
    "debit_note_records",
    "invoice_records",
    "offer_records",
    "payment_record",
    "platforms_to_show",
    "status_record",
    "when",
]

Value = str | int | float | bool | None
Record = dict[str, Value]

CPU_SEC = "golem.usage.cpu_sec"
DURATION_SEC = "golem.usage.duration_sec"


def amount(value: Decimal | None) -> str | None:
    """Every digit, no exponent, no trailing zeros: `Decimal('1.500')` -> `'1.5'`."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def when(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(timezone.utc).isoformat()


# --- status -------------------------------------------------------------------------


@attrs.frozen
class Platform:
    driver: str
    network: str
    token: str

    @property
    def name(self) -> str:
        return platform_name(self.driver, self.network, self.token)


def _platform(name: str) -> Platform | None:
    try:
        driver, network, token = split_platform(name)
    except ValueError:
        return None
    return Platform(driver, network, token)


def _known(network: PaymentNetwork) -> Platform:
    return Platform(network.driver, network.name, network.token.lower())


def platforms_to_show(
    accounts: Iterable[AccountData],
    allocations: Iterable[AllocationData],
    asked: Iterable[PaymentNetwork],
) -> list[Platform]:
    """The networks asked for, then every other one with an account or allocation."""
    shown: dict[str, Platform] = {}
    for network in asked:
        shown.setdefault(network.platform, _known(network))
    for name in [a.platform for a in accounts] + [a.platform for a in allocations]:
        platform = _platform(name)
        if platform is not None:
            shown.setdefault(platform.name, platform)
    return list(shown.values())


def payment_record(
    platform: Platform,
    accounts: Sequence[AccountData],
    allocations: Sequence[AllocationData],
    balance: ChainBalance | str | None,
) -> Record:
    """One platform's line: the account's balance (or why it is unknown) and the allocations."""
    mine = [a for a in allocations if a.platform.lower() == platform.name]
    account = next((a for a in accounts if a.platform.lower() == platform.name), None)
    known = PAYMENT_NETWORKS.get(platform.network)
    record: Record = {
        "platform": platform.name,
        "driver": platform.driver,
        "network": platform.network,
        "token": known.token if known is not None else platform.token,
        "chain_id": known.chain_id if known is not None else None,
        "network_status": known.status.value if known is not None else None,
        "address": account.address if account is not None else None,
        "balance": None,
        "reserved": None,
        "gas": None,
        "gas_token": None,
        "balance_error": None,
        "allocations": len(mine),
        "allocated": amount(sum((a.total_amount for a in mine), Decimal(0))),
        "spent": amount(sum((a.spent_amount for a in mine), Decimal(0))),
        "remaining": amount(sum((a.remaining_amount for a in mine), Decimal(0))),
    }
    if isinstance(balance, ChainBalance):
        record.update(
            balance=amount(balance.amount),
            reserved=amount(balance.reserved),
            gas=amount(balance.gas),
            gas_token=balance.gas_symbol,
        )
    elif isinstance(balance, str):
        record["balance_error"] = balance
    return record


def status_record(
    daemon: DaemonInfo,
    platforms: Sequence[Platform],
    accounts: Sequence[AccountData],
    allocations: Sequence[AllocationData],
    balances: Mapping[str, ChainBalance | str],
) -> dict[str, object]:
    return {
        "api_url": daemon.api_url,
        "version": daemon.version,
        "node_id": daemon.node_id,
        "name": daemon.name,
        "role": daemon.role,
        "payments": [
            payment_record(p, accounts, allocations, balances.get(p.name)) for p in platforms
        ],
    }


# --- offers -------------------------------------------------------------------------


def _number(value: object) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _per_hour(price: Decimal | None) -> str | None:
    return None if price is None else amount(price * 3600)


def offer_records(offers: Iterable[ProposalData]) -> list[Record]:
    """One line per offer: who, what runtime and hardware, and the linear prices."""
    records: list[Record] = []
    for offer in offers:
        props = offer.properties
        name = props.get("golem.node.id.name")
        runtime = props.get("golem.runtime.name")
        record: Record = {
            "provider_id": offer.issuer_id,
            "name": name if isinstance(name, str) else None,
            "runtime": runtime if isinstance(runtime, str) else None,
            "cores": _number(props.get("golem.inf.cpu.cores")),
            "threads": _number(props.get("golem.inf.cpu.threads")),
            "memory_gib": _number(props.get("golem.inf.mem.gib")),
            "storage_gib": _number(props.get("golem.inf.storage.gib")),
            "start_price": None,
            "cpu_per_hour": None,
            "env_per_hour": None,
            "offer_id": offer.proposal_id,
        }
        try:
            pricing = linear_pricing(props)
        except GolemError:
            pass  # shown without prices: the offer's pricing is not linear or malformed
        else:
            record.update(
                start_price=amount(pricing.fixed_price),
                cpu_per_hour=_per_hour(pricing.price_of(CPU_SEC)),
                env_per_hour=_per_hour(pricing.price_of(DURATION_SEC)),
            )
        records.append(record)
    return sorted(records, key=lambda r: (str(r["name"] or ""), str(r["provider_id"])))


# --- allocations and documents ------------------------------------------------------


def allocation_records(allocations: Iterable[AllocationData]) -> list[Record]:
    return [
        {
            "allocation_id": a.allocation_id,
            "platform": a.platform,
            "address": a.address,
            "total": amount(a.total_amount),
            "spent": amount(a.spent_amount),
            "remaining": amount(a.remaining_amount),
            "created": when(a.timestamp),
            "expires": when(a.timeout),
        }
        for a in allocations
    ]


def _direction(recipient_id: str, node_id: str) -> str:
    return "received" if recipient_id.lower() == node_id.lower() else "issued"


def invoice_records(invoices: Iterable[InvoiceData], node_id: str) -> list[Record]:
    return [
        {
            "invoice_id": i.invoice_id,
            "agreement_id": i.agreement_id,
            "direction": _direction(i.recipient_id, node_id),
            "provider_id": i.issuer_id,
            "platform": i.platform,
            "amount": amount(i.amount),
            "status": i.status.value,
            "issued": when(i.timestamp),
            "due": when(i.payment_due_date),
        }
        for i in invoices
    ]


def debit_note_records(notes: Iterable[DebitNoteData], node_id: str) -> list[Record]:
    return [
        {
            "debit_note_id": d.debit_note_id,
            "agreement_id": d.agreement_id,
            "activity_id": d.activity_id,
            "direction": _direction(d.recipient_id, node_id),
            "provider_id": d.issuer_id,
            "platform": d.platform,
            "total_amount_due": amount(d.total_amount_due),
            "status": d.status.value,
            "issued": when(d.timestamp),
            "due": when(d.payment_due_date),
        }
        for d in notes
    ]
