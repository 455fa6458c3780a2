"""Doing the faults to the local network: signals, misbehaviour, restarts, and undoing them.

A fault that lasts (a freeze, a misbehaviour, a dead process) is undone after
its `lasts_s` by a task of its own; `settle()` waits for every one, so the
audit looks at a network whose processes are all back.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence

import attrs

from bench.chaos.audit import process_start
from bench.chaos.plan import FaultKind, PlannedFault, pick_one
from golem_core.exceptions import GolemError
from golem_localnet.network import LocalNetwork, ProviderNode
from golem_localnet.provider import ProviderAgent, ProviderFaults
from golem_localnet.provider.history import History

__all__ = ["Injector"]

# the processes a fault may interrupt: running app processes, by name
Apps = Callable[[], Sequence[tuple[str, int]]]
# whether the requestor's daemon has a record of an activity (its creation completed)
Knows = Callable[[str], Awaitable[bool]]


class Injector:
    def __init__(self, network: LocalNetwork, apps: Apps, knows: Knows) -> None:
        self._network = network
        self._apps = apps
        self._requestor_knows = knows
        self.agents: dict[int, ProviderAgent] = {p.index: p.agent for p in network.providers}
        # every incarnation of each provider's agent, and those that crashed
        self.histories: dict[str, list[History]] = {
            p.node_id: [p.agent.history] for p in network.providers
        }
        self.crashed: dict[str, list[History]] = defaultdict(list)
        self.done: list[str] = []
        self.interrupted: set[str] = set()
        # every exe-unit seen running: its start time and activity, by pid
        self.exeunit_starts: dict[int, int] = {}
        self.exeunit_activities: dict[int, str] = {}
        self._busy: set[str] = set()
        self._undoing: set[asyncio.Task[None]] = set()
        self._replacements: list[ProviderAgent] = []

    # --- firing -----------------------------------------------------------------------

    async def fire(self, fault: PlannedFault) -> str | None:
        """Do `fault` to a target chosen now; what was done, or None when nothing fitted."""
        self._note_exeunits()
        action = {
            FaultKind.KILL_EXEUNIT: self._kill_exeunit,
            FaultKind.KILL_STARTING_EXEUNIT: self._kill_exeunit,
            FaultKind.STOP_EXEUNIT: self._stop_exeunit,
            FaultKind.KILL_PROVIDER_AGENT: self._kill_agent,
            FaultKind.KILL_PROVIDER_DAEMON: self._kill_provider_daemon,
            FaultKind.STOP_PROVIDER_DAEMON: self._stop_provider_daemon,
            FaultKind.PROVIDER_REFUSES: self._misbehave,
            FaultKind.PROVIDER_OVERCHARGES: self._misbehave,
            FaultKind.PROVIDER_WITHHOLDS_INVOICES: self._misbehave,
            FaultKind.INTERRUPT_APP: self._interrupt_app,
            FaultKind.RESTART_REQUESTOR_DAEMON: self._restart_requestor,
        }[fault.kind]
        what = await action(fault)
        if what is not None:
            self.done.append(f"{fault.at_s:7.1f}s {fault.kind.value}: {what}")
        return what

    async def _kill_exeunit(self, fault: PlannedFault) -> str | None:
        pids = await self._serving_exeunits(created=fault.kind is FaultKind.KILL_EXEUNIT)
        if (index := pick_one(pids, fault.pick)) is None:
            return None
        _signal(pids[index], signal.SIGKILL)
        return f"pid {pids[index]}"

    async def _stop_exeunit(self, fault: PlannedFault) -> str | None:
        serving = await self._serving_exeunits(created=True)
        pids = [pid for pid in serving if f"pid-{pid}" not in self._busy]
        if (index := pick_one(pids, fault.pick)) is None:
            return None
        pid = pids[index]
        _signal(pid, signal.SIGSTOP)
        self._later(f"pid-{pid}", fault.lasts_s, _async(lambda: _signal(pid, signal.SIGCONT)))
        return f"pid {pid} for {fault.lasts_s} s"

    async def _kill_agent(self, fault: PlannedFault) -> str | None:
        if (provider := self._free_provider(fault)) is None:
            return None
        await self._crash_agent(provider)
        self._later(provider.name, fault.lasts_s, lambda: self._new_agent(provider))
        return f"{provider.name}, back after {fault.lasts_s} s"

    async def _kill_provider_daemon(self, fault: PlannedFault) -> str | None:
        """The provider's daemon dies; its agent cannot go on without it and dies too."""
        if (provider := self._free_provider(fault)) is None or provider.daemon.pid is None:
            return None
        _signal(provider.daemon.pid, signal.SIGKILL)
        await self._crash_agent(provider)

        async def back() -> None:
            await asyncio.to_thread(provider.daemon.restart)
            await self._new_agent(provider)

        self._later(provider.name, fault.lasts_s, back)
        return f"{provider.name} (pid {provider.daemon.pid}), back after {fault.lasts_s} s"

    async def _stop_provider_daemon(self, fault: PlannedFault) -> str | None:
        if (provider := self._free_provider(fault)) is None or (pid := provider.daemon.pid) is None:
            return None
        _signal(pid, signal.SIGSTOP)
        self._later(provider.name, fault.lasts_s, _async(lambda: _signal(pid, signal.SIGCONT)))
        return f"{provider.name} frozen for {fault.lasts_s} s"

    async def _misbehave(self, fault: PlannedFault) -> str | None:
        if (provider := self._free_provider(fault)) is None:
            return None
        faults = {
            FaultKind.PROVIDER_REFUSES: ProviderFaults(refuse_negotiation=True),
            FaultKind.PROVIDER_OVERCHARGES: ProviderFaults(overcharge_factor=_OVERCHARGE),
            FaultKind.PROVIDER_WITHHOLDS_INVOICES: ProviderFaults(send_invoices=False),
        }[fault.kind]
        self.agents[provider.index].set_faults(faults)

        async def honest_again() -> None:
            self.agents[provider.index].set_faults(ProviderFaults())

        self._later(provider.name, fault.lasts_s, honest_again)
        return f"{provider.name} for {fault.lasts_s} s"

    async def _interrupt_app(self, fault: PlannedFault) -> str | None:
        apps = list(self._apps())
        if (index := pick_one(apps, fault.pick)) is None:
            return None
        name, pid = apps[index]
        _signal(pid, signal.SIGINT)
        # one Ctrl-C per run: a second one is the user giving up on a clean exit
        self.interrupted.add(name)
        return name

    async def _restart_requestor(self, fault: PlannedFault) -> str | None:
        daemon = self._network.requestor
        if daemon is None or "requestor" in self._busy:
            return None
        self._busy.add("requestor")
        try:
            await asyncio.to_thread(daemon.restart)
        finally:
            self._busy.discard("requestor")
        return f"pid now {daemon.pid}"

    # --- helpers ------------------------------------------------------------------------

    def _free_provider(self, fault: PlannedFault) -> ProviderNode | None:
        free = [p for p in self._network.providers if p.name not in self._busy]
        index = pick_one(free, fault.pick)
        return None if index is None else free[index]

    def _running_exeunits(self) -> dict[str, int]:
        return {a: pid for agent in self.agents.values() for a, pid in agent.exeunit_pids().items()}

    async def _serving_exeunits(self, *, created: bool) -> list[int]:
        """Exe-units whose activity the requestor's daemon knows (`created`), or not yet."""
        running = self._running_exeunits()
        known = await asyncio.gather(*(self._requestor_knows(a) for a in running))
        return sorted(
            pid for (_, pid), k in zip(running.items(), known, strict=True) if k == created
        )

    def _note_exeunits(self) -> None:
        for activity, pid in self._running_exeunits().items():
            start = process_start(pid)
            if start is not None:
                self.exeunit_starts[pid] = start
                self.exeunit_activities[pid] = activity

    async def _crash_agent(self, provider: ProviderNode) -> None:
        agent = self.agents[provider.index]
        self._note_exeunits()
        await agent.crash()
        self.crashed[provider.node_id].append(agent.history)

    async def _new_agent(self, provider: ProviderNode) -> None:
        """A new agent for the provider, as its operator would start one; the old offer goes."""
        old = self.agents[provider.index]
        if old.offer is not None:
            with contextlib.suppress(GolemError):
                await old.offer.unsubscribe()
        agent = ProviderAgent(provider.node, attrs.evolve(old.config, faults=ProviderFaults()))
        await agent.start()
        self.agents[provider.index] = agent
        self.histories[provider.node_id].append(agent.history)
        self._replacements.append(agent)

    def _later(self, target: str, after_s: float, undo: Callable[[], Awaitable[None]]) -> None:
        self._busy.add(target)

        async def run() -> None:
            try:
                await asyncio.sleep(after_s)  # how long the fault lasts: the plan says so
                await undo()
            finally:
                self._busy.discard(target)

        task = asyncio.create_task(run(), name=f"undo {target}")
        self._undoing.add(task)
        task.add_done_callback(self._undoing.discard)

    # --- the end ------------------------------------------------------------------------

    async def settle(self) -> list[str]:
        """Undo every lasting fault now; what could not be undone."""
        failures = []
        while self._undoing:
            outcomes = await asyncio.gather(*self._undoing, return_exceptions=True)
            failures += [repr(o) for o in outcomes if isinstance(o, BaseException)]
        return failures

    async def aclose(self) -> None:
        """Stop the agents this injector started (the network stops its own)."""
        for agent in self._replacements:
            await agent.aclose()


_OVERCHARGE = ProviderFaults.parse(["overcharge"]).overcharge_factor


def _signal(pid: int, signo: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signo)


def _async(action: Callable[[], None]) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        action()

    return run
