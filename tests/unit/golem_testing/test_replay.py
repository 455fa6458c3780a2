"""Replaying hand-made cassettes: order, changed and missing requests, long polls, stalls, SSE."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from golem_core.node import GolemNode
from golem_testing import CassetteMismatch, CassetteNotFound, ReplayStalled, replay
from golem_testing._files import Message, StreamRecord, TapeItem
from golem_testing._session import event_difference
from tests.unit.golem_testing.cassettes import API, Exchange, unanswered, write_cassette

ME = {"identity": "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "name": "r", "role": "manager"}


async def test_golem_core_runs_on_a_cassette_with_no_daemon(tmp_path: Path) -> None:
    write_cassette(
        tmp_path, "me", [Exchange("GET", "/me", ME)], events=["NodeStarted", "NodeClosed"]
    )
    with replay("me", tmp_path) as session:
        async with GolemNode(app_key=session.app_key, api_url=session.api_url) as node:
            assert node.node_id == ME["identity"]
    assert session.problems == []
    assert session.summary.startswith("Player('me', 1/1 exchanges")


async def test_answers_arrive_in_recorded_order(tmp_path: Path) -> None:
    write_cassette(tmp_path, "order", [Exchange("GET", "/first", 1), Exchange("GET", "/second", 2)])
    arrived: list[object] = []
    with replay("order", tmp_path) as session:
        async with httpx.AsyncClient(base_url=API) as client:

            async def get(path: str) -> None:
                arrived.append((await client.get(path)).json())

            await asyncio.gather(get("/second"), get("/first"))
    assert arrived == [1, 2]
    assert session.problems == []


async def test_a_changed_request_fails_and_says_what_changed(tmp_path: Path) -> None:
    write_cassette(
        tmp_path,
        "changed",
        [Exchange("POST", "/payment-api/v1/allocations", {}, {"totalAmount": "1"})],
    )
    with replay("changed", tmp_path) as session:
        async with httpx.AsyncClient(base_url=API) as client:
            with pytest.raises(CassetteMismatch) as raised:
                await client.post("/payment-api/v1/allocations", json={"totalAmount": "2"})
    expected = (
        "cassette changed: request changed: POST /payment-api/v1/allocations: "
        "$.totalAmount: recorded '1', sent '2'"
    )
    assert str(raised.value) == expected
    assert session.failures == [expected]
    assert session.problems[0] == expected
    assert (
        "recorded request not sent any more: POST /payment-api/v1/allocations"
        in session.problems[1]
    )


async def test_a_recorded_request_not_sent_any_more_is_a_problem_but_a_long_poll_is_not(
    tmp_path: Path,
) -> None:
    write_cassette(
        tmp_path,
        "missing",
        [
            Exchange("GET", "/me", ME),
            Exchange("GET", "/events?timeout=5", []),
            Exchange("DELETE", "/x"),
        ],
    )
    with replay("missing", tmp_path) as session:
        async with httpx.AsyncClient(base_url=API) as client:
            await client.get("/me")
    assert session.problems == ["cassette missing: recorded request not sent any more: DELETE /x"]


async def test_a_long_poll_past_the_recording_waits_until_cancelled(tmp_path: Path) -> None:
    write_cassette(tmp_path, "poll", [Exchange("GET", "/events?timeout=5", [1])])
    with replay("poll", tmp_path) as session:
        async with httpx.AsyncClient(base_url=API) as client:
            assert (await client.get("/events?timeout=5")).json() == [1]
            with pytest.raises(asyncio.TimeoutError):  # the program's own deadline, warped
                await asyncio.wait_for(client.get("/events?timeout=4.2"), 600)
    assert session.problems == []


async def test_waiting_for_nothing_but_answers_past_the_recording_is_a_stall(
    tmp_path: Path,
) -> None:
    write_cassette(tmp_path, "stall", [Exchange("GET", "/events?timeout=5", [])])
    with replay("stall", tmp_path, stall_grace=0.05) as session:
        async with httpx.AsyncClient(base_url=API) as client:
            await client.get("/events?timeout=5")
            with pytest.raises(ReplayStalled, match=r"replay stalled.*GET /events"):
                await client.get("/events?timeout=5")
    assert "replay stalled" in session.problems[0]


async def test_requests_in_flight_when_the_recording_ended_are_never_answered(
    tmp_path: Path,
) -> None:
    write_cassette(
        tmp_path,
        "lost",
        [],
        unanswered=[unanswered("GET", "/debitNotes/1"), unanswered("GET", "/me", "ConnectTimeout")],
    )
    with replay("lost", tmp_path) as session:
        async with httpx.AsyncClient(base_url=API) as client:
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(client.get("/debitNotes/1"), 30)
            with pytest.raises(httpx.ConnectTimeout):
                await client.get("/me")
    assert session.problems == []


async def test_an_event_stream_is_replayed_then_stays_open_and_silent(tmp_path: Path) -> None:
    sse = StreamRecord("sse", "GET", API + "/exec/1", 200, (("content-type", "text/event-stream"),))
    write_cassette(
        tmp_path,
        "sse",
        [],
        streams=[sse],
        tape=[
            TapeItem("open", 0.1, stream=0),
            TapeItem("data", 0.2, stream=0, text="event: runtime\ndata: 1\n\n"),
            TapeItem("data", 0.3, stream=0, text=":ping\n\n"),
        ],
    )
    lines: list[str] = []
    with replay("sse", tmp_path) as session:
        async with httpx.AsyncClient(base_url=API) as client:
            headers = {"accept": "text/event-stream"}
            async with client.stream("GET", "/exec/1", headers=headers) as response:
                assert response.headers["content-type"] == "text/event-stream"

                async def read() -> None:
                    async for line in response.aiter_lines():
                        lines.append(line)

                with pytest.raises(asyncio.TimeoutError):
                    await asyncio.wait_for(read(), 60)
    assert lines == ["event: runtime", "data: 1", "", ":ping", ""]
    assert session.problems == []


async def test_the_events_must_be_as_recorded(tmp_path: Path) -> None:
    events = ["NodeStarted", "NodeStarted", "NodeClosed"]
    write_cassette(tmp_path, "events", [Exchange("GET", "/me", ME)], events=events)
    with replay("events", tmp_path) as session:
        async with GolemNode(app_key=session.app_key, api_url=session.api_url):
            pass
    assert session.problems == [
        "cassette events: events differ from the recording: NodeStarted recorded 2, replayed 1"
    ]


def test_results_must_be_as_recorded(tmp_path: Path) -> None:
    write_cassette(tmp_path, "results", [], results={"sum": 385, "parts": [{"n": 1}]})
    with replay("results", tmp_path) as session:
        session.check_result("sum", 385)
        session.check_result("parts", ({"n": 1},))
        with pytest.raises(CassetteMismatch, match=r"'sum' differs .*: \$: recorded 385, sent 384"):
            session.check_result("sum", 384)
        with pytest.raises(CassetteMismatch, match="result 'other' was not recorded"):
            session.check_result("other", 1)
    assert len(session.problems) == 2


def test_a_cassette_that_was_never_recorded(tmp_path: Path) -> None:
    with (
        pytest.raises(CassetteNotFound, match="record it with --golem-record"),
        replay("nothing", tmp_path),
    ):
        pass


def test_secrets_are_not_kept(tmp_path: Path) -> None:
    write_cassette(tmp_path, "key", [])
    with replay("key", tmp_path) as session:
        assert session.app_key == "replayed-app-key" and session.api_url == API


async def test_a_message_recorded_as_text_is_given_back_as_text() -> None:
    assert Message.of(b"abc").is_text and Message.of(b"\xff").b64 == "/w=="
    assert Message.of(b"abc", binary=True).data == b"abc"


def test_background_negotiation_may_end_a_proposal_earlier_or_later() -> None:
    recorded = ["ProposalReceived"] * 8 + ["AgreementApproved"]
    assert event_difference(recorded, ["ProposalReceived"] * 7 + ["AgreementApproved"]) is None
    assert event_difference(recorded, ["AgreementApproved"]) == (
        "events differ from the recording: ProposalReceived recorded 8, replayed 0"
    )
    assert event_difference(recorded, ["ProposalReceived"] * 8) == (
        "events differ from the recording: AgreementApproved recorded 1, replayed 0"
    )
