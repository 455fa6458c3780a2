"""The commands' talks with the daemon, all through golem_core; they return `views` records."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

import attrs

from golem_core.cli.views import (
    Record,
    allocation_records,
    debit_note_records,
    invoice_records,
    offer_records,
    platforms_to_show,
    status_record,
)
from golem_core.daemon_info import daemon_info
from golem_core.exceptions import GoneError, NotFoundError
from golem_core.ids import AllocationId
from golem_core.market.constraints import Constraint, eq, ge
from golem_core.market.properties import DemandBuilder
from golem_core.market.scan import scan_offers
from golem_core.node import GolemNode
from golem_core.payment import Allocation
from golem_core.payment.accounts import (
    list_allocations,
    list_debit_notes,
    list_invoices,
    requestor_accounts,
)
from golem_core.payment.balances import BalanceError, ChainBalance, chain_balance
from golem_core.payment.networks import PaymentNetwork

__all__ = [
    "OfferQuery",
    "allocations",
    "debit_notes",
    "invoices",
    "offers",
    "release_allocations",
    "status",
]


async def _balance(network: str, driver: str, gsb_url: str | None) -> ChainBalance | str:
    try:
        return await chain_balance(network, driver=driver, gsb_url=gsb_url)
    except BalanceError as error:
        return str(error)


async def status(
    node: GolemNode, asked: Sequence[PaymentNetwork], *, gsb_url: str | None = None
) -> dict[str, object]:
    """Version, identity, and per payment platform: balance and what allocations hold."""
    daemon, accounts, held = await asyncio.gather(
        daemon_info(node), requestor_accounts(node), list_allocations(node)
    )
    platforms = platforms_to_show(accounts, held, asked)
    found = await asyncio.gather(*(_balance(p.network, p.driver, gsb_url) for p in platforms))
    balances = {p.name: b for p, b in zip(platforms, found, strict=True)}
    return status_record(daemon, platforms, accounts, held, balances)


@attrs.frozen
class OfferQuery:
    """What a scan asks for: a payload's constraints, where, and paid on which network."""

    network: PaymentNetwork
    subnet: str
    runtime: str | None = "vm"
    min_cores: int | None = None
    min_threads: int | None = None
    min_memory_gib: float | None = None
    min_storage_gib: float | None = None
    duration: timedelta = timedelta(seconds=10)

    def constraints(self) -> list[Constraint]:
        wanted: list[Constraint] = []
        if self.runtime:
            wanted.append(eq("golem.runtime.name", self.runtime))
        for key, minimum in (
            ("golem.inf.cpu.cores", self.min_cores),
            ("golem.inf.cpu.threads", self.min_threads),
            ("golem.inf.mem.gib", self.min_memory_gib),
            ("golem.inf.storage.gib", self.min_storage_gib),
        ):
            if minimum is not None:
                wanted.append(ge(key, minimum))
        return wanted


async def offers(node: GolemNode, query: OfferQuery) -> list[Record]:
    """Publish a demand for `duration`, list the offers that matched it, withdraw it."""
    builder = DemandBuilder().subnet(query.subnet).payment(query.network.platform, node.node_id)
    builder.expiration(datetime.now(timezone.utc) + query.duration + timedelta(minutes=5))
    builder.require(*query.constraints())
    found = await scan_offers(node, builder.build(), query.duration)
    return offer_records(found)


async def allocations(node: GolemNode) -> list[Record]:
    return allocation_records(await list_allocations(node))


async def release_allocations(node: GolemNode, ids: Sequence[str]) -> list[str]:
    """Release each allocation; ValueError for an id the daemon does not know (or released)."""
    released: list[str] = []
    for allocation_id in ids:
        try:
            allocation = await Allocation.get(node, AllocationId(allocation_id))
        except (NotFoundError, GoneError):
            raise ValueError(f"no allocation {allocation_id} (released already?)") from None
        await allocation.release()
        released.append(allocation_id)
    return released


async def invoices(node: GolemNode) -> list[Record]:
    return invoice_records(await list_invoices(node), node.node_id)


async def debit_notes(node: GolemNode) -> list[Record]:
    return debit_note_records(await list_debit_notes(node), node.node_id)
