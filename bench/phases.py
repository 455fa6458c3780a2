"""The requestor daemon's CPU in a run, split by the run's phases.

The daemon CPU per task (bench/metrics.py) is one number over the run
process's life. Split by phase it says whether a library makes the daemon work
more in its fixed part (negotiation, agreements, deploy; shutdown, invoices)
or per task: before the first task was handed to a worker, from then to the
last result, and from the last result until the process ended. A thread reads
the daemon's CPU every `SAMPLE_EVERY_S` while the run's process lives
(`CpuSampler`); the split (`split_by_phase`, no I/O) reads the samples at the
run's own moments, interpolating between neighbours.
"""

from __future__ import annotations

import bisect
import itertools
import threading
import time
from collections.abc import Callable, Iterable, Sequence

import attrs

from bench.metrics import RunRecord, text_table

__all__ = [
    "SAMPLE_EVERY_S",
    "CpuSampler",
    "DaemonPhases",
    "Sample",
    "cpu_at",
    "format_phases",
    "split_by_phase",
]

# fine enough that a phase boundary inside a busy stretch moves little CPU between phases;
# one /proc read each, nothing to the machine
SAMPLE_EVERY_S = 0.02


@attrs.frozen
class Sample:
    at: float  # wall clock (time.time()), as the run's own record
    cpu_s: float


@attrs.frozen
class DaemonPhases:
    """Daemon CPU (ms) in each phase of one run; the three add up to the run's whole."""

    before_tasks_ms: float  # process start -> first task handed to a worker
    during_tasks_ms: float  # -> last result
    after_tasks_ms: float  # -> process end
    before_tasks_s: float
    during_tasks_s: float
    after_tasks_s: float


def cpu_at(samples: Sequence[Sample], moment: float) -> float:
    """The CPU used by `moment`, linear between the samples around it (clamped to the ends)."""
    if not samples:
        raise ValueError("no samples")
    times = [s.at for s in samples]
    index = bisect.bisect_right(times, moment)
    if index == 0:
        return samples[0].cpu_s
    if index == len(samples):
        return samples[-1].cpu_s
    low, high = samples[index - 1], samples[index]
    if high.at == low.at:
        return high.cpu_s
    return low.cpu_s + (high.cpu_s - low.cpu_s) * (moment - low.at) / (high.at - low.at)


def split_by_phase(
    samples: Sequence[Sample], start: float, end: float, record: RunRecord
) -> DaemonPhases | None:
    """The run's daemon CPU before, during and after its tasks; None without tasks or samples."""
    if not samples or record.wall_t0 is None or not record.started or not record.results:
        return None
    first = record.wall_t0 + min(record.started.values())
    last = record.wall_t0 + max(record.results.values())
    # the run's own moments, kept inside the process's life (clocks of two processes)
    inside = [min(max(m, start), end) for m in (first, last)]
    moments = [start, *inside, end]
    cpu = [cpu_at(samples, m) for m in moments]
    ms = [(b - a) * 1000 for a, b in itertools.pairwise(cpu)]
    spans = [b - a for a, b in itertools.pairwise(moments)]
    return DaemonPhases(ms[0], ms[1], ms[2], spans[0], spans[1], spans[2])


def format_phases(runs: Iterable[tuple[str, str, int, DaemonPhases | None]]) -> str:
    """One line per run (workload title, library, tasks, phases): CPU and duration of each phase."""
    header = ("workload", "library", "before tasks", "during tasks", "per task", "after tasks")
    lines = [header]
    for title, library, tasks, p in runs:
        if p is None:
            continue
        per_task = f"{p.during_tasks_ms / tasks:.2f} ms" if tasks else "-"
        lines.append(
            (
                title,
                library,
                f"{p.before_tasks_ms:.0f} ms / {p.before_tasks_s:.2f} s",
                f"{p.during_tasks_ms:.0f} ms / {p.during_tasks_s:.2f} s",
                per_task,
                f"{p.after_tasks_ms:.0f} ms / {p.after_tasks_s:.2f} s",
            )
        )
    return text_table(lines) if len(lines) > 1 else ""


class CpuSampler:
    """Reads a CPU counter now, every `every` seconds in a thread, and once more at `stop()`."""

    def __init__(
        self,
        read: Callable[[], float],
        every: float = SAMPLE_EVERY_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._read = read
        self._every = every
        self._clock = clock
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="daemon-cpu", daemon=True)
        self._lock = threading.Lock()
        self.samples: list[Sample] = []

    def _take(self) -> None:
        try:
            sample = Sample(self._clock(), self._read())
        except OSError:  # the process is gone: nothing more to read
            self._stopped.set()
            return
        with self._lock:
            self.samples.append(sample)

    def _run(self) -> None:
        while not self._stopped.wait(self._every):
            self._take()

    def start(self) -> CpuSampler:
        self._take()
        self._thread.start()
        return self

    def stop(self) -> list[Sample]:
        """The samples in time order, the last taken now."""
        self._stopped.set()
        self._thread.join()
        self._take()
        with self._lock:
            return sorted(self.samples, key=lambda s: s.at)
