"""The worker's work context at yapapi's path (`yapapi.ctx`)."""

from golem_hl.executor._context import UsageSnapshot, WorkContext
from golem_hl.executor._script import Script
from golem_hl.script.capture import CaptureContext, CaptureFormat, CaptureMode

__all__ = [
    "CaptureContext",
    "CaptureFormat",
    "CaptureMode",
    "Script",
    "UsageSnapshot",
    "WorkContext",
]
