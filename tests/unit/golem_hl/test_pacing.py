"""When another worker is worth its agreement (`_pacing`): pure, on made-up measurements."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from golem_hl.executor._pacing import (
    FIRST_START_PATIENCE_S,
    GAIN_SAMPLES,
    GAIN_WINDOW_S,
    MIN_GAIN,
    QUICK_TASK_S,
    Pace,
    Paced,
    pace_workers,
    retire_worker,
)

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def first_task_running(startup_s: float) -> Pace:
    """One worker started in `startup_s` and began its first task then; nothing decided."""
    pace = Pace()
    pace.worker_launched(at(0))
    pace.worker_ready(at(0), at(startup_s))
    pace.task_started(at(startup_s))
    return pace


def measured(startup_s: float, task_s: float) -> Pace:
    pace = first_task_running(startup_s)
    pace.task_decided(task_s)
    return pace


def at_work(pace: Pace, workers: int, *, since: float, tasks: int, each_s: float) -> None:
    """From `since` on, `workers` at work decide `tasks` tasks of `each_s` seconds each."""
    pace.workers_at_work(workers, at(since))
    for _ in range(tasks):
        pace.task_decided(each_s)


def test_the_pace_averages_what_it_saw() -> None:
    pace = Pace()
    assert pace.startup_s is None and pace.task_s is None and pace.task_bound_s(at(9)) is None
    pace.worker_ready(at(0), at(1))
    pace.worker_ready(at(0), at(3))
    pace.task_started(at(3))
    pace.task_started(at(4))  # only the first start bounds a task's time
    assert pace.startup_s == 2.0
    assert pace.task_bound_s(at(5)) == 2.0
    pace.task_decided(0.5)
    pace.task_decided(1.5)
    assert pace.task_s == 1.0 and pace.task_bound_s(at(100)) == 1.0


def test_nothing_wanted_nothing_started() -> None:
    assert pace_workers(0, working=0, starting=0, tasks_left=10, pace=Pace(), at=at(0)) == Paced(0)


def test_before_any_worker_started_one_starts_at_a_time() -> None:
    pace = Pace()
    assert pace_workers(5, working=0, starting=0, tasks_left=100, pace=pace, at=at(0)) == Paced(1)
    pace.worker_launched(at(0))
    # the first is still starting: wait for it, but not forever
    assert pace_workers(4, working=1, starting=1, tasks_left=100, pace=pace, at=at(1)) == Paced(
        0, FIRST_START_PATIENCE_S - 1
    )
    late = at(FIRST_START_PATIENCE_S)
    assert pace_workers(4, working=1, starting=1, tasks_left=100, pace=pace, at=late) == Paced(1)


def test_quick_tasks_get_few_workers() -> None:
    # 1 s to start, 0.1 s a task, 100 left: a second worker pays (1*1*3/100 = 0.03 <= 0.1);
    # a third would too, at the second's measured gain (1*2*4/(1*100) = 0.08), but only
    # once the second has shown it
    pace = measured(1.0, 0.1)
    assert pace_workers(9, working=1, starting=0, tasks_left=100, pace=pace, at=at(5)) == Paced(1)
    at_work(pace, 1, since=1, tasks=GAIN_SAMPLES, each_s=0.1)  # 10 a second alone
    at_work(pace, 2, since=2, tasks=GAIN_SAMPLES * 2, each_s=0.1)
    assert pace.gain_of(2, at(3)) == pytest.approx(1.0)  # 20 a second with two
    # a fourth not (1*3*5/100 = 0.15)
    assert pace_workers(9, working=2, starting=0, tasks_left=100, pace=pace, at=at(3)) == Paced(1)
    # the same job near its end: nobody new would get enough work
    assert pace_workers(9, working=1, starting=0, tasks_left=10, pace=pace, at=at(3)) == Paced(0)


def test_long_tasks_get_every_worker_wanted() -> None:
    pace = measured(1.0, 60.0)
    assert pace_workers(9, working=1, starting=0, tasks_left=10, pace=pace, at=at(70)) == Paced(9)


def test_a_job_without_workers_always_gets_one() -> None:
    pace = measured(10.0, 0.01)
    assert pace_workers(3, working=0, starting=0, tasks_left=1, pace=pace, at=at(20)) == Paced(1)


def test_unknown_work_left_starts_every_worker_wanted() -> None:
    pace = measured(1.0, 0.01)
    assert pace_workers(4, working=1, starting=0, tasks_left=None, pace=pace, at=at(5)) == Paced(4)


def test_while_no_task_is_decided_the_running_one_bounds_its_time() -> None:
    pace = first_task_running(1.0)  # 1 s to start
    # 10 tasks left, one worker: a second one pays if a task takes 1*1*3/10 = 0.3 s
    early = pace_workers(5, working=1, starting=0, tasks_left=10, pace=pace, at=at(1.1))
    assert early.start == 0
    assert early.recheck_in == pytest.approx(0.2)
    # the task has now run long enough: start the second; the third waits to see what
    # the second brings, or for the first task to outlast a start (0.5 s on)
    later = pace_workers(5, working=1, starting=0, tasks_left=10, pace=pace, at=at(1.5))
    assert later.start == 1
    assert later.recheck_in == pytest.approx(0.5)


def test_a_first_task_outlasting_a_start_lets_every_wanted_worker_start() -> None:
    pace = first_task_running(3.0)  # 3 s to start
    # 10 long tasks, nothing decided yet: by the formula alone the 10th worker would wait
    # until the first task had run 3*9*11/10 s; once it has run a start-up, all start
    early = pace_workers(9, working=1, starting=0, tasks_left=10, pace=pace, at=at(5.5))
    assert early.start < 9
    assert early.recheck_in is not None and early.recheck_in <= 0.5
    assert pace_workers(9, working=1, starting=0, tasks_left=10, pace=pace, at=at(6)) == Paced(9)


def test_a_worker_that_only_slowed_the_others_down_gets_no_third() -> None:
    # workers sharing busy cores: with two at work the job decides no more tasks a second
    pace = measured(1.0, 0.1)
    at_work(pace, 1, since=1, tasks=GAIN_SAMPLES, each_s=0.1)
    at_work(pace, 2, since=2, tasks=GAIN_SAMPLES, each_s=0.2)
    assert pace.gain_of(2, at(3)) == pytest.approx(0.0)
    assert pace_workers(9, working=2, starting=0, tasks_left=100, pace=pace, at=at(3)) == Paced(0)


def test_a_slower_provider_counts_for_what_it_adds() -> None:
    # the second provider is half as quick: the job's rate rises by half a worker's
    pace = measured(1.0, 0.1)
    at_work(pace, 1, since=1, tasks=10, each_s=0.1)  # 10 a second alone
    at_work(pace, 2, since=2, tasks=15, each_s=0.13)  # 15 a second with both
    gain = pace.gain_of(2, at(3))
    assert gain is not None and gain == pytest.approx(0.5) and gain > MIN_GAIN
    # a third, taken to add as much, pays with 200 tasks left (1*2*3/(0.5*200) = 0.03 s
    # a task), not with 100 (0.12 s: tasks average ~0.117 s)
    assert pace_workers(9, working=2, starting=0, tasks_left=200, pace=pace, at=at(3)) == Paced(1)
    assert pace_workers(9, working=2, starting=0, tasks_left=100, pace=pace, at=at(3)) == Paced(0)
    assert not retire_worker(2, pace, at(3))


def test_a_second_worker_on_quick_tasks_must_pay_even_if_it_adds_little() -> None:
    # 1 s to start, 15 ms a task: a second worker that added a whole worker's rate would pay
    # with 200 tasks left (1*1*3/200 = 0.015 s); one adding MIN_GAIN, the least a worker is
    # kept for, needs 1*1*1.5/(0.25*200) = 0.03 s: not started, one worker ends the job
    assert QUICK_TASK_S > 0.015
    pace = measured(1.0, 0.015)
    assert pace_workers(9, working=1, starting=0, tasks_left=200, pace=pace, at=at(2)) == Paced(0)
    # a longer job pays for it (0.006 s with 1,000 left)
    assert pace_workers(9, working=1, starting=0, tasks_left=1000, pace=pace, at=at(2)) == Paced(1)


def test_a_worker_on_tasks_that_keep_its_provider_busy_counts_whole() -> None:
    # 0.2 s a task, 20 left: a whole worker pays (1*1*3/20 = 0.15 s), as it did before any
    # gain was measured; MIN_GAIN's 0.3 s would have held it back
    pace = measured(1.0, 0.2)
    assert pace_workers(9, working=1, starting=0, tasks_left=20, pace=pace, at=at(2)) == Paced(1)
    long_ones = measured(1.0, 2.0)
    assert pace_workers(1, working=1, starting=0, tasks_left=2, pace=long_ones, at=at(4)) == Paced(
        1
    )


def test_a_first_task_still_quick_is_looked_at_again_when_it_no_longer_is() -> None:
    pace = first_task_running(1.0)  # 1 s to start
    # 20 tasks left, the first has run 50 ms: quick so far (a second worker would need
    # 0.3 s tasks); once it has run QUICK_TASK_S it counts whole (0.15 s)
    early = pace_workers(5, working=1, starting=0, tasks_left=20, pace=pace, at=at(1.05))
    assert early.start == 0
    assert early.recheck_in == pytest.approx(QUICK_TASK_S - 0.05)
    later = pace_workers(5, working=1, starting=0, tasks_left=20, pace=pace, at=at(1.1))
    assert later.start == 0
    assert later.recheck_in == pytest.approx(0.05)
    assert pace_workers(5, working=1, starting=0, tasks_left=20, pace=pace, at=at(1.15)).start == 1


def shared_cores() -> Pace:
    """Two workers at work decide no more tasks a second than one did."""
    pace = measured(1.0, 0.1)
    at_work(pace, 1, since=1, tasks=GAIN_SAMPLES, each_s=0.1)
    at_work(pace, 2, since=2, tasks=GAIN_SAMPLES, each_s=0.2)
    return pace


def test_a_worker_that_brought_nothing_is_let_go_and_not_replaced() -> None:
    pace = shared_cores()
    assert retire_worker(2, pace, at(3))
    assert not retire_worker(1, pace, at(3))  # the last one always stays
    at_work(pace, 1, since=3, tasks=GAIN_SAMPLES, each_s=0.1)  # and as quick alone as before
    # one at work again, 100 tasks left: the formula alone would start a second
    assert pace_workers(9, working=1, starting=0, tasks_left=100, pace=pace, at=at(4)) == Paced(0)


def test_long_tasks_keep_every_worker() -> None:
    pace = shared_cores()
    for _ in range(100):
        pace.task_decided(5.0)  # tasks now outlast a start
    assert not retire_worker(2, pace, at(3))


def test_the_gain_is_believed_only_after_enough_tasks_at_both_counts() -> None:
    pace = measured(1.0, 0.1)
    at_work(pace, 1, since=1, tasks=GAIN_SAMPLES, each_s=0.1)
    at_work(pace, 2, since=1.5, tasks=GAIN_SAMPLES - 1, each_s=0.1)
    assert pace.gain_of(2, at(2)) is None
    assert pace_workers(9, working=2, starting=0, tasks_left=100, pace=pace, at=at(2)) == Paced(0)
    assert pace.gain_of(1, at(2)) is None


def test_long_tasks_are_not_held_back_by_the_gain_rule() -> None:
    # tasks longer than a start: every wanted worker, no gain measured first
    pace = measured(1.0, 30.0)
    assert pace_workers(9, working=2, starting=0, tasks_left=100, pace=pace, at=at(40)) == Paced(9)


def test_a_new_workers_first_second_is_not_judged() -> None:
    # its first tasks are slow or quick by chance (a cold activity, a warm one): whatever
    # they show, it is neither let go nor counted on until it has worked GAIN_WINDOW_S
    pace = measured(1.0, 0.1)
    at_work(pace, 1, since=1, tasks=GAIN_SAMPLES, each_s=0.1)  # 10 a second alone
    at_work(pace, 2, since=2, tasks=GAIN_SAMPLES // 2 * 5, each_s=0.1)
    early = at(2 + GAIN_WINDOW_S / 4)
    assert pace.gain_of(2, early) is None
    assert not retire_worker(2, pace, early)
    assert pace_workers(9, working=2, starting=0, tasks_left=1000, pace=pace, at=early) == Paced(0)
    later = at(2 + GAIN_WINDOW_S)  # 25 tasks in a second with two: a worker and a half
    assert pace.gain_of(2, later) == pytest.approx(1.5)
    assert not retire_worker(2, pace, later)
    assert pace_workers(9, working=2, starting=0, tasks_left=1000, pace=pace, at=later).start >= 1
