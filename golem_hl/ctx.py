"""The worker's work context at yapapi's path (`yapapi.ctx`)."""

from datetime import timedelta
from typing import Any, Protocol

import attrs

from golem_core.activity import ActivityUsage
from golem_hl.events import ActivityEventType
from golem_hl.executor._context import UsageSnapshot, WorkContext
from golem_hl.executor._script import Script
from golem_hl.script.capture import CaptureContext, CaptureFormat, CaptureMode

__all__ = [
    "ActivityUsage",
    "CaptureContext",
    "CaptureFormat",
    "CaptureMode",
    "ExecOptions",
    "Script",
    "UsageSnapshot",
    "WorkContext",
    "WorkContextEmitter",
]


@attrs.define
class ExecOptions:
    """How a script runs: whether the worker waits for its results, and its time limit.

    `Script(wait_for_results=..., timeout=...)` takes the same two settings.
    """

    wait_for_results: bool = True
    batch_timeout: timedelta | None = None


class WorkContextEmitter(Protocol):
    """What emits a work context's events: called with the event class and its fields."""

    def __call__(
        self, event_class: type[ActivityEventType], **kwargs: Any
    ) -> ActivityEventType: ...
