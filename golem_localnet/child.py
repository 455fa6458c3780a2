"""A daemon-like child process whose readiness is a line of its own log.

yagna and anvil both say in their output when they listen; a thread reads that
output to the end (so the child never blocks on a full pipe), keeps its last
lines for error messages, and wakes the starter on the marker or on exit. The
child gets a session of its own, so a stop reaches its children too.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

__all__ = ["LoggedChild", "terminate_group"]


class LoggedChild:
    """One child process; `start` returns once it logged `ready_marker`, or says why not."""

    def __init__(
        self, ready_marker: str, *, tail_lines: int = 40, log_file: Path | None = None
    ) -> None:
        self.ready_marker = ready_marker
        self._log_file = log_file
        self._process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None
        self._ready = threading.Event()
        self._exited = threading.Event()
        self._tail: deque[str] = deque(maxlen=tail_lines)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def running(self) -> bool:
        return self._process is not None

    def start(
        self,
        command: Sequence[str],
        timeout: float,
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> str | None:
        """Spawn and wait for readiness; None when ready, else why not (the child is stopped).

        A stopped child can be started again (a daemon restarted on its data dir).
        """
        self._ready.clear()
        self._exited.clear()
        self._process = subprocess.Popen(
            list(command),
            env=None if env is None else dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,
        )
        assert self._process.stdout is not None
        self._reader = threading.Thread(
            target=self._read, args=(self._process.stdout,), daemon=True
        )
        self._reader.start()
        if self._ready.wait(timeout) and not self._exited.is_set():
            return None
        reason = "exited" if self._exited.is_set() else f"not ready after {timeout} s"
        self.stop(timeout=10.0)
        return reason

    def _read(self, stream: IO[str]) -> None:
        copy = self._log_file.open("a", encoding="utf-8") if self._log_file else None
        try:
            for line in stream:
                if copy is not None:
                    copy.write(line)
                self._tail.append(line.rstrip())
                if self.ready_marker in line:
                    self._ready.set()
        finally:
            if copy is not None:
                copy.close()
            self._exited.set()
            self._ready.set()  # wake the starter; it checks why

    def log_tail(self) -> str:
        return "\n".join(self._tail)

    def stop(self, timeout: float) -> int | None:
        """Stop the child and everything it started; its exit code (None if not running)."""
        process, self._process = self._process, None
        code = None
        if process is not None:
            code = terminate_group(process, timeout)
        if self._reader is not None:
            self._reader.join(timeout=5.0)  # the pipe ends once the child is gone
        if process is not None and process.stdout:
            process.stdout.close()
        return code


def terminate_group(process: subprocess.Popen[str], timeout: float) -> int:
    """SIGTERM the process group, wait, then SIGKILL it: no child outlives a stop."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    return process.wait()
