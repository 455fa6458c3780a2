"""One benchmark run of one library, in a process of its own (the harness starts it).

    python bench/workload.py --library yapapi|golem_hl --workload echo|transfer ...

The same code drives both libraries through the API they share (yapapi's:
`Golem`, `execute_tasks`, `Task`, `WorkContext` scripts, `vm.repo`,
`ProviderFilter`), so the two runs differ only in the library. It imports the
standard library and the library under test, nothing of ours: yapapi's run
happens in a separate virtualenv that has only yapapi. The configuration comes
from the environment as for any app (YAGNA_APPKEY, YAGNA_API_URL, GSB_URL...).

It writes one JSON document to `--out`: what ran, when each task was handed
to a worker and when its result came out of `execute_tasks` (seconds since
`t0`, taken just before `Golem` is built), whether every result was right, and
the process's peak resident memory, the CPU it used from `t0` to the end, and its
resident memory after every 1,000th result. Measuring and judging happen in the harness.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import importlib
import importlib.metadata
import json
import os
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

# The image every task asks for; the local network's repository resolves any hash.
IMAGE_HASH = "9a3b5d67b0b27746283cb5f287c13eab1beaa12d92a9f536b747c7ae"
INPUT_PATH = "/golem/input/data.bin"
OUTPUT_PATH = "/golem/output/data.bin"
# (top module, payload module, module with ProviderFilter, distribution)
LIBRARIES = {
    "yapapi": ("yapapi", "yapapi.payload", "yapapi.contrib.strategy", "yapapi"),
    "golem_hl": ("golem_hl", "golem_hl.payload", "golem_hl.strategy", "golem-requestor"),
}


class Library:
    """The few names the workloads use, from yapapi or from golem_hl."""

    def __init__(self, name: str) -> None:
        top, payload, strategy, distribution = LIBRARIES[name]
        self.name = name
        self.top: Any = importlib.import_module(top)
        self.vm: Any = importlib.import_module(f"{payload}.vm")
        self.provider_filter: Any = importlib.import_module(strategy).ProviderFilter
        self.version = importlib.metadata.version(distribution)


RSS_EVERY = 1000  # results between two samples of resident memory
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def cpu_s() -> float:
    """User + system CPU seconds of this process (its threads included, children not)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_kib() -> int:
    """Resident memory now (not the peak)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE // 1024


class Recorder:
    """Task timings, in seconds since t0; CPU used since t0; memory every RSS_EVERY results."""

    def __init__(self) -> None:
        self.t0 = time.monotonic()
        self.wall_t0 = time.time()
        self.cpu_t0 = cpu_s()
        self.started: dict[int, float] = {}
        self.results: dict[int, float] = {}
        self.rss_kib: dict[int, int] = {}
        self.wrong: list[str] = []

    def now(self) -> float:
        return time.monotonic() - self.t0

    def result(self, index: int) -> None:
        self.results[index] = self.now()
        if len(self.results) % RSS_EVERY == 0:
            self.rss_kib[len(self.results)] = rss_kib()

    def cpu(self) -> float:
        return cpu_s() - self.cpu_t0


Worker = Callable[[Any, AsyncIterator[Any]], AsyncIterator[Any]]


def echo_worker(recorder: Recorder) -> Worker:
    async def worker(ctx: Any, tasks: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for task in tasks:
            recorder.started.setdefault(task.data, recorder.now())
            script = ctx.new_script()
            future = script.run("/bin/sh", "-c", f"echo {task.data}")
            yield script
            result = await future
            task.accept_result(result=result.stdout)

    return worker


def transfer_worker(recorder: Recorder, workdir: Path) -> Worker:
    async def worker(ctx: Any, tasks: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for task in tasks:
            recorder.started.setdefault(task.data, recorder.now())
            output = workdir / f"out-{task.data}.bin"
            script = ctx.new_script()
            script.upload_file(str(workdir / f"in-{task.data}.bin"), INPUT_PATH)
            script.run("/bin/sh", "-c", f"cp {INPUT_PATH} {OUTPUT_PATH}")
            script.download_file(OUTPUT_PATH, str(output))
            yield script
            task.accept_result(result=str(output))

    return worker


def prepare_inputs(workdir: Path, tasks: int, size: int) -> dict[int, str]:
    """One file of random bytes per task, made before the clock starts; their SHA3-256."""
    digests = {}
    for index in range(tasks):
        data = os.urandom(size)
        (workdir / f"in-{index}.bin").write_bytes(data)
        digests[index] = hashlib.sha3_256(data).hexdigest()
    return digests


def check_result(args: argparse.Namespace, index: int, result: Any, digests: dict[int, str]) -> str:
    """Empty when the task's result is right, else what is wrong with it."""
    if args.workload == "echo":
        expected = f"{index}\n"
        return "" if result == expected else f"task {index}: stdout {result!r}, not {expected!r}"
    path = Path(str(result))
    if not path.exists():
        return f"task {index}: no downloaded file {path}"
    digest = hashlib.sha3_256(path.read_bytes()).hexdigest()
    return "" if digest == digests[index] else f"task {index}: downloaded bytes differ"


async def run(args: argparse.Namespace, library: Library, report: dict[str, Any]) -> None:
    # inputs and downloads live only as long as the run: nothing is left in the temp dir
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        await _run_in(Path(work), args, library, report)


async def _run_in(
    workdir: Path, args: argparse.Namespace, library: Library, report: dict[str, Any]
) -> None:
    digests = prepare_inputs(workdir, args.tasks, args.size) if args.workload == "transfer" else {}
    allowed = set(args.providers.split(","))
    payload = await library.vm.repo(image_hash=IMAGE_HASH, repository_url=args.repository_url)

    recorder = Recorder()
    report["wall_t0"] = recorder.wall_t0
    golem = library.top.Golem(
        budget=Decimal(args.budget),
        subnet_tag=args.subnet,
        payment_driver="erc20",
        payment_network="holesky",
    )
    golem.strategy = library.provider_filter(golem.strategy, lambda issuer: issuer in allowed)
    worker = (
        echo_worker(recorder) if args.workload == "echo" else transfer_worker(recorder, workdir)
    )
    tasks = [library.top.Task(data=index) for index in range(args.tasks)]
    try:
        async with golem:
            report["t_engine_up"] = recorder.now()
            async for done in golem.execute_tasks(
                worker,
                tasks,
                payload=payload,
                max_workers=len(allowed),
                timeout=timedelta(seconds=args.timeout),
            ):
                recorder.result(done.data)
                wrong = check_result(args, done.data, done.result, digests)
                if wrong:
                    recorder.wrong.append(wrong)
            report["t_last_yield"] = recorder.now()
        report["t_exit"] = recorder.now()
    finally:
        report["cpu_s"] = recorder.cpu()
        report["rss_end_kib"] = rss_kib()
        report["rss_kib"] = recorder.rss_kib
        report["started"] = recorder.started
        report["results"] = recorder.results
        report["wrong"] = recorder.wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--library", choices=sorted(LIBRARIES), required=True)
    parser.add_argument("--workload", choices=["echo", "transfer"], required=True)
    parser.add_argument("--tasks", type=int, required=True)
    parser.add_argument("--size", type=int, default=0, help="bytes per transfer task")
    parser.add_argument("--providers", required=True, help="comma-separated provider node ids")
    parser.add_argument("--repository-url", required=True)
    parser.add_argument("--subnet", default=os.environ.get("YAGNA_SUBNET", "public"))
    parser.add_argument("--budget", default="10")
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--out", required=True)
    parser.add_argument("--debug-log", help="the library's own debug log (slows it down)")
    args = parser.parse_args()

    report: dict[str, Any] = {
        "library": args.library,
        "workload": args.workload,
        "tasks": args.tasks,
        "size": args.size,
        "providers": sorted(args.providers.split(",")),
        "python": sys.version.split()[0],
        "errors": [],
    }
    status = 0
    try:
        library = Library(args.library)
        report["version"] = library.version
        if args.debug_log:
            importlib.import_module(f"{args.library}.log").enable_default_logger(
                log_file=args.debug_log,
                debug_activity_api=True,
                debug_market_api=True,
                debug_payment_api=True,
            )
        asyncio.run(run(args, library, report))
    except BaseException as error:  # reported in the JSON; the harness decides
        report["errors"].append("".join(traceback.format_exception(error)))
        status = 1
    report["peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    report["children_peak_rss_kib"] = children.ru_maxrss
    report["children_cpu_s"] = children.ru_utime + children.ru_stime
    Path(args.out).write_text(json.dumps(report, indent=1))
    return status


if __name__ == "__main__":
    sys.exit(main())
