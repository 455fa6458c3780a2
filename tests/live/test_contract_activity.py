"""Contract tests: openapi/activity.yaml and golem_rest_activity against the real yagna daemon.

The provider node has no provider agent, so the test plays it: it long-polls
the provider's activity events and records the activity states that a real
agent would (Initialized after CreateActivity, Terminated after DestroyActivity).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from golem_rest_activity.api.provider import collect_activity_events, set_activity_state
from golem_rest_activity.api.requestor import create_activity, destroy_activity
from golem_rest_activity.api.state import (
    get_activity_agreement,
    get_activity_state,
    get_activity_usage,
    get_agreement_activities,
)
from golem_rest_activity.models import (
    ActivityState,
    ActivityStateName,
    CreateActivityEventDetails,
    CreateActivityRequest,
    CreateActivityResult,
    DestroyActivityEventDetails,
    ProviderEvent,
    ProviderEventType,
)
from golem_rest_activity.types import Unset

from golem_core._api import YagnaApi, call, operation_name
from golem_core.exceptions import ApiTimeoutError, ServerError
from tests.live.negotiation import approved_agreement, first_event, typed, typed_list

pytestmark = pytest.mark.live

# server-side timeout of create/destroy: both wait for the provider's state change
ACK_TIMEOUT = 10.0


async def provider_events(api: YagnaApi, after: datetime, timeout: float) -> list[ProviderEvent]:
    """One long poll of the provider's activity feed; 408 means nothing new."""
    try:
        answer = await call(
            collect_activity_events.asyncio_detailed,
            client=api.activity,
            after_timestamp=after,
            timeout=timeout,
        )
    except ApiTimeoutError:
        return []
    return typed_list(answer, ProviderEvent)


async def play_provider_create(api: YagnaApi, agreement_id: str, after: datetime) -> ProviderEvent:
    """What a provider agent does on CreateActivity: start the exe-unit, report Initialized."""
    event = await first_event(
        lambda t: provider_events(api, after, t),
        lambda e: (
            e.agreement_id == agreement_id and not isinstance(e.event_type.create_activity, Unset)
        ),
    )
    await set_state(api, event.activity_id, ActivityStateName.INITIALIZED)
    return event


async def play_provider_destroy(api: YagnaApi, activity_id: str, after: datetime) -> ProviderEvent:
    """What a provider agent does on DestroyActivity: stop the exe-unit, report Terminated."""
    event = await first_event(
        lambda t: provider_events(api, after, t),
        lambda e: (
            e.activity_id == activity_id and not isinstance(e.event_type.destroy_activity, Unset)
        ),
    )
    await set_state(api, activity_id, ActivityStateName.TERMINATED)
    return event


async def set_state(api: YagnaApi, activity_id: str, state: ActivityStateName) -> None:
    answer = await call(
        set_activity_state.asyncio_detailed,
        activity_id=activity_id,
        client=api.activity,
        body=ActivityState(state=[state, None]),
    )
    assert answer is None  # the daemon answers 200 with the JSON body null


async def read_state(api: YagnaApi, activity_id: str) -> ActivityState:
    return typed(
        await call(
            get_activity_state.asyncio_detailed, activity_id=activity_id, client=api.activity
        ),
        ActivityState,
    )


def recently() -> datetime:
    """A lower bound for events caused from now on (the nodes share this machine's clock)."""
    return datetime.now(timezone.utc) - timedelta(seconds=1)


async def test_activity_lifecycle(requestor_api: YagnaApi, provider_api: YagnaApi) -> None:
    async with approved_agreement(requestor_api, provider_api) as deal:
        # create: the daemon holds the call until the provider reports Initialized
        provider = asyncio.create_task(
            play_provider_create(provider_api, deal.agreement_id, recently())
        )
        created = await call(
            create_activity.asyncio_detailed,
            client=requestor_api.activity,
            body=CreateActivityRequest(agreement_id=deal.agreement_id),
            timeout=ACK_TIMEOUT,
        )
        create_event = await provider
        result = typed(created, CreateActivityResult)
        activity_id = result.activity_id
        assert isinstance(result.credentials, Unset)

        assert isinstance(create_event, ProviderEvent)
        assert create_event.activity_id == activity_id
        assert create_event.agreement_id == deal.agreement_id
        assert isinstance(create_event.event_type, ProviderEventType)
        assert isinstance(create_event.event_type.create_activity, CreateActivityEventDetails)
        assert isinstance(create_event.event_type.destroy_activity, Unset)
        assert create_event.event_date.tzinfo is not None

        for api in (requestor_api, provider_api):
            state = await read_state(api, activity_id)
            assert state.state == [ActivityStateName.INITIALIZED, None]
            assert isinstance(state.state[0], ActivityStateName)
            owner = await call(
                get_activity_agreement.asyncio_detailed,
                activity_id=activity_id,
                client=api.activity,
            )
            assert owner == deal.agreement_id
            listed = await call(
                get_agreement_activities.asyncio_detailed,
                agreement_id=deal.agreement_id,
                client=api.activity,
            )
            assert listed == [activity_id]

        # destroy: the daemon holds the call until the provider reports Terminated
        provider = asyncio.create_task(
            play_provider_destroy(provider_api, activity_id, create_event.event_date)
        )
        destroyed = await call(
            destroy_activity.asyncio_detailed,
            activity_id=activity_id,
            client=requestor_api.activity,
            timeout=ACK_TIMEOUT,
        )
        destroy_event = await provider
        assert destroyed is None
        assert isinstance(destroy_event.event_type.destroy_activity, DestroyActivityEventDetails)
        assert isinstance(destroy_event.event_type.create_activity, Unset)
        assert destroy_event.agreement_id == deal.agreement_id
        assert destroy_event.event_date >= create_event.event_date

        for api in (requestor_api, provider_api):
            state = await read_state(api, activity_id)
            assert state.state[0] is ActivityStateName.TERMINATED


async def test_create_with_bare_agreement_id_answers_bare_activity_id(
    requestor_api: YagnaApi, provider_api: YagnaApi
) -> None:
    async with approved_agreement(requestor_api, provider_api) as deal:
        provider = asyncio.create_task(
            play_provider_create(provider_api, deal.agreement_id, recently())
        )
        created = await call(
            create_activity.asyncio_detailed,
            client=requestor_api.activity,
            body=deal.agreement_id,
            timeout=ACK_TIMEOUT,
        )
        event = await provider
        assert created == event.activity_id
        assert isinstance(created, str)

        provider = asyncio.create_task(
            play_provider_destroy(provider_api, event.activity_id, event.event_date)
        )
        await call(
            destroy_activity.asyncio_detailed,
            activity_id=event.activity_id,
            client=requestor_api.activity,
            timeout=ACK_TIMEOUT,
        )
        await provider


async def test_quiet_provider_event_feed_answers_408(provider_api: YagnaApi) -> None:
    with pytest.raises(ApiTimeoutError) as quiet:
        await call(
            collect_activity_events.asyncio_detailed,
            client=provider_api.activity,
            after_timestamp=datetime.now(timezone.utc) + timedelta(hours=1),
            timeout=0.5,
        )
    assert quiet.value.operation == "collect_activity_events"
    assert quiet.value.status == 408


@pytest.mark.parametrize(
    ("operation", "extra"),
    [
        (get_activity_state.asyncio_detailed, {}),
        (get_activity_agreement.asyncio_detailed, {}),
        (get_activity_usage.asyncio_detailed, {}),
        (destroy_activity.asyncio_detailed, {"timeout": 1.0}),
    ],
    ids=lambda value: getattr(value, "__module__", "").rsplit(".", 1)[-1] or None,
)
async def test_unknown_activity_is_a_server_error_not_404(
    requestor_api: YagnaApi, operation: Callable[..., Any], extra: dict[str, Any]
) -> None:
    # yagna 0.17.6 looks the activity up and reports the miss as a DAO error (500)
    with pytest.raises(ServerError) as missing:
        await call(operation, activity_id="0" * 32, client=requestor_api.activity, **extra)
    assert missing.value.operation == operation_name(operation)
    assert missing.value.status == 500
    assert "Not found" in missing.value.message
