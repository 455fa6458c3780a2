"""The task model: tasks, workers, work contexts and scripts (yapapi's `yapapi.executor`)."""

from golem_hl.executor._commands import CaptureContext
from golem_hl.executor._compat import Executor
from golem_hl.executor._context import UsageSnapshot, WorkContext
from golem_hl.executor._errors import BudgetExhaustedError, JobTimeoutError
from golem_hl.executor._script import Script
from golem_hl.executor._task import Task, TaskStatus

__all__ = [
    "BudgetExhaustedError",
    "CaptureContext",
    "Executor",
    "JobTimeoutError",
    "Script",
    "Task",
    "TaskStatus",
    "UsageSnapshot",
    "WorkContext",
]
