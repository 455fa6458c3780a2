"""The `golem-gftp` command line: `server` (JSON-RPC on stdin/stdout) and `version`, as `gftp` has.

Installed as `golem-gftp`, not `gftp`: on PATH it would shadow Golem's own binary, which
yapapi runs on the real network. To give yapapi this one instead, put a directory with a
`gftp` that runs it on yapapi's PATH only (bench/run.py's `gftp_shim` does).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from golem_localnet.gftp.server import VERSION, serve_stdio

if TYPE_CHECKING:
    from golem_localnet.gftp.bus import ClosableBus

__all__ = ["DEFAULT_GSB_URL", "DESCRIPTION", "GSB_URL_ENV", "gsb_url_from", "main"]

# yagna's default when GSB_URL is not set (on unix)
DEFAULT_GSB_URL = "unix:/tmp/yagna.sock"
GSB_URL_ENV = "GSB_URL"

DESCRIPTION = (
    "gftp-compatible file transfer for yagna requestors (what yapapi runs as `gftp server`),"
    " served through the daemon's GSB router."
)


def gsb_url_from(argument: str | None, environ: Mapping[str, str]) -> str:
    """The router to use: the option, else `$GSB_URL` (as yagna reads it), else yagna's default."""
    return argument or environ.get(GSB_URL_ENV) or DEFAULT_GSB_URL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="golem-gftp", description=DESCRIPTION)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logs on stderr")
    commands = parser.add_subparsers(dest="command", required=True)
    server = commands.add_parser("server", help="JSON-RPC 2.0 requests on stdin, replies on stdout")
    server.add_argument(
        "--gsb-url",
        help=f"the daemon's GSB router (default: ${GSB_URL_ENV}, else {DEFAULT_GSB_URL})",
    )
    commands.add_parser("version", help="print the version and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="golem-gftp %(levelname)s %(name)s: %(message)s",
    )
    if args.command == "version":
        print(VERSION)
        return 0
    url = gsb_url_from(args.gsb_url, os.environ)

    async def connect() -> ClosableBus:
        from golem_core.gsb.router import GsbConnection

        return await GsbConnection.connect(url)

    try:
        asyncio.run(serve_stdio(connect))
    except KeyboardInterrupt:
        return 130
    return 0
