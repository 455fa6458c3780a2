"""`python -m golem_localnet.exeunit --activity-id ID --gsb-url URL --work-dir DIR ...`"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from golem_core.gsb.calls import GsbError
from golem_core.ids import ActivityId
from golem_localnet.exeunit.app import serve
from golem_localnet.exeunit.config import (
    DEFAULT_COMMAND_TIMEOUT,
    DEFAULT_REPORT_URL,
    ExeUnitConfig,
    FaultKind,
    Faults,
)


def parse_args(argv: Sequence[str] | None = None) -> ExeUnitConfig:
    parser = argparse.ArgumentParser(
        prog="python -m golem_localnet.exeunit",
        description="A Golem exe-unit that runs commands as local processes (see README).",
    )
    parser.add_argument("--activity-id", required=True)
    parser.add_argument(
        "--gsb-url",
        default=os.environ.get("GSB_URL"),
        help="the provider daemon's GSB router, e.g. tcp://127.0.0.1:7464 (default: $GSB_URL)",
    )
    parser.add_argument("--work-dir", required=True, type=Path)
    parser.add_argument("--agreement-file", type=Path)
    parser.add_argument("--report-url", default=DEFAULT_REPORT_URL)
    parser.add_argument(
        "--command-timeout",
        type=float,
        default=DEFAULT_COMMAND_TIMEOUT,
        help="seconds a Run may take when neither it nor its Exec sets a limit",
    )
    parser.add_argument("--sandbox", choices=["auto", "never"], default="auto")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="KIND[=VALUE]",
        help="inject a fault: " + ", ".join(k.value for k in FaultKind),
    )
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    if not args.gsb_url:
        parser.error("--gsb-url is required when GSB_URL is not set")
    try:
        faults = Faults.parse(args.fault)
    except ValueError as exc:
        parser.error(str(exc))
    logging.basicConfig(
        level=args.log_level.upper(),
        format="%(asctime)s %(levelname)s exeunit[%(process)d] %(name)s: %(message)s",
        stream=sys.stderr,
    )
    return ExeUnitConfig(
        activity_id=ActivityId(args.activity_id),
        gsb_url=args.gsb_url,
        work_dir=args.work_dir.resolve(),
        agreement_file=args.agreement_file,
        faults=faults,
        report_url=args.report_url,
        command_timeout=args.command_timeout,
        sandbox=args.sandbox,
    )


def main(argv: Sequence[str] | None = None) -> int:
    config = parse_args(argv)
    try:
        return asyncio.run(serve(config))
    except GsbError as exc:  # no router, or the activity is served already
        logging.getLogger("golem_localnet.exeunit").error("%s", exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())
