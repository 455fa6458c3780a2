"""File transfer steps of a Script: sending to the payload, and receiving from it.

`before` serves the bytes to upload or opens the target of a download, `after`
hands the downloaded data to the application, `cleanup` releases what `before`
opened. Transfers go through golem_core.transfer: our own daemon serves and
receives `gftp://` URLs, no gftp binary.
"""

from __future__ import annotations

import abc
import inspect
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Final

from golem_core import activity as core
from golem_core.ids import ActivityId, AgreementId
from golem_core.transfer import (
    IncomingFile,
    PublishedFile,
    publish_bytes,
    publish_file,
    publish_json,
    receive_bytes,
    receive_file,
)
from golem_hl.executor._commands import Command, CommandEnv, container
from golem_hl.executor._options import ProgressArgs

__all__ = [
    "DEFAULT_DOWNLOAD_LIMIT",
    "DEFAULT_FILE_LIMIT",
    "DownloadBytes",
    "DownloadFile",
    "DownloadFileFromInternet",
    "DownloadJson",
    "OnDownload",
    "SendBytes",
    "SendFile",
    "SendJson",
]

# yapapi's default for download_bytes / download_json
DEFAULT_DOWNLOAD_LIMIT: Final = 1024 * 1024
# download_file has no limit in yapapi; ours is a generous guard against a runaway upload
DEFAULT_FILE_LIMIT: Final = 16 * 1024**3
# once a transfer command has succeeded, its data is here or never comes
DOWNLOAD_SETTLE_S: Final = 30.0

OnDownload = Callable[[Any], Awaitable[Any] | Any]


# --- sending -----------------------------------------------------------------------------


class _Send(Command):
    def __init__(self, dst_path: str, progress_args: ProgressArgs | None = None) -> None:
        super().__init__(progress_args)
        self.dst_path = dst_path
        self._published: PublishedFile | None = None

    @abc.abstractmethod
    async def _publish(self, env: CommandEnv) -> PublishedFile: ...

    async def before(self, env: CommandEnv) -> None:
        self._published = await self._publish(env)

    def evaluate(self, env: CommandEnv) -> core.Command:
        assert self._published is not None, "before() publishes the data"
        return core.Transfer(
            self._published.url, container(self.dst_path), progress=self._progress()
        )

    async def cleanup(self) -> None:
        if self._published is not None:
            await self._published.close()


def _for(env: CommandEnv) -> tuple[ActivityId, AgreementId]:
    return (env.activity_id, env.agreement_id)


class SendBytes(_Send):
    def __init__(
        self, data: bytes, dst_path: str, progress_args: ProgressArgs | None = None
    ) -> None:
        super().__init__(dst_path, progress_args)
        self.data = bytes(data)

    async def _publish(self, env: CommandEnv) -> PublishedFile:
        return await publish_bytes(env.node, self.data, for_activity=_for(env))

    def __repr__(self) -> str:
        return f"{super().__repr__()} dst={self.dst_path}"


class SendJson(_Send):
    def __init__(self, data: Any, dst_path: str, progress_args: ProgressArgs | None = None) -> None:
        super().__init__(dst_path, progress_args)
        self.data = data

    async def _publish(self, env: CommandEnv) -> PublishedFile:
        return await publish_json(env.node, self.data, for_activity=_for(env))

    def __repr__(self) -> str:
        return f"{super().__repr__()} dst={self.dst_path}"


class SendFile(_Send):
    def __init__(
        self, src_path: str | Path, dst_path: str, progress_args: ProgressArgs | None = None
    ) -> None:
        super().__init__(dst_path, progress_args)
        self.src_path = Path(src_path)

    async def _publish(self, env: CommandEnv) -> PublishedFile:
        return await publish_file(env.node, self.src_path, for_activity=_for(env))

    def __repr__(self) -> str:
        return f"{super().__repr__()} dst={self.dst_path} src={self.src_path}"


# --- receiving ---------------------------------------------------------------------------


async def _call(callback: OnDownload, value: Any) -> None:
    outcome = callback(value)
    if inspect.isawaitable(outcome):
        await outcome


class _Download(Command):
    def __init__(
        self, src_path: str, limit: int, progress_args: ProgressArgs | None = None
    ) -> None:
        super().__init__(progress_args)
        self.src_path = src_path
        self.limit = limit
        self._incoming: IncomingFile | None = None

    @property
    def is_download(self) -> bool:
        return True

    @property
    def local_path(self) -> str | None:
        return None

    async def before(self, env: CommandEnv) -> None:
        self._incoming = await self._receive(env)

    async def _receive(self, env: CommandEnv) -> IncomingFile:
        return await receive_bytes(env.node, self.limit, for_activity=_for(env))

    def evaluate(self, env: CommandEnv) -> core.Command:
        assert self._incoming is not None, "before() opens the download target"
        return core.Transfer(
            container(self.src_path), self._incoming.url, progress=self._progress()
        )

    async def after(self, env: CommandEnv) -> None:
        assert self._incoming is not None
        await self._deliver(await self._incoming.read_bytes(timeout=DOWNLOAD_SETTLE_S))

    async def _deliver(self, data: bytes) -> None:
        pass

    async def cleanup(self) -> None:
        if self._incoming is not None:
            await self._incoming.close()


class _DownloadToCallback(_Download):
    """A download handed to the app's callback (bytes or JSON, by `_decode`)."""

    def __init__(
        self,
        src_path: str,
        on_download: OnDownload,
        limit: int = DEFAULT_DOWNLOAD_LIMIT,
        progress_args: ProgressArgs | None = None,
    ) -> None:
        super().__init__(src_path, limit, progress_args)
        self.on_download = on_download

    def _decode(self, data: bytes) -> Any:
        return data

    async def _deliver(self, data: bytes) -> None:
        await _call(self.on_download, self._decode(data))

    def __repr__(self) -> str:
        return f"{super().__repr__()} src={self.src_path}"


class DownloadBytes(_DownloadToCallback):
    pass


class DownloadJson(_DownloadToCallback):
    def _decode(self, data: bytes) -> Any:
        return json.loads(data.decode("utf-8"))


class DownloadFile(_Download):
    def __init__(
        self,
        src_path: str,
        dst_path: str | Path,
        progress_args: ProgressArgs | None = None,
        limit: int = DEFAULT_FILE_LIMIT,
    ) -> None:
        super().__init__(src_path, limit, progress_args)
        self.dst_path = Path(dst_path)

    @property
    def local_path(self) -> str | None:
        return str(self.dst_path)

    async def _receive(self, env: CommandEnv) -> IncomingFile:
        return await receive_file(env.node, self.dst_path, self.limit, for_activity=_for(env))

    async def after(self, env: CommandEnv) -> None:
        assert self._incoming is not None
        await self._incoming.result(timeout=DOWNLOAD_SETTLE_S)

    def __repr__(self) -> str:
        return f"{super().__repr__()} src={self.src_path} dst={self.dst_path}"


class DownloadFileFromInternet(Command):
    """A transfer from `src_url` (http, https, ...) to `dst_path` in the payload.

    Nothing passes through the requestor; the provider's exe-unit must allow the
    URL's host (its outbound rules decide).
    """

    def __init__(
        self, src_url: str, dst_path: str, progress_args: ProgressArgs | None = None
    ) -> None:
        super().__init__(progress_args)
        self.src_url = src_url
        self.dst_path = dst_path

    def evaluate(self, env: CommandEnv) -> core.Command:
        return core.Transfer(self.src_url, container(self.dst_path), progress=self._progress())

    def __repr__(self) -> str:
        return f"{super().__repr__()} src={self.src_url}"
