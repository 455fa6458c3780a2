"""The state changes of a node's agreements, read as a stream of long polls."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from typing import TYPE_CHECKING

from golem_core._api import market as market_api
from golem_core.events import now
from golem_core.market.data import AgreementStateChange

if TYPE_CHECKING:
    from golem_core.node import GolemNode

__all__ = ["DEFAULT_APPROVAL_POLL", "agreement_events", "poll_left"]

# Longest a single waitForApproval / collectAgreementEvents long poll is held.
DEFAULT_APPROVAL_POLL = 5.0


def poll_left(loop: asyncio.AbstractEventLoop, deadline: float | None, poll: float) -> float:
    """How long the next long poll may wait: `poll`, or less as `deadline` nears."""
    return poll if deadline is None else max(0.0, min(poll, deadline - loop.time()))


async def agreement_events(
    node: GolemNode,
    *,
    after: datetime | None = None,
    app_session_id: str | None = None,
    poll_timeout: float = DEFAULT_APPROVAL_POLL,
    timeout: float | None = None,
    max_events: int = 10,
) -> AsyncIterator[AgreementStateChange]:
    """State changes of the node's agreements (its session's) later than `after` (default: now).

    The daemon does not consume these events; we keep the date of the last
    one as the cursor. Ends after `timeout` seconds if given.
    """
    loop = asyncio.get_running_loop()
    deadline = None if timeout is None else loop.time() + timeout
    cursor, app_session_id = after or now(), app_session_id or node.app_session_id
    while deadline is None or loop.time() < deadline:
        batch = await market_api.collect_agreement_events(
            node.api,
            cursor,
            timeout=poll_left(loop, deadline, poll_timeout),
            max_events=max_events,
            app_session_id=app_session_id,
        )
        for change in batch:
            cursor = max(cursor, change.event_date)
            yield change
