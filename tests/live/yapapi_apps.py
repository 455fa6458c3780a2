"""yapapi apps run by real yapapi 0.13.1 (its own virtualenv) or, unchanged, by golem_hl.

    python yapapi_apps.py --library yapapi|golem_hl --app long|mixed --out result.json

It imports the standard library and the library under test, nothing of ours.
`long` is yapapi's goth test of mid-agreement payments: one task runs
`sleep 105` under debit notes every 25-30 s, each payable within 60-70 s.
`mixed` runs, in one Golem: a service that answers once and stops (its states
from ServiceStateChanged events), a command
that fails, a file through gftp and back, and the Python image's
`/usr/local/bin/python` (yapapi's market-strategy example). The network comes
from the environment as for any app (YAGNA_APPKEY, YAGNA_API_URL...; the
image repository from GOLEM_REPOSITORY_URL). The JSON it writes tells what
happened; the test judges it.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

ALPINE = "d646d7b93083d817846c2ae5c62c72ca0507782385a2e29291a3d376"
PYTHON = "5c385688be6ed4e339a43d8a68bfb674d60951b4970448ba20d1934d"


class App:
    def __init__(self, library: str) -> None:
        self.lib: Any = importlib.import_module(library)
        self.vm: Any = importlib.import_module(f"{library}.payload.vm")
        self.strategy: Any = importlib.import_module(f"{library}.strategy")
        self.events: Any = importlib.import_module(f"{library}.events")
        self.services: Any = importlib.import_module(f"{library}.services")
        self.report: dict[str, Any] = {
            "agreements": [],
            "debit_notes": {},
            "terminated": [],
            "service_states": [],
        }
        self.service_over: asyncio.Event | None = None

    async def package(self, image_hash: str) -> Any:
        url = os.environ["GOLEM_REPOSITORY_URL"]
        return await self.vm.repo(image_hash=image_hash, repository_url=url)

    def consume(self, event: Any) -> None:
        events, report = self.events, self.report
        if isinstance(event, events.AgreementConfirmed):
            report["agreements"].append(event.agreement.id)
        elif isinstance(event, events.DebitNoteReceived):
            notes = report["debit_notes"]
            notes[event.agreement.id] = notes.get(event.agreement.id, 0) + 1
        elif isinstance(event, events.AgreementTerminated):
            report["terminated"].append([event.agreement.id, str(event.reason)])
        elif isinstance(event, events.ServiceStateChanged):
            state = str(event.new.value)
            report["service_states"].append(state)
            if state in ("terminated", "unresponsive") and self.service_over is not None:
                self.service_over.set()

    def golem(self, strategy: Any = None) -> Any:
        golem = self.lib.Golem(
            budget=10.0,
            subnet_tag=os.environ["YAGNA_SUBNET"],
            payment_driver="erc20",
            payment_network="holesky",
            event_consumer=self.consume,
            **({"strategy": strategy} if strategy is not None else {}),
        )
        return golem

    async def long(self) -> None:
        s = self.strategy

        base: Any = s.LeastExpensiveLinearPayuMS

        class ShortDebitNoteIntervalAndPaymentTimeout(base):  # type: ignore[misc]
            acceptable_prop_value_range_overrides: ClassVar[dict[str, Any]] = {
                s.PROP_DEBIT_NOTE_INTERVAL_SEC: s.PropValueRange(25, 30),
                s.PROP_PAYMENT_TIMEOUT_SEC: s.PropValueRange(60, 70),
            }

        async def worker(ctx: Any, tasks: Any) -> Any:
            async for task in tasks:
                script = ctx.new_script()
                future = script.run("/bin/sh", "-c", "sleep 105 && echo slept")
                yield script
                task.accept_result(result=(await future).stdout)

        async with self.golem(ShortDebitNoteIntervalAndPaymentTimeout()) as golem:
            async for done in golem.execute_tasks(
                worker,
                [self.lib.Task(data=None)],
                payload=await self.package(ALPINE),
                max_workers=1,
                timeout=timedelta(hours=24),  # long enough for mid-agreement payments
            ):
                self.report["result"] = done.result

    async def mixed(self) -> None:
        async with self.golem() as golem:
            await asyncio.gather(self.service(golem), self.tasks(golem))

    async def service(self, golem: Any) -> None:
        app, report = self, self.report
        service: Any = self.services.Service

        class Once(service):  # type: ignore[misc]
            @staticmethod
            async def get_payload() -> Any:
                return await app.package(ALPINE)

            async def run(self) -> Any:
                script = self._ctx.new_script()
                future = script.run("/bin/sh", "-c", "echo service-up")
                yield script
                report["service_said"] = (await future).stdout

        self.service_over = asyncio.Event()
        await golem.run_service(Once, num_instances=1)
        await asyncio.wait_for(self.service_over.wait(), 300)

    async def tasks(self, golem: Any) -> None:
        with tempfile.TemporaryDirectory() as work:
            source, target = Path(work) / "in.txt", Path(work) / "out.txt"
            source.write_text("hello gftp\n")

            async def worker(ctx: Any, tasks: Any) -> Any:
                async for task in tasks:
                    script = ctx.new_script()
                    if task.data == "fail":
                        future = script.run("/bin/sh", "-c", "echo oops >&2; exit 3")
                    else:
                        script.upload_file(str(source), "/golem/input/in.txt")
                        script.run("/bin/sh", "-c", "tr a-z A-Z < /golem/input/in.txt > out.txt")
                        script.run("/bin/cp", "/golem/work/out.txt", "/golem/output/out.txt")
                        script.download_file("/golem/output/out.txt", str(target))
                        future = script.run("/bin/sh", "-c", "pwd; echo /golem/output/x")
                    try:
                        yield script
                        task.accept_result(result=(await future).stdout)
                    except Exception as error:  # a failed command is thrown into the worker
                        task.accept_result(result=f"{type(error).__name__}: {error}")

            async for done in golem.execute_tasks(
                worker,
                [self.lib.Task(data="fail"), self.lib.Task(data="transfer")],
                payload=await self.package(ALPINE),
                max_workers=2,
                timeout=timedelta(minutes=4),
            ):
                self.report[f"task_{done.data}"] = done.result
            self.report["downloaded"] = target.read_text() if target.exists() else None

        async def python_worker(ctx: Any, tasks: Any) -> Any:
            async for task in tasks:
                script = ctx.new_script()
                command = ["/usr/local/bin/python", "-c", "print(6 * 7)"]
                future = script.run("/usr/bin/time", "-p", *command)
                yield script
                task.accept_result(result=(await future).stdout)

        async for done in golem.execute_tasks(
            python_worker,
            [self.lib.Task(data="python")],
            payload=await self.package(PYTHON),
            max_workers=1,
            timeout=timedelta(minutes=4),
        ):
            self.report["task_python"] = done.result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--library", choices=["yapapi", "golem_hl"], required=True)
    parser.add_argument("--app", choices=["long", "mixed"], required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    app = App(args.library)
    try:
        asyncio.run(app.long() if args.app == "long" else app.mixed())
    finally:
        args.out.write_text(json.dumps(app.report, indent=1))
    print("done", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
