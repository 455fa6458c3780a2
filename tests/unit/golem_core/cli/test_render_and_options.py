"""The tables people see, and the command's refusals of bad options (before any I/O)."""

from __future__ import annotations

import pytest
from rich.console import Console, RenderableType
from typer.testing import CliRunner

from golem_core.cli import render
from golem_core.cli.app import app, main
from golem_core.cli.views import Record


def text_of(renderable: RenderableType) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_a_table_has_a_header_and_one_row_per_record_with_dashes_for_unknowns() -> None:
    records: list[Record] = [
        {"allocation_id": "a1", "platform": "erc20-hoodi-tglm", "total": "5", "expires": None},
        {"allocation_id": "a2", "platform": "erc20-polygon-glm", "total": "1.5", "expires": None},
    ]
    text = text_of(
        render.table_of(records, render.ALLOCATION_COLUMNS, title="allocations", empty="none")
    )
    lines = text.splitlines()
    assert lines[0].strip() == "allocations"
    assert "allocation" in lines[2] and "remaining" in lines[2]
    assert "a1" in text and "erc20-polygon-glm" in text and "1.5" in text
    row = next(line for line in lines if "a1" in line)
    assert row.count("-") >= 2  # spent, remaining and expires are unknown here


def test_no_records_is_one_line() -> None:
    assert text_of(render.table_of([], render.INVOICE_COLUMNS, title="x", empty="no x")) == "no x\n"


def test_status_names_the_daemon_and_why_a_balance_is_missing() -> None:
    status: dict[str, object] = {
        "api_url": "http://127.0.0.1:7465",
        "version": "0.17.6",
        "node_id": "0xabc",
        "name": "me",
        "role": "manager",
        "payments": [
            {"platform": "erc20-hoodi-tglm", "network": "hoodi", "balance_error": "no chain"},
            {"platform": "erc20-holesky-tglm", "network": "holesky", "balance": "1000"},
        ],
    }
    text = text_of(render.status_view(status))
    assert "0.17.6" in text and "0xabc" in text and "http://127.0.0.1:7465" in text
    assert "hoodi: balance unknown: no chain" in text
    assert "holesky" not in text.split("balance unknown")[1]
    assert "1000" in text


runner = CliRunner()


def test_an_unknown_payment_network_is_refused_naming_the_known_ones() -> None:
    result = runner.invoke(app, ["status", "--network", "ropsten", "--app-key", "k"])
    assert result.exit_code == 2
    assert "unknown payment network 'ropsten'" in result.output
    assert "hoodi" in result.output


def test_without_an_app_key_the_command_says_how_to_get_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("YAGNA_APPKEY", raising=False)
    result = runner.invoke(app, ["invoices"])
    assert result.exit_code == 2
    assert "no app key" in result.output and "yagna app-key create" in result.output


def test_release_needs_ids_or_all_but_not_both() -> None:
    for args in (["allocations", "release"], ["allocations", "release", "a1", "--all"]):
        result = runner.invoke(app, [*args, "--app-key", "k"])
        assert result.exit_code == 2
        assert "name the allocations to release, or pass --all" in result.output


def test_a_scan_needs_a_sensible_duration() -> None:
    result = runner.invoke(app, ["offers", "--for", "0", "--app-key", "k"])
    assert result.exit_code == 2
    assert "--for" in result.output


def test_main_returns_the_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--network", "nowhere", "--app-key", "k"]) == 2
    assert main(["--help"]) == 0
    assert "debit-notes" in capsys.readouterr().out


def test_the_commands_are_installed_and_none_is_called_gftp() -> None:
    from importlib.metadata import entry_points

    ours = {
        e.name: e.value
        for e in entry_points(group="console_scripts")
        if e.dist and e.dist.name == "golem-requestor"
    }
    assert ours == {
        "golem-requestor": "golem_core.cli.app:main",
        "golem-localnet": "golem_localnet.cli:main",
        "golem-gftp": "golem_localnet.gftp.cli:main",
    }
