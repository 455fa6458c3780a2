"""`--logs` of a chaos run: made up front, or refused with what was wrong."""

from __future__ import annotations

from pathlib import Path

from bench.chaos.__main__ import prepare_logs


def test_a_missing_logs_directory_is_made_with_its_parents(tmp_path: Path) -> None:
    logs = tmp_path / "runs" / "seed-1"
    assert prepare_logs(logs) is None
    assert logs.is_dir()


def test_a_logs_path_under_a_file_is_refused_naming_it(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    problem = prepare_logs(blocker / "logs")
    assert problem is not None
    assert problem.startswith(f"--logs {blocker / 'logs'}: ")


def test_no_logs_asked_nothing_made() -> None:
    assert prepare_logs(None) is None
