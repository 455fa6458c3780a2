"""`Script`: commands to run on a provider in one batch (yapapi's `yapapi.script.Script`).

Build one with `ctx.new_script()`, add commands, and `yield` it from the
worker. Each method returns an awaitable of the command's `CommandExecuted`
event; the `yield` itself returns an awaitable of all of them. Commands run in
the order they were added; a script is sent once.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol, TypeVar

from golem_core.activity import CaptureMode
from golem_core.exceptions import GolemError
from golem_hl import events
from golem_hl.executor._commands import Command, Deploy, Run, Start, Terminate
from golem_hl.executor._options import ProgressArgs
from golem_hl.executor._transfers import (
    DEFAULT_DOWNLOAD_LIMIT,
    DEFAULT_FILE_LIMIT,
    DownloadBytes,
    DownloadFile,
    DownloadFileFromInternet,
    DownloadJson,
    OnDownload,
    SendBytes,
    SendFile,
    SendJson,
)

__all__ = ["Script", "ScriptContext"]

E = TypeVar("E", bound=events.Event)


class ScriptContext(Protocol):
    """Where a script runs (a `WorkContext`): it emits the script's own events."""

    def emit(self, event_class: type[E], **kwargs: Any) -> E: ...


_ids = itertools.count(1)


class Script:
    def __init__(
        self,
        context: ScriptContext,
        timeout: timedelta | None = None,
        wait_for_results: bool = True,
    ) -> None:
        self.context = context
        self.timeout = timeout
        self.wait_for_results = wait_for_results
        self._id = next(_ids)
        self._commands: list[Command] = []
        self._sent = False

    def __repr__(self) -> str:
        return f"Script(id={self._id}, ctx={self.context}, commands={self._commands})"

    @property
    def id(self) -> int:
        """Unique in this process (one counter for every script)."""
        return self._id

    @property
    def commands(self) -> tuple[Command, ...]:
        return tuple(self._commands)

    @property
    def timeout_seconds(self) -> float | None:
        return None if self.timeout is None else self.timeout.total_seconds()

    def add(self, cmd: Command) -> Awaitable[events.CommandExecuted]:
        if self._sent:
            raise GolemError(f"{self!r} was sent already; make a new script")
        self._commands.append(cmd)
        return cmd.outcome

    def _take(self) -> tuple[Command, ...]:
        """The commands to send, once; the script cannot change after this."""
        if self._sent:
            raise GolemError(f"{self!r} was sent already; a script runs once")
        self._sent = True
        return tuple(self._commands)

    async def _results(self) -> list[events.CommandExecuted]:
        return list(await asyncio.gather(*(c._future() for c in self._commands)))

    async def results(self) -> list[events.CommandExecuted]:
        """Every command's `CommandExecuted`, once the script ran."""
        return await self._results()

    def emit(self, event_class: type[E], **kwargs: Any) -> E:
        """An application's own event about this script (yapapi's `Script.emit`)."""
        return self.context.emit(event_class, script=self, **kwargs)

    # --- commands ---------------------------------------------------------------------

    def deploy(
        self, progress_args: ProgressArgs | None = None, **kwargs: Any
    ) -> Awaitable[events.CommandExecuted]:
        return self.add(Deploy(progress_args, **kwargs))

    def start(self, *args: str) -> Awaitable[events.CommandExecuted]:
        return self.add(Start(*args))

    def terminate(self) -> Awaitable[events.CommandExecuted]:
        return self.add(Terminate())

    def run(
        self,
        cmd: str,
        *args: str,
        env: Mapping[str, str] | None = None,
        stderr: CaptureMode | None = None,
        stdout: CaptureMode | None = None,
    ) -> Awaitable[events.CommandExecuted]:
        return self.add(Run(cmd, *args, env=env, stdout=stdout, stderr=stderr))

    def download_bytes(
        self,
        src_path: str,
        on_download: OnDownload,
        limit: int = DEFAULT_DOWNLOAD_LIMIT,
        **kwargs: Any,
    ) -> Awaitable[events.CommandExecuted]:
        return self.add(DownloadBytes(src_path, on_download, limit, **kwargs))

    def download_file(
        self, src_path: str, dst_path: str | Path, limit: int = DEFAULT_FILE_LIMIT, **kwargs: Any
    ) -> Awaitable[events.CommandExecuted]:
        return self.add(DownloadFile(src_path, dst_path, limit=limit, **kwargs))

    def download_json(
        self,
        src_path: str,
        on_download: OnDownload,
        limit: int = DEFAULT_DOWNLOAD_LIMIT,
        **kwargs: Any,
    ) -> Awaitable[events.CommandExecuted]:
        return self.add(DownloadJson(src_path, on_download, limit, **kwargs))

    def upload_bytes(
        self, data: bytes, dst_path: str, **kwargs: Any
    ) -> Awaitable[events.CommandExecuted]:
        return self.add(SendBytes(data, dst_path, **kwargs))

    def upload_file(
        self, src_path: str | Path, dst_path: str, **kwargs: Any
    ) -> Awaitable[events.CommandExecuted]:
        return self.add(SendFile(src_path, dst_path, **kwargs))

    def upload_json(
        self, data: Any, dst_path: str, **kwargs: Any
    ) -> Awaitable[events.CommandExecuted]:
        return self.add(SendJson(data, dst_path, **kwargs))

    def download_from_url(
        self, src_url: str, dst_path: str, progress_args: ProgressArgs | None = None
    ) -> Awaitable[events.CommandExecuted]:
        """The provider fetches `src_url` itself, into `dst_path` in the payload."""
        return self.add(DownloadFileFromInternet(src_url, dst_path, progress_args))
