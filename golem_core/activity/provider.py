"""The provider side of activities: the feed of what requestors asked, and state reports.

A provider agent long-polls its daemon's activity events: CreateActivity (start
an exe-unit, then report Initialized, because the requestor's create call waits
for that) and DestroyActivity (stop it, report Terminated). yagna answers 408
when nothing happened within the poll's timeout; that only means "poll again".
The feed is read by time: each poll asks for events after the last one seen.

Only a state report through REST is here. It overwrites the stored state, but
it is not a usage report: an activity whose exe-unit never sends usage over the
GSB is marked Unresponsive after 5 s and destroyed after 10 s by default.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from golem_core._api import activity as activity_api
from golem_core.activity.data import ActivityState, ProviderActivityEvent, State
from golem_core.exceptions import ApiTimeoutError
from golem_core.ids import ActivityId

if TYPE_CHECKING:
    from golem_core.node import GolemNode

__all__ = ["DEFAULT_EVENTS_POLL_TIMEOUT", "activity_events", "poll_activity_events", "set_state"]

# Server-side wait of one poll of the event feed (yagna's own agent uses 3 s).
DEFAULT_EVENTS_POLL_TIMEOUT = 5.0


async def activity_events(
    node: GolemNode,
    *,
    after: datetime | None = None,
    poll_timeout: float = DEFAULT_EVENTS_POLL_TIMEOUT,
    app_session_id: str | None = None,
) -> AsyncIterator[ProviderActivityEvent]:
    """Activity events for this provider node, oldest first, as they come; never ends by itself.

    `after` defaults to now: events recorded earlier are not delivered.
    Events are CreateActivity or DestroyActivity; a kind this library does not
    know arrives as a plain ProviderActivityEvent.
    """
    cursor = after if after is not None else datetime.now(timezone.utc)
    while True:
        try:
            events = await activity_api.collect_provider_events(
                node.api, after=cursor, timeout=poll_timeout, app_session_id=app_session_id
            )
        except ApiTimeoutError:
            continue  # nothing happened in time
        for event in events:
            cursor = max(cursor, event.event_date)
            yield event


async def poll_activity_events(
    node: GolemNode,
    *,
    after: datetime,
    timeout: float,
    app_session_id: str | None = None,
) -> list[ProviderActivityEvent]:
    """One poll of the feed: events after `after`, or [] when none came within `timeout` s.

    yagna looks for news when the poll arrives and then only every 750 ms, so a
    fresh short poll sees a new event sooner than a long one already waiting.
    """
    try:
        return await activity_api.collect_provider_events(
            node.api, after=after, timeout=timeout, app_session_id=app_session_id
        )
    except ApiTimeoutError:
        return []


async def set_state(
    node: GolemNode,
    activity_id: ActivityId,
    current: State,
    pending: State | None = None,
    *,
    reason: str | None = None,
    error_message: str | None = None,
) -> None:
    """Record the activity's state pair; only the agreement's provider may (others get 403)."""
    state = ActivityState(
        current=current, pending=pending, reason=reason, error_message=error_message
    )
    await activity_api.set_state(node.api, activity_id, state)
