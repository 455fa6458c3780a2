"""The health check's verdicts and the runner's refusals, with scripted activities (no daemon)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from typing import cast

import pytest

from golem_core.activity import Activity
from golem_core.exceptions import GolemError
from golem_hl._engine.job import Job
from golem_hl.exceptions import ServiceRunnerError
from golem_hl.services import Service, ServiceRunner
from golem_hl.services._health import Health, watch_health
from golem_hl.services.service_runner import DEFAULT_HEALTH_CHECK_RETRIES


class Reading:
    def __init__(self, alive: bool) -> None:
        self.alive = alive


class ScriptedActivity:
    """Answers state reads from a script: True/False is alive or not, None an unreadable state.

    Its watch is golem_core's own (`Activity.watch_state` over `read_state`).
    """

    id = "act-1"
    read_state = Activity.read_state
    watch_state = Activity.watch_state

    def __init__(self, states: list[bool | None]) -> None:
        self._states: Iterator[bool | None] = iter(states)
        self.reads = 0

    async def state(self, timeout: float = 1.0) -> Reading:
        self.reads += 1
        alive = next(self._states, True)
        if alive is None:
            raise GolemError("the daemon cannot tell")
        return Reading(alive)


def answers(*replies: bool) -> Callable[[], Awaitable[bool]]:
    script = iter(replies)

    async def responsive() -> bool:
        return next(script, True)

    return responsive


async def check(activity: ScriptedActivity, *replies: bool, retries: int = 3) -> Health:
    responsive = answers(*replies)
    return await watch_health(cast(Activity, activity), responsive, 0, retries)


async def test_an_activity_seen_ended_is_gone_at_once() -> None:
    activity = ScriptedActivity([True, None, False])
    assert await check(activity) is Health.GONE
    assert activity.reads == 3  # an unreadable state is no verdict


async def test_the_instance_is_unresponsive_after_its_retries_in_a_row() -> None:
    assert await check(ScriptedActivity([]), False, False, False) is Health.UNRESPONSIVE
    # an answer in between starts the count again: 2 no's, a yes, 3 no's
    activity = ScriptedActivity([])
    assert await check(activity, False, False, True, False, False, False) is Health.UNRESPONSIVE
    assert activity.reads == 6
    assert await check(ScriptedActivity([]), False, retries=1) is Health.UNRESPONSIVE


async def test_a_failing_check_of_the_application_counts_as_a_no() -> None:
    async def broken() -> bool:
        raise RuntimeError("bug in the app's check")

    verdict = await watch_health(cast(Activity, ScriptedActivity([])), broken, 0, 1)
    assert verdict is Health.UNRESPONSIVE


def test_the_runner_refuses_what_it_cannot_do() -> None:
    job = Job(id="job-1", expiration_time=cast(datetime, None))
    runner = ServiceRunner(job)
    assert runner.health_check_retries == DEFAULT_HEALTH_CHECK_RETRIES == 3
    assert runner.id == "job-1" and runner.instances == [] and runner.state.value == "active"
    with pytest.raises(ServiceRunnerError, match="belongs to no Cluster"):
        runner.add_instance(Service())
    with pytest.raises(ValueError, match="not an instance"):
        runner.stop_instance(Service())
    with pytest.raises(ValueError, match="at least 1"):
        ServiceRunner(job, health_check_retries=0)
    runner.suspend()
    assert runner.suspended and not runner.stopped
    runner.stop()  # a suspended runner stays suspended when its cluster ends
    assert runner.suspended
