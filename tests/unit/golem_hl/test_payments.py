"""Paying with the strategy's say, and payment events as golem_hl events (scripted daemon)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from golem_core.ids import ActivityId, AgreementId
from golem_core.node import GolemNode
from golem_core.payment import Allocation, InvoiceOutcome, LinearPricing, PaymentManager
from golem_hl import events
from golem_hl._engine.emitter import EventEmitter
from golem_hl._engine.engine import Engine
from golem_hl._engine.job import Job
from golem_hl._engine.payments import PAYMENT_EVENTS, PaymentEvents, StrategyApprover
from golem_hl._engine.settings import Settings
from golem_hl.records import AgreementInfo
from golem_hl.strategy import LeastExpensiveLinearPayuMS
from golem_hl.strategy.base import InvoiceLike
from tests.unit.golem_core.payment.fake_yagna import API_URL, FakeYagna

D = Decimal
PRICING = LinearPricing(("golem.usage.duration_sec",), (D("0.001"),), D(0))
A1 = AgreementId("agreement-1")
X = ActivityId("activity-x")
WAIT = 5.0


class HalfPriceInvoices(LeastExpensiveLinearPayuMS):
    """Pays debit notes in full, invoices at most half."""

    async def invoice_accepted_amount(self, invoice: InvoiceLike) -> Decimal:
        return D(invoice.amount) / 2


@pytest.fixture
async def node() -> AsyncIterator[tuple[GolemNode, FakeYagna]]:
    yagna = FakeYagna()
    async with GolemNode(app_key="key", api_url=API_URL, transport=yagna.transport()) as node:
        yield node, yagna


async def manager_for(node: GolemNode, strategy: LeastExpensiveLinearPayuMS) -> PaymentManager:
    allocation = await Allocation.create(node, D(1))
    approver = StrategyApprover(strategy)
    manager = PaymentManager(
        node, allocation, D(1), approver=approver, poll_timeout=0.5, close_timeout=WAIT
    )
    await manager.start()
    manager.register_agreement(A1, PRICING)
    return manager


async def test_documents_the_strategy_pays_in_full_are_accepted(
    node: tuple[GolemNode, FakeYagna],
) -> None:
    golem, yagna = node
    emitter, seen, paid = EventEmitter(), list[events.Event](), asyncio.Event()
    emitter.add_consumer(seen.append)
    emitter.add_consumer(lambda _: paid.set(), ["InvoiceAccepted"])
    payment_events = PaymentEvents(emitter)
    job = Job("7", datetime(2026, 1, 1, tzinfo=timezone.utc))
    agreement = AgreementInfo.create(A1, "0xprovider", {"golem.node.id.name": "p"})
    payment_events.register(job, agreement)
    golem.events.subscribe(payment_events.consume, PAYMENT_EVENTS)
    manager = await manager_for(golem, LeastExpensiveLinearPayuMS())
    yagna.deliver_debit_note(A1, X, "0.002", [2.0])
    yagna.deliver_invoice(A1, [X], "0.002")
    waited = await manager.wait_for_invoices([A1], timeout=WAIT)
    assert waited.outcomes == {A1: InvoiceOutcome.ACCEPTED}
    await asyncio.wait_for(paid.wait(), WAIT)  # the node's event bus delivers in its own time
    await manager.close()
    assert [type(e).__name__ for e in seen] == [
        "DebitNoteReceived",
        "DebitNoteAccepted",
        "InvoiceReceived",
        "InvoiceAccepted",
    ]
    assert all(e.job is job and e.agreement is agreement for e in seen)  # type: ignore[attr-defined]
    accepted = seen[-1]
    assert isinstance(accepted, events.InvoiceAccepted) and accepted.amount == D("0.002")


async def test_an_invoice_the_strategy_pays_only_half_is_rejected(
    node: tuple[GolemNode, FakeYagna],
) -> None:
    golem, yagna = node
    # the final debit note is stuck in its feed: deciding the invoice decides it first
    yagna.stall_long_polls("debitNote")
    manager = await manager_for(golem, HalfPriceInvoices())
    note_id = yagna.deliver_debit_note(A1, X, "0.004", [4.0])
    invoice_id = yagna.deliver_invoice(A1, [X], "0.004")
    waited = await manager.wait_for_invoices([A1], timeout=WAIT)
    assert waited.outcomes == {A1: InvoiceOutcome.REJECTED}
    assert yagna.debit_notes[note_id]["status"] == "ACCEPTED"
    assert yagna.invoices[invoice_id]["status"] == "REJECTED"
    reject = next(r for r in yagna.requests if r.url.path.endswith("/reject"))
    sent = json.loads(reject.content)
    assert sent["totalAmountAccepted"] == "0.002"
    assert "the market strategy accepts 0.002 of the 0.004 asked" in sent["message"]
    await manager.close()


async def test_what_is_still_open_at_stop_ends_before_its_invoice_is_waited_for() -> None:
    """Found by the chaos run: an agreement a job could not end was left to the node's
    closer, which ran after the payment manager had waited for the invoices; the provider's
    invoice then came to an app that was gone. Stopping ends it first, then waits."""
    yagna = FakeYagna()
    golem = GolemNode(app_key="key", api_url=API_URL, transport=yagna.transport())
    await golem.start()
    manager = await manager_for(golem, LeastExpensiveLinearPayuMS())

    async def end_agreement() -> None:  # as golem_core's closer; the provider then bills
        yagna.deliver_invoice(A1, [], "0")

    golem.add_closer(f"agreement {A1}", end_agreement)  # made after the payment manager
    settings = Settings(D(1), "test", "erc20", "holesky", "key", API_URL)
    engine = Engine(settings, LeastExpensiveLinearPayuMS(), EventEmitter(), invoice_timeout=WAIT)
    engine._node, engine._payments = golem, manager  # as start() leaves them
    await engine.stop()
    assert manager.ledger.invoice_outcome(A1) is InvoiceOutcome.ACCEPTED
