"""Tasks at yapapi's path (`yapapi.executor.task`)."""

from golem_hl.executor._task import D as TaskData
from golem_hl.executor._task import R as TaskResult
from golem_hl.executor._task import Task, TaskStatus

__all__ = ["Task", "TaskData", "TaskResult", "TaskStatus"]
