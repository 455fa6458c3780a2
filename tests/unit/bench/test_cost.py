"""CPU of a process from /proc, and bytecode kept for fresh interpreters."""

from __future__ import annotations

import os
import resource
from pathlib import Path

from bench.cost import bytecode_env, process_cpu_s


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
