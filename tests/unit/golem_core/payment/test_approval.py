"""The payment manager's approver hook: its cap comes first, and a failing approver pays nothing."""

from __future__ import annotations

import json
from decimal import Decimal

from golem_core.node import GolemNode
from golem_core.payment import (
    Allocation,
    DebitNoteData,
    InvoiceData,
    InvoiceOutcome,
    PaymentManager,
    Reject,
    RejectionCode,
)
from golem_core.payment.checks import Cap, check_cap
from tests.unit.golem_core.payment.fake_yagna import API_URL, FakeYagna
from tests.unit.golem_core.payment.test_manager import A1, PRICING, WAIT, X

D = Decimal


def test_a_cap_rejects_only_what_asks_for_more_and_names_what_we_would_pay() -> None:
    assert check_cap(D(2), None) is None
    assert check_cap(D(2), Cap(D(2))) is None
    assert check_cap(D(2), Cap(D(1), "the app")) == Reject(
        "the app accepts 1 of the 2 asked", RejectionCode.INCORRECT_AMOUNT, D(1)
    )
    assert check_cap(D(2), Cap(D(-1))) == Reject(
        "the payer accepts -1 of the 2 asked", RejectionCode.INCORRECT_AMOUNT, D(0)
    )


class NotesOnlyApprover:
    """Pays debit notes up to 0.001; fails on invoices."""

    name = "our approver"

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def debit_note(self, note: DebitNoteData) -> Decimal | None:
        self.asked.append(note.debit_note_id)
        return D("0.001")

    async def invoice(self, invoice: InvoiceData) -> Decimal | None:
        self.asked.append(invoice.invoice_id)
        raise RuntimeError("the approver broke")


async def test_the_approver_caps_notes_and_a_failing_one_pays_nothing() -> None:
    yagna = FakeYagna()
    approver = NotesOnlyApprover()
    async with GolemNode(app_key="key", api_url=API_URL, transport=yagna.transport()) as node:
        allocation = await Allocation.create(node, D(1))
        manager = PaymentManager(
            node, allocation, approver=approver, poll_timeout=0.5, close_timeout=WAIT
        )
        await manager.start()
        manager.register_agreement(A1, PRICING)
        note_id = yagna.deliver_debit_note(A1, X, "0.002", [2.0])
        invoice_id = yagna.deliver_invoice(A1, [X], "0.002")
        waited = await manager.wait_for_invoices([A1], timeout=WAIT)
        await manager.close()
    assert waited.outcomes == {A1: InvoiceOutcome.REJECTED}
    assert approver.asked == [note_id, invoice_id]
    assert yagna.debit_notes[note_id]["status"] != "ACCEPTED"  # yagna cannot reject notes (501)
    rejections = [json.loads(r.content) for r in yagna.requests if r.url.path.endswith("/reject")]
    assert [r["message"] for r in rejections] == [
        "our approver accepts 0.001 of the 0.002 asked",
        "our approver accepts 0 of the 0.002 asked",
    ]
    assert [r["totalAmountAccepted"] for r in rejections] == ["0.001", "0"]
