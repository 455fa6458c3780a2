"""The pure rules of the API adapter: deadlines, error messages, request URLs."""

from __future__ import annotations

import inspect
from typing import Any

import httpx
import pytest

import golem_core.exceptions as exceptions
from golem_core._api._transport import (
    DEFAULT_CALL_TIMEOUT,
    LONG_POLL_GRACE,
    URL_CACHE_SIZE,
    DaemonClient,
    call_timeout_for,
    error_message,
)
from golem_core.exceptions import (
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    GolemError,
    NotFoundError,
    ServerError,
    api_error_for,
)


def test_a_long_poll_gets_its_own_timeout_plus_grace() -> None:
    assert call_timeout_for({"timeout": 7.5}, None) == 7.5 + LONG_POLL_GRACE


def test_an_explicit_deadline_wins_over_the_server_timeout() -> None:
    assert call_timeout_for({"timeout": 60.0}, 3.0) == 3.0


def test_a_plain_call_gets_the_default_deadline() -> None:
    assert call_timeout_for({"max_items": 5}, None) == DEFAULT_CALL_TIMEOUT


def test_a_boolean_is_not_mistaken_for_a_timeout() -> None:
    assert call_timeout_for({"timeout": True}, None) == DEFAULT_CALL_TIMEOUT


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"message": "Agreement not found"}', "Agreement not found"),
        (b"Invalid application key", "Invalid application key"),
        (b'"just a json string"', "just a json string"),
        (b'{"other": 1}', '{"other": 1}'),
        (b"", ""),
        (b"\xff\xfe broken", "\ufffd\ufffd broken"),
    ],
)
def test_error_message_reads_whatever_the_daemon_sent(body: bytes, expected: str) -> None:
    assert error_message(body) == expected


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, AuthenticationError),
        (404, NotFoundError),
        (408, ApiTimeoutError),
        (504, ApiTimeoutError),
        (500, ServerError),
        (418, ServerError),
    ],
)
def test_each_status_maps_to_the_most_specific_error(status: int, kind: type[ApiError]) -> None:
    error = api_error_for("get_agreement", status, "nope")
    assert type(error) is kind
    assert (error.operation, error.status, error.message) == ("get_agreement", status, "nope")
    assert str(error) == f"get_agreement: HTTP {status}: nope"


def test_every_public_exception_inherits_the_root() -> None:
    public = [getattr(exceptions, name) for name in exceptions.__all__]
    classes = [obj for obj in public if inspect.isclass(obj)]
    assert classes, "exceptions exports no classes"
    assert all(issubclass(cls, GolemError) for cls in classes)
    assert sorted(exceptions.__all__) == exceptions.__all__


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/activity/a1/exec/b2", {"commandIndex": 0, "timeout": 5.0}),
        ("/invoices", {"afterTimestamp": "2026-12-06T12:00:00+00:00", "maxEvents": 10}),
        ("/demands/d 1/events", {"appSessionId": "ü/?&=", "flag": True}),
        ("/me", {}),
        ("/me", None),
    ],
)
def test_daemon_client_builds_the_url_httpx_would(path: str, params: Any) -> None:
    base = "http://127.0.0.1:7465/market-api/v1"
    ours = DaemonClient(base_url=base).build_request("GET", path, params=params)
    httpx_own = httpx.AsyncClient(base_url=base).build_request("GET", path, params=params)
    assert ours.url == httpx_own.url
    assert ours.headers == httpx_own.headers


def test_daemon_client_parses_a_url_sent_again_only_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx._urls

    parsed: list[str] = []
    real = httpx._urls.urlparse  # type: ignore[attr-defined]

    def counting(url: str = "", **kwargs: Any) -> Any:
        parsed.append(url)
        return real(url, **kwargs)

    client = DaemonClient(base_url="http://127.0.0.1:7465/activity-api/v1")
    monkeypatch.setattr(httpx._urls, "urlparse", counting)
    requests = [
        client.build_request("GET", "/activity/a1/exec/b2", params={"timeout": 5.0})
        for _ in range(3)
    ]
    assert len(parsed) == 1
    assert {str(r.url) for r in requests} == {
        "http://127.0.0.1:7465/activity-api/v1/activity/a1/exec/b2?timeout=5.0"
    }
    for number in range(URL_CACHE_SIZE + 1):  # however many URLs, the cache stays bounded
        client.build_request("GET", f"/activity/a{number}")
    assert len(client._urls) <= URL_CACHE_SIZE


async def test_daemon_client_sends_past_httpx_auth_and_redirect_loops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def loops(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("went through httpx's auth and redirect handling")

    seen: list[str] = []

    async def on_request(request: httpx.Request) -> None:
        seen.append(f"request {request.extensions['timeout']['read']}")

    async def on_response(response: httpx.Response) -> None:
        seen.append(f"response {response.status_code}")

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[1])

    client = DaemonClient(
        base_url="http://127.0.0.1:7465/market-api/v1",
        transport=httpx.MockTransport(answer),
        event_hooks={"request": [on_request], "response": [on_response]},
        timeout=7.0,
    )
    monkeypatch.setattr(httpx.AsyncClient, "_send_handling_auth", loops)
    async with client:
        response = await client.get("/offers")
        assert response.json() == [1]
        assert response.request.url.path == "/market-api/v1/offers"
        with pytest.raises(AssertionError, match="auth and redirect"):
            await client.get("/offers", auth=("user", "password"))  # not ours: httpx's way
    assert seen == ["request 7.0", "response 200"]


def test_daemon_client_keeps_commas_literal() -> None:
    request = DaemonClient(base_url="http://127.0.0.1:7465/payment-api/v1").build_request(
        "GET", "/debitNoteEvents", params={"allocationIds": "a,b", "maxEvents": 3}
    )
    assert request.url.query == b"allocationIds=a,b&maxEvents=3"
    assert str(request.url) == (
        "http://127.0.0.1:7465/payment-api/v1/debitNoteEvents?allocationIds=a,b&maxEvents=3"
    )


async def test_daemon_client_keeps_no_cookies(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_cookie_work(*args: Any) -> None:
        raise AssertionError("an answer was searched for cookies")

    # httpx's first step towards reading cookies: what a cookie-less client should skip
    monkeypatch.setattr(httpx.Cookies, "_CookieCompatRequest", no_cookie_work)

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Set-Cookie": "session=1; Path=/"}, json=[])

    async with DaemonClient(
        base_url="http://127.0.0.1:7465/market-api/v1", transport=httpx.MockTransport(answer)
    ) as client:
        first = await client.get("/offers")
        second = await client.get("/offers")
    assert first.headers["set-cookie"] == "session=1; Path=/"
    assert len(client.cookies) == 0
    assert "cookie" not in second.request.headers
