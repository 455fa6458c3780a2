"""How a `run` command's output is captured (yapapi's `yapapi.script.capture`).

`CaptureContext.build(mode, limit, fmt)` is what applications call; it returns
golem_core's capture setting, which `Script.run(stdout=..., stderr=...)` takes.
`CaptureMode` names yapapi's modes, for code that refers to them.
"""

import enum

from golem_core.activity import CaptureFormat
from golem_hl.executor._options import CaptureContext

__all__ = ["CaptureContext", "CaptureFormat", "CaptureMode"]


class CaptureMode(enum.Enum):
    """The `mode` values `CaptureContext.build` accepts ("all" is HEAD without a limit)."""

    HEAD = "head"
    TAIL = "tail"
    HEAD_TAIL = "headTail"
    STREAM = "stream"
