"""`golem-requestor`: look at one's yagna daemon from a shell.

Commands: `status`, `offers`, `allocations [list|release]`, `invoices`, `debit-notes`.
Each prints a table, or with `--json` one JSON document (the same records) for scripts.
The daemon comes from `--api-url` / `--app-key`, else YAGNA_API_URL / YAGNA_APPKEY.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console, RenderableType

from golem_core.cli import queries, render
from golem_core.cli.views import Record
from golem_core.exceptions import ConfigurationError, GolemError
from golem_core.node import GolemNode
from golem_core.payment.networks import PAYMENT_NETWORKS, TESTNET_NOW, payment_network

__all__ = ["app", "main"]

T = TypeVar("T")

app = typer.Typer(
    name="golem-requestor",
    help="Look at your yagna daemon: identity, balances, market offers, allocations, documents.",
    no_args_is_help=True,
    add_completion=False,
    # a traceback's locals could show the app key
    pretty_exceptions_show_locals=False,
)
allocations_app = typer.Typer(help="Allocations: budgets reserved for paying providers.")
app.add_typer(allocations_app, name="allocations")

ApiUrl = Annotated[
    str | None,
    typer.Option("--api-url", envvar="YAGNA_API_URL", help="the daemon's REST API"),
]
AppKey = Annotated[
    str | None,
    typer.Option(
        "--app-key",
        envvar="YAGNA_APPKEY",
        help="an app key (yagna app-key create)",
        show_default=False,
    ),
]
Json = Annotated[bool, typer.Option("--json", help="print JSON for scripts instead of a table")]
_NETWORKS = ", ".join(PAYMENT_NETWORKS)


def _fail(message: str, code: int = 1) -> typer.Exit:
    Console(stderr=True).print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _run(api_url: str | None, app_key: str | None, work: Callable[[GolemNode], Awaitable[T]]) -> T:
    """Connect, run `work`, close; every failure becomes one line on stderr and exit code 1."""

    async def session() -> T:
        async with GolemNode(app_key=app_key, api_url=api_url) as node:
            return await work(node)

    try:
        return asyncio.run(session())
    except ConfigurationError as error:
        raise _fail(str(error), 2) from None
    except (GolemError, ValueError) as error:
        raise _fail(str(error)) from None


def _print(as_json: bool, document: Any, view: Callable[[], RenderableType]) -> None:
    if as_json:
        typer.echo(json.dumps(document, indent=2))
    else:
        console = Console()
        if not console.is_terminal:  # piped: whole lines, not a width someone guessed
            console = Console(width=max(console.width, 200))
        console.print(view())


@app.command()
def status(
    network: Annotated[
        list[str] | None,
        typer.Option(
            "--network",
            "-n",
            help=f"payment network to show even without an account there ({_NETWORKS});"
            f" default: $YAGNA_PAYMENT_NETWORK, else {TESTNET_NOW}",
        ),
    ] = None,
    gsb_url: Annotated[
        str | None,
        typer.Option(
            "--gsb-url", envvar="GSB_URL", help="the daemon's GSB router, for balances (yagna's)"
        ),
    ] = None,
    api_url: ApiUrl = None,
    app_key: AppKey = None,
    as_json: Json = False,
) -> None:
    """Daemon version and identity; per payment network: balance, reserved and allocated amounts.

    Balances come from `yagna payment status` (the daemon's GSB router, $GSB_URL).
    """
    names = network or [os.environ.get("YAGNA_PAYMENT_NETWORK") or TESTNET_NOW]
    try:
        asked = [payment_network(name) for name in names]
    except ValueError as error:
        raise _fail(str(error), 2) from None
    found = _run(api_url, app_key, lambda node: queries.status(node, asked, gsb_url=gsb_url))
    _print(as_json, found, lambda: render.status_view(found))


@app.command()
def offers(
    network: Annotated[
        str | None,
        typer.Option("--network", "-n", help="pay on this network (default: as for status)"),
    ] = None,
    subnet: Annotated[
        str | None,
        typer.Option(help="subnet tag (default: $YAGNA_SUBNET, else public)"),
    ] = None,
    runtime: Annotated[str, typer.Option(help="runtime name; '' for any")] = "vm",
    min_cores: Annotated[int | None, typer.Option(min=1)] = None,
    min_threads: Annotated[int | None, typer.Option(min=1)] = None,
    min_memory: Annotated[float | None, typer.Option(help="GiB", min=0)] = None,
    min_storage: Annotated[float | None, typer.Option(help="GiB", min=0)] = None,
    scan_for: Annotated[
        float, typer.Option("--for", help="seconds to collect offers", min=0.5)
    ] = 10.0,
    api_url: ApiUrl = None,
    app_key: AppKey = None,
    as_json: Json = False,
) -> None:
    """Scan the market for a while: offers matching the constraints, with their prices.

    Prices are in the network's token: start (once), cpu/h (per CPU hour), env/h (per hour).
    """
    try:
        chosen = payment_network(network or os.environ.get("YAGNA_PAYMENT_NETWORK") or TESTNET_NOW)
    except ValueError as error:
        raise _fail(str(error), 2) from None
    query = queries.OfferQuery(
        network=chosen,
        subnet=subnet or os.environ.get("YAGNA_SUBNET") or "public",
        runtime=runtime or None,
        min_cores=min_cores,
        min_threads=min_threads,
        min_memory_gib=min_memory,
        min_storage_gib=min_storage,
        duration=timedelta(seconds=scan_for),
    )
    found = _run(api_url, app_key, lambda node: queries.offers(node, query))
    title = f"offers on {query.subnet}, paid on {chosen.name} ({len(found)})"
    _print(
        as_json,
        found,
        lambda: render.table_of(found, render.OFFER_COLUMNS, title=title, empty="no offers"),
    )


def _list_allocations(api_url: str | None, app_key: str | None, as_json: bool) -> None:
    found = _run(api_url, app_key, queries.allocations)
    _print(
        as_json,
        found,
        lambda: render.table_of(
            found, render.ALLOCATION_COLUMNS, title="allocations", empty="no allocations"
        ),
    )


@allocations_app.callback(invoke_without_command=True)
def allocations(
    ctx: typer.Context, api_url: ApiUrl = None, app_key: AppKey = None, as_json: Json = False
) -> None:
    """List allocations (the default) or release them."""
    if ctx.invoked_subcommand is None:
        _list_allocations(api_url, app_key, as_json)


@allocations_app.command("list")
def allocations_list(api_url: ApiUrl = None, app_key: AppKey = None, as_json: Json = False) -> None:
    """Allocations not released yet: platform, total, spent, remaining, expiry."""
    _list_allocations(api_url, app_key, as_json)


@allocations_app.command("release")
def allocations_release(
    ids: Annotated[list[str] | None, typer.Argument(help="allocation ids")] = None,
    release_all: Annotated[bool, typer.Option("--all", help="release every allocation")] = False,
    api_url: ApiUrl = None,
    app_key: AppKey = None,
    as_json: Json = False,
) -> None:
    """Give allocations back (what is left returns to the account's free balance)."""
    if bool(ids) == release_all:
        raise _fail("name the allocations to release, or pass --all", 2)

    async def release(node: GolemNode) -> list[str]:
        chosen: Sequence[str] = ids or []
        if release_all:
            chosen = [str(r["allocation_id"]) for r in await queries.allocations(node)]
        return await queries.release_allocations(node, chosen)

    released = _run(api_url, app_key, release)
    if as_json:
        typer.echo(json.dumps({"released": released}, indent=2))
    else:
        typer.echo("\n".join(f"released {i}" for i in released) or "nothing to release")


def _documents(
    as_json: bool,
    records: list[Record],
    status_filter: str | None,
    columns: Sequence[render.Column],
    title: str,
) -> None:
    if status_filter:
        records = [r for r in records if str(r["status"]).upper() == status_filter.upper()]
    _print(
        as_json,
        records,
        lambda: render.table_of(records, columns, title=title, empty=f"no {title}"),
    )


StatusFilter = Annotated[
    str | None,
    typer.Option("--status", help="only these (RECEIVED, ACCEPTED, SETTLED, REJECTED, ...)"),
]


@app.command()
def invoices(
    status_filter: StatusFilter = None,
    api_url: ApiUrl = None,
    app_key: AppKey = None,
    as_json: Json = False,
) -> None:
    """Invoices received (or issued): agreement, amount, status, oldest first."""
    found = _run(api_url, app_key, queries.invoices)
    _documents(as_json, found, status_filter, render.INVOICE_COLUMNS, "invoices")


@app.command("debit-notes")
def debit_notes(
    status_filter: StatusFilter = None,
    api_url: ApiUrl = None,
    app_key: AppKey = None,
    as_json: Json = False,
) -> None:
    """Debit notes received (or issued): activity, total due so far, status, oldest first."""
    found = _run(api_url, app_key, queries.debit_notes)
    _documents(as_json, found, status_filter, render.DEBIT_NOTE_COLUMNS, "debit notes")


def main(argv: Sequence[str] | None = None) -> int:
    """The console script; returns the exit code."""
    try:
        app(args=list(argv) if argv is not None else None, prog_name="golem-requestor")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else int(done.code is not None)
    return 0
