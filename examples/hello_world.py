"""Hello world: one task, one provider, the output of `date` (yapapi's API reference example).

python examples/hello_world.py                      # on a local Golem network of its own
python examples/hello_world.py --api-url URL --app-key KEY --subnet-tag public
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterable, AsyncIterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import run_example

from golem_hl import Golem, Script, Task, WorkContext
from golem_hl.payload import vm


async def worker(
    context: WorkContext, tasks: AsyncIterable[Task[None, str]]
) -> AsyncIterator[Script]:
    async for task in tasks:
        script = context.new_script()
        future_result = script.run("/bin/sh", "-c", "date")
        yield script
        task.accept_result(result=(await future_result).stdout)


async def main(args: argparse.Namespace) -> list[str]:
    package = await vm.repo(
        image_hash="d646d7b93083d817846c2ae5c62c72ca0507782385a2e29291a3d376",
    )
    outputs = []
    async with Golem(budget=1.0, subnet_tag=args.subnet_tag) as golem:
        async for completed in golem.execute_tasks(worker, [Task(data=None)], payload=package):
            print(completed.result, end="")
            outputs.append(completed.result or "")
    return outputs


if __name__ == "__main__":
    run_example(main, "Run `date` on a provider")
