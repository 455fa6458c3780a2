"""Document event feeds: typed events, resumed where the last poll ended, no repeats."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import httpx
import pytest

from golem_core.node import GolemNode
from golem_core.payment import (
    DocumentEventFeed,
    DocumentEventKind,
    DocumentType,
    DriverProblem,
    Rejection,
    RejectionReason,
)

API_URL = "http://127.0.0.1:7465"
ME = {"identity": "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "name": "r", "role": "manager"}
T0 = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)


class Script:
    """Answers event polls with prepared bodies, one per poll, and records the polls."""

    def __init__(self, answers: list[list[dict[str, Any]]]) -> None:
        self.answers = answers
        self.polls: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/me":
            return httpx.Response(200, json=ME)
        self.polls.append(request)
        return httpx.Response(200, json=self.answers.pop(0))


@pytest.fixture
async def script() -> Script:
    return Script([])


@pytest.fixture
async def node(script: Script) -> AsyncIterator[GolemNode]:
    async with GolemNode(
        app_key="key", api_url=API_URL, transport=httpx.MockTransport(script)
    ) as started:
        yield started


def invoice_event(kind: str, invoice_id: str, date: str, **extra: Any) -> dict[str, Any]:
    return {"eventType": f"Invoice{kind}Event", "eventDate": date, "invoiceId": invoice_id, **extra}


async def test_events_come_typed(node: GolemNode, script: Script) -> None:
    script.answers.append(
        [
            invoice_event("Received", "i-1", "2026-03-01T10:00:01.000001Z"),
            invoice_event(
                "Rejected",
                "i-1",
                "2026-03-01T10:00:02Z",
                rejection={
                    "rejectionReason": "INCORRECT_AMOUNT",
                    "totalAmountAccepted": "0.25",
                    "message": "too much",
                },
            ),
            invoice_event(
                "PaymentStatus",
                "i-1",
                "2026-03-01T10:00:03Z",
                property={
                    "kind": "InsufficientGas",
                    "driver": "erc20",
                    "network": "holesky",
                    "address": "0xabc",
                    "neededGasEst": "0.01",
                },
            ),
            invoice_event("PaymentOk", "i-1", "2026-03-01T10:00:04Z"),
            invoice_event("Settled", "i-1", "2026-03-01T10:00:05Z"),
        ]
    )
    feed = DocumentEventFeed(node, DocumentType.INVOICE, since=T0)
    events = await feed.poll()
    assert [e.kind for e in events] == [
        DocumentEventKind.RECEIVED,
        DocumentEventKind.REJECTED,
        DocumentEventKind.PAYMENT_PROBLEM,
        DocumentEventKind.PAYMENT_OK,
        DocumentEventKind.SETTLED,
    ]
    assert events[0].date == datetime(2026, 3, 1, 10, 0, 1, 1, tzinfo=timezone.utc)
    assert events[1].rejection == Rejection(
        RejectionReason.INCORRECT_AMOUNT, Decimal("0.25"), "too much"
    )
    assert events[2].problem == DriverProblem("InsufficientGas", "erc20", "holesky", "0xabc")
    assert all(e.document_id == "i-1" for e in events)
    assert feed.after == datetime(2026, 3, 1, 10, 0, 5, tzinfo=timezone.utc)


async def test_the_request_names_the_kinds_and_resumes_from_the_last_event(
    node: GolemNode, script: Script
) -> None:
    script.answers += [[invoice_event("Received", "i-1", "2026-03-01T10:00:01Z")], []]
    feed = DocumentEventFeed(
        node,
        DocumentType.INVOICE,
        since=T0,
        requestor_kinds=frozenset({DocumentEventKind.RECEIVED, DocumentEventKind.CANCELLED}),
        provider_kinds=None,
        poll_timeout=2.5,
    )
    await feed.poll()
    await feed.poll()
    first, second = script.polls
    assert first.url.path == "/payment-api/v1/invoiceEvents"
    assert first.headers["X-Requestor-Events"] == "CANCELLED,RECEIVED"
    assert "X-Provider-Events" not in first.headers
    assert first.url.params["timeout"] == "2.5"
    assert first.url.params["afterTimestamp"] == "2026-03-01T10:00:00+00:00"
    assert second.url.params["afterTimestamp"] == "2026-03-01T10:00:01+00:00"


async def test_repeats_at_the_last_microsecond_are_dropped(node: GolemNode, script: Script) -> None:
    # the daemon keeps nanoseconds: an event at .000001500 is "after" .000001
    first = invoice_event("Received", "i-1", "2026-03-01T10:00:01.000001500Z")
    second = invoice_event("Received", "i-2", "2026-03-01T10:00:01.000001900Z")
    third = invoice_event("Received", "i-3", "2026-03-01T10:00:02Z")
    script.answers += [[first], [first, second], [first, second], [third]]
    feed = DocumentEventFeed(node, DocumentType.INVOICE, since=T0)

    assert [e.document_id for e in await feed.poll()] == ["i-1"]
    assert [e.document_id for e in await feed.poll()] == ["i-2"]
    # only repeats: the feed steps one microsecond on, so they stop coming back
    assert await feed.poll() == []
    assert feed.after == datetime(2026, 3, 1, 10, 0, 1, 2, tzinfo=timezone.utc)
    assert [e.document_id for e in await feed.poll()] == ["i-3"]


async def test_debit_note_feed_reads_the_debit_note_stream(node: GolemNode, script: Script) -> None:
    script.answers.append(
        [
            {
                "eventType": "DebitNoteAcceptedEvent",
                "eventDate": "2026-03-01T10:00:01Z",
                "debitNoteId": "d-1",
            }
        ]
    )
    feed = DocumentEventFeed(node, DocumentType.DEBIT_NOTE, since=T0 - timedelta(hours=1))
    events = await feed.poll()
    assert script.polls[0].url.path == "/payment-api/v1/debitNoteEvents"
    assert [(e.kind, e.document_id) for e in events] == [(DocumentEventKind.ACCEPTED, "d-1")]
    assert json.loads(script.polls[0].url.params["maxEvents"]) == 100
