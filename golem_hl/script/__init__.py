"""Scripts and their commands (yapapi's `yapapi.script` and `yapapi.script.command`)."""

from golem_hl.executor._commands import (
    CaptureContext,
    Command,
    Deploy,
    DownloadBytes,
    DownloadFile,
    DownloadJson,
    Run,
    SendBytes,
    SendFile,
    SendJson,
    Start,
    Terminate,
)
from golem_hl.executor._script import Script

__all__ = [
    "CaptureContext",
    "Command",
    "Deploy",
    "DownloadBytes",
    "DownloadFile",
    "DownloadJson",
    "Run",
    "Script",
    "SendBytes",
    "SendFile",
    "SendJson",
    "Start",
    "Terminate",
]
