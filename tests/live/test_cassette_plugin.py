"""The pytest plugin as a user meets it: a test of their app passes live, then replayed offline.

The user's test (tests/live/cassette_user_app.py) runs in a project of its own,
in a separate pytest process that finds the plugin through its entry point:
first with `--golem-record` against a local Golem network the plugin starts,
then with no daemon at all, and then, changed, to see the replay name the
request that changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.live

USER_TEST = Path(__file__).with_name("cassette_user_app.py")
PYTEST_INI = """[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
golem_providers = 2
"""
# The replay needs no daemon: in the user's project, replays may not even open a socket.
NO_NETWORK = """
import socket
import pytest


@pytest.fixture(autouse=True)
def no_network(request, monkeypatch):
    if not request.config.getoption("golem_record"):
        def refuse(self, address):
            raise OSError(f"replay connected to {address!r}")
        monkeypatch.setattr(socket.socket, "connect", refuse)
"""
RECORD_TIMEOUT_S = 300
REPLAY_TIMEOUT_S = 60


def run_pytest(project: Path, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YAGNA_", "GSB_", "GOLEM_"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_a_users_test_passes_live_and_replayed_and_a_change_is_named(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text(PYTEST_INI)
    (tmp_path / "conftest.py").write_text(NO_NETWORK)
    user_test = tmp_path / "test_my_app.py"
    user_test.write_text(USER_TEST.read_text())

    live = run_pytest(tmp_path, "--golem-record", timeout=RECORD_TIMEOUT_S)
    assert live.returncode == 0, live.stdout + live.stderr
    assert "1 passed" in live.stdout
    cassette = tmp_path / "cassettes" / "test_my_app_greets_everyone.yaml"
    tape = cassette.with_name("test_my_app_greets_everyone.tape.json")
    assert cassette.is_file() and tape.is_file()
    recorded = cassette.read_text() + tape.read_text()
    assert "golem-requestor-test-key" not in recorded  # the local network's app key
    assert "/exec" in recorded and "hello from golem" in recorded

    replayed = run_pytest(tmp_path, timeout=REPLAY_TIMEOUT_S)
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert "1 passed" in replayed.stdout

    user_test.write_text(USER_TEST.read_text().replace('["ann", "bob"]', '["ann", "bea"]'))
    changed = run_pytest(tmp_path, timeout=REPLAY_TIMEOUT_S)
    assert changed.returncode != 0
    assert "request changed: POST /activity-api/v1/activity/" in changed.stdout, (
        changed.stdout + changed.stderr
    )
    assert "recorded 'hello from golem bob', sent 'hello from golem bea'" in changed.stdout
