"""golem_hl: the high-level task API, with yapapi's names and meanings.

A yapapi application runs on it with its imports changed::

    from golem_hl import Golem, Task, WorkContext
    from golem_hl.payload import vm
"""

from golem_hl import events, log, payload, props, rest, storage, strategy
from golem_hl.exceptions import (
    BatchError,
    BatchTimeoutError,
    CommandExecutionError,
    NoPaymentAccountError,
)
from golem_hl.executor import (
    BudgetExhaustedError,
    Executor,
    JobTimeoutError,
    Script,
    Task,
    TaskStatus,
    WorkContext,
)
from golem_hl.golem import ApiConfig, Golem, get_version, windows_event_loop_fix
from golem_hl.payload import vm

__version__ = get_version()

__all__ = [
    "ApiConfig",
    "BatchError",
    "BatchTimeoutError",
    "BudgetExhaustedError",
    "CommandExecutionError",
    "Executor",
    "Golem",
    "JobTimeoutError",
    "NoPaymentAccountError",
    "Script",
    "Task",
    "TaskStatus",
    "WorkContext",
    "__version__",
    "events",
    "get_version",
    "log",
    "payload",
    "props",
    "rest",
    "storage",
    "strategy",
    "vm",
    "windows_event_loop_fix",
]
