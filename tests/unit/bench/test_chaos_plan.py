"""The chaos run's plan: the same seed plans the same run, and the plan stays in bounds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bench.chaos.plan import (
    DEFAULT_WEIGHTS,
    FaultKind,
    TaskSpec,
    pick_one,
    plan_faults,
    plan_jobs,
)


def test_the_same_seed_plans_the_same_faults_and_another_seed_does_not() -> None:
    assert plan_faults(7, 600) == plan_faults(7, 600)
    assert plan_faults(7, 600) != plan_faults(8, 600)


def test_faults_fall_inside_the_run_after_it_settled_in_time_order() -> None:
    faults = plan_faults(3, 300, mean_gap_s=4, settle_s=5)
    moments = [f.at_s for f in faults]
    assert moments == sorted(moments)
    assert all(5 < at < 300 for at in moments)
    assert all(0 <= f.pick < 1 and 1 <= f.lasts_s <= 8 for f in faults)
    # about one every 4 s: far more than a handful, far fewer than one a second
    assert 30 < len(faults) < 150


def test_a_long_run_draws_every_kind_with_a_weight() -> None:
    kinds = {f.kind for f in plan_faults(11, 3600)}
    assert kinds == {k for k, w in DEFAULT_WEIGHTS.items() if w > 0}


def test_weights_choose_the_kinds() -> None:
    only = {FaultKind.KILL_EXEUNIT: 1, FaultKind.INTERRUPT_APP: 0}
    assert {f.kind for f in plan_faults(1, 600, weights=only)} == {FaultKind.KILL_EXEUNIT}


@pytest.mark.parametrize(
    ("duration", "gap", "weights"),
    [(0, 5, DEFAULT_WEIGHTS), (60, 0, DEFAULT_WEIGHTS), (60, 5, {FaultKind.KILL_EXEUNIT: 0})],
)
def test_a_plan_that_cannot_be_made_says_why(
    duration: float, gap: float, weights: dict[FaultKind, int]
) -> None:
    with pytest.raises(ValueError, match=r"must be > 0|no fault kind"):
        plan_faults(1, duration, mean_gap_s=gap, weights=weights)


def test_jobs_are_repeatable_with_unique_task_ids_and_known_answers() -> None:
    jobs = plan_jobs(5, 20, tasks=(2, 6), budget=Decimal("1.5"))
    assert jobs == plan_jobs(5, 20, tasks=(2, 6), budget=Decimal("1.5"))
    ids = [t.task_id for job in jobs for t in job.tasks]
    assert len(ids) == len(set(ids))
    assert all(2 <= len(job.tasks) <= 6 and job.budget == Decimal("1.5") for job in jobs)
    assert len({job.job_id for job in jobs}) == 20


def test_a_task_knows_its_command_and_its_right_answer() -> None:
    task = TaskSpec(task_id=4, value=12, sleep_s=1.5)
    assert task.shell == "sleep 1.5; echo $((12 * 12))"
    assert task.expected == "144\n"


def test_pick_one_covers_every_item_and_nothing_from_nothing() -> None:
    items = ["a", "b", "c"]
    assert [pick_one(items, p) for p in (0.0, 0.34, 0.67, 0.999999)] == [0, 1, 2, 2]
    assert pick_one([], 0.5) is None
