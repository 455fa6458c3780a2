"""The commands a Script is made of, at yapapi's path (`yapapi.script.command`)."""

from golem_hl.events import CommandExecuted, DownloadFinished, DownloadStarted
from golem_hl.executor._commands import (
    DEFAULT_DOWNLOAD_LIMIT,
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

# yapapi's name for the download limit of `download_bytes` / `download_json`
DOWNLOAD_BYTES_LIMIT_DEFAULT = DEFAULT_DOWNLOAD_LIMIT

__all__ = [
    "DOWNLOAD_BYTES_LIMIT_DEFAULT",
    "CaptureContext",
    "Command",
    "CommandExecuted",
    "Deploy",
    "DownloadBytes",
    "DownloadFile",
    "DownloadFinished",
    "DownloadJson",
    "DownloadStarted",
    "Run",
    "SendBytes",
    "SendFile",
    "SendJson",
    "Start",
    "Terminate",
]
