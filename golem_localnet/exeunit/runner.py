"""Runs Run commands as local processes: argv and env, output capture, timeouts, killing.

Each command starts in a new session (its own process group), so a timeout or
terminate can stop it with everything it started. Like the real process
runtime, a command is over when its process has exited and both pipes are
closed; background processes that closed their pipes live on (a service's
daemon may be meant to) until terminate or shutdown kills every group.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from golem_localnet.exeunit.batches import Stdio
from golem_localnet.exeunit.counters import UsageCounters, read_proc_stats
from golem_localnet.exeunit.guest import Guest, GuestProcess
from golem_localnet.exeunit.images import BASE_IMAGE, ImageTree
from golem_localnet.exeunit.paths import CONTAINER_ROOT, ActivityDirs
from golem_localnet.exeunit.sandbox import bwrap_argv, host_base_entries
from golem_localnet.exeunit.script import Run

log = logging.getLogger(__name__)

_READ_SIZE = 64 * 1024
_DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# passed on from our own environment; anything else (app keys, GSB_URL...) is not
_INHERITED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ")


@attrs.frozen
class Spawn:
    argv: tuple[str, ...]
    env: Mapping[str, str]
    cwd: Path


@attrs.frozen
class Outcome:
    exit_code: int
    timed_out: bool = False


def build_spawn(
    run: Run,
    dirs: ActivityDirs,
    deploy_env: Mapping[str, str],
    bwrap: str | None,
    base_env: Mapping[str, str] | None = None,
    *,
    tree: ImageTree | None = None,
    isolate_network: bool = True,
) -> Spawn:
    """How to start `run`: in bwrap, in its image's tree; or on the host, paths translated.

    The result is plain data: a caller may wrap its argv (e.g. enter a network
    namespace first) before starting it."""
    tree = tree if tree is not None else ImageTree(BASE_IMAGE, {})
    source = os.environ if base_env is None else base_env
    env = {k: source[k] for k in _INHERITED_ENV if k in source}
    env.setdefault("PATH", _DEFAULT_PATH)
    if bwrap is not None:
        inside = guest_spawn(run, deploy_env, source)
        argv = bwrap_argv(
            bwrap,
            dirs,
            inside.argv,
            host_base_entries(),
            tree,
            isolate_network=isolate_network,
        )
        return Spawn(tuple(argv), inside.env, dirs.work)
    env["HOME"] = str(dirs.work)
    env.update({k: dirs.translate(v) for k, v in deploy_env.items()})
    program = tree.files.get(run.entry_point) or dirs.translate(run.entry_point)
    argv = [program, *(dirs.translate(a) for a in run.args)]
    return Spawn(tuple(argv), env, dirs.work)


def guest_spawn(
    run: Run, deploy_env: Mapping[str, str], base_env: Mapping[str, str] | None = None
) -> Spawn:
    """How `run` starts inside the sandbox: its own argv, the container's env and work dir."""
    source = os.environ if base_env is None else base_env
    env = {k: source[k] for k in _INHERITED_ENV if k in source}
    env.setdefault("PATH", _DEFAULT_PATH)
    env["HOME"] = f"{CONTAINER_ROOT}/work"
    env.update(deploy_env)
    return Spawn((run.entry_point, *run.args), env, Path(f"{CONTAINER_ROOT}/work"))


OutputSink = Callable[[Stdio, bytes], None]


class ProcessRunner:
    """Starts command processes and can stop all of them."""

    def __init__(self, counters: UsageCounters, kill_grace: float) -> None:
        self._counters = counters
        self._kill_grace = kill_grace
        self._running: dict[int, asyncio.subprocess.Process | GuestProcess] = {}
        self._groups: set[int] = set()  # every group we started; members may outlive commands
        # how many times `stop_all` began: a command that was starting meanwhile was not among
        # those it stopped (a terminate right after a Run began), so it stops itself
        self._stops = 0

    async def run(
        self, spawn: Spawn, sink: OutputSink, timeout: float, *, guest: Guest | None = None
    ) -> Outcome:
        """Run to the end (or `timeout`); raises OSError when the program cannot start.

        With `guest`, the guest starts it inside its sandbox (`spawn` is then what
        runs in there); its GuestError means nothing was started."""
        process: asyncio.subprocess.Process | GuestProcess
        stops = self._stops
        if guest is not None:
            process = await guest.spawn(spawn.argv, dict(spawn.env), str(spawn.cwd))
        else:
            process = await asyncio.create_subprocess_exec(
                *spawn.argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                cwd=spawn.cwd,
                env=dict(spawn.env),
                start_new_session=True,
            )
        group = process.pid
        self._running[group] = process
        self._groups.add(group)
        self._counters.groups.add(group)
        assert process.stdout is not None and process.stderr is not None
        whole = asyncio.gather(
            _pump(process.stdout, Stdio.STDOUT, sink),
            _pump(process.stderr, Stdio.STDERR, sink),
            process.wait(),
        )
        timed_out = False
        try:
            try:
                if self._stops != stops:
                    await self._stop(group, process)
                await asyncio.wait_for(asyncio.shield(whole), timeout)
            except asyncio.TimeoutError:
                timed_out = True
                log.info("command %s timed out after %s s", spawn.argv[0], timeout)
                await self._stop(group, process)
                await self._drain(whole)
            except asyncio.CancelledError:
                await self._stop(group, process)
                await self._drain(whole)
                raise
        finally:
            self._running.pop(group, None)
            self._counters.groups.discard(group)
        code = process.returncode
        # a signal death has no exit code; the real runtime reports -1 too
        return Outcome(code if code is not None and code >= 0 else -1, timed_out)

    async def stop_all(self) -> None:
        """Stop every running command, then kill whatever is left of their groups."""
        self._stops += 1
        await asyncio.gather(*(self._stop(g, p) for g, p in list(self._running.items())))
        alive = {(s.pgrp, s.session) for s in read_proc_stats()}
        for group in self._groups:
            if (group, group) in alive:  # still our session, not a reused id
                _signal_group(group, signal.SIGKILL)

    def kill_all_now(self) -> None:
        """SIGKILL every group at once, for an exit that cannot wait."""
        for group in self._running:
            _signal_group(group, signal.SIGKILL)

    async def _drain(self, whole: asyncio.Future[Any]) -> None:
        """Let the pipes close after a kill; a process that left the group may hold them."""
        try:
            await asyncio.wait_for(asyncio.shield(whole), self._kill_grace)
        except asyncio.TimeoutError:
            whole.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await whole

    async def _stop(self, group: int, process: asyncio.subprocess.Process | GuestProcess) -> None:
        """SIGTERM the group; SIGKILL it after the grace period."""
        _signal_group(group, signal.SIGTERM)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.shield(process.wait()), self._kill_grace)
        _signal_group(group, signal.SIGKILL)


def _signal_group(group: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, sig)


async def _pump(stream: asyncio.StreamReader, which: Stdio, sink: OutputSink) -> None:
    while chunk := await stream.read(_READ_SIZE):
        sink(which, chunk)
