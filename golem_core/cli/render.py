"""Tables for people, from the records in `views` (which are also the `--json` output).

Pure: each function returns a rich renderable; the command prints it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from golem_core.cli.views import Record

__all__ = ["Column", "records_table", "status_view", "table_of"]

Column = tuple[str, str]  # record key, header
# columns that hold amounts or counts read better right-aligned
_NUMERIC = (
    "total",
    "spent",
    "remaining",
    "amount",
    "total_amount_due",
    "cores",
    "threads",
    "memory_gib",
    "storage_gib",
    "start_price",
    "cpu_per_hour",
    "env_per_hour",
    "balance",
    "reserved",
    "allocated",
    "allocations",
    "gas",
)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    return str(value)


def records_table(records: Sequence[Record], columns: Sequence[Column], *, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for key, header in columns:
        table.add_column(header, justify="right" if key in _NUMERIC else "left", overflow="fold")
    for record in records:
        table.add_row(*(_cell(record.get(key)) for key, _ in columns))
    return table


def table_of(
    records: Sequence[Record], columns: Sequence[Column], *, title: str, empty: str
) -> RenderableType:
    """The table, or one line saying there is nothing."""
    return records_table(records, columns, title=title) if records else Text(empty)


ALLOCATION_COLUMNS: Sequence[Column] = (
    ("allocation_id", "allocation"),
    ("platform", "platform"),
    ("total", "total"),
    ("spent", "spent"),
    ("remaining", "remaining"),
    ("expires", "expires"),
)
INVOICE_COLUMNS: Sequence[Column] = (
    ("invoice_id", "invoice"),
    ("direction", ""),
    ("provider_id", "issuer"),
    ("agreement_id", "agreement"),
    ("amount", "amount"),
    ("platform", "platform"),
    ("status", "status"),
    ("issued", "issued"),
)
DEBIT_NOTE_COLUMNS: Sequence[Column] = (
    ("debit_note_id", "debit note"),
    ("direction", ""),
    ("activity_id", "activity"),
    ("total_amount_due", "total due"),
    ("platform", "platform"),
    ("status", "status"),
    ("issued", "issued"),
    ("due", "payment due"),
)
OFFER_COLUMNS: Sequence[Column] = (
    ("name", "name"),
    ("provider_id", "provider"),
    ("runtime", "runtime"),
    ("cores", "cores"),
    ("threads", "threads"),
    ("memory_gib", "mem GiB"),
    ("storage_gib", "disk GiB"),
    ("start_price", "start"),
    ("cpu_per_hour", "cpu/h"),
    ("env_per_hour", "env/h"),
)
PAYMENT_COLUMNS: Sequence[Column] = (
    ("platform", "platform"),
    ("balance", "balance"),
    ("reserved", "reserved"),
    ("gas", "gas"),
    ("allocations", "allocations"),
    ("allocated", "allocated"),
    ("spent", "spent"),
    ("remaining", "remaining"),
)


def status_view(status: Mapping[str, object]) -> RenderableType:
    """The daemon's identity, then one line per payment platform, then why balances are missing."""
    header = Table.grid(padding=(0, 2))
    for label, key in (
        ("daemon", "api_url"),
        ("version", "version"),
        ("node id", "node_id"),
        ("identity", "name"),
        ("role", "role"),
    ):
        header.add_row(label, _cell(status.get(key)))
    payments = status.get("payments")
    rows: list[Record] = list(payments) if isinstance(payments, list) else []
    notes = [
        Text(f"{r['network']}: balance unknown: {r['balance_error']}", style="yellow")
        for r in rows
        if r.get("balance_error")
    ]
    table = table_of(rows, PAYMENT_COLUMNS, title="payments", empty="no payment platforms")
    return Group(header, Text(""), table, *notes)
