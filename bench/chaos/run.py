"""A chaos run: jobs through real app processes while faults hit the network, then the audit.

Jobs run `--concurrent` at a time, each in an app process of its own
(`bench/chaos/app.py`) with its own budget; an app that stops before its job is
done (interrupted, failed, its daemon restarted) is started again with the tasks
not yet delivered. Faults fire at the moments the seed planned. When the time
is up no new job starts; those running finish, every fault is undone, accepted
invoices are left to settle on chain, and the invariants are judged.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from bench.chaos.audit import (
    RequestorView,
    chain_balances,
    ended_by_provider,
    live_pids,
    provider_side_states,
    unbilled_without_reason,
    wait_until_settled,
)
from bench.chaos.inject import Injector
from bench.chaos.plan import DEFAULT_WEIGHTS, FaultKind, JobSpec, plan_faults, plan_jobs
from bench.chaos.verdict import (
    Tally,
    accepted_by_provider,
    check_budget,
    check_delivery,
    check_payments,
    ended_on_provider_daemon,
    overpaid_agreements,
    paid_by_agreement,
)
from bench.chaos.verdict import money_by_agreement as money_of
from bench.market import wait_for_offers
from bench.run import gftp_shim
from golem_core.node import GolemNode
from golem_localnet.network import LocalNetwork

__all__ = ["ChaosConfig", "chaos"]

APP = Path(__file__).with_name("app.py")
CHECKOUT = Path(__file__).resolve().parents[2]
SETTLE_S = 90.0


@attrs.frozen
class ChaosConfig:
    seed: int
    minutes: float
    providers: int = 5
    concurrent: int = 2
    library: str = "golem_hl"
    python: str = sys.executable
    job_timeout_s: float = 120.0
    attempts: int = 8
    mean_fault_gap_s: float = 6.0
    weights: Mapping[FaultKind, int] = attrs.field(factory=lambda: dict(DEFAULT_WEIGHTS))
    # where the apps' job files, journals and logs are kept; None: thrown away
    logs: Path | None = None


@attrs.define
class AppRun:
    name: str
    budget: Decimal
    pid: int | None = None
    agreements: list[str] = attrs.field(factory=list)
    results: list[tuple[int, str]] = attrs.field(factory=list)
    exit_code: int | None = None


class Chaos:
    def __init__(self, config: ChaosConfig, network: LocalNetwork, workdir: Path) -> None:
        self.config = config
        self.network = network
        self.workdir = workdir
        self.tally = Tally()
        self.runs: list[AppRun] = []
        self.view = RequestorView(network.requestor_api_url, network.requestor_app_key)
        self.injector = Injector(network, self._running_apps, self.view.knows_activity)
        self._env = self._app_env()

    def _running_apps(self) -> list[tuple[str, int]]:
        return [
            (r.name, r.pid)
            for r in self.runs
            if r.pid is not None and r.exit_code is None and r.name not in self.injector.interrupted
        ]

    def _app_env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("YAGNA_", "GSB_"))}
        path = os.environ.get("PATH", "")
        if self.config.library == "yapapi":  # yapapi runs `gftp`; only its PATH gets ours
            path = f"{gftp_shim(self.workdir / 'bin')}{os.pathsep}{path}"
        return {
            **base,
            **self.network.requestor_env(),
            "PATH": path,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(CHECKOUT), os.environ.get("PYTHONPATH")])
            ),
        }

    async def run_job(self, job: JobSpec) -> None:
        delivered: list[tuple[int, str]] = []
        for attempt in range(self.config.attempts):
            done = sorted({task_id for task_id, _ in delivered})
            if len(done) == len(job.tasks):
                break
            run = AppRun(f"{job.job_id}/{attempt}", job.budget)
            self.runs.append(run)
            await self._run_app(job, run, done)
            delivered += run.results
            if run.exit_code == 0:
                break
        lost, duplicated = check_delivery(job, delivered)
        self.tally.lost += lost
        self.tally.duplicated += duplicated
        self.tally.jobs += 1

    async def _run_app(self, job: JobSpec, run: AppRun, done: Sequence[int]) -> None:
        job_file = self.workdir / f"{run.name.replace('/', '-')}.json"
        out = job_file.with_suffix(".jsonl")
        spec = {
            "job_id": job.job_id,
            "budget": str(job.budget),
            "done": list(done),
            "tasks": [{"task_id": t.task_id, "shell": t.shell} for t in job.tasks],
        }
        job_file.write_text(json.dumps(spec))
        log = job_file.with_suffix(".log").open("w")
        command = [
            self.config.python,
            str(APP),
            f"--library={self.config.library}",
            f"--job={job_file}",
            f"--out={out}",
            f"--repository-url={self.network.image_repository_url}",
            f"--subnet={self.network.subnet}",
            f"--timeout={self.config.job_timeout_s}",
        ]
        if self.config.logs is not None:
            command.append(f"--debug-log={job_file.with_suffix('.debug.log')}")
        with log:
            process = await asyncio.create_subprocess_exec(
                *command, env=self._env, stdout=log, stderr=log, start_new_session=True
            )
            run.pid = process.pid
            run.exit_code = await self._wait_app(run, process)
        for line in out.read_text().splitlines() if out.exists() else []:
            fact = json.loads(line)
            if fact["kind"] == "result":
                run.results.append((fact["task"], fact["value"]))
            elif fact["kind"] == "agreement":
                run.agreements.append(fact["id"])

    async def _wait_app(self, run: AppRun, process: asyncio.subprocess.Process) -> int | None:
        limit = self.config.job_timeout_s + 60
        try:
            return await asyncio.wait_for(process.wait(), limit)
        except asyncio.TimeoutError:
            self.tally.leaks.append(f"{run.name}: still running {limit} s after it started")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()
        return None

    async def jobs(self, deadline: float) -> None:
        planned = iter(plan_jobs(self.config.seed, count=10_000))

        async def slot() -> None:
            while time.monotonic() < deadline:
                await self.run_job(next(planned))

        await asyncio.gather(*(slot() for _ in range(self.config.concurrent)))

    async def faults(self, started: float, deadline: float) -> None:
        planned = plan_faults(
            self.config.seed,
            deadline - started,
            mean_gap_s=self.config.mean_fault_gap_s,
            weights=self.config.weights,
        )
        for fault in planned:
            # wait for the moment the plan gave the fault
            await asyncio.sleep(max(0.0, started + fault.at_s - time.monotonic()))
            if await self.injector.fire(fault) is not None:
                self.tally.faults += 1

    async def _paid_on_chain(
        self, view: RequestorView, before: dict[str, Decimal], accepted: Mapping[str, Decimal]
    ) -> dict[str, Decimal]:
        """What each provider got on chain, once it got what was accepted (or time is up).

        Accepted debit notes are paid in the daemon's next payment cycle, so
        the chain may lag what was accepted by a few seconds.
        """
        chain = self.network.chain
        assert chain is not None
        end = time.monotonic() + SETTLE_S
        while True:
            since = datetime.now(timezone.utc)
            now = await asyncio.to_thread(chain_balances, chain, before)
            paid = {p: now[p] - before[p] for p in before}
            left = end - time.monotonic()
            if all(paid.get(p, Decimal(0)) >= a for p, a in accepted.items()) or left <= 0:
                return paid
            await view.invoice_events_after(since, min(left, 5.0))

    async def audit(
        self, view: RequestorView, paid_before: dict[str, Decimal], since: datetime
    ) -> None:
        self.tally.leaks += [f"undo failed: {f}" for f in await self.injector.settle()]
        notes = await view.debit_notes(since)
        noted = money_of([], notes)

        def owed(invoice: dict[str, Any]) -> bool:
            paid = noted.get(invoice["agreementId"])
            return Decimal(invoice["amount"]) > (paid.notes_total if paid else Decimal(0))

        pending = await wait_until_settled(view, SETTLE_S, owed)
        money = money_of(await view.invoices(), notes)
        paid = await self._paid_on_chain(view, paid_before, accepted_by_provider(money))
        still_open = await view.open_agreements()
        daemons = {
            p.node_id: (p.daemon.config.api_url, p.daemon.config.app_key)
            for p in self.network.providers
        }
        on_provider = await provider_side_states(view, daemons, still_open)
        unpaid, overpaid = check_payments(
            money,
            paid,
            open_agreements=still_open,
            unbilled_without_reason=unbilled_without_reason(
                self.injector.histories, self.injector.crashed
            ),
            ended_by_provider=ended_by_provider(self.injector.histories)
            | ended_on_provider_daemon(on_provider),
        )
        self.tally.unpaid += unpaid + [
            f"invoice {i['invoiceId']}: accepted, never settled" for i in pending
        ]
        self.tally.overpaid += overpaid
        if overpaid:  # say which agreements, by the daemon's own payment records
            paid_for = paid_by_agreement(await view.payments(), notes)
            for agreement_id, line in overpaid_agreements(money, paid_for).items():
                about = [
                    f"{n.get('status')} {n.get('totalAmountDue')} due {n.get('paymentDueDate')}"
                    for n in notes
                    if n.get("agreementId") == agreement_id
                ]
                self.tally.overpaid_detail.append(f"{line}; its debit notes: {about}")
        for run in self.runs:
            self.tally.over_budget += check_budget(run.name, run.budget, run.agreements, money)
        self.tally.leaks += [
            f"allocation {a['allocationId']} never released" for a in await view.allocations()
        ]
        started = self.injector.exeunit_starts
        self.tally.leaks += [
            f"exe-unit pid {pid} (activity {self.injector.exeunit_activities[pid]}) still running"
            for pid in live_pids(started, started)
        ]


async def chaos(config: ChaosConfig, *, log: Any = sys.stderr) -> Tally:
    """Run it; everything temporary goes under a root of its own, so leaks show."""
    root = Path(tempfile.mkdtemp(prefix=f"chaos-{config.seed}-"))
    saved = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"], tempfile.tempdir = str(root), str(root)
    try:
        tally = await _chaos(config, log)
        left = await asyncio.to_thread(lambda: sorted(e.name for e in root.iterdir()))
        tally.leaks += [f"temp entry {name} left" for name in left]
        return tally
    finally:
        if saved[0] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved[0]
        tempfile.tempdir = saved[1]
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def network_log(path: Path | None) -> Iterator[None]:
    """While open, the local network's own story (agents' history, exe-unit pids) goes to `path`."""
    if path is None:
        yield
        return
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("golem_localnet")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        handler.close()


async def _chaos(config: ChaosConfig, log: Any) -> Tally:
    workdir = Path(tempfile.mkdtemp(prefix="apps-", dir=config.logs))
    with network_log(workdir / "network.log" if config.logs is not None else None):
        return await _chaos_in(config, log, workdir)


async def _chaos_in(config: ChaosConfig, log: Any, workdir: Path) -> Tally:
    app_pids: list[int] = []
    try:
        keep = workdir / "daemons" if config.logs is not None else None
        async with LocalNetwork(providers=config.providers, keep_daemons=keep) as network:
            assert network.chain is not None
            node = GolemNode(app_key=network.requestor_app_key, api_url=network.requestor_api_url)
            async with node:
                ids = [p.node_id for p in network.providers]
                await wait_for_offers(node, network.subnet, ids, timeout=60)
            paid_before = chain_balances(network.chain, ids)
            run = Chaos(config, network, workdir)
            view = run.view
            try:
                since = datetime.now(timezone.utc)
                started = time.monotonic()
                deadline = started + config.minutes * 60
                faults = asyncio.create_task(run.faults(started, deadline))
                await run.jobs(deadline)
                faults.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await faults
                await run.audit(view, paid_before, since)
            finally:
                await view.aclose()
                await run.injector.aclose()
                app_pids = [r.pid for r in run.runs if r.pid is not None]
            for line in run.injector.done:
                print(f"fault {line}", file=log)
            tally = run.tally
    finally:
        if config.logs is None:
            shutil.rmtree(workdir, ignore_errors=True)
    tally.leaks += [f"app pid {pid} still running" for pid in live_pids(app_pids)]
    return tally
