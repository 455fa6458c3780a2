"""What a chaos run will do, decided up front from its seed: jobs, and faults at moments.

Everything random in a run comes from here, so the same seed plans the same
run. Which process a fault hits is chosen when it fires, among those alive then,
with the `pick` drawn here (a number in [0, 1)), so a run repeats as far as
the timing of real processes lets it.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

__all__ = [
    "DEFAULT_WEIGHTS",
    "FaultKind",
    "JobSpec",
    "PlannedFault",
    "TaskSpec",
    "pick_one",
    "plan_faults",
    "plan_jobs",
]


class FaultKind(enum.Enum):
    # a process of a provider dies or freezes
    # an exe-unit serving an activity the requestor has (its creation completed)
    KILL_EXEUNIT = "kill-exeunit"
    # an exe-unit whose activity is still being created
    KILL_STARTING_EXEUNIT = "kill-starting-exeunit"
    STOP_EXEUNIT = "stop-exeunit"
    KILL_PROVIDER_AGENT = "kill-provider-agent"
    KILL_PROVIDER_DAEMON = "kill-provider-daemon"
    STOP_PROVIDER_DAEMON = "stop-provider-daemon"
    # a provider misbehaves for a while
    PROVIDER_REFUSES = "provider-refuses"
    PROVIDER_OVERCHARGES = "provider-overcharges"
    PROVIDER_WITHHOLDS_INVOICES = "provider-withholds-invoices"
    # the requestor's side
    INTERRUPT_APP = "interrupt-app"
    RESTART_REQUESTOR_DAEMON = "restart-requestor-daemon"


# how often each kind is drawn, relative to the others
DEFAULT_WEIGHTS: Mapping[FaultKind, int] = {
    FaultKind.KILL_EXEUNIT: 4,
    FaultKind.KILL_STARTING_EXEUNIT: 1,
    FaultKind.STOP_EXEUNIT: 2,
    FaultKind.KILL_PROVIDER_AGENT: 1,
    FaultKind.KILL_PROVIDER_DAEMON: 1,
    FaultKind.STOP_PROVIDER_DAEMON: 2,
    FaultKind.PROVIDER_REFUSES: 2,
    FaultKind.PROVIDER_OVERCHARGES: 2,
    FaultKind.PROVIDER_WITHHOLDS_INVOICES: 2,
    FaultKind.INTERRUPT_APP: 3,
    FaultKind.RESTART_REQUESTOR_DAEMON: 1,
}


@attrs.frozen
class PlannedFault:
    at_s: float
    kind: FaultKind
    # chooses the target among those alive when the fault fires
    pick: float
    # how long a freeze or a misbehaviour lasts, or how long a dead process stays dead
    lasts_s: float


@attrs.frozen
class TaskSpec:
    """One task: after `sleep_s`, print `value` squared; its right result is known up front."""

    task_id: int
    value: int
    sleep_s: float

    @property
    def expected(self) -> str:
        return f"{self.value * self.value}\n"

    @property
    def shell(self) -> str:
        return f"sleep {self.sleep_s:.1f}; echo $(({self.value} * {self.value}))"


@attrs.frozen
class JobSpec:
    job_id: str
    tasks: tuple[TaskSpec, ...]
    budget: Decimal


def plan_faults(
    seed: int,
    duration_s: float,
    *,
    mean_gap_s: float = 6.0,
    weights: Mapping[FaultKind, int] = DEFAULT_WEIGHTS,
    settle_s: float = 5.0,
) -> list[PlannedFault]:
    """Faults at random moments over `duration_s`, none in the first `settle_s` seconds."""
    if duration_s <= 0 or mean_gap_s <= 0:
        raise ValueError("the run's duration and the mean gap between faults must be > 0")
    chosen = [kind for kind, weight in weights.items() if weight > 0]
    if not chosen:
        raise ValueError("no fault kind has a weight above 0")
    rng = random.Random(f"faults-{seed}")
    faults: list[PlannedFault] = []
    at = settle_s
    while True:
        at += rng.expovariate(1 / mean_gap_s)
        if at >= duration_s:
            return faults
        kind = rng.choices(chosen, weights=[weights[k] for k in chosen])[0]
        faults.append(PlannedFault(round(at, 3), kind, rng.random(), round(rng.uniform(1, 8), 1)))


def plan_jobs(
    seed: int,
    count: int,
    *,
    tasks: tuple[int, int] = (4, 12),
    budget: Decimal = Decimal(5),
) -> list[JobSpec]:
    """`count` jobs with a few tasks each; some tasks sleep, so faults meet running commands."""
    rng = random.Random(f"jobs-{seed}")
    jobs: list[JobSpec] = []
    next_task = 0
    for number in range(count):
        size = rng.randint(*tasks)
        specs = []
        for _ in range(size):
            sleep_s = rng.choice((0.0, 0.0, 0.5, 1.5, 3.0))
            specs.append(TaskSpec(next_task, rng.randint(2, 10_000), sleep_s))
            next_task += 1
        jobs.append(JobSpec(f"job-{number}", tuple(specs), budget))
    return jobs


def pick_one(items: Sequence[object], pick: float) -> int | None:
    """The index `pick` chooses among `items`, or None when there is nothing to pick."""
    if not items:
        return None
    return min(int(pick * len(items)), len(items) - 1)
