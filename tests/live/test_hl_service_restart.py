"""A yapapi-style service on the local network: restarted when its start fails, and suspended.

After yapapi's integration test of instance restarts (our own code): the first
instance's `start()` runs a command that does not exist, so it ends before it
ever runs and is started again elsewhere; the second gets to `run()`, fails
there, and is shut down, not restarted; an instance stopped while starting is
not restarted either. Then a running cluster is suspended: its handlers stop,
its agreement stays until the cluster is terminated.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any

import attrs
import pytest

from golem_hl import Script, events
from golem_hl.exceptions import CommandExecutionError
from golem_hl.services import Service, ServiceState
from golem_localnet.network import LocalNetwork
from tests.live.test_hl_services import CLEAN_LIFE, Recorder, golem_on, package

pytestmark = pytest.mark.live
in_session_loop = pytest.mark.asyncio(loop_scope="session")

S = ServiceState


@attrs.define
class Tally:
    """What the instances of one test said, in order (yapapi's test reads them from stdout)."""

    said: list[str] = attrs.field(factory=list)
    changed: asyncio.Event = attrs.field(factory=asyncio.Event)
    # set to let an instance waiting in start() go on
    go_on: asyncio.Event = attrs.field(factory=asyncio.Event)

    def say(self, line: str) -> None:
        self.said.append(line)
        self.changed.set()

    async def until(self, line: str, timeout: float) -> None:
        async def seen() -> None:
            while line not in self.said:
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(seen(), timeout)


class FirstStartFails(Service):
    """Counts its starts; the first start fails, the third waits; every run fails."""

    def __init__(self, tally: Tally) -> None:
        super().__init__()
        self.tally = tally
        self.starts = 0
        self.resets = 0

    async def start(self) -> AsyncGenerator[Script, Any]:
        async for script in super().start():
            yield script
        self.starts += 1
        script = self._work_context().new_script()
        echo = script.run("/bin/echo", "STARTING", str(len(self.started()) + 1))
        yield script
        self.tally.say(((await echo).stdout or "").strip())
        if self.starts == 1:
            script = self._work_context().new_script()
            script.run("/no/such/command")
            yield script  # the error is thrown in here, and not caught
        if len(self.started()) > 2:
            await self.tally.go_on.wait()  # until it is stopped

    async def run(self) -> AsyncGenerator[Script, Any]:
        script = self._work_context().new_script()
        echo = script.run("/bin/echo", "RUNNING", str(len(self.started())))
        yield script
        self.tally.say(((await echo).stdout or "").strip())
        script = self._work_context().new_script()
        script.run("/no/such/command")
        yield script

    async def shutdown(self) -> AsyncGenerator[Script, Any]:
        self.tally.say(f"STOPPING {len(self.started())}")
        return
        yield  # pragma: no cover - makes this a generator

    async def reset(self) -> None:
        self.resets += 1

    def started(self) -> list[str]:
        return [line for line in self.tally.said if line.startswith("STARTING")]


@in_session_loop
async def test_an_instance_that_fails_to_start_is_replaced_and_one_stopped_while_starting_is_not(
    local_network: LocalNetwork,
) -> None:
    recorder = Recorder()
    tally = Tally()
    payload = await package(local_network)
    async with golem_on(local_network, recorder) as golem:
        cluster = await golem.run_service(
            FirstStartFails, instance_params=[{"tally": tally}], payload=payload
        )
        (instance,) = cluster.instances
        await tally.until("STOPPING 2", 60)
        await cluster.wait_for_state(S.terminated, timeout=30)
        first_run, second_run = recorder.of(events.ServiceFinished)
        assert first_run.provider_id != second_run.provider_id  # replaced on another provider
        assert instance.resets == 1
        assert instance.exc_info[0] is CommandExecutionError  # what ended its last run
        assert instance.service_instance.started_successfully
        assert not instance.restart_condition

        # stopped while starting: terminated at once, and not started again
        other = await golem.run_service(
            FirstStartFails, instance_params=[{"tally": tally}], payload=payload
        )
        (waiting,) = other.instances
        waiting.starts = 1  # this one's start does not fail
        await tally.until("STARTING 3", 60)
        assert waiting.state is S.starting and waiting.is_available
        other.stop()
        await other.wait_for_state(S.terminated, timeout=30)
        assert not waiting.is_available and waiting.exc_info == (None, None, None)

    assert tally.said == ["STARTING 1", "STARTING 2", "RUNNING 2", "STOPPING 2", "STARTING 3"]
    assert recorder.history(instance) == [
        (S.pending, S.starting),
        (S.starting, S.terminated),  # start() raised: no shutdown()
        (S.terminated, S.pending),
        *CLEAN_LIFE,  # run() raised: shutdown() ran
    ]
    assert recorder.history(waiting) == [(S.pending, S.starting), (S.starting, S.terminated)]
    assert [type(e.exc_info[1]) for e in (first_run, second_run)] == [CommandExecutionError] * 2
    codes = sorted(
        e.reason["golem.requestor.code"] for e in recorder.of(events.AgreementTerminated)
    )
    assert codes == ["Failure", "Failure", "Success"]


@in_session_loop
async def test_a_suspended_instance_keeps_its_agreement_until_the_cluster_ends(
    local_network: LocalNetwork,
) -> None:
    recorder = Recorder()
    payload = await package(local_network)
    async with golem_on(local_network, recorder) as golem:
        cluster = await golem.run_service(Service, payload=payload)
        await cluster.wait_for_state(S.running, timeout=60)
        (instance,) = cluster.instances
        cluster.suspend()
        await cluster.wait_for_state(S.suspended, timeout=30)
        assert cluster.service_runner.suspended and not instance.is_available
        (record,) = cluster.serialize_instances()
        assert record["state"] == "suspended" and record["agreement_id"] is not None
        assert recorder.of(events.AgreementTerminated) == []  # nothing ended yet
        await cluster.terminate()
        (ended,) = recorder.of(events.AgreementTerminated)
        assert ended.agr_id == record["agreement_id"]

        again = await golem.resume_service(Service, [record], payload=payload)
        (resumed,) = again.instances
        assert resumed.id == instance.id
        await again.wait_for_state(S.running, timeout=60)

    assert recorder.history(instance) == [
        (S.pending, S.starting),
        (S.starting, S.running),
        (S.running, S.suspended),  # no shutdown(): the activity is left as it is
    ]
    assert recorder.history(resumed)[-1] == (S.stopping, S.terminated)
    paid = {e.agr_id for e in recorder.of(events.InvoiceAccepted)}
    assert record["agreement_id"] in paid
