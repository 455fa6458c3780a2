"""The payment manager's loops against a scripted daemon (no yagna, real HTTP shapes)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import httpx
import pytest

from golem_core._api.payment import DocumentEventData, DocumentEventKind
from golem_core.events import (
    AllocationCreated,
    AllocationReleased,
    DebitNoteAccepted,
    DebitNoteReceived,
    DebitNoteRejected,
    Event,
    InvoiceAccepted,
    InvoiceCancelled,
    InvoiceReceived,
    InvoiceRejected,
    InvoiceSettled,
    NodeClosed,
    PaymentActionFailed,
)
from golem_core.exceptions import CallTimeoutError
from golem_core.ids import ActivityId, AgreementId, InvoiceId
from golem_core.node import GolemNode
from golem_core.payment import (
    CHOSEN_PLATFORM,
    Allocation,
    DocumentStatus,
    Invoice,
    InvoiceOutcome,
    LinearPricing,
    PaymentManager,
    demand_decorations,
)
from golem_core.payment.documents import DocumentType
from tests.unit.golem_core.payment.fake_yagna import API_URL, REQUESTOR, FakeYagna

D = Decimal
PRICING = LinearPricing(("golem.usage.duration_sec",), (D("0.001"),), D(0))
A1, A2 = AgreementId("agreement-1"), AgreementId("agreement-2")
X, Y = ActivityId("activity-x"), ActivityId("activity-y")
WAIT = 5.0


@pytest.fixture
def yagna() -> FakeYagna:
    return FakeYagna()


def golem(yagna: FakeYagna) -> GolemNode:
    """A node on the fake daemon; closing it delivers every event still queued."""
    return GolemNode(app_key="key", api_url=API_URL, transport=yagna.transport())


@pytest.fixture
async def node(yagna: FakeYagna) -> AsyncIterator[GolemNode]:
    async with golem(yagna) as started:
        yield started


def recorder(node: GolemNode) -> list[Event]:
    seen: list[Event] = []
    node.events.subscribe(seen.append)
    return seen


async def manager_for(node: GolemNode, budget: str = "1") -> PaymentManager:
    allocation = await Allocation.create(node, D(budget))
    manager = PaymentManager(node, allocation, poll_timeout=0.5, close_timeout=WAIT)
    await manager.start()
    return manager


async def test_honest_documents_are_accepted_and_the_allocation_released(
    yagna: FakeYagna,
) -> None:
    async with golem(yagna) as node:
        seen = recorder(node)
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        note_id = yagna.deliver_debit_note(A1, X, "0.002", [2.0])
        invoice_id = yagna.deliver_invoice(A1, [X], "0.002")

        waited = await manager.wait_for_invoices([A1], timeout=WAIT)

        assert waited.outcomes == {A1: InvoiceOutcome.ACCEPTED}
        assert waited.missing == frozenset()
        assert yagna.debit_notes[note_id]["status"] == "ACCEPTED"
        assert yagna.invoices[invoice_id]["status"] == "ACCEPTED"
        assert manager.ledger.committed() == D("0.002")
        await manager.close()
        assert yagna.allocations[manager.allocation.id] is None  # released
    assert [type(e) for e in seen] == [
        AllocationCreated,
        DebitNoteReceived,
        DebitNoteAccepted,
        InvoiceReceived,
        InvoiceAccepted,
        AllocationReleased,
        NodeClosed,
    ]


async def test_the_event_polls_do_not_ask_for_our_own_answers(yagna: FakeYagna) -> None:
    # an accept or reject of ours coming back as an event would only wake the poll again
    async with golem(yagna) as node:
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        yagna.deliver_debit_note(A1, X, "0.002", [2.0])
        yagna.deliver_invoice(A1, [X], "0.002")
        await manager.wait_for_invoices([A1], timeout=WAIT)
        await manager.close()
    polls = [r for r in yagna.requests if r.url.path.endswith("Events")]
    assert {r.url.path.rsplit("/", 1)[-1] for r in polls} == {"debitNoteEvents", "invoiceEvents"}
    for poll in polls:
        asked = set(poll.headers["X-Requestor-Events"].split(","))
        assert asked == {"RECEIVED", "CANCELLED", "SETTLED", "PAYMENT_EVENT"}


async def test_a_node_with_a_session_polls_only_its_sessions_documents(
    yagna: FakeYagna,
) -> None:
    node = GolemNode(
        app_key="key", api_url=API_URL, transport=yagna.transport(), app_session_id="app-1"
    )
    async with node:
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        yagna.deliver_invoice(A1, [X], "0")
        await manager.wait_for_invoices([A1], timeout=WAIT)
        await manager.close()
    polls = [r for r in yagna.requests if r.url.path.endswith("Events")]
    assert polls and {r.url.params.get("appSessionId") for r in polls} == {"app-1"}


async def test_a_debit_note_the_invoice_overtook_is_decided_first(yagna: FakeYagna) -> None:
    # the final debit note (usage 4 s) is stuck in its lagging feed when the invoice arrives
    yagna.stall_long_polls("debitNote")
    async with golem(yagna) as node:
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        note_id = yagna.deliver_debit_note(A1, X, "0.004", [4.0])
        invoice_id = yagna.deliver_invoice(A1, [X], "0.004")

        waited = await manager.wait_for_invoices([A1], timeout=WAIT)

        assert waited.outcomes == {A1: InvoiceOutcome.ACCEPTED}
        assert yagna.debit_notes[note_id]["status"] == "ACCEPTED"
        assert yagna.invoices[invoice_id]["status"] == "ACCEPTED"


async def test_a_debit_note_decided_once_is_not_fetched_again(yagna: FakeYagna) -> None:
    # the note's feed lags: each invoice's catch-up probe finds the same note's event again
    yagna.stall_long_polls("debitNote")
    async with golem(yagna) as node:
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        manager.register_agreement(A2, PRICING)
        note_id = yagna.deliver_debit_note(A1, X, "0.004", [4.0])
        yagna.deliver_invoice(A1, [X], "0.004")
        await manager.wait_for_invoices([A1], timeout=WAIT)
        yagna.deliver_invoice(A2, [Y], "0")
        await manager.wait_for_invoices([A2], timeout=WAIT)
        await manager.close()
    probes = [r for r in yagna.requests if r.url.path.endswith("/debitNoteEvents")]
    assert len(probes) >= 3  # the stalled feed's poll and both probes
    fetched = [r for r in yagna.requests if r.url.path.endswith(f"/debitNotes/{note_id}")]
    assert [r.method for r in fetched] == ["GET"]


async def test_invoices_fetched_together_share_one_catch_up_probe(yagna: FakeYagna) -> None:
    # both agreements end at once: their final notes and invoices reach the daemon together
    yagna.stall_long_polls("debitNote")
    async with golem(yagna) as node:
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        manager.register_agreement(A2, PRICING)
        notes = [
            yagna.deliver_debit_note(A1, X, "0.004", [4.0]),
            yagna.deliver_debit_note(A2, Y, "0.003", [3.0]),
        ]
        yagna.deliver_invoice(A1, [X], "0.004")
        yagna.deliver_invoice(A2, [Y], "0.003")
        waited = await manager.wait_for_invoices([A1, A2], timeout=WAIT)
        assert waited.outcomes == {A1: InvoiceOutcome.ACCEPTED, A2: InvoiceOutcome.ACCEPTED}
        assert [yagna.debit_notes[n]["status"] for n in notes] == ["ACCEPTED", "ACCEPTED"]
        await manager.close()
    polls = [r for r in yagna.requests if r.url.path.endswith("/debitNoteEvents")]
    # the stalled feed and one probe (in either order: the feed starts at the registration)
    assert sorted(r.url.params["timeout"] for r in polls) == ["0", "0.5"]


async def test_the_debit_notes_of_an_agreement_we_ended_are_left_to_its_invoice(
    yagna: FakeYagna,
) -> None:
    # the final debit note comes when the activity ends, after we are done with it:
    # neither fetched nor accepted, no catch-up probe; the invoice is checked on our reading
    async with golem(yagna) as node:
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        manager.observe_usage(A1, X, [4.0])
        manager.agreement_ended(A1)
        note_id = yagna.deliver_debit_note(A1, X, "0.004", [4.0])
        invoice_id = yagna.deliver_invoice(A1, [X], "0.004")

        waited = await manager.wait_for_invoices([A1], timeout=WAIT)

        assert waited.outcomes == {A1: InvoiceOutcome.ACCEPTED}
        assert yagna.invoices[invoice_id]["status"] == "ACCEPTED"
        assert yagna.debit_notes[note_id]["status"] == "RECEIVED"
        await manager.close()
    assert not [r for r in yagna.requests if "/debitNote" in r.url.path]


async def test_a_note_skipped_while_nothing_was_in_use_is_decided_for_a_later_agreement(
    yagna: FakeYagna,
) -> None:
    # a provider quicker than our bookkeeping: A2's note comes before A2 is registered,
    # while A1, the only agreement, is ended
    async with golem(yagna) as node:
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        manager.agreement_ended(A1)
        ended_note = yagna.deliver_debit_note(A1, X, "0.001", [1.0])
        note_id = yagna.deliver_debit_note(A2, Y, "0.002", [2.0])
        received = DocumentEventData(
            DocumentEventKind.RECEIVED, note_id, datetime.now(timezone.utc)
        )
        await manager._handle((DocumentType.DEBIT_NOTE, received))
        assert not [r for r in yagna.requests if r.url.path.endswith(note_id)]  # not fetched

        manager.register_agreement(A2, PRICING)
        yagna.deliver_invoice(A2, [Y], "0.002")
        yagna.deliver_invoice(A1, [X], "0")
        waited = await manager.wait_for_invoices([A1, A2], timeout=WAIT)

        assert waited.outcomes == {A1: InvoiceOutcome.ACCEPTED, A2: InvoiceOutcome.ACCEPTED}
        assert yagna.debit_notes[note_id]["status"] == "ACCEPTED"
        assert yagna.debit_notes[ended_note]["status"] == "RECEIVED"
        await manager.close()


async def test_an_overcharged_invoice_is_rejected_with_reason(yagna: FakeYagna) -> None:
    async with golem(yagna) as node:
        seen = recorder(node)
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        yagna.deliver_debit_note(A1, X, "0.002", [2.0])
        invoice_id = yagna.deliver_invoice(A1, [X], "5")

        waited = await manager.wait_for_invoices(timeout=WAIT)

        assert waited.outcomes == {A1: InvoiceOutcome.REJECTED}
        assert yagna.invoices[invoice_id]["status"] == "REJECTED"
        reject = next(r for r in yagna.requests if r.url.path.endswith("/reject"))
        assert json.loads(reject.content) == {
            "rejectionReason": "INCORRECT_AMOUNT",
            "totalAmountAccepted": "0.0020",  # the exact price, digits and all
            "message": "invoice of 5, but the usage seen costs 0.002",
        }
    rejected = [e for e in seen if isinstance(e, InvoiceRejected)]
    assert [e.reason for e in rejected] == ["invoice of 5, but the usage seen costs 0.002"]


async def test_an_overcharged_debit_note_stays_unaccepted(yagna: FakeYagna) -> None:
    async with golem(yagna) as node:
        seen = recorder(node)
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        greedy = yagna.deliver_debit_note(A1, X, "1", [2.0])
        honest = yagna.deliver_debit_note(A1, X, "0.003", [3.0])
        yagna.deliver_invoice(A1, [X], "0.003")

        await manager.wait_for_invoices(timeout=WAIT)

        # yagna 0.17.6 cannot reject a debit note (501): it simply is not accepted
        assert yagna.debit_notes[greedy]["status"] == "RECEIVED"
        assert yagna.debit_notes[honest]["status"] == "ACCEPTED"
    rejected = [e for e in seen if isinstance(e, DebitNoteRejected)]
    assert [e.debit_note_id for e in rejected] == [greedy]
    assert not [e for e in seen if isinstance(e, PaymentActionFailed)]


async def test_the_budget_is_never_exceeded(node: GolemNode, yagna: FakeYagna) -> None:
    manager = await manager_for(node, budget="0.005")
    manager.register_agreement(A1, PRICING)
    manager.register_agreement(A2, PRICING)
    first = yagna.deliver_debit_note(A1, X, "0.004", [4.0])
    second = yagna.deliver_debit_note(A2, Y, "0.002", [2.0])  # would make 0.006
    manager.observe_usage(A2, Y, [1.0])  # we saw the second activity run 1 s
    yagna.deliver_invoice(A1, [X], "0.004")
    third = yagna.deliver_invoice(A2, [Y], "0.001")  # fits in what is left

    waited = await manager.wait_for_invoices(timeout=WAIT)

    assert waited.outcomes == {A1: InvoiceOutcome.ACCEPTED, A2: InvoiceOutcome.ACCEPTED}
    assert yagna.debit_notes[first]["status"] == "ACCEPTED"
    assert yagna.debit_notes[second]["status"] == "RECEIVED"
    assert yagna.invoices[third]["status"] == "ACCEPTED"
    assert manager.ledger.committed() == D("0.005")
    assert manager.ledger.remaining() == 0
    await manager.close()


async def test_documents_of_an_agreement_wait_for_its_registration(
    node: GolemNode, yagna: FakeYagna
) -> None:
    manager = await manager_for(node)
    invoice_id = yagna.deliver_invoice(A1, [], "0")
    # nothing happens to a document of an agreement nobody told us about...
    assert (await manager.wait_for_invoices([A1], timeout=1.0)).missing == {A1}
    assert yagna.invoices[invoice_id]["status"] == "RECEIVED"
    # ...until it is registered
    manager.register_agreement(A1, PRICING)
    waited = await manager.wait_for_invoices([A1], timeout=WAIT)
    assert waited.outcomes == {A1: InvoiceOutcome.ACCEPTED}
    await manager.close()


async def test_a_withdrawal_before_registration_is_not_lost(
    node: GolemNode, yagna: FakeYagna
) -> None:
    manager = await manager_for(node)
    invoice_id = yagna.deliver_invoice(A1, [], "0")
    yagna.cancel(invoice_id)
    assert (await manager.wait_for_invoices([A1], timeout=0.5)).missing == {A1}
    manager.register_agreement(A1, PRICING)
    waited = await manager.wait_for_invoices([A1], timeout=WAIT)
    assert waited.outcomes == {A1: InvoiceOutcome.CANCELLED}
    assert yagna.invoices[invoice_id]["status"] == "CANCELLED"  # never accepted
    await manager.close()


async def test_a_failed_acceptance_is_reported_and_a_cancellation_closes_it(
    yagna: FakeYagna,
) -> None:
    async with golem(yagna) as node:
        seen = recorder(node)
        yagna.failures[("POST", "/accept")] = (400, {"message": "Not enough funds"})
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        invoice_id = yagna.deliver_invoice(A1, [], "0")

        assert (await manager.wait_for_invoices(timeout=1.0)).missing == {A1}
        assert yagna.invoices[invoice_id]["status"] == "RECEIVED"

        yagna.cancel(invoice_id)  # the provider withdraws it
        waited = await manager.wait_for_invoices(timeout=WAIT)
        assert waited.outcomes == {A1: InvoiceOutcome.CANCELLED}
    failed = [e for e in seen if isinstance(e, PaymentActionFailed)]
    assert [(e.action, e.document_id) for e in failed] == [("accept", invoice_id)]
    assert "Not enough funds" in failed[0].error
    cancelled = [e for e in seen if isinstance(e, InvoiceCancelled)]
    assert [(e.invoice_id, e.agreement_id) for e in cancelled] == [(invoice_id, A1)]


async def test_settlement_is_followed(yagna: FakeYagna) -> None:
    async with golem(yagna) as node:
        seen = recorder(node)
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        paid = yagna.deliver_invoice(A1, [], "0")
        await manager.wait_for_invoices([A1], timeout=WAIT)
        assert await manager.wait_for_settled([A1], timeout=0.5) == {A1}

        yagna.settle(paid)
        assert await manager.wait_for_settled([A1], timeout=WAIT) == frozenset()
    settled = [e for e in seen if isinstance(e, InvoiceSettled)]
    assert [(e.invoice_id, e.agreement_id) for e in settled] == [(paid, A1)]


async def test_the_node_closer_releases_the_allocation_last(
    yagna: FakeYagna,
) -> None:
    async with GolemNode(app_key="key", api_url=API_URL, transport=yagna.transport()) as node:
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        yagna.deliver_invoice(A1, [], "0")
    # closing the node waited for the invoice, then released the allocation
    assert manager.ledger.invoice_outcome(A1) is InvoiceOutcome.ACCEPTED
    assert list(yagna.allocations.values()) == [None]
    methods = [(r.method, r.url.path.rsplit("/", 1)[-1]) for r in yagna.requests]
    assert methods.index(("POST", "accept")) < methods.index(("DELETE", manager.allocation.id))


async def test_releasing_twice_is_harmless(node: GolemNode, yagna: FakeYagna) -> None:
    allocation = await Allocation.create(node, D(1), expires=timedelta(hours=1))
    await allocation.release()
    await allocation.release()
    assert allocation.released
    deletes = [r for r in yagna.requests if r.method == "DELETE"]
    assert len(deletes) == 1


@pytest.mark.parametrize(
    ("budget", "expires"),
    [
        (D(1), datetime(2030, 1, 1)),  # naive: whose midnight?
        (D(1), timedelta(seconds=-5)),
        (D(0), None),
    ],
)
async def test_a_bad_allocation_request_fails_before_any_call(
    node: GolemNode, yagna: FakeYagna, budget: Decimal, expires: datetime | timedelta | None
) -> None:
    with pytest.raises(ValueError):
        await Allocation.create(node, budget, expires=expires)
    assert not [r for r in yagna.requests if r.url.path.endswith("/allocations")]


async def test_decorations_of_two_allocations_keep_the_comma_raw(
    node: GolemNode, yagna: FakeYagna
) -> None:
    first = await Allocation.create(node, D(1))
    second = await Allocation.create(node, D(2))
    decoration = await demand_decorations(node, [first, second])
    sent = yagna.requests[-1]
    assert sent.url.query.decode() == f"allocationIds={first.id},{second.id}"
    keys = [key for key, _ in decoration.properties]
    assert keys[0] == CHOSEN_PLATFORM
    assert keys.count("golem.com.payment.platform.erc20-holesky-tglm.address") == 2
    assert (CHOSEN_PLATFORM, "erc20-holesky-tglm") in decoration.properties


async def test_waiting_for_a_status_that_never_comes_times_out(
    node: GolemNode, yagna: FakeYagna
) -> None:
    invoice_id = yagna.deliver_invoice(A1, [], "1")
    invoice = await Invoice.get(node, InvoiceId(invoice_id))
    assert invoice.data.recipient_id == REQUESTOR
    with pytest.raises(CallTimeoutError):
        await invoice.wait_status({DocumentStatus.SETTLED}, timeout=0.3, poll_timeout=0.1)


async def test_another_apps_invoice_is_fetched_once_for_all_its_events(yagna: FakeYagna) -> None:
    async with golem(yagna) as node:
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        theirs = yagna.deliver_invoice(A2, [], "0")  # A2 is not ours: set aside, never paid
        yagna.settle(theirs)
        yagna.cancel(theirs)
        yagna.deliver_invoice(A1, [], "0")
        # invoice events are handled in order: once ours is decided, theirs were seen
        await manager.wait_for_invoices([A1], timeout=WAIT)
    gets = [r for r in yagna.requests if r.method == "GET" and r.url.path.endswith(theirs)]
    assert len(gets) == 1


async def test_an_invoice_its_debit_notes_already_paid_counts_as_accepted(
    yagna: FakeYagna,
) -> None:
    """Found by the chaos run: yagna settles, unasked, an invoice whose accepted debit notes
    paid its amount already; the manager decided only RECEIVED invoices, so it waited for
    this one until its timeout at shutdown."""
    async with golem(yagna) as node:
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        invoice_id = yagna.deliver_invoice(A1, [X], "0.002")
        yagna.invoices[invoice_id]["status"] = "SETTLED"  # before the manager looks

        waited = await manager.wait_for_invoices([A1], timeout=WAIT)

        assert waited.outcomes == {A1: InvoiceOutcome.ACCEPTED}
        assert await manager.wait_for_settled([A1], timeout=WAIT) == frozenset()
        await manager.close()


async def test_the_allocation_is_released_though_the_daemon_is_away_for_a_moment(
    yagna: FakeYagna,
) -> None:
    """Found by the chaos run: the requestor's daemon restarted as an app released its
    allocation at exit; one refused connection left the budget reserved."""
    refused = [1]
    handle = yagna.handle

    async def restarting(request: httpx.Request) -> httpx.Response:
        if request.method == "DELETE" and "/allocations/" in request.url.path and refused:
            refused.pop()
            raise httpx.ConnectError("All connection attempts failed", request=request)
        return await handle(request)

    yagna.handle = restarting  # type: ignore[method-assign]
    async with golem(yagna) as node:
        manager = await manager_for(node)
        await manager.close()
        assert yagna.allocations[manager.allocation.id] is None  # released
