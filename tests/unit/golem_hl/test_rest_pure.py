"""golem_hl.rest's parts that need no daemon: configuration and retry rules."""

from __future__ import annotations

import asyncio

import pytest

from golem_core.exceptions import CallTimeoutError, NotFoundError
from golem_hl.config import ApiConfig, MissingConfiguration
from golem_hl.rest import Configuration
from golem_hl.rest.common import SuppressedExceptions, is_intermittent_error, repeat_on_error


def test_configuration_needs_an_app_key_and_derives_the_api_urls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("YAGNA_APPKEY", raising=False)
    monkeypatch.delenv("YAGNA_API_URL", raising=False)
    with pytest.raises(MissingConfiguration, match="YAGNA_APPKEY"):
        Configuration(api_config=ApiConfig())
    conf = Configuration(api_config=ApiConfig(app_key="k", api_url="http://127.0.0.1:1/"))
    assert conf.app_key == "k"
    assert conf.market_url == "http://127.0.0.1:1/market-api/v1"
    assert conf.net_url == "http://127.0.0.1:1/net-api/v1"


def test_only_passing_failures_are_retried_and_the_last_one_is_raised() -> None:
    calls: list[int] = []

    @repeat_on_error(max_tries=3, interval=0)
    async def flaky(fail_with: Exception) -> str:
        calls.append(1)
        if len(calls) < 3:
            raise fail_with
        return "ok"

    assert asyncio.run(flaky(CallTimeoutError("op", 1.0))) == "ok"
    assert len(calls) == 3
    calls.clear()
    with pytest.raises(NotFoundError):
        asyncio.run(flaky(NotFoundError("op", 404, "gone")))
    assert len(calls) == 1
    assert not is_intermittent_error(ValueError())


def test_suppressed_exceptions_keeps_what_it_swallowed() -> None:
    async def run() -> SuppressedExceptions:
        async with SuppressedExceptions(is_intermittent_error) as suppressed:
            raise asyncio.TimeoutError
        return suppressed

    assert isinstance(asyncio.run(run()).exception, asyncio.TimeoutError)
