"""A long-running service: "date" instances that keep the time in a file, and answer when asked.

    python examples/service.py                      # on a local Golem network of its own
    python examples/service.py --instances 2 --rounds 5
    python examples/service.py --api-url URL --app-key KEY --subnet-tag public

yapapi's DateService (its API reference's `run_service` example), grown a
little: each instance's `start()` deploys the payload and starts a loop on the
provider that writes `date` to a file every second; `run()` waits for control
messages and answers each with the file's content. The requestor asks every
instance a few times, then stops the cluster: each instance runs its
`shutdown()`, its activity is destroyed, its agreement ended and its invoice
paid. Ctrl-C does the same at any moment.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import parser, progress_enabled, run_example

from golem_hl import Golem, Script
from golem_hl.log import enable_default_logger
from golem_hl.payload import Payload, vm
from golem_hl.progress import show_progress
from golem_hl.services import Service, ServiceState

DATE_OUTPUT_PATH = "/golem/work/date.txt"
REFRESH_INTERVAL_SEC = 1


class DateService(Service):
    @staticmethod
    async def get_payload() -> Payload:
        return await vm.repo(image_hash="d646d7b93083d817846c2ae5c62c72ca0507782385a2e29291a3d376")

    async def start(self) -> AsyncGenerator[Script, Any]:
        async for script in super().start():  # deploy and start the payload
            yield script
        # every REFRESH_INTERVAL_SEC write the output of `date` to DATE_OUTPUT_PATH
        script = self._work_context().new_script()
        script.run(
            "/bin/sh",
            "-c",
            f"(while true; do date > {DATE_OUTPUT_PATH}; sleep {REFRESH_INTERVAL_SEC}; done)"
            " > /dev/null 2>&1 &",
        )
        yield script

    async def run(self) -> AsyncGenerator[Script, Any]:
        while True:
            question = await self._listen()  # whenever the requestor asks
            answer = ""
            while not answer:  # read again if it was caught between `date >` and its output
                script = self._work_context().new_script()
                future_result = script.run("/bin/sh", "-c", f"cat {DATE_OUTPUT_PATH}")
                yield script
                answer = ((await future_result).stdout or "").strip()
            await self._respond(answer, response_to=question)


async def main(args: argparse.Namespace) -> list[str]:
    answers: list[str] = []
    async with Golem(budget=1.0, subnet_tag=args.subnet_tag) as golem:
        show_progress(golem, enabled=progress_enabled(args))
        cluster = await golem.run_service(DateService, num_instances=args.instances)
        try:
            await cluster.wait_for_state(ServiceState.running, timeout=args.start_timeout)
            for instance in cluster.instances:
                print(f"{instance.id[:8]} is {instance.state.value} on {instance.provider_name}")
            for round_ in range(1, args.rounds + 1):
                for instance in cluster.instances:
                    await instance.send_message("what time is it?")
                for instance in cluster.instances:
                    answer = await instance.receive_message()
                    answers.append(answer.message)
                    print(f"round {round_}: {instance.provider_name} says {answer.message}")
                if round_ < args.rounds:
                    await asyncio.sleep(REFRESH_INTERVAL_SEC)  # the application's own pace
        finally:
            await cluster.terminate()
        for instance in cluster.instances:
            print(f"{instance.id[:8]} is {instance.state.value}")
    return answers


def options() -> argparse.ArgumentParser:
    options = parser("Run 'date' service instances on providers and ask them the time")
    options.add_argument("--instances", type=int, default=2, help="service instances (default 2)")
    options.add_argument("--rounds", type=int, default=3, help="questions per instance (default 3)")
    options.add_argument(
        "--start-timeout", type=float, default=120, help="seconds for the instances to start"
    )
    return options


if __name__ == "__main__":
    enable_default_logger()
    try:
        run_example(main, options())
    except KeyboardInterrupt:
        print("Interrupted: the services were stopped", file=sys.stderr)
        sys.exit(130)
