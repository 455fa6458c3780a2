"""Waiting until invoices are decided or settled, woken by the payment worker (no polling)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

import attrs

from golem_core.ids import AgreementId
from golem_core.payment.ledger import InvoiceOutcome, Ledger

__all__ = ["InvoiceWait", "InvoiceWaiters"]


@attrs.frozen
class InvoiceWait:
    """What `wait_for_invoices` found: the outcome per agreement, and those still open."""

    outcomes: dict[AgreementId, InvoiceOutcome]
    missing: frozenset[AgreementId]


class InvoiceWaiters:
    """Waits on the ledger's invoice outcomes and on settlements; `changed()` wakes them."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.settled: set[AgreementId] = set()
        self._changed = asyncio.Condition()

    async def changed(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def decided(
        self, agreement_ids: Iterable[AgreementId] | None, timeout: float
    ) -> InvoiceWait:
        ledger = self.ledger
        wanted = ledger.agreement_ids if agreement_ids is None else frozenset(agreement_ids)
        await self._wait_until(lambda: not ledger.without_invoice(wanted), timeout)
        missing = ledger.without_invoice(wanted)
        outcomes = {}
        for agreement_id in wanted - missing:
            outcome = ledger.invoice_outcome(agreement_id)
            assert outcome is not None
            outcomes[agreement_id] = outcome
        return InvoiceWait(outcomes=outcomes, missing=missing)

    async def paid(
        self, agreement_ids: Iterable[AgreementId] | None, timeout: float
    ) -> frozenset[AgreementId]:
        """Those of the agreements whose invoice is still unpaid after at most `timeout`."""
        ledger = self.ledger
        wanted = ledger.agreement_ids if agreement_ids is None else frozenset(agreement_ids)
        await self._wait_until(lambda: wanted <= self.settled, timeout)
        return wanted - self.settled

    async def _wait_until(self, done: Callable[[], bool], timeout: float) -> None:
        # asyncio.wait, as wait_for before 3.12 can swallow a cancellation of the caller
        waiter = asyncio.ensure_future(self._until(done))
        try:
            await asyncio.wait({waiter}, timeout=timeout)
        finally:
            waiter.cancel()
            await asyncio.wait({waiter})

    async def _until(self, done: Callable[[], bool]) -> None:
        async with self._changed:
            await self._changed.wait_for(done)
