"""Tasks at yapapi's path (`yapapi.executor.task`)."""

from typing import Any, Protocol

from golem_hl import events
from golem_hl.events import TaskEventType
from golem_hl.executor._task import D as TaskData
from golem_hl.executor._task import R as TaskResult
from golem_hl.executor._task import Task, TaskStatus

__all__ = ["Task", "TaskData", "TaskEmitter", "TaskEvents", "TaskResult", "TaskStatus"]

# the events that decide a task
TaskEvents = events.TaskAccepted | events.TaskRejected


class TaskEmitter(Protocol):
    """What emits a task's events: called with the event class and its fields."""

    def __call__(self, event_class: type[TaskEventType], **kwargs: Any) -> TaskEventType: ...
