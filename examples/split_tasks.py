"""A job split into many tasks: the sum of squares of 1..N, one range of numbers per task.

Each task sends its range to the provider, computes there with `awk`, and
brings the partial sum back as JSON. The requestor adds the parts up and
checks the total against n(n+1)(2n+1)/6.

    python examples/split_tasks.py                        # on a local Golem network of its own
    python examples/split_tasks.py --tasks 20 --numbers 20000 --max-workers 3
    python examples/split_tasks.py --slow 30              # long tasks: try Ctrl-C while they run
    python examples/split_tasks.py --slow 2 --progress    # a live progress line in the terminal
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterable, AsyncIterator, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import parser, progress_enabled, run_example

from golem_hl import Golem, Script, Task, WorkContext
from golem_hl.log import enable_default_logger, log_summary
from golem_hl.payload import vm
from golem_hl.progress import show_progress

# reads the range the requestor sent, writes {"sum": ...} for it to download, then
# sleeps $1 seconds (0 unless --slow)
COMPUTE = (
    "set -e; read -r first last < /golem/input/range.txt; "
    'seq "$first" "$last" | awk \'{ s += $1 * $1 } END { printf "{\\"sum\\": %.0f}", s }\' '
    '> /golem/output/sum.json; sleep "$1"'
)

Range = tuple[int, int]
Worker = Callable[[WorkContext, AsyncIterable[Task[Range, int]]], AsyncIterator[Script]]


def ranges(numbers: int, tasks: int) -> list[Range]:
    """1..numbers cut into `tasks` contiguous ranges (the last ones may be shorter)."""
    size = -(-numbers // tasks)
    return [(first, min(first + size - 1, numbers)) for first in range(1, numbers + 1, size)]


def summing_worker(slow: float) -> Worker:
    async def worker(
        ctx: WorkContext, tasks: AsyncIterable[Task[Range, int]]
    ) -> AsyncIterator[Script]:
        async for task in tasks:
            first, last = task.data
            parts: list[Any] = []
            script = ctx.new_script()
            script.upload_bytes(f"{first} {last}\n".encode(), "/golem/input/range.txt")
            script.run("/bin/sh", "-c", COMPUTE, "compute", str(slow))
            script.download_json("/golem/output/sum.json", parts.append, limit=1024)
            yield script
            task.accept_result(result=int(parts[0]["sum"]))

    return worker


async def main(args: argparse.Namespace) -> int:
    package = await vm.repo(image_hash="d646d7b93083d817846c2ae5c62c72ca0507782385a2e29291a3d376")
    work: list[Task[Range, int]] = [Task(data=r) for r in ranges(args.numbers, args.tasks)]
    total = 0
    async with Golem(budget=5.0, subnet_tag=args.subnet_tag, event_consumer=log_summary()) as golem:
        show_progress(golem, total=len(work), enabled=progress_enabled(args))
        async for task in golem.execute_tasks(
            summing_worker(args.slow), work, payload=package, max_workers=args.max_workers
        ):
            total += task.result or 0
            print(f"task {task.id} {task.data}: {task.result} (in {task.running_time})")
    expected = args.numbers * (args.numbers + 1) * (2 * args.numbers + 1) // 6
    verdict = "correct" if total == expected else "WRONG"
    print(f"sum of squares of 1..{args.numbers}: {total} ({verdict})")
    if total != expected:
        raise SystemExit(1)
    return total


if __name__ == "__main__":
    options = parser("Sum the squares of 1..N in many tasks on several providers")
    options.add_argument("--tasks", type=int, default=20, help="how many tasks (default 20)")
    options.add_argument("--numbers", type=int, default=20000, help="N (default 20000)")
    options.add_argument("--max-workers", type=int, default=3, help="providers at once (3)")
    options.add_argument("--slow", type=float, default=0.0, help="seconds each task sleeps")
    enable_default_logger()
    try:
        run_example(main, options)
    except KeyboardInterrupt:
        print("Interrupted: the job was cancelled and everything was cleaned up")
        raise SystemExit(130) from None
