"""What a run costs the machine: CPU of a process from /proc, and the time to import a library.

Wall times on a shared machine swing with the load; CPU time (user + sys)
much less. So besides its speed, each run reports the CPU its own process
used (from `getrusage` inside the run) and what the requestor's daemon used
while it ran (from `/proc/<pid>/stat`, read here before and after).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path

import attrs

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used so far (its children not counted)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # the command name may hold spaces and parentheses: fields count from its closing one
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / CLOCK_TICKS


def bytecode_env(base: Mapping[str, str], cache: Path) -> dict[str, str]:
    """An environment whose Pythons keep their bytecode under `cache`, as an installed app does.

    Without it (PYTHONDONTWRITEBYTECODE, a read-only checkout) every start
    compiles every module from source, which is not what an app pays.
    """
    env = {k: v for k, v in base.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


@contextlib.contextmanager
def bytecode_inherited(
    cache: Path, environ: MutableMapping[str, str] = os.environ
) -> Iterator[None]:
    """While open, children of this process (the local network's exe-units) keep bytecode too.

    A real exe-unit is a compiled program. Ours is one Python process per
    activity, started by the provider agents inside this process with its
    environment: under PYTHONDONTWRITEBYTECODE each start compiled its modules
    from source (~0.1 s of CPU per activity, in both libraries' runs).
    """
    saved = {key: environ.get(key) for key in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    environ.pop("PYTHONDONTWRITEBYTECODE", None)
    environ["PYTHONPYCACHEPREFIX"] = str(cache)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                environ.pop(key, None)
            else:
                environ[key] = value


@attrs.frozen
class ImportTime:
    module: str
    best_s: float  # wall, the fastest of the runs
    best_cpu_s: float  # user + sys of that fresh interpreter, the least of the runs
    runs: int


def time_import(
    python: Path, module: str, env: Mapping[str, str], runs: int = 5, cwd: Path | None = None
) -> ImportTime:
    """`import module` in `runs` fresh interpreters (after one to warm the bytecode cache)."""
    command = [str(python), "-c", f"import {module}"]
    subprocess.run(command, env=dict(env), cwd=cwd, check=True)
    walls, cpus = [], []
    for _ in range(runs):
        before = os.times()
        began = time.perf_counter()
        subprocess.run(command, env=dict(env), cwd=cwd, check=True)
        walls.append(time.perf_counter() - began)
        after = os.times()
        cpus.append(
            after.children_user
            - before.children_user
            + after.children_system
            - before.children_system
        )
    return ImportTime(module, min(walls), min(cpus), runs)
