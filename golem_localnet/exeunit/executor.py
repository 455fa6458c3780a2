"""Runs batches: one task per Exec, commands in order, state pairs around stateful ones.

Mirrors `RuntimeRef::exec` of the real exe-unit: before each command the batch
checks whether it was aborted; each command gets a `started` and a `finished`
event; a non-zero return code ends the batch. Errors of the exe-unit itself
(wrong state, failed transfer, a program that cannot start) are results with
return code -1 and a message, never GSB errors.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable

import attrs

from golem_core.flexbuffers import Flex
from golem_core.ids import BatchId
from golem_localnet.exeunit.batches import Batch, Stdio
from golem_localnet.exeunit.config import ExeUnitConfig, FaultKind
from golem_localnet.exeunit.guest import Guest, GuestError, guest_sandbox_argv
from golem_localnet.exeunit.images import BASE_IMAGE, ImageSpec, ImageTree, MissingTool, build_tree
from golem_localnet.exeunit.runner import (
    Outcome,
    OutputSink,
    ProcessRunner,
    Spawn,
    build_spawn,
    guest_spawn,
)
from golem_localnet.exeunit.script import (
    Command,
    Deploy,
    Run,
    Sign,
    Start,
    Terminate,
    Transfer,
    kind_of,
)
from golem_localnet.exeunit.state import (
    INITIALIZED,
    TERMINATED,
    State,
    StateError,
    StatePair,
    begin,
    finish,
    shutting_down,
)
from golem_localnet.exeunit.transfer import TransferError, Transfers
from golem_localnet.exeunit.vpn import ActivityVpn, VpnError

log = logging.getLogger(__name__)

# what a hang-command fault runs instead of the requested program
_HANG_ARGV = ("sleep", "infinity")
# how long Start waits for the activity's sandbox to come up before doing without it
GUEST_BOOT_TIMEOUT = 30.0
_SIGN_UNSUPPORTED = "signing not supported: binary built without the 'sgx' feature"


class CommandFailed(Exception):
    """A command ended badly; carries its return code and message."""

    def __init__(self, message: str, return_code: int = -1) -> None:
        super().__init__(message)
        self.return_code = return_code


def exit_code_message(code: int) -> str:
    return f"ExeScript command exited with code {code}"


class Executor:
    """The activity's state, its batches, and the tasks that run them."""

    def __init__(
        self,
        config: ExeUnitConfig,
        runner: ProcessRunner,
        transfers: Transfers,
        bwrap: str | asyncio.Future[str | None] | None,  # a Future: the probe under way
        report_state: Callable[[StatePair, str | None], Awaitable[object]],
        die: Callable[[], None],
        vpn: ActivityVpn | None = None,
        image: ImageSpec = BASE_IMAGE,
    ) -> None:
        self._config = config
        self._image = image
        self._tree = ImageTree(image, {})
        self._runner = runner
        self._transfers = transfers
        self._bwrap = bwrap
        self._report_state = report_state
        self._die = die
        self._vpn = vpn  # None: the Deploy's networks are ignored
        self.state = StatePair(State.NEW)
        self.batches: dict[BatchId, Batch] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._report_lock = asyncio.Lock()
        self._deploy_env: dict[str, str] = {}
        # the activity's sandbox, started at its first Run (guest.py); None: not yet, or not
        # usable (then every command gets a bwrap of its own, as before)
        self._guest: Guest | None = None
        self._guest_tree: ImageTree | None = None
        self._guest_usable = True

    async def set_state(self, pair: StatePair, reason: str | None = None) -> None:
        """Change state now; report changes in the order they happened."""
        if pair == self.state and reason is None:
            return
        self.state = pair
        async with self._report_lock:
            await self._report_state(pair, reason)

    def start(self, batch: Batch) -> None:
        self.batches[batch.batch_id] = batch
        task = asyncio.create_task(self._run_batch(batch), name=f"batch {batch.batch_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def running_commands(self) -> list[dict[str, Flex]]:
        found = (b.running_command() for b in self.batches.values())
        return [c for c in found if c is not None]

    def report(self) -> str:
        """The exe-unit's batch summary, appended to the shutdown reason."""
        done = [b.finished_count for b in self.batches.values()]
        totals = [len(b.commands) for b in self.batches.values()]
        finished = sum(1 for d, t in zip(done, totals, strict=True) if d == t)
        summary = {
            "batches_done": finished,
            "batches_pending": len(totals) - finished,
            "cmds_done": sum(done),
            "cmds_pending": sum(totals) - sum(done),
        }
        return json.dumps(summary, separators=(",", ":"))

    async def shutdown(self, reason: str) -> None:
        """`[S, Terminated]`, stop everything, `[Terminated, null]` with the reason."""
        if not self.state.alive:
            return
        full_reason = f"{reason}: {self.report()}"
        log.info("shutting down: %s", full_reason)
        await self.set_state(shutting_down(self.state))
        await self._stop_batches(exclude=None)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.set_state(TERMINATED, full_reason)
        for batch in self.batches.values():
            batch.close_streams()
        self.close_guest()

    def close_guest(self) -> None:
        """Stop the activity's sandbox (and whatever still runs in it)."""
        guest, self._guest = self._guest, None
        if guest is not None:
            guest.close()

    async def _stop_batches(self, exclude: BatchId | None) -> None:
        for batch_id, batch in self.batches.items():
            if batch_id != exclude:
                batch.aborted = True
        await self._runner.stop_all()

    # --- one batch ----------------------------------------------------------------

    async def _run_batch(self, batch: Batch) -> None:
        try:
            await self._run_commands(batch)
        finally:
            batch.over.set()

    async def _run_commands(self, batch: Batch) -> None:
        die_at = self._config.faults.get(FaultKind.DIE_DURING_BATCH)
        for index, command in enumerate(batch.commands):
            if batch.aborted:
                log.warning("batch %s execution aborted", batch.batch_id)
                break
            if die_at is not None and index == int(die_at.value or 0):
                self._die()
            batch.started(index)
            try:
                await self._execute(batch, index, command)
                code, message = 0, None
            except CommandFailed as exc:
                code, message = exc.return_code, str(exc)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a bug of ours still ends as a result, not a hang
                log.exception("command %d of batch %s failed", index, batch.batch_id)
                code, message = -1, f"{type(exc).__name__}: {exc}"
            batch.finished(index, code, message)
            if code != 0:
                log.warning("batch %s execution interrupted: %s", batch.batch_id, message)
                break

    async def _execute(self, batch: Batch, index: int, command: Command) -> None:
        if isinstance(command, Sign):
            raise CommandFailed(_SIGN_UNSUPPORTED)
        if isinstance(command, Terminate):
            await self._stop_batches(exclude=batch.batch_id)
            await self.set_state(INITIALIZED)
            return
        try:
            started = begin(self.state, kind_of(command))
        except StateError as exc:
            raise CommandFailed(str(exc)) from None
        await self.set_state(started)
        failure: CommandFailed | None = None
        try:
            await self._perform(batch, index, command)
        except CommandFailed as exc:
            failure = exc
        try:
            after = finish(self.state, started)
        except StateError as exc:
            raise CommandFailed(str(exc)) from None
        await self.set_state(after)
        if failure is not None:
            raise failure

    async def _perform(self, batch: Batch, index: int, command: Command) -> None:
        if isinstance(command, Deploy):
            try:
                self._tree = build_tree(self._image)
            except MissingTool as exc:
                raise CommandFailed(f"Deploy error: {exc}") from exc
            self._deploy_env = dict(command.env)
            self._config.dirs.create()
            if self._vpn is not None:
                try:
                    await self._vpn.deploy(command.net)
                except VpnError as exc:
                    raise CommandFailed(str(exc)) from exc
            batch.output(index, Stdio.STDOUT, self._deploy_result().encode())
        elif isinstance(command, Start):
            await self._boot_guest()
        elif isinstance(command, Transfer):
            if FaultKind.FAIL_TRANSFER in self._config.faults:
                raise CommandFailed("Local service error: Transfer error: fault injected")
            try:
                await self._transfers.run(command)
            except TransferError as exc:
                raise CommandFailed(str(exc)) from exc
        elif isinstance(command, Run):
            await self._run(batch, index, command)

    async def _run(self, batch: Batch, index: int, run: Run) -> None:
        faults = self._config.faults
        if FaultKind.EXIT_NONZERO in faults:
            raise CommandFailed(exit_code_message(1), 1)
        bwrap = await self._bwrap if isinstance(self._bwrap, asyncio.Future) else self._bwrap
        # in a VPN's namespace the command shares it; else bwrap gives it one of its own
        in_vpn = self._vpn is not None and self._vpn.active
        sink: OutputSink = lambda which, chunk: batch.output(index, which, chunk)  # noqa: E731
        timeout = self._config.command_timeout
        guest = None
        if bwrap is not None and FaultKind.HANG_COMMAND not in faults:
            guest = self._sandbox_guest(bwrap)
        if guest is not None:
            try:
                outcome = await self._runner.run(
                    guest_spawn(run, self._deploy_env), sink, timeout, guest=guest
                )
            except GuestError as exc:  # nothing started: this and later commands as before
                log.warning("sandbox guest not usable (%s): a bwrap per command", exc)
                self._guest_usable = False
                self.close_guest()
            else:
                self._check(outcome, timeout)
                return
        spawn = build_spawn(
            run,
            self._config.dirs,
            self._deploy_env,
            bwrap,
            tree=self._tree,
            isolate_network=not in_vpn,
        )
        if FaultKind.HANG_COMMAND in faults:
            spawn = Spawn(_HANG_ARGV, spawn.env, spawn.cwd)
        if self._vpn is not None:  # inside the activity's network namespace, if it has one
            spawn = attrs.evolve(spawn, argv=self._vpn.wrap(spawn.argv))
        try:
            outcome = await self._runner.run(spawn, sink, timeout)
        except OSError as exc:
            raise CommandFailed(f"Runtime error: cannot run {run.entry_point}: {exc}") from exc
        self._check(outcome, timeout)

    async def _boot_guest(self) -> None:
        """Start the activity's sandbox now, as a VM boots in Start, so that the first Run
        does not wait for it (a Run's time is what requestors pace their workers by)."""
        bwrap = await self._bwrap if isinstance(self._bwrap, asyncio.Future) else self._bwrap
        guest = self._sandbox_guest(bwrap) if bwrap is not None else None
        if guest is None:
            return
        try:
            await asyncio.wait_for(guest.ready(), GUEST_BOOT_TIMEOUT)
        except (GuestError, asyncio.TimeoutError) as exc:
            log.warning("sandbox guest did not come up (%r): a bwrap per command", exc)
            self._guest_usable = False
            self.close_guest()

    def _sandbox_guest(self, bwrap: str) -> Guest | None:
        """The activity's sandbox for the image deployed now, started if need be.

        Not with a VPN (its commands enter the activity's network namespace)."""
        if not self._guest_usable or (self._vpn is not None and self._vpn.namespace is not None):
            return None
        if self._guest is not None and self._guest.alive and self._guest_tree == self._tree:
            return self._guest
        self.close_guest()
        try:
            self._guest = Guest.start(guest_sandbox_argv(bwrap, self._config.dirs, self._tree))
        except OSError as exc:
            log.warning("sandbox guest not started (%s): a bwrap per command", exc)
            self._guest_usable = False
            return None
        self._guest_tree = self._tree
        return self._guest

    @staticmethod
    def _check(outcome: Outcome, timeout: float) -> None:
        # Exec's own timeout is how long the requestor's daemon waits for the Exec
        # call (yagna core/activity/src/requestor/control.rs `exec`), not a deadline
        # for commands: the real exe-unit never reads it. Only our own limit applies.
        if outcome.timed_out:
            raise CommandFailed(f"ExeScript command error: killed after the {timeout} s timeout")
        if outcome.exit_code != 0:
            raise CommandFailed(exit_code_message(outcome.exit_code), outcome.exit_code)

    def _deploy_result(self) -> str:
        """What a VM runtime prints on deploy: its volumes (ya-runtime-api DeployResult)."""
        vols = [
            {"name": host.name, "path": path} for path, host in self._config.dirs.mounts().items()
        ]
        return json.dumps({"valid": {"Ok": ""}, "vols": vols, "startMode": "empty"})
