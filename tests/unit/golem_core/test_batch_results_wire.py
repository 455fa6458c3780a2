"""A batch's results are read from the daemon's JSON once, not through the generated model."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timezone

import httpx
import pytest
import respx
from golem_rest_activity.models import ExeScriptCommandResult

from golem_core._api import YagnaApi
from golem_core._api.activity import get_batch_results
from golem_core.activity import CommandResult
from golem_core.exceptions import ApiTimeoutError, RemoteProtocolError
from golem_core.ids import ActivityId, BatchId

BASE = "http://yagna.test"
PATH = "/activity-api/v1/activity/act%2F1/exec/b1"
RESULT = {
    "index": 0,
    "eventDate": "2026-12-06T15:20:01.123456789Z",
    "result": "Ok",
    "stdout": "hello\n",
    "stderr": None,
    "message": None,
    "isBatchFinished": True,
}


@pytest.fixture
def router() -> respx.MockRouter:
    return respx.MockRouter(base_url=BASE, assert_all_mocked=True)


@pytest.fixture
async def api(router: respx.MockRouter) -> AsyncIterator[YagnaApi]:
    async with YagnaApi(BASE, "key", transport=httpx.MockTransport(router.async_handler)) as api:
        yield api


async def poll(api: YagnaApi) -> list[CommandResult]:
    return await get_batch_results(
        api, ActivityId("act/1"), BatchId("b1"), command_index=0, timeout=3
    )


async def test_results_are_read_once_without_building_the_generated_model(
    api: YagnaApi, router: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("the generated model was built for a results poll")

    monkeypatch.setattr(ExeScriptCommandResult, "from_dict", classmethod(refuse))
    route = router.get(PATH).mock(return_value=httpx.Response(200, json=[RESULT]))
    [result] = await poll(api)
    assert route.calls.last.request.url.query == b"commandIndex=0&timeout=3"
    assert route.calls.last.request.headers["authorization"] == "Bearer key"
    assert result.ok and result.stdout == "hello\n" and result.is_batch_finished
    assert result.event_date == datetime(2026, 12, 6, 15, 20, 1, 123456, tzinfo=timezone.utc)


async def test_an_unreadable_result_or_answer_is_the_daemons_fault(
    api: YagnaApi, router: respx.MockRouter
) -> None:
    route = router.get(PATH)
    route.mock(return_value=httpx.Response(200, json=[{**RESULT, "result": "Maybe"}]))
    with pytest.raises(RemoteProtocolError, match="unreadable command result"):
        await poll(api)
    route.mock(
        return_value=httpx.Response(
            200, content=b"[{", headers={"content-type": "application/json"}
        )
    )
    with pytest.raises(RemoteProtocolError, match="get_exec_batch_results: cannot read"):
        await poll(api)
    route.mock(return_value=httpx.Response(200, json={"index": 0}))
    with pytest.raises(RemoteProtocolError, match="get_exec_batch_results"):
        await poll(api)


async def test_a_poll_that_runs_out_is_named_after_the_generated_operation(
    api: YagnaApi, router: respx.MockRouter
) -> None:
    router.get(PATH).mock(return_value=httpx.Response(408, json={"message": "not yet"}))
    with pytest.raises(ApiTimeoutError, match="get_exec_batch_results"):
        await poll(api)
