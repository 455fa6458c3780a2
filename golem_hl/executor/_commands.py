"""The steps of a Script (yapapi's `yapapi.script.command`), each one exe-script command.

A step may need the requestor's side ready before the batch is sent (`before`:
serve the bytes to upload, open the target of a download), and may have work
after its command succeeded (`after`: hand the downloaded data to the
application). `cleanup` releases what `before` opened, whatever happened.
File transfer goes through golem_core.transfer: our own daemon serves and
receives `gftp://` URLs, no gftp binary. Each step's result is a future the
engine resolves with its `CommandExecuted` event.
"""

from __future__ import annotations

import abc
import asyncio
import inspect
import json
from collections.abc import Awaitable, Callable, Generator, Mapping
from pathlib import Path
from typing import Any, Final, Protocol

from golem_core import activity as core
from golem_core.activity import AtEnd, CaptureFormat, CaptureMode, Stream
from golem_core.ids import ActivityId, AgreementId
from golem_core.node import GolemNode
from golem_core.transfer import (
    IncomingFile,
    PublishedFile,
    publish_bytes,
    publish_file,
    publish_json,
    receive_bytes,
    receive_file,
)
from golem_hl import events

__all__ = [
    "DEFAULT_DOWNLOAD_LIMIT",
    "DEFAULT_FILE_LIMIT",
    "CaptureContext",
    "Command",
    "CommandEnv",
    "Deploy",
    "DownloadBytes",
    "DownloadFile",
    "DownloadJson",
    "Run",
    "SendBytes",
    "SendFile",
    "SendJson",
    "Start",
    "Terminate",
]

# yapapi's default for download_bytes / download_json
DEFAULT_DOWNLOAD_LIMIT: Final = 1024 * 1024
# download_file has no limit in yapapi; ours is a generous guard against a runaway upload
DEFAULT_FILE_LIMIT: Final = 16 * 1024**3
# once a transfer command has succeeded, its data is here or never comes
DOWNLOAD_SETTLE_S: Final = 30.0
# Run has no environment in yagna's exe-script; `env` runs the program through this
ENV_PROGRAM: Final = "/usr/bin/env"

OnDownload = Callable[[Any], Awaitable[Any] | Any]


class CommandEnv(Protocol):
    """Where a step runs: the node (for transfers) and the activity."""

    @property
    def node(self) -> GolemNode: ...
    @property
    def activity_id(self) -> ActivityId: ...
    @property
    def agreement_id(self) -> AgreementId: ...
    @property
    def stream_output(self) -> bool: ...


class CaptureContext:
    """yapapi's capture settings for `run`: `CaptureContext.build(mode, limit, fmt)`.

    `mode` is "all" (default), "head", "tail", "headTail" or "stream"; `fmt`
    is "str" or "bin".
    """

    @staticmethod
    def build(
        mode: str | None = None, limit: int | None = None, fmt: str | None = None
    ) -> CaptureMode:
        format_ = CaptureFormat(fmt) if fmt else None
        if mode in (None, "all"):
            return AtEnd(format=format_)
        if mode == "head":
            return AtEnd(head=limit, format=format_)
        if mode == "tail":
            return AtEnd(tail=limit, format=format_)
        if mode == "headTail":
            return AtEnd(head_tail=limit, format=format_)
        if mode == "stream":
            return Stream(limit=limit, format=format_)
        raise ValueError(f"unknown capture mode {mode!r}")


class _Outcome:
    """What `Script.run(...)` & co. return: awaitable for the command's `CommandExecuted`.

    The future behind it is made on first use, so a script can be built before
    the event loop runs.
    """

    def __init__(self, command: Command) -> None:
        self._command = command

    def __await__(self) -> Generator[Any, None, events.CommandExecuted]:
        return self._command._future().__await__()


class Command(abc.ABC):
    def __init__(self) -> None:
        self._result: asyncio.Future[events.CommandExecuted] | None = None
        self.outcome = _Outcome(self)

    def _future(self) -> asyncio.Future[events.CommandExecuted]:
        if self._result is None:
            self._result = asyncio.get_running_loop().create_future()
            # a failure nobody awaited must not end up as "exception never retrieved"
            self._result.add_done_callback(lambda f: f.cancelled() or f.exception())
        return self._result

    def _resolve(self, event: events.CommandExecuted) -> None:
        future = self._future()
        if not future.done():
            future.set_result(event)

    def _fail(self, error: BaseException) -> None:
        future = self._future()
        if not future.done():
            future.set_exception(error)

    @property
    def is_download(self) -> bool:
        return False

    async def before(self, env: CommandEnv) -> None:  # noqa: B027 -- optional step
        """Get the requestor's side ready before the batch is sent."""

    @abc.abstractmethod
    def evaluate(self, env: CommandEnv) -> core.Command:
        """The exe-script command this step sends."""

    async def after(self, env: CommandEnv) -> None:  # noqa: B027 -- optional step
        """Finish the step once its command succeeded."""

    async def cleanup(self) -> None:  # noqa: B027 -- optional step
        """Release what `before` opened."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _json_ready(value: Any) -> Any:
    """Deploy arguments as exe-script JSON (golem_core network records become their JSON)."""
    to_json = getattr(value, "to_json", None)
    if callable(to_json):
        return to_json()
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    return value


class Deploy(Command):
    """Deploy the payload; keyword arguments are the exe-script's (`net`, `volumes`, `env`...)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        self.kwargs = kwargs

    def evaluate(self, env: CommandEnv) -> core.Command:
        return core.command_from_json({"deploy": _json_ready(self.kwargs)})

    def __repr__(self) -> str:
        return f"deploy {self.kwargs}" if self.kwargs else "deploy"


class Start(Command):
    def __init__(self, *args: str) -> None:
        super().__init__()
        self.args = tuple(args)

    def evaluate(self, env: CommandEnv) -> core.Command:
        return core.Start(self.args)

    def __repr__(self) -> str:
        return " ".join(("start", *self.args))


class Terminate(Command):
    def evaluate(self, env: CommandEnv) -> core.Command:
        return core.Terminate()

    def __repr__(self) -> str:
        return "terminate"


class Run(Command):
    """Run a program in the payload; output captured whole, or streamed with `stream_output`."""

    def __init__(
        self,
        cmd: str,
        *args: str,
        env: Mapping[str, str] | None = None,
        stdout: CaptureMode | None = None,
        stderr: CaptureMode | None = None,
    ) -> None:
        super().__init__()
        core.Run(cmd, args)  # golem_core's rules, here: the error points at the script.run line
        self.cmd = cmd
        self.args = tuple(args)
        self.env = dict(env or {})
        self.stdout = stdout
        self.stderr = stderr

    def evaluate(self, env: CommandEnv) -> core.Command:
        default: CaptureMode = Stream() if env.stream_output else AtEnd()
        capture = core.Capture(stdout=self.stdout or default, stderr=self.stderr or default)
        if not self.env:
            return core.Run(self.cmd, self.args, capture=capture)
        # yagna 0.17.6 drops `env` from a run command; env(1) sets it for the program instead
        assignments = tuple(f"{name}={value}" for name, value in self.env.items())
        return core.Run(ENV_PROGRAM, (*assignments, self.cmd, *self.args), capture=capture)

    def __repr__(self) -> str:
        return " ".join(("run", self.cmd, *self.args))


def _container(path: str) -> str:
    return path if path.startswith("container:") else f"container:{path}"


# --- sending -----------------------------------------------------------------------------


class _Send(Command):
    def __init__(self, dst_path: str) -> None:
        super().__init__()
        self.dst_path = dst_path
        self._published: PublishedFile | None = None

    @abc.abstractmethod
    async def _publish(self, env: CommandEnv) -> PublishedFile: ...

    async def before(self, env: CommandEnv) -> None:
        self._published = await self._publish(env)

    def evaluate(self, env: CommandEnv) -> core.Command:
        assert self._published is not None, "before() publishes the data"
        return core.Transfer(self._published.url, _container(self.dst_path))

    async def cleanup(self) -> None:
        if self._published is not None:
            await self._published.close()


def _for(env: CommandEnv) -> tuple[ActivityId, AgreementId]:
    return (env.activity_id, env.agreement_id)


class SendBytes(_Send):
    def __init__(self, data: bytes, dst_path: str) -> None:
        super().__init__(dst_path)
        self.data = bytes(data)

    async def _publish(self, env: CommandEnv) -> PublishedFile:
        return await publish_bytes(env.node, self.data, for_activity=_for(env))

    def __repr__(self) -> str:
        return f"send {len(self.data)} bytes to {self.dst_path}"


class SendJson(_Send):
    def __init__(self, data: Any, dst_path: str) -> None:
        super().__init__(dst_path)
        self.data = data

    async def _publish(self, env: CommandEnv) -> PublishedFile:
        return await publish_json(env.node, self.data, for_activity=_for(env))

    def __repr__(self) -> str:
        return f"send json to {self.dst_path}"


class SendFile(_Send):
    def __init__(self, src_path: str | Path, dst_path: str) -> None:
        super().__init__(dst_path)
        self.src_path = Path(src_path)

    async def _publish(self, env: CommandEnv) -> PublishedFile:
        return await publish_file(env.node, self.src_path, for_activity=_for(env))

    def __repr__(self) -> str:
        return f"send {self.src_path} to {self.dst_path}"


# --- receiving ---------------------------------------------------------------------------


async def _call(callback: OnDownload, value: Any) -> None:
    outcome = callback(value)
    if inspect.isawaitable(outcome):
        await outcome


class _Download(Command):
    def __init__(self, src_path: str, limit: int) -> None:
        super().__init__()
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
        return core.Transfer(_container(self.src_path), self._incoming.url)

    async def after(self, env: CommandEnv) -> None:
        assert self._incoming is not None
        await self._deliver(await self._incoming.read_bytes(timeout=DOWNLOAD_SETTLE_S))

    async def _deliver(self, data: bytes) -> None:
        pass

    async def cleanup(self) -> None:
        if self._incoming is not None:
            await self._incoming.close()


class DownloadBytes(_Download):
    def __init__(
        self, src_path: str, on_download: OnDownload, limit: int = DEFAULT_DOWNLOAD_LIMIT
    ) -> None:
        super().__init__(src_path, limit)
        self.on_download = on_download

    async def _deliver(self, data: bytes) -> None:
        await _call(self.on_download, data)

    def __repr__(self) -> str:
        return f"download bytes of {self.src_path}"


class DownloadJson(_Download):
    def __init__(
        self, src_path: str, on_download: OnDownload, limit: int = DEFAULT_DOWNLOAD_LIMIT
    ) -> None:
        super().__init__(src_path, limit)
        self.on_download = on_download

    async def _deliver(self, data: bytes) -> None:
        await _call(self.on_download, json.loads(data.decode("utf-8")))

    def __repr__(self) -> str:
        return f"download json of {self.src_path}"


class DownloadFile(_Download):
    def __init__(
        self, src_path: str, dst_path: str | Path, limit: int = DEFAULT_FILE_LIMIT
    ) -> None:
        super().__init__(src_path, limit)
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
        return f"download {self.src_path} to {self.dst_path}"
