"""The exe-unit's reports to its daemon: no usage report once it reported Terminated."""

from __future__ import annotations

import asyncio

from golem_core.flexbuffers import Flex, FlexValue
from golem_core.ids import ActivityId
from golem_localnet.exeunit.reporting import Reporter
from golem_localnet.exeunit.state import TERMINATED, State, StatePair, shutting_down

URL = "/local/activity"
BOUND_S = 2.0  # generous: every step below is immediate unless the code is wrong


class Daemon:
    """Takes every report; usage reports wait at `gate` while it is closed."""

    def __init__(self) -> None:
        self.log: list[str] = []  # "<message>" when a report arrives, "<message> done" after
        self.gate = asyncio.Event()
        self.gate.set()
        self.usage_arrived = asyncio.Event()

    async def call(self, address: str, body: Flex, *, timeout: float) -> FlexValue:
        message = address.rsplit("/", 1)[-1]
        self.log.append(message)
        if message == "SetActivityUsage":
            self.usage_arrived.set()
            await self.gate.wait()
        self.log.append(f"{message} done")
        return {"Ok": None}


def reporter(daemon: Daemon) -> Reporter:
    return Reporter(daemon, URL, ActivityId("act-1"), timeout=1.0)


async def test_reporting_terminated_ends_the_usage_loop_and_later_usage_reports() -> None:
    daemon = Daemon()
    reports = reporter(daemon)
    never = asyncio.Event()
    loop = asyncio.create_task(reports.usage_loop(lambda: [1.0], interval=3600, until=never))
    await asyncio.wait_for(daemon.usage_arrived.wait(), BOUND_S)
    assert await reports.set_state(shutting_down(StatePair(State.READY)))
    assert not loop.done()  # terminating is not the end yet
    assert await reports.set_state(TERMINATED, "Interrupted by signal: 15")
    await asyncio.wait_for(loop, BOUND_S)  # ends by itself, long before its next report
    await reports.set_usage([2.0])
    assert daemon.log == [
        "SetActivityUsage",
        "SetActivityUsage done",
        "SetActivityState",
        "SetActivityState done",
        "SetActivityState",
        "SetActivityState done",
    ]


async def test_the_final_state_waits_for_a_usage_report_under_way() -> None:
    daemon = Daemon()
    daemon.gate.clear()
    reports = reporter(daemon)
    usage = asyncio.create_task(reports.set_usage([1.0]))
    await asyncio.wait_for(daemon.usage_arrived.wait(), BOUND_S)
    final = asyncio.create_task(reports.set_state(TERMINATED, "done"))
    # the state report would be immediate; it must wait until the usage report is answered
    finished, _ = await asyncio.wait({final}, timeout=0.1)
    assert not finished
    daemon.gate.set()
    assert await asyncio.wait_for(final, BOUND_S)
    await usage
    assert daemon.log == [
        "SetActivityUsage",
        "SetActivityUsage done",
        "SetActivityState",
        "SetActivityState done",
    ]
