"""Whether another worker is worth its agreement. No I/O.

Each worker costs an agreement, an activity and their bills (some fifteen
requests to the daemon, and the provider's start price) and needs a while to
start (approval, activity, deploy). So a worker is started only when it should
bring the job's end forward by at least its own start-up time. With `W`
workers on `L` tasks of `tau` seconds each, one more that needs `s` seconds to
start and then adds `g` of a worker's rate does that when

    tau >= s * W * (W + 2g) / (g * L)

(without it the job lasts `L * tau / W`; with it, `s` plus what is left after
`s`, done at `W + g` workers' rate). A worker whose tasks keep its provider
busy adds a whole one (`g = 1`). Quick tasks (under `QUICK_TASK_S`) are
mostly the requestor's own round trips, through what all workers share (its
daemon spends some 7 ms of CPU on a task's exec and result poll, and its
cores), and a worker may add little: for tasks shorter than a start, `g` is
what the last worker added brought, as measured, and for the second worker
on quick tasks, before anything could be measured, `MIN_GAIN`, the least the
job keeps a worker for: no worker is started for a job too short to pay for
it should it bring no more.

The job measures `s` (a worker's launch to its first task) and `tau` (a task's
start to its decision) as it goes: until a worker has started, only one starts
at a time (the first one tells how long starting takes; if it hangs, another
follows after `FIRST_START_PATIENCE_S`); until a task is decided, the oldest
running task's age stands for `tau` (a lower bound: the answer is looked at
again when that age would be enough), and once that age passes a start-up time
every wanted worker starts, as in yapapi: long tasks are not held back to be
measured. When the job cannot tell how many tasks are left (its input is an
iterator still open), every wanted worker starts.

Where workers share something that is already busy (the requestor's own daemon
and cores, or providers on one machine) tasks just get slower. So while tasks
are shorter than a start, a third worker (and each after it) starts only once
the last one added has been seen to raise the job's rate by at least
`MIN_GAIN` of a worker's: the job's rate (tasks decided per second of wall
time) with that many workers at work against its rate with one fewer. The
newest count is judged over at least `GAIN_WINDOW_S` of wall time: a worker's
first tasks are slow (its activity, and the provider's side of it, warm up),
and in its first quarter second a second worker measured on the bench's
machine brought nothing where, over seconds, it raised the rate by ~30 %. A
slower provider counts for what it adds; one that only slowed the others
counts for nothing, and is let go (`retire_worker`): its agreement costs and
brings no work forward, and no other takes its place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

import attrs

__all__ = [
    "FIRST_START_PATIENCE_S",
    "GAIN_SAMPLES",
    "GAIN_WINDOW_S",
    "MIN_GAIN",
    "QUICK_TASK_S",
    "Pace",
    "Paced",
    "pace_workers",
    "retire_worker",
]

# before any worker has started: how long the newest starting one may take before another
# starts beside it (a start takes about a second on a local network)
FIRST_START_PATIENCE_S: Final = 5.0
# how much of one worker's rate the last worker added must have brought for another to start
MIN_GAIN: Final = 0.25
# tasks decided at each of the two worker counts before that gain is believed
GAIN_SAMPLES: Final = 10
# wall time spent at the newer of the two worker counts before that gain is believed
GAIN_WINDOW_S: Final = 1.0
# tasks quicker than this are mostly the requestor's round trips: a second worker is
# counted on for MIN_GAIN of one until measured (on the bench's local network a 13 ms
# echo task's second worker added ~0.2 of one; a task sleeping 1 s, a whole one)
QUICK_TASK_S: Final = 0.1


@attrs.define
class Pace:
    """What the job has seen so far of starting workers and running tasks."""

    startups: int = 0
    startup_total_s: float = 0.0
    decided: int = 0
    task_total_s: float = 0.0
    # the newest worker's launch, and the first task's start (the lower bound of a task's time)
    last_launch: datetime | None = None
    first_task: datetime | None = None
    # how many workers are at work (past their start), since when; and for each count
    # so far, the wall time spent with it and the tasks decided meanwhile
    at_work: int = 0
    at_work_since: datetime | None = None
    seconds_with: dict[int, float] = attrs.field(factory=dict)
    decided_with: dict[int, int] = attrs.field(factory=dict)

    def workers_at_work(self, count: int, at: datetime) -> None:
        if self.at_work_since is not None:
            spent = max(0.0, (at - self.at_work_since).total_seconds())
            self.seconds_with[self.at_work] = self.seconds_with.get(self.at_work, 0.0) + spent
        self.at_work, self.at_work_since = count, at

    def worker_launched(self, at: datetime) -> None:
        self.last_launch = at

    def worker_ready(self, launched: datetime, at: datetime) -> None:
        """A worker asked for its first task: it took this long to start."""
        self.startups += 1
        self.startup_total_s += max(0.0, (at - launched).total_seconds())

    def task_started(self, at: datetime) -> None:
        if self.first_task is None:
            self.first_task = at

    def task_decided(self, seconds: float) -> None:
        self.decided += 1
        self.task_total_s += max(0.0, seconds)
        self.decided_with[self.at_work] = self.decided_with.get(self.at_work, 0) + 1

    def rate_with(self, workers: int, at: datetime, *, window_s: float = 0.0) -> float | None:
        """Tasks decided per second while `workers` were at work; None until enough were
        (`GAIN_SAMPLES` tasks, over at least `window_s` seconds)."""
        decided = self.decided_with.get(workers, 0)
        seconds = self.seconds_with.get(workers, 0.0)
        if self.at_work == workers and self.at_work_since is not None:
            seconds += max(0.0, (at - self.at_work_since).total_seconds())
        if decided < GAIN_SAMPLES or seconds <= 0 or seconds < window_s:
            return None
        return decided / seconds

    def gain_of(self, workers: int, at: datetime) -> float | None:
        """The share of one worker's rate that the `workers`-th added (1.0: a whole one)."""
        if workers < 2:
            return None
        with_it = self.rate_with(workers, at, window_s=GAIN_WINDOW_S)
        without = self.rate_with(workers - 1, at)
        if with_it is None or without is None:
            return None
        return (with_it - without) / (without / (workers - 1))

    @property
    def startup_s(self) -> float | None:
        return self.startup_total_s / self.startups if self.startups else None

    @property
    def task_s(self) -> float | None:
        return self.task_total_s / self.decided if self.decided else None

    def task_bound_s(self, at: datetime) -> float | None:
        """A task's time: measured, else how long the first task has run (at least that)."""
        if self.decided:
            return self.task_s
        if self.first_task is None:
            return None
        return max(0.0, (at - self.first_task).total_seconds())


@attrs.frozen
class Paced:
    """How many workers to start now, and when to look again if nothing else changes."""

    start: int
    recheck_in: float | None = None


def pace_workers(
    wanted: int, *, working: int, starting: int, tasks_left: int | None, pace: Pace, at: datetime
) -> Paced:
    """How many of the `wanted` new workers to start now.

    `working` counts the job's workers (running or starting), `starting` those
    not yet at their first task; `tasks_left` the tasks not yet decided (None:
    unknown).
    """
    if wanted <= 0:
        return Paced(0)
    startup = pace.startup_s
    if startup is None:
        if starting == 0 or pace.last_launch is None:
            return Paced(1)
        waited = (at - pace.last_launch).total_seconds()
        if waited >= FIRST_START_PATIENCE_S:
            return Paced(1)
        return Paced(0, FIRST_START_PATIENCE_S - waited)
    if tasks_left is None:
        return Paced(wanted)
    tau = pace.task_bound_s(at)
    if not pace.decided and tau is not None and tau >= startup:
        # the first task already outlasts a start: the work is long, and waiting to
        # measure it would hold back every worker it needs (yapapi starts them all)
        return Paced(wanted)
    started = 0
    while started < wanted:
        workers = working + started
        short = tau is None or tau < startup
        if short and _worth_little(pace.gain_of(workers + 1, at)):
            break  # one more was tried at this count and let go
        quick = tau is not None and tau < QUICK_TASK_S
        gain = MIN_GAIN if quick else 1.0
        if workers >= 2 and short:
            measured = pace.gain_of(workers, at)
            if measured is None or measured < MIN_GAIN:
                if not pace.decided and tau is not None:
                    # once the first task outlasts a start, every wanted worker starts
                    return Paced(started, startup - tau)
                break  # asked again as tasks are decided
            gain = min(measured, 1.0)
        needed = startup * workers * (workers + 2 * gain) / (gain * max(tasks_left, 1))
        if needed <= 0 or (tau is not None and tau >= needed):
            started += 1
            continue
        if not pace.decided and tau is not None:
            # only a lower bound so far: the first task may yet prove long enough
            # (or no longer quick, and a worker on it worth more)
            return Paced(started, min(needed, startup, QUICK_TASK_S if quick else needed) - tau)
        break
    return Paced(started)


def _worth_little(gain: float | None) -> bool:
    return gain is not None and gain < MIN_GAIN


def retire_worker(at_work: int, pace: Pace, at: datetime) -> bool:
    """Whether one of the `at_work` workers should stop: the last one added brought
    (almost) nothing, while tasks are shorter than a start."""
    startup, tau = pace.startup_s, pace.task_bound_s(at)
    if at_work < 2 or startup is None or tau is None or tau >= startup:
        return False
    return _worth_little(pace.gain_of(at_work, at))
