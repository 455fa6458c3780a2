"""CPU of a process from /proc, and bytecode kept for fresh interpreters."""

from __future__ import annotations

import os
import resource
from pathlib import Path

from bench.cost import bytecode_env, bytecode_inherited, process_cpu_s


def test_process_cpu_matches_what_the_process_reports_itself() -> None:
    sum(i * i for i in range(300_000))  # some CPU, so the clock-tick reading is not 0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    own = usage.ru_utime + usage.ru_stime
    read = process_cpu_s(os.getpid())
    assert read > 0
    # /proc counts in clock ticks (10 ms) and threads' time the same way
    assert abs(read - own) < 0.1


def test_bytecode_env_writes_bytecode_under_the_cache(tmp_path: Path) -> None:
    env = bytecode_env({"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/bin"}, tmp_path)
    assert env == {"PATH": "/bin", "PYTHONPYCACHEPREFIX": str(tmp_path)}


def test_children_started_while_open_keep_bytecode_and_the_environment_comes_back(
    tmp_path: Path,
) -> None:
    environ = {"PYTHONDONTWRITEBYTECODE": "1", "OTHER": "x"}
    with bytecode_inherited(tmp_path, environ):
        assert environ == {"PYTHONPYCACHEPREFIX": str(tmp_path), "OTHER": "x"}
    assert environ == {"PYTHONDONTWRITEBYTECODE": "1", "OTHER": "x"}


def test_an_earlier_cache_prefix_is_put_back(tmp_path: Path) -> None:
    environ = {"PYTHONPYCACHEPREFIX": "/elsewhere"}
    with bytecode_inherited(tmp_path, environ):
        assert environ["PYTHONPYCACHEPREFIX"] == str(tmp_path)
    assert environ == {"PYTHONPYCACHEPREFIX": "/elsewhere"}
