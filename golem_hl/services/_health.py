"""The health check of a running service instance: is its activity there, does it answer?

The requestor's daemon sends no event when an exe-unit dies, so the state is
read every `interval` seconds through golem_core's `Activity.watch_state`
(a batch's own watch reads it less often as its wait goes on). An activity seen ended is
GONE at once; the instance's own check (`Service.is_activity_responsive`) may
fail `retries - 1` times in a row before the instance is taken for
UNRESPONSIVE, as in yapapi.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable

from golem_core.activity import Activity

__all__ = ["Health", "activity_alive", "watch_health"]

logger = logging.getLogger(__name__)


class Health(enum.Enum):
    GONE = "the activity ended"
    UNRESPONSIVE = "the provider does not answer for the activity"


async def activity_alive(activity: Activity) -> bool | None:
    """Whether the activity still runs; None when the daemon cannot tell now."""
    state = await activity.read_state()
    return None if state is None else state.alive


async def watch_health(
    activity: Activity,
    responsive: Callable[[], Awaitable[bool]],
    interval: float | None,
    retries: int,
) -> Health:
    """Return once the activity is gone or stopped answering; never when `interval` is None."""
    if interval is None:
        await asyncio.get_running_loop().create_future()  # health checks are off
    assert interval is not None
    retries_left = retries
    async for state in activity.watch_state(interval):
        if state is not None and not state.alive:
            return Health.GONE
        try:
            answered = await responsive()
        except Exception:  # an application's own check that fails says "no"
            logger.exception("the health check of activity %s failed", activity.id)
            answered = False
        if answered:
            retries_left = retries
            continue
        retries_left -= 1
        logger.warning(
            "activity %s: health check failed, %d retries left", activity.id, retries_left
        )
        if retries_left <= 0:
            return Health.UNRESPONSIVE
    raise AssertionError("Activity.watch_state never ends")
