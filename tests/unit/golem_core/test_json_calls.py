"""A job's calls read as plain JSON: the requests and snapshots the generated models give.

Every call that moved off the generated operations must put the very bytes
those put on the wire, and every reader must give what the generated model
turned into our snapshot gives, on each answer the cassettes recorded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from golem_rest_activity.api.requestor import create_activity, destroy_activity
from golem_rest_activity.api.state import get_activity_state, get_activity_usage
from golem_rest_activity.models import ActivityState as WireState
from golem_rest_activity.models import ActivityUsage as WireUsage
from golem_rest_activity.models import CreateActivityRequest
from golem_rest_activity.types import Unset
from golem_rest_identity.api.identity import get_identity
from golem_rest_identity.models import Identity
from golem_rest_market.api.agreements import (
    collect_agreement_events,
    get_agreement,
    terminate_agreement,
)
from golem_rest_market.api.requestor import (
    cancel_agreement,
    collect_offers,
    confirm_agreement,
    counter_proposal_demand,
    create_agreement,
    get_proposal_offer,
    reject_proposal_offer,
    subscribe_demand,
    unsubscribe_demand,
    wait_for_approval,
)
from golem_rest_market.models import Agreement, AgreementProposal, Proposal
from golem_rest_payment.api.requestor import (
    accept_debit_note,
    accept_invoice,
    create_allocation,
    get_debit_note,
    get_debit_note_events,
    get_invoice,
    get_invoice_events,
    release_allocation,
)
from golem_rest_payment.models import (
    Acceptance,
    DebitNoteAcceptance,
    MarketDecoration,
    NewAllocation,
)
from golem_rest_payment.models import Allocation as WireAllocation
from golem_rest_payment.models import DebitNote as WireDebitNote
from golem_rest_payment.models import Invoice as WireInvoice
from golem_rest_payment.types import UNSET

from golem_core._api import YagnaApi, call
from golem_core._api import activity as activity_api
from golem_core._api import market as market_api
from golem_core._api import payment as payment_api
from golem_core._api.activity import state_from_json, usage_from_json
from golem_core._api.identity import IdentityInfo, fetch_identity, identity_from_json
from golem_core._api.market_json import (
    agreement_event_from_json,
    agreement_from_json,
    offer_event_from_json,
    proposal_from_json,
)
from golem_core._api.market_wire import (
    reason_body,
    spec_body,
    to_agreement,
    to_agreement_event,
    to_negotiation_event,
    to_proposal,
)
from golem_core._api.payment_data import (
    ALL_EVENT_KINDS,
    DemandDecoration,
    DocumentEventKind,
    allocation_from,
    debit_note_from,
    event_from,
    invoice_from,
)
from golem_core._api.payment_json import (
    allocation_from_json,
    debit_note_from_json,
    decoration_from_json,
    event_from_json,
    invoice_from_json,
)
from golem_core.activity.data import ActivityState, ActivityUsage, State
from golem_core.exceptions import RemoteProtocolError
from golem_core.ids import (
    ActivityId,
    AgreementId,
    AllocationId,
    DebitNoteId,
    InvoiceId,
    NodeId,
    ProposalId,
    SubscriptionId,
)
from golem_core.market.data import Reason
from golem_core.market.properties import MarketSpec
from tests.unit.golem_core.test_daemon_transport import Received, serving

CASSETTES = Path(__file__).parents[3] / "cassettes"
SPEC = MarketSpec(
    properties={"golem.srv.comp.expiration": 1_800_000_000_000, "golem.node.id.name": "zażółć"},
    constraints="(&(golem.runtime.name=vm))",
)
REASON = Reason(message="no, thanks", details={"golem.requestor.code": "Cancelled"})
WHEN = datetime(2030, 1, 2, 3, 4, 5, 678901, tzinfo=timezone(timedelta(hours=2)))
ACTIVITY = ActivityId("act/1")
AGREEMENT = AgreementId("agr/1")
DEMAND = SubscriptionId("dem/1")
PROPOSAL = ProposalId("R-1")


# --- recorded answers ----------------------------------------------------------------------


def _route(uri: str) -> str:
    path = re.sub(r"^http://[^/]+|\?.*$", "", uri)
    return re.sub(r"/[0-9A-Za-z-]{20,}", "/{id}", path)


@cache
def recorded() -> dict[tuple[str, str], list[Any]]:
    """Every 2xx JSON answer in the cassettes, by method and route."""
    answers: dict[tuple[str, str], list[Any]] = {}
    for cassette in sorted(CASSETTES.glob("*.yaml")):
        for interaction in yaml.safe_load(cassette.read_text())["interactions"]:
            request, response = interaction["request"], interaction["response"]
            body = response["body"]["string"]
            if not 200 <= response["status"]["code"] < 300 or not body:
                continue
            key = (request["method"], _route(request["uri"]))
            answers.setdefault(key, []).append(json.loads(body))
    return answers


def answers_of(method: str, route: str) -> list[Any]:
    found = recorded().get((method, route), [])
    assert found, f"no recorded answer to {method} {route}"
    return found


def items_of(method: str, route: str) -> Iterator[Any]:
    for answer in answers_of(method, route):
        yield from answer


# --- same requests ---------------------------------------------------------------------------

Ours = Callable[[YagnaApi], Awaitable[object]]
Generated = Callable[[YagnaApi], Awaitable[object]]


def _answer(method: str, route: str) -> bytes:
    return json.dumps(answers_of(method, route)[0]).encode()


PROPOSAL_JSON = {
    "proposalId": "R-1",
    "issuerId": "0xabc",
    "state": "Initial",
    "properties": {"a": 1},
    "constraints": "()",
    "timestamp": "2030-01-01T00:00:00.123Z",
}
ALLOCATION_ROUTE = ("POST", "/payment-api/v1/allocations")
DEBIT_NOTE_ROUTE = ("GET", "/payment-api/v1/debitNotes/{id}")
INVOICE_ROUTE = ("GET", "/payment-api/v1/invoices/{id}")
AGREEMENT_ROUTE = ("GET", "/market-api/v1/agreements/{id}")

# (name, our call, the generated operation's call, a 2xx answer both can read)
CALLS: list[tuple[str, Ours, Generated, Callable[[], bytes]]] = [
    (
        "subscribe_demand",
        lambda api: market_api.subscribe_demand(api, SPEC),
        lambda api: call(
            subscribe_demand.asyncio_detailed, client=api.market, body=spec_body(SPEC)
        ),
        lambda: b'"D-1"',
    ),
    (
        "unsubscribe_demand",
        lambda api: market_api.unsubscribe_demand(api, DEMAND),
        lambda api: call(
            unsubscribe_demand.asyncio_detailed, subscription_id=DEMAND, client=api.market
        ),
        lambda: b"",
    ),
    (
        "collect_offers",
        lambda api: market_api.collect_offers(api, DEMAND, 4.5, 7),
        lambda api: call(
            collect_offers.asyncio_detailed,
            subscription_id=DEMAND,
            client=api.market,
            timeout=4.5,
            max_events=7,
        ),
        lambda: _answer("GET", "/market-api/v1/demands/{id}/events"),
    ),
    (
        "get_proposal_offer",
        lambda api: market_api.get_proposal_offer(api, DEMAND, PROPOSAL),
        lambda api: call(
            get_proposal_offer.asyncio_detailed,
            subscription_id=DEMAND,
            proposal_id=PROPOSAL,
            client=api.market,
        ),
        lambda: json.dumps(PROPOSAL_JSON).encode(),
    ),
    (
        "counter_proposal_demand",
        lambda api: market_api.counter_proposal_demand(api, DEMAND, PROPOSAL, SPEC),
        lambda api: call(
            counter_proposal_demand.asyncio_detailed,
            subscription_id=DEMAND,
            proposal_id=PROPOSAL,
            client=api.market,
            body=spec_body(SPEC),
        ),
        lambda: b'"R-2"',
    ),
    (
        "reject_proposal_offer",
        lambda api: market_api.reject_proposal_offer(api, DEMAND, PROPOSAL, REASON),
        lambda api: call(
            reject_proposal_offer.asyncio_detailed,
            subscription_id=DEMAND,
            proposal_id=PROPOSAL,
            client=api.market,
            body=reason_body(REASON),
        ),
        lambda: b"",
    ),
    (
        "create_agreement",
        lambda api: market_api.create_agreement(api, PROPOSAL, WHEN),
        lambda api: call(
            create_agreement.asyncio_detailed,
            client=api.market,
            body=AgreementProposal(proposal_id=PROPOSAL, valid_to=WHEN),
        ),
        lambda: b'"A-1"',
    ),
    (
        "confirm_agreement",
        lambda api: market_api.confirm_agreement(api, AGREEMENT, "session 1"),
        lambda api: call(
            confirm_agreement.asyncio_detailed,
            agreement_id=AGREEMENT,
            client=api.market,
            app_session_id="session 1",
        ),
        lambda: b"",
    ),
    (
        "confirm_agreement without a session",
        lambda api: market_api.confirm_agreement(api, AGREEMENT),
        lambda api: call(
            confirm_agreement.asyncio_detailed, agreement_id=AGREEMENT, client=api.market
        ),
        lambda: b"",
    ),
    (
        "wait_for_approval",
        lambda api: market_api.wait_for_approval(api, AGREEMENT, 3.5),
        lambda api: call(
            wait_for_approval.asyncio_detailed,
            agreement_id=AGREEMENT,
            client=api.market,
            timeout=3.5,
        ),
        lambda: b"",
    ),
    (
        "cancel_agreement",
        lambda api: market_api.cancel_agreement(api, AGREEMENT, REASON),
        lambda api: call(
            cancel_agreement.asyncio_detailed,
            agreement_id=AGREEMENT,
            client=api.market,
            body=reason_body(REASON),
        ),
        lambda: b"",
    ),
    (
        "get_agreement",
        lambda api: market_api.get_agreement(api, AGREEMENT),
        lambda api: call(get_agreement.asyncio_detailed, agreement_id=AGREEMENT, client=api.market),
        lambda: _answer(*AGREEMENT_ROUTE),
    ),
    (
        "terminate_agreement",
        lambda api: market_api.terminate_agreement(api, AGREEMENT, REASON),
        lambda api: call(
            terminate_agreement.asyncio_detailed,
            agreement_id=AGREEMENT,
            client=api.market,
            body=reason_body(REASON),
        ),
        lambda: b"",
    ),
    (
        "collect_agreement_events",
        lambda api: market_api.collect_agreement_events(api, WHEN, 5.0, 9, "s"),
        lambda api: call(
            collect_agreement_events.asyncio_detailed,
            client=api.market,
            timeout=5.0,
            after_timestamp=WHEN,
            max_events=9,
            app_session_id="s",
        ),
        lambda: _answer("GET", "/market-api/v1/agreementEvents"),
    ),
    (
        "collect_agreement_events from the start",
        lambda api: market_api.collect_agreement_events(api, None, 5.0),
        lambda api: call(collect_agreement_events.asyncio_detailed, client=api.market, timeout=5.0),
        lambda: b"[]",
    ),
    (
        "create_activity",
        lambda api: activity_api.create(api, AGREEMENT, 6.0),
        lambda api: call(
            create_activity.asyncio_detailed,
            client=api.activity,
            body=CreateActivityRequest(agreement_id=AGREEMENT),
            timeout=6.0,
        ),
        lambda: _answer("POST", "/activity-api/v1/activity"),
    ),
    (
        "destroy_activity",
        lambda api: activity_api.destroy(api, ACTIVITY, 6.0),
        lambda api: call(
            destroy_activity.asyncio_detailed,
            activity_id=ACTIVITY,
            client=api.activity,
            timeout=6.0,
        ),
        lambda: b"",
    ),
    (
        "get_activity_state",
        lambda api: activity_api.get_state(api, ACTIVITY, 2.0),
        lambda api: call(
            get_activity_state.asyncio_detailed,
            activity_id=ACTIVITY,
            client=api.activity,
            timeout=2.0,
        ),
        lambda: _answer("GET", "/activity-api/v1/activity/{id}/state"),
    ),
    (
        "get_activity_usage",
        lambda api: activity_api.get_usage(api, ACTIVITY, 2.0),
        lambda api: call(
            get_activity_usage.asyncio_detailed,
            activity_id=ACTIVITY,
            client=api.activity,
            timeout=2.0,
        ),
        lambda: _answer("GET", "/activity-api/v1/activity/{id}/usage"),
    ),
    (
        "create_allocation",
        lambda api: payment_api.create_allocation(api, Decimal("5.0")),
        lambda api: call(
            create_allocation.asyncio_detailed,
            client=api.payment,
            body=NewAllocation(total_amount="5.0", payment_platform="erc20-holesky-tglm"),
        ),
        lambda: _answer(*ALLOCATION_ROUTE),
    ),
    (
        "create_allocation with an address and a timeout",
        lambda api: payment_api.create_allocation(
            api, Decimal("0.000001"), platform="p", address="0xab", timeout=WHEN
        ),
        lambda api: call(
            create_allocation.asyncio_detailed,
            client=api.payment,
            body=NewAllocation(
                total_amount="0.000001", payment_platform="p", address="0xab", timeout=WHEN
            ),
        ),
        lambda: _answer(*ALLOCATION_ROUTE),
    ),
    (
        "release_allocation",
        lambda api: payment_api.release_allocation(api, AllocationId("al/1")),
        lambda api: call(
            release_allocation.asyncio_detailed, allocation_id="al/1", client=api.payment
        ),
        lambda: b"",
    ),
    (
        "get_debit_note",
        lambda api: payment_api.get_debit_note(api, DebitNoteId("dn/1")),
        lambda api: call(get_debit_note.asyncio_detailed, debit_note_id="dn/1", client=api.payment),
        lambda: _answer(*DEBIT_NOTE_ROUTE),
    ),
    (
        "get_invoice",
        lambda api: payment_api.get_invoice(api, InvoiceId("in/1")),
        lambda api: call(get_invoice.asyncio_detailed, invoice_id="in/1", client=api.payment),
        lambda: _answer(*INVOICE_ROUTE),
    ),
    (
        "get_debit_note_events",
        lambda api: payment_api.debit_note_events(
            api,
            after=WHEN,
            timeout=5.0,
            requestor_kinds=ALL_EVENT_KINDS,
            provider_kinds=frozenset({DocumentEventKind.ACCEPTED}),
            app_session_id="s",
        ),
        lambda api: call(
            get_debit_note_events.asyncio_detailed,
            client=api.payment,
            timeout=5.0,
            after_timestamp=WHEN,
            max_events=100,
            app_session_id="s",
            x_requestor_events=",".join(sorted(k.value for k in ALL_EVENT_KINDS)),
            x_provider_events="ACCEPTED",
        ),
        lambda: _answer("GET", "/payment-api/v1/debitNoteEvents"),
    ),
    (
        "get_invoice_events",
        lambda api: payment_api.invoice_events(api, after=WHEN, timeout=0, max_events=3),
        lambda api: call(
            get_invoice_events.asyncio_detailed,
            client=api.payment,
            timeout=0,
            after_timestamp=WHEN,
            max_events=3,
            x_requestor_events=UNSET,
        ),
        lambda: _answer("GET", "/payment-api/v1/invoiceEvents"),
    ),
    (
        "accept_debit_note",
        lambda api: payment_api.accept_debit_note(
            api, DebitNoteId("dn/1"), Decimal("0.10"), AllocationId("al-1")
        ),
        lambda api: call(
            accept_debit_note.asyncio_detailed,
            debit_note_id="dn/1",
            client=api.payment,
            body=DebitNoteAcceptance(total_amount_accepted="0.10", allocation_id="al-1"),
            timeout=15.0,
        ),
        lambda: b"",
    ),
    (
        "accept_invoice",
        lambda api: payment_api.accept_invoice(
            api, InvoiceId("in/1"), Decimal("1E-18"), AllocationId("al-1"), ack_timeout=2
        ),
        lambda api: call(
            accept_invoice.asyncio_detailed,
            invoice_id="in/1",
            client=api.payment,
            body=Acceptance(total_amount_accepted="0.000000000000000001", allocation_id="al-1"),
            timeout=2,
        ),
        lambda: b"",
    ),
    (
        "get_identity",
        lambda api: fetch_identity(api),
        lambda api: call(get_identity.asyncio_detailed, client=api.identity, call_timeout=10.0),
        lambda: _answer("GET", "/me"),
    ),
]


def _answering(body: bytes) -> Callable[[Received, Any], Awaitable[bool]]:
    async def answer(received: Received, writer: Any) -> bool:
        status = b"200 OK" if body else b"204 No Content"
        writer.write(b"HTTP/1.1 %b\r\nContent-Length: %d\r\n\r\n%b" % (status, len(body), body))
        return True

    return answer


async def _sent(body: bytes, send: Callable[[YagnaApi], Awaitable[object]]) -> Received:
    async with serving(_answering(body)) as server:
        api = YagnaApi(server.url, "secret")
        try:
            await send(api)
        finally:
            await api.aclose()
    (request,) = server.received
    return Received(request.head.replace(str(server.port).encode(), b"PORT"), request.body, 0)


@pytest.mark.parametrize(
    ("ours", "generated", "answer"), [c[1:] for c in CALLS], ids=[c[0] for c in CALLS]
)
async def test_a_call_sends_what_the_generated_operation_sends(
    ours: Ours, generated: Generated, answer: Callable[[], bytes]
) -> None:
    body = answer()
    assert await _sent(body, ours) == await _sent(body, generated)


async def test_demand_decorations_keep_their_commas() -> None:
    # the generated operation would write %2C, which yagna 0.17.6 refuses
    body = _answer("GET", "/payment-api/v1/demandDecorations")
    ids = [AllocationId("a-1"), AllocationId("b-2")]
    sent = await _sent(body, lambda api: payment_api.demand_decorations(api, ids))
    assert sent.head.startswith(b"GET /payment-api/v1/demandDecorations?allocationIds=a-1,b-2 ")


# --- same snapshots ---------------------------------------------------------------------------


def _decoration(d: Any) -> DemandDecoration:
    wire = MarketDecoration.from_dict(d)
    return DemandDecoration(
        properties=tuple((p.key, p.value) for p in wire.properties),
        constraints=tuple(wire.constraints),
    )


def _through_generated(module: Any, answer: Any) -> Any:
    """What a generated operation makes of a 200 answer."""
    response = httpx.Response(200, content=json.dumps(answer).encode())
    return module._parse_response(client=None, response=response)


def test_offer_events_read_as_through_the_generated_models() -> None:
    for answer in answers_of("GET", "/market-api/v1/demands/{id}/events"):
        expected = [to_negotiation_event(m) for m in _through_generated(collect_offers, answer)]
        assert [offer_event_from_json(e) for e in answer] == expected


def test_agreements_read_as_through_the_generated_models() -> None:
    for answer in answers_of(*AGREEMENT_ROUTE):
        assert agreement_from_json(answer) == to_agreement(Agreement.from_dict(answer))
    proposal = dict(PROPOSAL_JSON, prevProposalId="R-0")
    for d in (PROPOSAL_JSON, proposal):
        assert proposal_from_json(d) == to_proposal(Proposal.from_dict(d))


AGREEMENT_EVENTS = [
    {
        "eventType": "AgreementApprovedEvent",
        "eventDate": "2030-01-01T00:00:00Z",
        "agreementId": "a",
    },
    {
        "eventType": "AgreementRejectedEvent",
        "eventDate": "2030-01-01T00:00:00.5+01:00",
        "agreementId": "a",
        "reason": {"message": "busy", "x": [1]},
    },
    {
        "eventType": "AgreementCancelledEvent",
        "eventDate": "2030-01-01T00:00:00Z",
        "agreementId": "a",
    },
    {
        "eventType": "AgreementTerminatedEvent",
        "eventDate": "2030-01-01T00:00:00.123456789Z",
        "agreementId": "a",
        "terminator": "Provider",
        "signature": "",
        "reason": {"message": "done"},
    },
]


def test_agreement_events_read_as_through_the_generated_models() -> None:
    answers = [*answers_of("GET", "/market-api/v1/agreementEvents"), AGREEMENT_EVENTS]
    for answer in answers:
        expected = [
            to_agreement_event(m) for m in _through_generated(collect_agreement_events, answer)
        ]
        assert [agreement_event_from_json(e) for e in answer] == expected


def test_payment_documents_read_as_through_the_generated_models() -> None:
    for d in answers_of(*ALLOCATION_ROUTE):
        assert allocation_from_json(d) == allocation_from(WireAllocation.from_dict(d))
    for d in answers_of(*DEBIT_NOTE_ROUTE):
        assert debit_note_from_json(d) == debit_note_from(WireDebitNote.from_dict(d))
    for d in answers_of(*INVOICE_ROUTE):
        assert invoice_from_json(d) == invoice_from(WireInvoice.from_dict(d))
    for d in answers_of("GET", "/payment-api/v1/demandDecorations"):
        assert decoration_from_json(d) == _decoration(d)


RARE_DOCUMENT_EVENTS = [
    {
        "eventType": "DebitNoteRejectedEvent",
        "eventDate": "2030-01-01T00:00:00Z",
        "debitNoteId": "dn",
        "rejection": {"rejectionReason": "BAD_SERVICE", "totalAmountAccepted": "0.5"},
    },
    {
        "eventType": "DebitNotePaymentStatusEvent",
        "eventDate": "2030-01-01T00:00:00Z",
        "debitNoteId": "dn",
        "property": {"driver": "erc20", "kind": "InsufficientGas", "network": "holesky"},
    },
    {
        "eventType": "DebitNotePaymentOkEvent",
        "eventDate": "2030-01-01T00:00:00Z",
        "debitNoteId": "d",
    },
    {"eventType": "DebitNoteSettledEvent", "eventDate": "2030-01-01T00:00:00Z", "debitNoteId": "d"},
]


def test_document_events_read_as_through_the_generated_models() -> None:
    debit_notes = [*answers_of("GET", "/payment-api/v1/debitNoteEvents"), RARE_DOCUMENT_EVENTS]
    for answer in debit_notes:
        expected = [
            event_from(m, "debit_note_id", "DebitNote")
            for m in _through_generated(get_debit_note_events, answer)
        ]
        assert [event_from_json(e, "debitNoteId", "DebitNote") for e in answer] == expected
    for answer in answers_of("GET", "/payment-api/v1/invoiceEvents"):
        expected = [
            event_from(m, "invoice_id", "Invoice")
            for m in _through_generated(get_invoice_events, answer)
        ]
        assert [event_from_json(e, "invoiceId", "Invoice") for e in answer] == expected


def test_activity_answers_read_as_through_the_generated_models() -> None:
    for d in answers_of("GET", "/activity-api/v1/activity/{id}/usage"):
        wire = WireUsage.from_dict(d)
        assert usage_from_json(d) == ActivityUsage(
            current_usage=tuple(wire.current_usage) if wire.current_usage else None,
            timestamp=datetime.fromtimestamp(wire.timestamp, timezone.utc),
        )
    for d in answers_of("GET", "/activity-api/v1/activity/{id}/state"):
        state = WireState.from_dict(d)
        current, pending = state.state
        assert current is not None
        assert state_from_json(d) == ActivityState(
            current=State(current.value),
            pending=None if pending is None else State(pending.value),
            reason=None if isinstance(state.reason, Unset) else state.reason,
            error_message=None if isinstance(state.error_message, Unset) else state.error_message,
        )
    assert state_from_json({"state": ["Ready", "Terminated"], "reason": "r"}) == ActivityState(
        current=State.READY, pending=State.TERMINATED, reason="r", error_message=None
    )
    for d in answers_of("GET", "/me"):
        me = Identity.from_dict(d)
        assert identity_from_json(d) == IdentityInfo(NodeId(me.identity), me.name, me.role)


@pytest.mark.parametrize(
    ("reader", "answer"),
    [
        (
            offer_event_from_json,
            {"eventType": "ProposalEvent", "eventDate": "2030-01-01T00:00:00Z"},
        ),
        (offer_event_from_json, {"eventType": "Mystery"}),
        (agreement_from_json, {"agreementId": 7}),
        (allocation_from_json, {"allocationId": "a", "address": None}),
        (lambda d: event_from_json(d, "invoiceId", "Invoice"), {"eventType": "DebitNoteEvent"}),
        (usage_from_json, {"timestamp": "yesterday"}),
        (identity_from_json, {"identity": "0x1", "name": None, "role": "r"}),
    ],
)
async def test_an_answer_that_does_not_fit_is_the_daemons_fault(
    reader: Callable[[Any], object], answer: Any
) -> None:
    from golem_core._api.json_calls import read_answer

    with pytest.raises(RemoteProtocolError, match=r"^op: cannot read the daemon's answer"):
        read_answer("op", reader, answer)


async def test_a_whole_float_and_its_int_are_written_as_httpx_writes_them() -> None:
    # equal values: a cache of query strings keyed by value alone would send the first one's
    body = _answer("GET", "/activity-api/v1/activity/{id}/usage")
    heads = []
    for timeout in (2.0, 2, True):

        def usage(api: YagnaApi, timeout: float = timeout) -> Awaitable[object]:
            return activity_api.get_usage(api, ACTIVITY, timeout)

        heads.append((await _sent(body, usage)).head)
    assert [head.split(b" ")[1].split(b"?")[1] for head in heads] == [
        b"timeout=2.0",
        b"timeout=2",
        b"timeout=true",
    ]


def test_a_path_segment_is_quoted_once_per_id() -> None:
    from urllib.parse import quote

    from golem_core._api.json_calls import segment

    for value in ("act/1", "a b", "zażółć", "R-1?x=#"):
        assert segment(value) == quote(value, safe="") == segment(value)
    assert segment.cache_info().hits >= 4


def test_events_are_stamped_by_the_clock_itself() -> None:
    from golem_core import _clock
    from golem_core import events as core_events

    assert core_events.now is _clock.now  # no wrapper call per event
    stamp = _clock.now()
    assert stamp.tzinfo is timezone.utc
    assert abs(stamp - datetime.now(timezone.utc)) < timedelta(seconds=5)


async def test_the_clients_a_job_does_not_use_are_made_at_first_use_on_the_shared_pool() -> None:
    api = YagnaApi("http://127.0.0.1:7465/", "key")
    try:
        made = set(vars(api))
        assert not made & {"net", "net_v2", "gsb", "version"}  # none made with the api
        for name, root in [
            ("net", "/net-api/v1"),
            ("net_v2", "/net-api/v2"),
            ("gsb", "/gsb-api/v1"),
            ("version", ""),
        ]:
            client = getattr(api, name)
            assert getattr(api, name) is client  # made once
            http = client.get_async_httpx_client()
            assert str(http.base_url).rstrip("/") == "http://127.0.0.1:7465" + root
            assert http._transport is api.activity.get_async_httpx_client()._transport
        gsb_headers = api.gsb.get_async_httpx_client().headers
        assert gsb_headers["Authorization"] == "Bearer key"
        assert "Authorization" not in api.version.get_async_httpx_client().headers
    finally:
        await api.aclose()
