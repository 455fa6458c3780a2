"""LoggedChild on tiny Python children: readiness from the log, and why not."""

from __future__ import annotations

import os
import select
import sys
from pathlib import Path

from golem_localnet.child import LoggedChild


def python(code: str) -> list[str]:
    return [sys.executable, "-u", "-c", code]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def ends_within(pid_fd: int, timeout: float) -> bool:
    """Whether the process behind a pidfd exits in time (it becomes readable then)."""
    readable, _, _ = select.select([pid_fd], [], [], timeout)
    return bool(readable)


def test_ready_on_the_marker_and_stop_ends_the_whole_group(tmp_path: Path) -> None:
    # the child starts a grandchild, then says it listens and waits forever
    code = (
        "import subprocess, sys, time\n"
        "grandchild = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        "print('grandchild', grandchild.pid)\n"
        "print('listening on 127.0.0.1:1')\n"
        "time.sleep(600)\n"
    )
    log = tmp_path / "child.log"
    child = LoggedChild("listening on", log_file=log)
    assert child.start(python(code), timeout=30) is None
    assert child.running and child.pid is not None
    grandchild = int(child.log_tail().splitlines()[0].split()[1])
    assert alive(grandchild)
    grandchild_fd = os.pidfd_open(grandchild)
    code_on_stop = child.stop(timeout=10)
    assert code_on_stop is not None and code_on_stop != 0  # it was signalled, not finished
    assert not child.running and child.pid is None
    try:
        assert ends_within(grandchild_fd, timeout=10)
    finally:
        os.close(grandchild_fd)
    assert "listening on 127.0.0.1:1" in log.read_text()


def test_a_child_that_exits_before_the_marker_says_so_with_its_last_lines() -> None:
    child = LoggedChild("listening on", tail_lines=2)
    code = "print('one'); print('two'); print('bad config'); raise SystemExit(3)"
    assert child.start(python(code), timeout=30) == "exited"
    assert child.log_tail() == "two\nbad config"
    assert not child.running


def test_a_child_that_never_gets_ready_is_stopped_after_the_timeout() -> None:
    child = LoggedChild("listening on")
    why = child.start(python("import time; print('starting'); time.sleep(600)"), timeout=0.5)
    assert why == "not ready after 0.5 s"
    assert not child.running


def test_stopping_a_child_never_started_does_nothing() -> None:
    assert LoggedChild("listening on").stop(timeout=1) is None
