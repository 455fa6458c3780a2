"""Usage counters: `golem.usage.duration_sec` and `golem.usage.cpu_sec`, without psutil.

cpu_sec is the user+system CPU time of every command process, finished or not:
- finished (reaped) children: `getrusage(RUSAGE_CHILDREN)`, which also holds the
  grandchildren each of them reaped;
- running ones: each command runs in its own process group, and every live
  member of the group is read from `/proc/<pid>/stat` (its own time plus that of
  children it reaped and that are therefore gone from /proc).
A child that has just exited can be counted in both for one sample, so the
counter is kept monotonic instead of exact to the tick.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Iterable, Sequence

import attrs

DURATION = "golem.usage.duration_sec"
CPU = "golem.usage.cpu_sec"
DEFAULT_USAGE_VECTOR = (DURATION, CPU)

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@attrs.frozen
class ProcStat:
    pid: int
    pgrp: int
    session: int
    cpu_ticks: int  # utime + stime + cutime + cstime


def parse_proc_stat(line: str) -> ProcStat:
    """The fields we need from one `/proc/<pid>/stat` line.

    The command name (field 2) is in parentheses and may hold spaces or `)`,
    so fields are counted from the last `)`."""
    pid_text, _, rest = line.partition(" (")
    fields = rest.rsplit(")", 1)[1].split()
    # fields[0] is field 3 (state): pgrp and session are 5 and 6, utime..cstime 14..17
    ticks = sum(int(f) for f in fields[11:15])
    return ProcStat(int(pid_text), int(fields[2]), int(fields[3]), ticks)


def group_cpu_seconds(stats: Iterable[ProcStat], groups: set[int]) -> float:
    return sum(s.cpu_ticks for s in stats if s.pgrp in groups) / _CLOCK_TICKS


def read_proc_stats(proc: str = "/proc") -> list[ProcStat]:
    stats = []
    for name in os.listdir(proc):
        if not name.isdigit():
            continue
        try:
            with open(f"{proc}/{name}/stat", encoding="utf-8", errors="replace") as f:
                stats.append(parse_proc_stat(f.read()))
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile, or unreadable
    return stats


def reaped_children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class UsageCounters:
    """The counters of one activity, in the order of the agreement's usage vector."""

    def __init__(self, vector: Sequence[str] = DEFAULT_USAGE_VECTOR) -> None:
        self.vector = tuple(vector)
        self._started = time.monotonic()
        self._cpu_baseline = reaped_children_cpu_seconds()
        self._cpu = 0.0
        self.groups: set[int] = set()  # process groups of running commands

    def duration(self) -> float:
        return time.monotonic() - self._started

    def cpu(self) -> float:
        running = group_cpu_seconds(read_proc_stats(), self.groups) if self.groups else 0.0
        total = reaped_children_cpu_seconds() - self._cpu_baseline + running
        self._cpu = max(self._cpu, total)
        return self._cpu

    def current(self) -> list[float]:
        """`currentUsage`: unknown counters report 0."""
        values = {DURATION: self.duration(), CPU: self.cpu()}
        return [round(values.get(name, 0.0), 6) for name in self.vector]
