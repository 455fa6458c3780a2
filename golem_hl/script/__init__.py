"""Scripts: commands sent to a provider together (yapapi's `yapapi.script`)."""

import itertools
from typing import Any

from golem_hl.events import CommandEvent, CommandExecuted, ScriptEventType
from golem_hl.exceptions import CommandExecutionError
from golem_hl.executor import _script
from golem_hl.executor._commands import Command, Deploy, Run, Start, Terminate
from golem_hl.executor._options import CaptureContext, ProgressArgs
from golem_hl.executor._script import Script
from golem_hl.executor._transfers import (
    DEFAULT_DOWNLOAD_LIMIT,
    DownloadBytes,
    DownloadFile,
    DownloadFileFromInternet,
    DownloadJson,
    SendBytes,
    SendFile,
    SendJson,
)

__all__ = [
    "DOWNLOAD_BYTES_LIMIT_DEFAULT",
    "BatchCommand",
    "CaptureContext",
    "Command",
    "CommandEvent",
    "CommandExecuted",
    "CommandExecutionError",
    "Deploy",
    "DownloadBytes",
    "DownloadFile",
    "DownloadFileFromInternet",
    "DownloadJson",
    "ProgressArgs",
    "Run",
    "Script",
    "ScriptEventType",
    "SendBytes",
    "SendFile",
    "SendJson",
    "Start",
    "Terminate",
    "script_ids",
]

# yapapi's name for the download limit of `download_bytes` / `download_json`
DOWNLOAD_BYTES_LIMIT_DEFAULT = DEFAULT_DOWNLOAD_LIMIT
# one exe-script command as JSON ({"run": {...}}); our commands evaluate to golem_core's
BatchCommand = dict[str, dict[str, Any]]
# where script ids come from (one counter for the process)
script_ids: "itertools.count[int]" = _script._ids
