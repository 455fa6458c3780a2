"""`python -m bench`: yapapi 0.13.1 and golem_hl, the same workloads on the same local network.

Starts the local network (chain, requestor, providers, image repository) and a
counting proxy in front of the requestor's REST API, then runs each workload
once per library, one after the other, each in a process of its own
(bench/workload.py): yapapi in its own virtualenv (created on first use), with
a `gftp` of its own on its PATH (ours, `golem-gftp`); golem_hl in ours. Prints a table of both with
the ratio, and saves everything, raw timings included, as JSON.

Workloads (`--workloads`, all by default): `echo` (one `echo` command per
task) on 1, 5 and 10 providers; `transfer` (each task uploads a file, copies
it, and downloads it back) of 1 MB files; `bigfile` (one such task with a
100 MB file); `scale` (10,000 echo tasks, memory sampled every 1,000
results); `import` (time to import each library in fresh interpreters). A run
"on k providers" may only make agreements with the first k providers (a
ProviderFilter) and uses k workers. See bench/metrics.py for what each number means.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs
import cattrs

from bench.cost import ImportTime, bytecode_env, bytecode_inherited, process_cpu_s, time_import
from bench.invoices import check_invoices
from bench.market import wait_for_offers
from bench.metrics import Invoices, Metrics, Row, RunRecord, format_table, measure, rows_for
from bench.phases import CpuSampler, DaemonPhases, format_phases, split_by_phase
from bench.routes import format_routes, route_rows
from bench.venv import YAPAPI_VERSION, default_venv, ensure_yapapi
from bench.wire import CountingProxy
from golem_core.node import GolemNode
from golem_localnet.identities import PROVIDER_NODE_IDS
from golem_localnet.network import MAX_PROVIDERS, LocalNetwork

WORKLOAD_SCRIPT = Path(__file__).with_name("workload.py")
# the checkout this harness runs from: golem_hl's run and our gftp import from it
CHECKOUT = Path(__file__).resolve().parents[1]
LIBRARIES = ("yapapi", "golem_hl")
WORKLOADS = ("echo", "transfer", "bigfile", "scale", "import")
# kill a run that takes longer than this (a hung library must not hang the benchmark)
DEFAULT_RUN_TIMEOUT_S = 1800.0
MB = 1_000_000
MARKET_WARM_UP_S = 120.0
# how long a run's accepted invoices may take to be paid before the next run starts
# (bench/invoices.py: the payment is no app's work; the local network pays every 5 s)
SETTLE_S = 60.0

_converter = cattrs.Converter()


@attrs.frozen
class Workload:
    kind: str  # echo | transfer
    tasks: int
    providers: int
    size: int = 0

    @property
    def title(self) -> str:
        each = f" x {self.size / MB:g} MB" if self.kind == "transfer" else ""
        plural = "s" if self.providers > 1 else ""
        return f"{self.kind} {self.tasks}{each}, {self.providers} provider{plural}"


@attrs.frozen
class RunResult:
    workload: Workload
    library: str
    record: RunRecord
    metrics: Metrics
    rest_routes: dict[str, int]
    invoices: Invoices
    exit_code: int | None
    log: str
    # the daemon's CPU before, during and after the tasks (None without a daemon or tasks)
    daemon_phases: DaemonPhases | None = None

    @property
    def correct(self) -> bool:
        return self.exit_code == 0 and self.record.correct


def plan(args: argparse.Namespace) -> list[Workload]:
    if args.smoke:
        return [Workload("echo", 3, 1), Workload("transfer", 1, 1, 64 * 1024)]
    chosen = set(args.workloads)
    runs = []
    if "echo" in chosen:
        runs += [Workload("echo", args.echo_tasks, n) for n in args.providers]
    if "transfer" in chosen:
        runs.append(Workload("transfer", args.transfer_tasks, args.transfer_providers, args.size))
    if "bigfile" in chosen:
        runs.append(Workload("transfer", 1, 1, args.big_size))
    if "scale" in chosen:
        runs.append(Workload("echo", args.scale_tasks, args.scale_providers))
    return runs


def gftp_shim(directory: Path) -> Path:
    """A directory for yapapi's PATH only, holding a `gftp` that runs our gftp-compatible command.

    Ours is installed as `golem-gftp`, so it never shadows a real `gftp` elsewhere; the
    directory is put first on the PATH of yapapi's process and of nothing else.
    """
    directory.mkdir(parents=True, exist_ok=True)
    shim = directory / "gftp"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m golem_localnet.gftp "$@"\n')
    shim.chmod(0o755)
    return directory


def runner_env(network: LocalNetwork, proxy_url: str, gftp_dir: Path | None) -> dict[str, str]:
    """What an app on this network gets: the requestor's key, the proxy as its API.

    `gftp_dir` (yapapi's only) goes first on PATH.
    """
    base = {k: v for k, v in os.environ.items() if not k.startswith(("YAGNA_", "GSB_"))}
    path = os.environ.get("PATH", "")
    return {
        **base,
        **network.requestor_env(),
        "YAGNA_API_URL": proxy_url,
        "YAGNA_PAYMENT_DRIVER": "erc20",
        "YAGNA_PAYMENT_NETWORK": "holesky",
        "GOLEM_REPOSITORY_URL": network.image_repository_url,
        "PATH": f"{gftp_dir}{os.pathsep}{path}" if gftp_dir is not None else path,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(CHECKOUT), os.environ.get("PYTHONPATH")])),
    }


async def run_one(
    workload: Workload,
    library: str,
    python: Path,
    *,
    network: LocalNetwork,
    requestor: GolemNode,
    proxy: CountingProxy,
    env: dict[str, str],
    logs: Path,
    timeout: float,
    debug_logs: bool = False,
    settle_s: float = SETTLE_S,
) -> RunResult:
    providers = PROVIDER_NODE_IDS[: workload.providers]
    name = f"{workload.kind}-{workload.tasks}-{workload.providers}-{library}"
    out, log = logs / f"{name}.json", logs / f"{name}.log"
    command = [
        str(python),
        str(WORKLOAD_SCRIPT),
        f"--library={library}",
        f"--workload={workload.kind}",
        f"--tasks={workload.tasks}",
        f"--size={workload.size}",
        f"--providers={','.join(providers)}",
        f"--repository-url={network.image_repository_url}",
        f"--subnet={network.subnet}",
        f"--timeout={timeout}",
        f"--out={out}",
    ]
    if debug_logs:
        command.append(f"--debug-log={logs / f'{name}.debug.log'}")
    print(f"-- {workload.title}: {library} ...", file=sys.stderr, flush=True)
    proxy.take()
    daemon_pid = network.requestor.pid if network.requestor else None
    daemon_cpu_before = process_cpu_s(daemon_pid) if daemon_pid else None
    sampler = CpuSampler(lambda: process_cpu_s(daemon_pid)).start() if daemon_pid else None
    process_start = time.time()
    with log.open("w") as log_file:
        process = await asyncio.create_subprocess_exec(
            *command, env=env, stdout=log_file, stderr=log_file, start_new_session=True
        )
        try:
            exit_code: int | None = await asyncio.wait_for(process.wait(), timeout + 60)
        except asyncio.TimeoutError:
            os.killpg(process.pid, signal.SIGKILL)  # the run's own session: it and its gftp
            await process.wait()
            exit_code = None
    process_end = time.time()
    samples = sampler.stop() if sampler else []
    routes = dict(proxy.take())
    daemon_cpu = None
    if daemon_pid and daemon_cpu_before is not None:
        daemon_cpu = process_cpu_s(daemon_pid) - daemon_cpu_before
    raw: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    record = _converter.structure(
        {"library": library, "workload": workload.kind, "tasks": workload.tasks, **raw}
        | {"size": workload.size, "providers": list(providers)},
        RunRecord,
    )
    since = datetime.fromtimestamp(record.wall_t0 or time.time(), timezone.utc)
    invoices = await check_invoices(network, requestor, providers, since, settle_s=settle_s)
    metrics = measure(record, sum(routes.values()), invoices, daemon_cpu)
    phases = split_by_phase(samples, process_start, process_end, record)
    result = RunResult(
        workload, library, record, metrics, routes, invoices, exit_code, str(log), phases
    )
    verdict = "ok" if result.correct else f"FAILED (exit {exit_code}, see {log})"
    print(f"   {verdict}", file=sys.stderr, flush=True)
    return result


def import_rows(times: dict[str, ImportTime]) -> list[Row]:
    theirs, ours = times.get("yapapi"), times.get("golem_hl")
    rows = []
    for attribute, label in (("best_s", "time to import (s)"), ("best_cpu_s", "CPU to import (s)")):
        a = getattr(theirs, attribute) if theirs else None
        b = getattr(ours, attribute) if ours else None
        ratio = b / a if a and b is not None else None
        rows.append(Row("import, fresh interpreter, best of N", label, "lower", a, b, ratio))
    return rows


def measure_imports(
    pythons: dict[str, Path], env: dict[str, str], runs: int
) -> dict[str, ImportTime]:
    print(f"-- import, best of {runs} ...", file=sys.stderr, flush=True)
    return {
        library: time_import(python, library, env, runs, cwd=CHECKOUT)
        for library, python in pythons.items()
    }


def table_rows(
    results: Sequence[RunResult], imports: dict[str, ImportTime] | None = None
) -> list[Any]:
    rows = import_rows(imports) if imports else []
    for workload in dict.fromkeys(r.workload for r in results):
        by_library = {r.library: r for r in results if r.workload == workload}
        notes = []
        for library, result in by_library.items():
            if not result.correct:
                notes.append(f"{library} run failed")
            elif not result.invoices.all_accepted:
                got = result.invoices
                lost = f", {got.undelivered} never delivered" if got.undelivered else ""
                notes.append(f"{library}: {got.accepted}/{got.agreements} invoices accepted{lost}")
        theirs, ours = by_library.get("yapapi"), by_library.get("golem_hl")
        rows.extend(
            rows_for(
                workload.title,
                workload.kind,
                theirs.metrics if theirs else None,
                ours.metrics if ours else None,
                "; ".join(notes),
            )
        )
    return rows


def report(
    results: Sequence[RunResult], args: argparse.Namespace, imports: dict[str, ImportTime]
) -> dict[str, Any]:
    rows = table_rows(results, imports)
    versions = {r.library: r.record.version for r in results}
    return {
        "meta": {
            "date": datetime.now(timezone.utc).isoformat(),
            "machine": {
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
            },
            "versions": versions,
            "smoke": args.smoke,
            "definitions": "see bench/metrics.py",
        },
        "table": [attrs.asdict(row) for row in rows],
        "imports": {library: attrs.asdict(time) for library, time in imports.items()},
        "runs": [
            {
                "workload": attrs.asdict(r.workload),
                "title": r.workload.title,
                "library": r.library,
                "correct": r.correct,
                "exit_code": r.exit_code,
                "metrics": attrs.asdict(r.metrics),
                "invoices": attrs.asdict(r.invoices),
                "rest_requests": sum(r.rest_routes.values()),
                "rest_routes": dict(sorted(r.rest_routes.items())),
                "daemon_phases": attrs.asdict(r.daemon_phases) if r.daemon_phases else None,
                "record": _converter.unstructure(r.record),
                "log": r.log,
            }
            for r in results
        ],
    }


async def bench(
    args: argparse.Namespace, pythons: dict[str, Path], logs: Path, pycache: Path
) -> list[RunResult]:
    workloads = plan(args)
    if not workloads:
        return []
    providers = max(w.providers for w in workloads)
    # the exe-units our provider agents start here inherit this environment
    with bytecode_inherited(pycache):
        return await _bench_on(
            LocalNetwork(providers=providers), workloads, args, pythons, logs, pycache
        )


async def _bench_on(
    network: LocalNetwork,
    workloads: list[Workload],
    args: argparse.Namespace,
    pythons: dict[str, Path],
    logs: Path,
    pycache: Path,
) -> list[RunResult]:
    results: list[RunResult] = []
    async with network:
        api_port = urlsplit(network.requestor_api_url).port
        assert api_port is not None
        async with (
            CountingProxy(api_port, port=args.proxy_port) as proxy,
            GolemNode(app_key=network.requestor_app_key, api_url=network.requestor_api_url) as node,
        ):
            envs = {
                library: bytecode_env(
                    runner_env(
                        network,
                        proxy.url,
                        gftp_shim(logs / "yapapi-path") if library == "yapapi" else None,
                    ),
                    pycache,
                )
                for library in args.libraries
            }
            ids = [p.node_id for p in network.providers]
            seen = await wait_for_offers(node, network.subnet, ids, MARKET_WARM_UP_S)
            if missing := set(ids) - seen:
                raise RuntimeError(f"no offer from {sorted(missing)} in {MARKET_WARM_UP_S} s")
            for workload in workloads:
                for library in args.libraries:
                    results.append(
                        await run_one(
                            workload,
                            library,
                            pythons[library],
                            network=network,
                            requestor=node,
                            proxy=proxy,
                            env=envs[library],
                            logs=logs,
                            timeout=args.run_timeout,
                            debug_logs=args.debug_logs,
                            settle_s=0.0 if args.smoke else SETTLE_S,
                        )
                    )
    return results


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",")]


def _names(text: str) -> list[str]:
    return text.split(",")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny run: correctness only")
    parser.add_argument(
        "--workloads", type=_names, default=list(WORKLOADS), help=f"({','.join(WORKLOADS)})"
    )
    parser.add_argument("--providers", type=_ints, default=[1, 5, 10], help="echo runs (1,5,10)")
    parser.add_argument("--echo-tasks", type=int, default=200)
    parser.add_argument("--transfer-tasks", type=int, default=20)
    parser.add_argument("--transfer-providers", type=int, default=5)
    parser.add_argument("--size", type=int, default=MB, help="bytes per transfer (1 MB)")
    parser.add_argument("--big-size", type=int, default=100 * MB, help="bigfile bytes (100 MB)")
    parser.add_argument("--scale-tasks", type=int, default=10_000)
    parser.add_argument("--scale-providers", type=int, default=5)
    parser.add_argument("--import-runs", type=int, default=7, help="fresh interpreters each")
    parser.add_argument("--libraries", type=_names, default=list(LIBRARIES))
    parser.add_argument("--json", type=Path, default=Path("bench-results.json"))
    parser.add_argument("--logs", type=Path, help="run logs (default: beside the JSON)")
    parser.add_argument("--yapapi-venv", type=Path, default=None)
    parser.add_argument("--run-timeout", type=float, default=DEFAULT_RUN_TIMEOUT_S)
    parser.add_argument("--proxy-port", type=int, default=0)
    parser.add_argument(
        "--debug-logs", action="store_true", help="the libraries' debug logs (not for timing)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if unknown := set(args.libraries) - set(LIBRARIES):
        raise SystemExit(f"unknown libraries: {sorted(unknown)}")
    if unknown := set(args.workloads) - set(WORKLOADS):
        raise SystemExit(f"unknown workloads: {sorted(unknown)}")
    wanted = max([*args.providers, args.transfer_providers, args.scale_providers])
    if not args.smoke and wanted > MAX_PROVIDERS:
        raise SystemExit(f"the local network has at most {MAX_PROVIDERS} providers")
    pythons = {"golem_hl": Path(sys.executable)}
    if "yapapi" in args.libraries:
        pythons["yapapi"] = ensure_yapapi(args.yapapi_venv or default_venv(YAPAPI_VERSION))
    logs = args.logs or args.json.with_name(args.json.stem + "-logs")
    logs.mkdir(parents=True, exist_ok=True)
    logs = Path(tempfile.mkdtemp(prefix="run-", dir=logs))
    # the network's own story (daemons, provider agents), for when a run goes wrong
    logging.basicConfig(
        filename=logs / "network.log",
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    pycache = default_venv(YAPAPI_VERSION).parent / "pycache"
    imports = {}
    if args.smoke or "import" in args.workloads:
        runs = 1 if args.smoke else args.import_runs
        imports = measure_imports(pythons, bytecode_env(os.environ, pycache), runs)
    results = asyncio.run(bench(args, pythons, logs, pycache))
    document = report(results, args, imports)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(document, indent=1, default=str))
    versions = document["meta"]["versions"]
    print(
        format_table(
            table_rows(results, imports),
            f"yapapi {versions.get('yapapi', YAPAPI_VERSION)}",
            f"golem_hl {versions.get('golem_hl', '?')}",
        )
    )
    if results:
        routes = route_rows((r.workload.title, r.library, r.rest_routes) for r in results)
        print("\nREST requests by route (per run)\n" + format_routes(routes))
        phases = format_phases(
            (r.workload.title, r.library, r.workload.tasks, r.daemon_phases) for r in results
        )
        if phases:
            print("\nrequestor daemon CPU by phase (per run)\n" + phases)
    print(f"\nsaved {args.json}; logs in {logs}")
    return 0 if all(r.correct for r in results) else 1
