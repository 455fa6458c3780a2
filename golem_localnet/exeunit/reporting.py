"""State and usage reports to the provider daemon (`/local/activity`), like the real exe-unit's.

- `SetActivityState {activityId, state: {state: [S, P], reason?}, timeout: null}` on
  every state change. A failed state report is logged and otherwise ignored.
- `SetActivityUsage {activityId, usage: {currentUsage, timestamp}, timeout: null}`
  every `interval` s. yagna destroys an activity whose usage stops for 10 s, so
  this is also the exe-unit's heartbeat; if the daemon answers it with an error
  (not a timeout), the real exe-unit shuts down, and so do we.
- No usage report after the final `[Terminated, null]`: reporting that state
  first stops the usage reports (one under way is let finish), so the daemon
  never hears of usage from an activity that said it ended.
The daemon checks only that the activity exists: with a made-up id the state
report fails (`DAO error: ... NotFound`) and the usage report silently succeeds.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Protocol

from golem_core.flexbuffers import ErrReply, Flex, FlexValue, unwrap_result
from golem_core.gsb.calls import GsbError, GsbTimeout
from golem_core.ids import ActivityId
from golem_localnet.exeunit.state import TERMINATED, StatePair

log = logging.getLogger(__name__)


def state_message(
    activity_id: ActivityId, pair: StatePair, reason: str | None = None
) -> dict[str, Flex]:
    state: dict[str, Flex] = {"state": pair.to_wire()}
    if reason is not None:
        state["reason"] = reason
    return {"activityId": activity_id, "state": state, "timeout": None}


def usage_message(activity_id: ActivityId, usage: list[float], timestamp: int) -> dict[str, Flex]:
    return {
        "activityId": activity_id,
        "usage": {"currentUsage": usage, "timestamp": timestamp},
        "timeout": None,
    }


class ReportFailed(Exception):
    """The daemon refused a usage report; the exe-unit must stop."""


class Bus(Protocol):
    """What the reporter needs of a GSB connection (`GsbConnection` is one)."""

    async def call(self, address: str, body: Flex, *, timeout: float) -> FlexValue: ...


class Reporter:
    def __init__(self, bus: Bus, report_url: str, activity_id: ActivityId, timeout: float) -> None:
        self._bus = bus
        self._url = report_url
        self._activity_id = activity_id
        self._timeout = timeout
        self._usage_stopped = asyncio.Event()
        self._usage_lock = asyncio.Lock()  # held while a usage report is under way

    async def stop_usage(self) -> None:
        """No usage report goes out once this returns (one under way is let finish)."""
        self._usage_stopped.set()
        async with self._usage_lock:
            pass

    async def set_state(self, pair: StatePair, reason: str | None = None) -> bool:
        """Report `pair`; False (logged) when the daemon did not take it."""
        if pair == TERMINATED:
            await self.stop_usage()  # the last word about this activity is its end
        message = state_message(self._activity_id, pair, reason)
        try:
            await self._send("SetActivityState", message)
        except (ErrReply, GsbError) as exc:
            log.warning("state %s not reported: %s", pair.to_wire(), exc)
            return False
        return True

    async def set_usage(self, usage: list[float]) -> None:
        """Report usage (nothing after `stop_usage`); ReportFailed when the daemon refuses.

        Timeouts are only logged.
        """
        async with self._usage_lock:
            if self._usage_stopped.is_set():
                return
            message = usage_message(self._activity_id, usage, int(time.time()))
            try:
                await self._send("SetActivityUsage", message)
            except GsbTimeout as exc:
                log.warning("usage report timed out: %s", exc)
            except (ErrReply, GsbError) as exc:
                raise ReportFailed(f"Reporting endpoint '{self._url}' is not available") from exc

    async def usage_loop(
        self, counters: Callable[[], list[float]], interval: float, until: asyncio.Event
    ) -> None:
        """Report every `interval` s until `until` is set or `stop_usage`; ReportFailed ends it."""
        while not (until.is_set() or self._usage_stopped.is_set()):
            await self.set_usage(counters())
            await _first_set((until, self._usage_stopped), timeout=interval)

    async def _send(self, message_id: str, body: dict[str, Flex]) -> None:
        reply = await self._bus.call(f"{self._url}/{message_id}", body, timeout=self._timeout)
        unwrap_result(reply)


async def _first_set(events: tuple[asyncio.Event, ...], timeout: float) -> None:
    """Return when one of `events` is set, or after `timeout` s."""
    waits = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
