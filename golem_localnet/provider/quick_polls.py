"""How long each short poll for a just-approved agreement's first activity may wait.

yagna's provider activity-event feed looks at its database when a poll
arrives and then only every 750 ms (v0.17.6, `EventDao::get_events_wait`), so
the agent's standing long poll sees a new activity up to 0.75 s late. The
requestor's create call waits for the exe-unit's Initialized, which the
provider's daemon also checks every 750 ms: a late start there costs another
0.75 s. Right after an approval the requestor creates its activity within
milliseconds, so the agent then polls with short timeouts (each poll looks
once, when it arrives), growing with the time since the approval and stopping
once they would be no sooner than the standing poll.
"""

from __future__ import annotations

__all__ = ["DB_RECHECK_S", "FIRST_TIMEOUT_S", "quick_poll_timeout"]

# yagna's pause between two looks at the activity events in one poll
DB_RECHECK_S = 0.75
# the shortest poll: how late, at most, a quick poll sees an activity (plus a round trip)
FIRST_TIMEOUT_S = 0.05


def quick_poll_timeout(since_approval_s: float) -> float | None:
    """Server-side timeout of the next quick poll, or None: leave it to the standing poll."""
    timeout = max(FIRST_TIMEOUT_S, since_approval_s / 2)
    return timeout if timeout < DB_RECHECK_S else None
