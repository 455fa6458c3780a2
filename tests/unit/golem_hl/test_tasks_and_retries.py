"""Tasks, the task queue, and what a failure means for the tasks and the provider."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from golem_core import exceptions as core
from golem_core.transfer import TransferLimitExceeded
from golem_hl import exceptions as hl
from golem_hl.executor._decisions import (
    MAX_TASK_ATTEMPTS,
    Fault,
    classify_failure,
    should_retry,
    workers_to_start,
)
from golem_hl.executor._errors import ProviderFailed
from golem_hl.executor._queue import TaskQueue
from golem_hl.executor._task import Task, TaskStatus


class Owner:
    """Stands in for the worker a running task belongs to."""

    def __init__(self) -> None:
        self.accepted: list[Task[Any, Any]] = []
        self.rejected: list[tuple[Task[Any, Any], str | None, bool]] = []

    def task_accepted(self, task: Task[Any, Any]) -> None:
        self.accepted.append(task)

    def task_rejected(self, task: Task[Any, Any], reason: str | None, retry: bool) -> None:
        self.rejected.append((task, reason, retry))


NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_a_task_is_accepted_once_with_its_result() -> None:
    task: Task[int, str] = Task(data=7)
    assert task.status is TaskStatus.WAITING and task.running_time is None
    with pytest.raises(core.GolemError, match="not running"):
        task.accept_result("early")
    owner = Owner()
    task._start(owner, NOW)
    assert task.status.value == "running"
    task.accept_result("forty-nine")
    assert owner.accepted == [task]
    assert (task.status, task.result) == (TaskStatus.ACCEPTED, "forty-nine")
    assert task.running_time is not None and task.running_time.total_seconds() > 0
    with pytest.raises(core.GolemError):
        task.accept_result("twice")


def test_a_rejected_task_waits_again_only_when_retried() -> None:
    owner = Owner()
    again: Task[None, None] = Task(data=None)
    again._start(owner, NOW)
    again.reject_result("bad output", retry=True)
    assert again.status is TaskStatus.WAITING
    given_up: Task[None, None] = Task(data=None)
    given_up._start(owner, NOW)
    given_up.reject_result("hopeless")
    assert given_up.status is TaskStatus.REJECTED
    assert owner.rejected == [(again, "bad output", True), (given_up, "hopeless", False)]


def test_task_ids_are_unique_and_readable() -> None:
    first: Task[str, None] = Task(data="a")
    second: Task[str, None] = Task(data="b")
    assert first.id != second.id
    assert repr(first) == f"Task(id={first.id}, data=a)"  # yapapi's form


def test_the_queue_hands_out_tasks_and_takes_them_back() -> None:
    queue: TaskQueue[str] = TaskQueue()
    for name in "abc":
        queue.put(name)
    assert queue.take("w1") == "a"
    assert queue.take("w2") == "b"
    assert (queue.waiting, queue.running) == (1, 2)
    queue.give_back("a")  # w1 failed: "a" goes first next time
    assert queue.take("w2") == "a"
    assert queue.tasks_of("w2") == ["b", "a"]
    queue.finish("b")
    queue.finish("a")
    assert not queue.finished  # input still open, "c" waiting
    queue.close_input()
    assert queue.take("w1") == "c"
    assert not queue.finished
    queue.finish("c")
    assert queue.finished and queue.done == 3
    assert queue.take("w1") is None
    with pytest.raises(ValueError):
        queue.put("d")
    with pytest.raises(ValueError):
        queue.finish("c")
    assert "finished" in repr(queue)


@pytest.mark.parametrize(
    ("error", "alive", "fault"),
    [
        (ProviderFailed("agreement terminated"), True, Fault.PROVIDER),
        (hl.CommandExecutionError("run x", "exited with code 1"), True, Fault.TASK),
        (hl.CommandExecutionError("run x", "state error"), False, Fault.PROVIDER),
        (hl.BatchTimeoutError("act", "batch", 5.0), True, Fault.PROVIDER),
        (core.BatchTimeoutError("act", "batch", 5.0), None, Fault.PROVIDER),
        (core.ActivityTerminatedError("act", "batch", 1, "Terminated", None), None, Fault.PROVIDER),
        (core.ServerError("exec", 500, "GSB error"), True, Fault.PROVIDER),
        (core.TransportError("exec", "connection reset"), None, Fault.PROVIDER),
        (TransferLimitExceeded("gftp://x/y", 10, 20), True, Fault.TASK),
        (KeyError("the worker's own bug"), True, Fault.TASK),
        (KeyError("the worker's own bug"), False, Fault.PROVIDER),
    ],
)
def test_whose_fault_a_failure_is(error: BaseException, alive: bool | None, fault: Fault) -> None:
    assert classify_failure(error, alive) is fault


def test_provider_faults_are_always_retried_task_faults_a_few_times() -> None:
    assert all(should_retry(Fault.PROVIDER, n) for n in range(10))
    assert [should_retry(Fault.TASK, n) for n in range(1, MAX_TASK_ATTEMPTS + 1)] == [
        *([True] * (MAX_TASK_ATTEMPTS - 1)),
        False,
    ]


@pytest.mark.parametrize(
    ("state", "wanted"),
    [
        # one task, nobody working yet: one worker
        ({"workers": 0, "starting": 0, "idle_workers": 0, "waiting_tasks": 1}, 1),
        # one task and a worker still starting: it will take it
        ({"workers": 0, "starting": 1, "idle_workers": 0, "waiting_tasks": 1}, 0),
        # many tasks: as many workers as allowed
        ({"workers": 0, "starting": 0, "idle_workers": 0, "waiting_tasks": 20}, 3),
        ({"workers": 2, "starting": 0, "idle_workers": 0, "waiting_tasks": 20}, 1),
        # idle workers take waiting tasks themselves
        ({"workers": 2, "starting": 0, "idle_workers": 2, "waiting_tasks": 2}, 0),
        ({"workers": 3, "starting": 0, "idle_workers": 0, "waiting_tasks": 5}, 0),
    ],
)
def test_how_many_workers_to_start(state: dict[str, int], wanted: int) -> None:
    def asked(finished: bool, sources: bool = True) -> int:
        return workers_to_start(
            max_workers=3,
            workers=state["workers"],
            starting=state["starting"],
            idle_workers=state["idle_workers"],
            waiting_tasks=state["waiting_tasks"],
            finished=finished,
            sources=sources,
        )

    assert asked(finished=False) == wanted
    assert asked(finished=True) == 0
    # with no spare agreement and no offer kept there is nothing to start one on
    assert asked(finished=False, sources=False) == 0
