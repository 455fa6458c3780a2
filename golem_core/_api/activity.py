"""The Activity API as our own snapshots, plus the result stream the generated client cannot read.

Every function takes server-side timeouts in seconds; `call` derives the
deadline of each request from them. The event stream is read here with the
activity client's own httpx client, so it shares the connection pool, the app
key and the error translation of every other call.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from golem_rest_activity.models import ProviderEvent

from golem_core._api import DEFAULT_CALL_TIMEOUT, YagnaApi, call, call_timeout_for, fetch_json
from golem_core._api.json_calls import json_call, read_answer, segment
from golem_core.activity.commands import Command, script_text
from golem_core.activity.data import (
    ActivityState,
    ActivityUsage,
    CreateActivity,
    DestroyActivity,
    ProviderActivityEvent,
    State,
)
from golem_core.activity.results import (
    CommandResult,
    RuntimeEvent,
    command_result_from_json,
    runtime_event_from_json,
)
from golem_core.activity.sse import SseDecoder
from golem_core.exceptions import CallTimeoutError, RemoteProtocolError, TransportError
from golem_core.ids import ActivityId, AgreementId, BatchId

# yagna writes a `:ping` comment every 15 s, so silence this long means the stream is dead.
DEFAULT_STREAM_READ_TIMEOUT = 45.0
STREAM_OPERATION = "stream_exec_batch_results"


def _expect(value: object, kind: type[object], operation: str) -> None:
    if not isinstance(value, kind):
        raise RemoteProtocolError(f"{operation}: unexpected answer {value!r:.200}")


def _utc(value: datetime) -> datetime:
    return (
        value.replace(tzinfo=timezone.utc)
        if value.tzinfo is None
        else value.astimezone(timezone.utc)
    )


# --- requestor ------------------------------------------------------------------------------


async def create(api: YagnaApi, agreement_id: AgreementId, timeout: float) -> ActivityId:
    """Ask the provider for an activity; the daemon answers once it reports Initialized."""
    op = "create_activity"
    answer = await json_call(
        _client(api),
        op,
        "post",
        "/activity",
        params={"timeout": timeout},
        body={"agreementId": agreement_id},
    )
    return read_answer(op, _created, answer)


def _created(answer: Any) -> ActivityId:
    activity_id = answer["activityId"]
    if not isinstance(activity_id, str):
        raise TypeError(f"expected an activity id, got {activity_id!r:.100}")
    return ActivityId(activity_id)


async def destroy(api: YagnaApi, activity_id: ActivityId, timeout: float) -> None:
    """Ask the provider to stop the activity; the daemon answers once it reports Terminated."""
    path = f"/activity/{segment(activity_id)}"
    params = {"timeout": timeout}
    await json_call(_client(api), "destroy_activity", "delete", path, params=params, read=False)


def _client(api: YagnaApi) -> httpx.AsyncClient:
    return api.activity.get_async_httpx_client()


def state_from_json(answer: Any) -> ActivityState:
    """`{"state": [current, pending], "reason"?, "errorMessage"?}` as our snapshot."""
    names = answer["state"]
    if not isinstance(names, list) or len(names) != 2 or names[0] is None:
        raise RemoteProtocolError(f"activity state is not a (state, pending) pair: {names!r}")
    reason = answer.get("reason")
    error_message = answer.get("errorMessage")
    return ActivityState(
        current=State(names[0]),
        pending=None if names[1] is None else State(names[1]),
        reason=None if reason is None else str(reason),
        error_message=None if error_message is None else str(error_message),
    )


async def get_state(api: YagnaApi, activity_id: ActivityId, timeout: float) -> ActivityState:
    op = "get_activity_state"
    path = f"/activity/{segment(activity_id)}/state"
    answer = await json_call(_client(api), op, "get", path, params={"timeout": timeout})
    return read_answer(op, state_from_json, answer)


def usage_from_json(answer: Any) -> ActivityUsage:
    """`{"timestamp": seconds, "currentUsage"?: [numbers]}` as our snapshot."""
    timestamp = answer["timestamp"]
    if isinstance(timestamp, bool) or not isinstance(timestamp, int):
        raise TypeError(f"expected a timestamp in seconds, got {timestamp!r:.100}")
    counters = answer.get("currentUsage")
    return ActivityUsage(
        current_usage=None if counters is None else tuple(counters),
        timestamp=datetime.fromtimestamp(timestamp, timezone.utc),
    )


async def get_usage(api: YagnaApi, activity_id: ActivityId, timeout: float) -> ActivityUsage:
    op = "get_activity_usage"
    path = f"/activity/{segment(activity_id)}/usage"
    answer = await json_call(_client(api), op, "get", path, params={"timeout": timeout})
    return read_answer(op, usage_from_json, answer)


async def exec_batch(
    api: YagnaApi, activity_id: ActivityId, commands: Iterable[Command], timeout: float
) -> BatchId:
    """Hand the commands to the exe-unit; the answer is the batch id the daemon made up."""
    answer = await fetch_json(
        api.activity.get_async_httpx_client(),
        "exec",
        "post",
        f"/activity/{segment(activity_id)}/exec",
        params={"timeout": timeout},
        body={"text": script_text(commands)},
        call_timeout=call_timeout_for({"timeout": timeout}, None),
    )
    _expect(answer, str, "exec")
    assert isinstance(answer, str)
    return BatchId(answer)


async def get_batch_results(
    api: YagnaApi,
    activity_id: ActivityId,
    batch_id: BatchId,
    *,
    command_index: int | None,
    timeout: float,
) -> list[CommandResult]:
    """Results so far; with `command_index`, waits up to `timeout` for that command (else 408)."""
    params: dict[str, Any] = {"timeout": timeout}
    if command_index is not None:
        params = {"commandIndex": command_index, "timeout": timeout}
    answer = await fetch_json(
        api.activity.get_async_httpx_client(),
        "get_exec_batch_results",
        "get",
        f"/activity/{segment(activity_id)}/exec/{segment(batch_id)}",
        params=params,
        call_timeout=call_timeout_for({"timeout": timeout}, None),
    )
    _expect(answer, list, "get_exec_batch_results")
    assert isinstance(answer, list)
    return [command_result_from_json(item) for item in answer]


async def stream_batch_events(
    api: YagnaApi,
    activity_id: ActivityId,
    batch_id: BatchId,
    *,
    read_timeout: float = DEFAULT_STREAM_READ_TIMEOUT,
) -> AsyncGenerator[RuntimeEvent, None]:
    """The batch's runtime events as yagna streams them (SSE), until the caller stops reading.

    yagna never ends this stream by itself (after the batch it keeps sending
    pings), so the caller decides when it has seen enough. The exe-unit sends
    only events that happen after the stream was opened.
    """
    client = api.activity.get_async_httpx_client()
    path = f"/activity/{segment(activity_id)}/exec/{segment(batch_id)}"
    timeout = httpx.Timeout(DEFAULT_CALL_TIMEOUT, read=read_timeout)
    try:
        async with client.stream(
            "GET", path, headers={"Accept": "text/event-stream"}, timeout=timeout
        ) as response:
            content_type = response.headers.get("content-type", "")
            if not content_type.startswith("text/event-stream"):
                raise RemoteProtocolError(
                    f"{STREAM_OPERATION}: expected an event stream, got {content_type!r}"
                )
            decoder = SseDecoder()
            async for line in response.aiter_lines():
                message = decoder.feed_line(line)
                if message is None or message.event != "runtime":
                    continue
                try:
                    data = json.loads(message.data)
                except ValueError as error:
                    raise RemoteProtocolError(
                        f"{STREAM_OPERATION}: event data is not JSON: {message.data!r:.200}"
                    ) from error
                yield runtime_event_from_json(data)
    except httpx.TimeoutException as error:
        raise CallTimeoutError(STREAM_OPERATION, read_timeout) from error
    except httpx.TransportError as error:
        raise TransportError(STREAM_OPERATION, str(error) or type(error).__name__) from error


# --- provider -------------------------------------------------------------------------------


def _provider_event(wire: ProviderEvent) -> ProviderActivityEvent:
    from golem_rest_activity.types import Unset

    kind = wire.event_type
    activity_id = ActivityId(wire.activity_id)
    agreement_id = AgreementId(wire.agreement_id)
    event_date = _utc(wire.event_date)
    if not isinstance(kind.create_activity, Unset):
        key = kind.create_activity.requestor_pub_key
        return CreateActivity(
            activity_id=activity_id,
            agreement_id=agreement_id,
            event_date=event_date,
            requestor_pub_key=None if isinstance(key, Unset) else key,
        )
    if not isinstance(kind.destroy_activity, Unset):
        return DestroyActivity(
            activity_id=activity_id, agreement_id=agreement_id, event_date=event_date
        )
    return ProviderActivityEvent(
        activity_id=activity_id,
        agreement_id=agreement_id,
        event_date=event_date,
        kind=",".join(kind.additional_keys) or "(none)",
    )


async def collect_provider_events(
    api: YagnaApi,
    *,
    after: datetime,
    timeout: float,
    app_session_id: str | None = None,
    max_events: int | None = None,
) -> list[ProviderActivityEvent]:
    """Events stamped after `after`, oldest first; ApiTimeoutError (408) when none came in time."""
    from golem_rest_activity.api.provider import collect_activity_events
    from golem_rest_activity.models import ProviderEvent
    from golem_rest_activity.types import UNSET

    answer = await call(
        collect_activity_events.asyncio_detailed,
        client=api.activity,
        after_timestamp=after,
        timeout=timeout,
        app_session_id=UNSET if app_session_id is None else app_session_id,
        max_events=UNSET if max_events is None else max_events,
    )
    _expect(answer, list, "collect_activity_events")
    assert isinstance(answer, list)
    events = []
    for item in answer:
        _expect(item, ProviderEvent, "collect_activity_events")
        events.append(_provider_event(item))
    return events


async def set_state(api: YagnaApi, activity_id: ActivityId, state: ActivityState) -> None:
    """Record the activity's state on the provider node (only the agreement's provider may)."""
    from golem_rest_activity.api.provider import set_activity_state
    from golem_rest_activity.models import ActivityState as WireState
    from golem_rest_activity.models import ActivityStateName

    body = WireState(
        state=[
            ActivityStateName(state.current.value),
            None if state.pending is None else ActivityStateName(state.pending.value),
        ]
    )
    if state.reason is not None:
        body.reason = state.reason
    if state.error_message is not None:
        body.error_message = state.error_message
    await call(
        set_activity_state.asyncio_detailed, activity_id=activity_id, client=api.activity, body=body
    )
