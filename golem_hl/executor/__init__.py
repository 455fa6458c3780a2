"""The task model: tasks, workers, work contexts and scripts (yapapi's `yapapi.executor`)."""

from datetime import timedelta
from typing import Final

from golem_hl._engine.engine import DEFAULT_INVOICE_TIMEOUT_S
from golem_hl._engine.job import Job
from golem_hl.executor._commands import Deploy, Start
from golem_hl.executor._compat import Executor
from golem_hl.executor._context import UsageSnapshot, WorkContext
from golem_hl.executor._errors import BudgetExhaustedError, JobTimeoutError
from golem_hl.executor._job import DEFAULT_JOB_TIMEOUT, DEFAULT_NO_PROPOSALS_TIMEOUT
from golem_hl.executor._options import CaptureContext
from golem_hl.executor._script import Script
from golem_hl.executor._task import D, R, Task, TaskStatus
from golem_hl.payload import Payload

__all__ = [
    "CFG_INVOICE_TIMEOUT",
    "DEFAULT_EXECUTOR_TIMEOUT",
    "DEFAULT_GET_OFFERS_TIMEOUT",
    "BudgetExhaustedError",
    "CaptureContext",
    "D",
    "Deploy",
    "Executor",
    "Job",
    "JobTimeoutError",
    "Payload",
    "R",
    "Script",
    "Start",
    "Task",
    "TaskStatus",
    "UsageSnapshot",
    "WorkContext",
]

# yapapi's names for our defaults: how long shutdown waits for invoices, how long a
# job may run, and how often a job with no confirmed proposal says so
CFG_INVOICE_TIMEOUT: Final = timedelta(seconds=DEFAULT_INVOICE_TIMEOUT_S)
DEFAULT_EXECUTOR_TIMEOUT: Final = DEFAULT_JOB_TIMEOUT
DEFAULT_GET_OFFERS_TIMEOUT: Final = DEFAULT_NO_PROPOSALS_TIMEOUT
