"""A chaos run's requestor app: one job's tasks with yapapi or golem_hl, results as JSON lines.

    python bench/chaos/app.py --library golem_hl|yapapi --job job.json --out out.jsonl

Like `bench/workload.py` it imports the standard library and the library under
test only, so the same file runs in yapapi's own virtualenv. It appends one line
per fact to `--out` as it happens (flushed at once, so an interrupted run
leaves what it delivered):

    {"kind": "agreement", "id": ..., "provider": ...}   an agreement was confirmed
    {"kind": "result", "task": N, "value": ...}         a task's result came out
    {"kind": "error", "text": ...}                      the job failed

Tasks listed in the job file's `done` are not run again: the harness restarts
an interrupted job with what is left.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
import traceback
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from typing import IO, Any

IMAGE_HASH = "9a3b5d67b0b27746283cb5f287c13eab1beaa12d92a9f536b747c7ae"


class Journal:
    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, **fact: Any) -> None:
        self._stream.write(json.dumps(fact) + "\n")
        self._stream.flush()
        os.fsync(self._stream.fileno())


def agreement_recorder(journal: Journal) -> Any:
    def consume(event: Any) -> None:
        if type(event).__name__ == "AgreementConfirmed":
            agreement = event.agreement
            journal.write(kind="agreement", id=agreement.id, provider=_issuer(agreement))

    return consume


def _issuer(agreement: Any) -> str | None:
    details = getattr(agreement, "details", None)
    provider = getattr(details, "provider_id", None) if details is not None else None
    return provider if isinstance(provider, str) else getattr(agreement, "provider_id", None)


async def run(args: argparse.Namespace, journal: Journal) -> None:
    top = importlib.import_module(args.library)
    vm = importlib.import_module(f"{args.library}.payload.vm")
    with open(args.job, encoding="utf-8") as spec:  # noqa: ASYNC230 - before any work starts
        job = json.loads(spec.read())
    done = set(job.get("done", []))
    shells = {t["task_id"]: t["shell"] for t in job["tasks"] if t["task_id"] not in done}
    payload = await vm.repo(image_hash=IMAGE_HASH, repository_url=args.repository_url)

    async def worker(ctx: Any, tasks: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for task in tasks:
            script = ctx.new_script(timeout=timedelta(seconds=30))
            future = script.run("/bin/sh", "-c", shells[task.data])
            yield script
            task.accept_result(result=(await future).stdout)

    golem = top.Golem(
        budget=Decimal(job["budget"]),
        subnet_tag=args.subnet,
        payment_driver="erc20",
        payment_network="holesky",
    )
    golem.add_event_consumer(agreement_recorder(journal))
    async with golem:
        async for task in golem.execute_tasks(
            worker,
            [top.Task(data=task_id) for task_id in sorted(shells)],
            payload=payload,
            max_workers=args.max_workers,
            timeout=timedelta(seconds=args.timeout),
            job_id=job["job_id"],
        ):
            journal.write(kind="result", task=task.data, value=task.result)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--library", choices=["golem_hl", "yapapi"], required=True)
    parser.add_argument("--job", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repository-url", required=True)
    parser.add_argument("--subnet", default="public")
    parser.add_argument("--max-workers", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--debug-log", help="the library's own debug log")
    args = parser.parse_args()
    if args.debug_log:
        importlib.import_module(f"{args.library}.log").enable_default_logger(
            log_file=args.debug_log
        )
    with open(args.out, "a", encoding="utf-8") as out:
        journal = Journal(out)
        try:
            asyncio.run(run(args, journal))
        except KeyboardInterrupt:
            journal.write(kind="interrupted")
            return 130
        except BaseException as error:  # the harness reads it and restarts the job
            journal.write(kind="error", text="".join(traceback.format_exception(error))[-2000:])
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
