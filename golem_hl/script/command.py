"""The commands a Script is made of, at yapapi's path (`yapapi.script.command`)."""

from golem_hl.events import CommandExecuted, DownloadFinished, DownloadStarted
from golem_hl.script import (
    DOWNLOAD_BYTES_LIMIT_DEFAULT,
    BatchCommand,
    CaptureContext,
    Command,
    Deploy,
    DownloadBytes,
    DownloadFile,
    DownloadFileFromInternet,
    DownloadJson,
    ProgressArgs,
    Run,
    SendBytes,
    SendFile,
    SendJson,
    Start,
    Terminate,
)

# the events of a transfer out of the payload
StorageEvent = DownloadStarted | DownloadFinished

__all__ = [
    "DOWNLOAD_BYTES_LIMIT_DEFAULT",
    "BatchCommand",
    "CaptureContext",
    "Command",
    "CommandExecuted",
    "Deploy",
    "DownloadBytes",
    "DownloadFile",
    "DownloadFileFromInternet",
    "DownloadFinished",
    "DownloadJson",
    "DownloadStarted",
    "ProgressArgs",
    "Run",
    "SendBytes",
    "SendFile",
    "SendJson",
    "Start",
    "StorageEvent",
    "Terminate",
]
