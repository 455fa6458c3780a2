"""Which requests are the same as recorded, and how a changed one is described."""

from __future__ import annotations

import json

from golem_testing._matching import (
    WALL_CLOCK,
    SentRequest,
    body_difference,
    describe_mismatch,
    is_long_poll,
    normalized_body,
    request_key,
)

API = "http://127.0.0.1:7465"


def test_the_port_and_wall_clock_parameters_do_not_count() -> None:
    one = request_key(
        "get",
        f"{API}/payment-api/v1/debitNoteEvents?afterTimestamp=2026-01-01T00%3A00%3A00Z&timeout=5.0&maxEvents=100",
    )
    two = request_key(
        "GET",
        "http://127.0.0.1:5907/payment-api/v1/debitNoteEvents?maxEvents=100&timeout=4.871&afterTimestamp=2026-02-02T00%3A00%3A00Z",
    )
    assert one == two
    assert str(one) == "GET /payment-api/v1/debitNoteEvents?maxEvents=100&timeout=(waits)"


def test_asking_without_waiting_is_another_request_than_a_long_poll() -> None:
    polling = request_key("GET", f"{API}/events?timeout=5")
    probing = request_key("GET", f"{API}/events?timeout=0")
    assert polling != probing
    assert request_key("GET", f"{API}/x?authToken=secret") == request_key("GET", f"{API}/x")


def test_an_app_session_drawn_for_the_run_matches_any_other_but_not_none() -> None:
    recorded = request_key("GET", f"{API}/invoiceEvents?appSessionId=golem_hl-1")
    assert recorded == request_key("GET", f"{API}/invoiceEvents?appSessionId=golem_hl-2")
    assert recorded != request_key("GET", f"{API}/invoiceEvents")


def test_other_parameters_the_path_and_the_host_count() -> None:
    base = request_key("GET", f"{API}/market-api/v1/demands/a/events?maxEvents=10")
    assert base != request_key("GET", f"{API}/market-api/v1/demands/b/events?maxEvents=10")
    assert base != request_key("GET", f"{API}/market-api/v1/demands/a/events?maxEvents=5")
    assert base != request_key(
        "GET", "http://localhost:7465/market-api/v1/demands/a/events?maxEvents=10"
    )
    assert base != request_key("POST", f"{API}/market-api/v1/demands/a/events?maxEvents=10")


def test_long_polls_are_the_requests_with_a_timeout() -> None:
    assert is_long_poll(f"{API}/market-api/v1/demands/a/events?timeout=5&maxEvents=1")
    assert not is_long_poll(f"{API}/market-api/v1/demands/a")


def test_bodies_compare_as_json_without_dates_and_epoch_milliseconds() -> None:
    recorded = {
        "properties": {"golem.srv.comp.expiration": 1764439200000, "a": 1},
        "validTo": "2026-11-29T19:05:24.230857+00:00",
    }
    sent = {
        "validTo": "2026-12-01T08:00:00Z",
        "properties": {"a": 1, "golem.srv.comp.expiration": 1764600000123},
    }
    assert normalized_body(json.dumps(recorded).encode()) == normalized_body(
        json.dumps(sent).encode()
    )
    assert normalized_body(b'{"t": "2026-11-29T19:05:24Z"}') == {"t": WALL_CLOCK}
    # small numbers and plain strings are kept
    assert normalized_body(b'{"n": 120, "s": "2026"}') == {"n": 120, "s": "2026"}
    assert normalized_body(b"") is None
    assert normalized_body(b"not json") == b"not json"


def test_json_inside_a_string_is_compared_as_json() -> None:
    one = json.dumps({"text": json.dumps([{"run": {"args": ["-c", "date"]}}])}).encode()
    two = json.dumps({"text": json.dumps([{"run": {"args": ["-c", "date"]}}], indent=2)}).encode()
    three = json.dumps({"text": json.dumps([{"run": {"args": ["-c", "ls"]}}])}).encode()
    assert normalized_body(one) == normalized_body(two)
    assert body_difference(normalized_body(one), normalized_body(three)) == (
        "$.text<json>[0].run.args[1]: recorded 'date', sent 'ls'"
    )


def test_the_first_difference_is_named_by_its_path() -> None:
    assert (
        body_difference({"a": {"b": [1, 2]}}, {"a": {"b": [1, 3]}})
        == "$.a.b[1]: recorded 2, sent 3"
    )
    assert body_difference({"a": 1}, {}) == "$.a was recorded (1), not sent"
    assert body_difference({}, {"golem.x": 1}) == "$['golem.x'] is sent (1), not recorded"
    assert body_difference([1], [1, 2]) == "$ has 2 items, recorded 1"
    assert body_difference({"a": 1}, {"a": 1}) is None


def sent(method: str, path: str, body: object = None) -> SentRequest:
    return SentRequest(method, API + path, b"" if body is None else json.dumps(body).encode())


def test_a_changed_body_is_described_with_method_path_and_difference() -> None:
    recorded = [sent("POST", "/payment-api/v1/allocations", {"totalAmount": "2.5"})]
    message = describe_mismatch(
        sent("POST", "/payment-api/v1/allocations", {"totalAmount": "2.75"}),
        recorded,
        [],
        cassette="c",
    )
    assert message == (
        "cassette c: request changed: POST /payment-api/v1/allocations: "
        "$.totalAmount: recorded '2.5', sent '2.75'"
    )


def test_a_changed_query_is_described() -> None:
    recorded = [sent("GET", "/market-api/v1/demands/d/events?maxEvents=10&timeout=5")]
    message = describe_mismatch(
        sent("GET", "/market-api/v1/demands/d/events?maxEvents=20&timeout=5"),
        recorded,
        [],
        cassette="c",
    )
    assert message.endswith("query maxEvents: recorded '10', sent '20'")


def test_a_request_sent_more_often_than_recorded() -> None:
    me = sent("GET", "/me")
    message = describe_mismatch(me, [], [me], cassette="c")
    assert message.startswith("cassette c: request changed: GET /me: sent 2 times, recorded 1 ")


def test_a_request_the_cassette_never_saw() -> None:
    message = describe_mismatch(sent("DELETE", "/x"), [sent("GET", "/me")], [], cassette="c")
    assert (
        message == "cassette c: request changed: DELETE /x: not in the cassette (nor any DELETE /x)"
    )
    state = "/activity-api/v1/activity/{}/state"
    message = describe_mismatch(
        sent("GET", state.format("b" * 32)), [sent("GET", state.format("a" * 32))], [], cassette="c"
    )
    assert message.endswith(f"not in the cassette (it has GET {state.format('a' * 32)})")
