"""golem_hl: the high-level task API, with yapapi's names and meanings.

A yapapi application runs on it with its imports changed::

    from golem_hl import Golem, Task, WorkContext
    from golem_hl.payload import vm
"""

from typing import TYPE_CHECKING, Any

from golem_hl import events, log, payload, props, rest, storage, strategy
from golem_hl.ctx import ExecOptions
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

if TYPE_CHECKING:
    __version__: str


def __getattr__(name: str) -> Any:
    # read on first use: importlib.metadata costs an app's start more than golem_hl's own code
    if name == "__version__":
        globals()[name] = version = get_version()
        return version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ApiConfig",
    "BatchError",
    "BatchTimeoutError",
    "BudgetExhaustedError",
    "CommandExecutionError",
    "ExecOptions",
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
