"""A payment account's balance on chain, as the daemon's payment driver sees it.

yagna 0.17.6 has no REST call for balances: `yagna payment status` asks the daemon's
payment service over its GSB router (`$GSB_URL`, on this machine). We run that
command with `--json` and read its answer; `parse_payment_status` is the pure part.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import sys
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from golem_core.exceptions import GolemError
from golem_core.payment.networks import DEFAULT_DRIVER

__all__ = ["BalanceError", "ChainBalance", "chain_balance", "parse_payment_status", "yagna_binary"]

DEFAULT_TIMEOUT_S = 15.0


class BalanceError(GolemError):
    """The balance could not be read (no yagna binary, no router, unknown chain...)."""


@attrs.frozen
class ChainBalance:
    driver: str
    network: str
    token: str
    # tokens held by the account, and the part the daemon holds back for allocations
    amount: Decimal
    reserved: Decimal
    gas: Decimal | None
    gas_symbol: str | None


def _decimal(value: object, name: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise BalanceError(f"`yagna payment status`: {name} is not a number: {value!r}") from None
    if not amount.is_finite():
        raise BalanceError(f"`yagna payment status`: {name} is not finite: {value!r}")
    return amount


def parse_payment_status(answer: Mapping[str, Any]) -> ChainBalance:
    """`yagna payment status --json`'s answer as a ChainBalance."""
    try:
        gas = answer.get("gas")
        return ChainBalance(
            driver=str(answer["driver"]),
            network=str(answer["network"]),
            token=str(answer["token"]),
            amount=_decimal(answer["amount"], "amount"),
            reserved=_decimal(answer["reserved"], "reserved"),
            gas=_decimal(gas["balance"], "gas") if isinstance(gas, Mapping) else None,
            gas_symbol=str(gas["currency_short_name"]) if isinstance(gas, Mapping) else None,
        )
    except KeyError as missing:
        raise BalanceError(f"`yagna payment status` gave no {missing}") from None


def yagna_binary() -> str | None:
    """The `yagna` beside this Python (golem-node installs it there), else the one on PATH."""
    beside = Path(sys.executable).parent / "yagna"
    return str(beside) if beside.exists() else shutil.which("yagna")


def _last_error_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode(errors="replace").splitlines()]
    errors = [line for line in lines if line.startswith("Error:")]
    first = (errors or [line for line in lines if line] or ["no output"])[0]
    return first.split(", /", 1)[0]  # the rest is a source path in yagna's build


async def chain_balance(
    network: str,
    *,
    driver: str = DEFAULT_DRIVER,
    account: str | None = None,
    gsb_url: str | None = None,
    yagna: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> ChainBalance:
    """Ask the daemon behind `gsb_url` (default: `$GSB_URL`, else yagna's) for a balance."""
    binary = yagna or yagna_binary()
    if binary is None:
        raise BalanceError("no `yagna` binary here to ask for balances (pip install golem-node)")
    command = [binary, "payment", "status", "--json", "--network", network, "--driver", driver]
    command += ["--account", account] if account else []
    env = {**os.environ, **({"GSB_URL": gsb_url} if gsb_url else {})}
    try:
        process = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
    except OSError as error:
        raise BalanceError(f"cannot run {binary}: {error.strerror or error}") from None
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
    except BaseException as error:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        if isinstance(error, asyncio.TimeoutError):
            raise BalanceError(f"`yagna payment status` gave no answer in {timeout} s") from None
        raise
    if process.returncode != 0:
        why = _last_error_line(stderr)
        raise BalanceError(f"`yagna payment status --network {network}`: {why}")
    try:
        answer = json.loads(stdout)
    except ValueError:
        raise BalanceError("`yagna payment status --json` did not print JSON") from None
    if not isinstance(answer, dict):
        raise BalanceError(f"`yagna payment status --json` printed {answer!r}")
    return parse_payment_status(answer)
