"""`python -m bench.chaos --seed N --minutes M [--yapapi]`: one chaos run, one-line verdict."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from bench.chaos.plan import DEFAULT_WEIGHTS, FaultKind
from bench.chaos.run import ChaosConfig, chaos
from bench.venv import default_venv, ensure_yapapi


def prepare_logs(logs: Path | None) -> str | None:
    """Make the `--logs` directory (a run found missing only after starting its network)."""
    if logs is None:
        return None
    try:
        logs.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"--logs {logs}: {error.strerror or error}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.chaos", description=__doc__)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--minutes", type=float, required=True)
    parser.add_argument("--providers", type=int, default=5)
    parser.add_argument("--concurrent", type=int, default=2, help="jobs running at once")
    parser.add_argument("--mean-fault-gap", type=float, default=6.0, help="seconds")
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        choices=[kind.value for kind in FaultKind],
        help="leave this kind of fault out (repeatable)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        choices=[kind.value for kind in FaultKind],
        help="only this kind of fault (repeatable)",
    )
    parser.add_argument(
        "--logs",
        type=Path,
        help="keep the apps' logs and journals, and every daemon's log and databases, here",
    )
    parser.add_argument(
        "--yapapi", action="store_true", help="run the jobs with yapapi 0.13.1 instead"
    )
    args = parser.parse_args(argv)
    if args.providers < 5:
        parser.error("a chaos run needs at least 5 providers")
    if args.minutes <= 0:
        parser.error("--minutes must be above 0")
    problem = prepare_logs(args.logs)
    if problem:
        parser.error(problem)
    config = ChaosConfig(
        seed=args.seed,
        minutes=args.minutes,
        providers=args.providers,
        concurrent=args.concurrent,
        mean_fault_gap_s=args.mean_fault_gap,
        logs=args.logs,
        weights={
            kind: weight
            for kind, weight in DEFAULT_WEIGHTS.items()
            if kind.value not in args.without and (not args.only or kind.value in args.only)
        },
        library="yapapi" if args.yapapi else "golem_hl",
        python=str(ensure_yapapi(default_venv())) if args.yapapi else sys.executable,
    )
    tally = asyncio.run(chaos(config))
    for problem in tally.problems():
        print(problem)
    print(tally.line())
    return 0 if tally.clean else 1


if __name__ == "__main__":
    sys.exit(main())
