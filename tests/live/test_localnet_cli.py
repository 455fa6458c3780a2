"""`python -m golem_localnet up|status|down` as a user runs it, in a runtime dir of its own."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from golem_localnet.cli import read_state

pytestmark = pytest.mark.live


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "runtime"
    yield directory
    localnet(directory, "down")  # whatever a failed test left running


def localnet(runtime: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOLEM_LOCALNET_RUNTIME_DIR": str(runtime)}
    return subprocess.run(
        [sys.executable, "-m", "golem_localnet", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def exported(output: str) -> dict[str, str]:
    lines = [line.removeprefix("export ") for line in output.splitlines()]
    return dict(line.split("=", 1) for line in lines if line.startswith("YAGNA_"))


def alive(pid: int) -> bool:
    """Running (a zombie nobody reaped yet has exited: it counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def listening(url: str) -> bool:
    port = int(url.rsplit(":", 1)[1])
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_up_status_down(runtime: Path) -> None:
    started = localnet(runtime, "up", "--providers", "2", "--subnet", "cli-test")
    assert started.returncode == 0, started.stdout + started.stderr
    env = exported(started.stdout)
    assert f"app key: {env['YAGNA_APPKEY']}" in started.stdout
    assert f"API URL: {env['YAGNA_API_URL']}" in started.stdout
    assert env["YAGNA_SUBNET"] == "cli-test"
    me = httpx.get(
        f"{env['YAGNA_API_URL']}/me",
        headers={"Authorization": f"Bearer {env['YAGNA_APPKEY']}"},
        trust_env=False,
    )
    assert me.status_code == 200, me.text

    state = read_state(runtime)
    assert state is not None and state.status == "up"
    labels = [p.label for p in state.processes]
    assert labels[0] == "anvil" and labels.count("yagna requestor") == 1
    assert sorted(labels[2:]) == ["yagna provider-0", "yagna provider-1"]
    assert localnet(runtime, "up").stdout.startswith("already up")

    checked = localnet(runtime, "status")
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.count("running") == 5 and "answers" in checked.stdout

    stopped = localnet(runtime, "down")
    assert stopped.returncode == 0, stopped.stdout
    assert not [p.pid for p in state.all_processes() if alive(p.pid)]
    assert not listening(env["YAGNA_API_URL"])
    assert not runtime.exists()
    assert localnet(runtime, "status").returncode == 3


def test_the_next_up_cleans_up_after_a_crash(runtime: Path) -> None:
    assert localnet(runtime, "up", "--providers", "1", "--no-chain").returncode == 0
    crashed = read_state(runtime)
    assert crashed is not None
    os.kill(crashed.supervisor, signal.SIGKILL)  # nobody stops the daemons now
    # (a daemon may die by itself too, at its next log line into the dead pipe)

    checked = localnet(runtime, "status")
    assert checked.returncode == 1 and "supervisor is gone" in checked.stdout

    restarted = localnet(runtime, "up", "--providers", "1", "--no-chain")
    assert restarted.returncode == 0, restarted.stdout + restarted.stderr
    assert "cleaning up after a run that did not stop" in restarted.stdout
    assert not [p.pid for p in crashed.all_processes() if alive(p.pid)]
    fresh = read_state(runtime)
    assert fresh is not None and fresh.supervisor != crashed.supervisor
    assert localnet(runtime, "down").returncode == 0


def test_bad_options_are_refused_before_anything_starts(runtime: Path) -> None:
    refused = localnet(runtime, "up", "--providers", "1", "--fault", "3:no-invoice")
    assert refused.returncode == 2
    assert "faults for providers that do not exist: [3]" in refused.stderr
    assert not runtime.exists()
