"""The CLI's pure parts: fault options, the state file, recognising our processes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from golem_localnet.cli import (
    Process,
    State,
    is_running,
    parse_faults,
    read_state,
    runtime_dir,
    write_state,
)


def test_faults_are_grouped_by_provider() -> None:
    assert parse_faults(["0:refuse-negotiation", "2:overcharge=3", "0:no-invoice"]) == {
        0: ["refuse-negotiation", "no-invoice"],
        2: ["overcharge=3"],
    }
    for bad in ("refuse-negotiation", "x:no-invoice", "1:"):
        with pytest.raises(ValueError, match="INDEX:KIND"):
            parse_faults([bad])


def test_state_file_round_trip(tmp_path: Path) -> None:
    state = State(supervisor=42, root=str(tmp_path / "net"), status="up")
    state.processes.append(Process("yagna provider-0", 43))
    state.env = {"YAGNA_APPKEY": "k"}
    write_state(tmp_path, state)
    assert read_state(tmp_path) == state
    assert [p.label for p in state.all_processes()] == ["serve", "yagna provider-0"]
    assert read_state(tmp_path / "elsewhere") is None
    (tmp_path / "state.json").write_text("{not json")
    unreadable = read_state(tmp_path)
    assert unreadable is not None and unreadable.status == "unreadable"


def test_a_pid_counts_only_while_it_runs_the_recorded_program() -> None:
    me = os.getpid()
    assert not is_running(Process("yagna x", me))  # alive, but not a yagna
    assert not is_running(Process("anvil", 0))


def test_runtime_dir_prefers_explicit_then_xdg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOLEM_LOCALNET_RUNTIME_DIR", "/x/y")
    assert runtime_dir() == Path("/x/y")
    monkeypatch.delenv("GOLEM_LOCALNET_RUNTIME_DIR")
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/run/user/7")
    assert runtime_dir() == Path("/run/user/7/golem-localnet")
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert runtime_dir() == Path(f"/tmp/golem-localnet-{os.getuid()}")
