"""The steps of a Script (yapapi's `yapapi.script.command`), each one exe-script command.

Here the base and the steps on the payload itself; file transfers are in
`_transfers`. A step may need the requestor's side ready before the batch is
sent (`before`), may have work after its command succeeded (`after`), and
releases what `before` opened in `cleanup`, whatever happened. Each step's
result is a future the engine resolves with its `CommandExecuted` event.
"""

from __future__ import annotations

import abc
import asyncio
from collections.abc import Generator, Mapping
from typing import Any, Final, Protocol

import attrs

from golem_core import activity as core
from golem_core.activity import AtEnd, CaptureMode, Stream
from golem_core.ids import ActivityId, AgreementId
from golem_core.node import GolemNode
from golem_hl import events
from golem_hl.executor._options import ProgressArgs

__all__ = ["Command", "CommandEnv", "Deploy", "Run", "Start", "Terminate", "container"]

# Run has no environment in yagna's exe-script; `env` runs the program through this
ENV_PROGRAM: Final = "/usr/bin/env"


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
    def __init__(self, progress_args: ProgressArgs | None = None) -> None:
        self._result: asyncio.Future[events.CommandExecuted] | None = None
        self.outcome = _Outcome(self)
        # deploy and transfers may report progress (`CommandProgress` events)
        self.progress_args = progress_args

    def _progress(self) -> core.ProgressArgs | None:
        return None if self.progress_args is None else self.progress_args.to_core()

    def _future(self) -> asyncio.Future[events.CommandExecuted]:
        if self._result is None:
            self._result = asyncio.get_running_loop().create_future()
        return self._result

    def _resolve(self, event: events.CommandExecuted) -> None:
        future = self._future()
        if not future.done():
            future.set_result(event)

    def _fail(self, error: BaseException) -> None:
        future = self._future()
        if not future.done():
            future.set_exception(error)
            # a failure nobody awaits must not be logged as "exception never retrieved"
            # (an await still raises it); marked here, not by a done callback that
            # the loop would call at every command's end
            future.exception()

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
        # yapapi's forms (`Run /bin/sh ('-c', 'x')`, `SendBytes dst=/f`): they end up in
        # `CommandExecutionError.command` and event reprs, which applications match
        return type(self).__name__


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

    def __init__(self, progress_args: ProgressArgs | None = None, **kwargs: Any) -> None:
        super().__init__(progress_args)
        self.kwargs = kwargs

    def evaluate(self, env: CommandEnv) -> core.Command:
        deploy = core.command_from_json({"deploy": _json_ready(self.kwargs)})
        assert isinstance(deploy, core.Deploy)
        return attrs.evolve(deploy, progress=self._progress())

    def __repr__(self) -> str:
        return f"{super().__repr__()} {self.kwargs}"


class Start(Command):
    def __init__(self, *args: str) -> None:
        super().__init__()
        self.args = tuple(args)

    def evaluate(self, env: CommandEnv) -> core.Command:
        return core.Start(self.args)

    def __repr__(self) -> str:
        return f"{super().__repr__()} {self.args}"


class Terminate(Command):
    def evaluate(self, env: CommandEnv) -> core.Command:
        return core.Terminate()


# a run's capture when its script names none (frozen values, shared by every run)
_AT_END = core.Capture(stdout=AtEnd(), stderr=AtEnd())
_STREAMED = core.Capture(stdout=Stream(), stderr=Stream())


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
        # golem_core's rules, here: the error points at the script.run line; made as most
        # runs are sent (no env, output at the end), it is what `evaluate` gives for them
        self._plain = core.Run(cmd, args, capture=_AT_END)
        self.cmd = cmd
        self.args = tuple(args)
        self.env = dict(env or {})
        self.stdout = stdout
        self.stderr = stderr

    def evaluate(self, env: CommandEnv) -> core.Command:
        plain = self._plain
        if (
            not env.stream_output
            and not self.env
            and self.stdout is None
            and self.stderr is None
            and plain.entry_point == self.cmd
            and plain.args == self.args
        ):
            return plain  # (frozen: the same one may go in any batch)
        if self.stdout is None and self.stderr is None:  # most runs: one made for all
            capture = _STREAMED if env.stream_output else _AT_END
        else:
            default: CaptureMode = Stream() if env.stream_output else AtEnd()
            capture = core.Capture(stdout=self.stdout or default, stderr=self.stderr or default)
        if not self.env:
            return core.Run(self.cmd, self.args, capture=capture)
        # yagna 0.17.6 drops `env` from a run command; env(1) sets it for the program instead
        assignments = tuple(f"{name}={value}" for name, value in self.env.items())
        return core.Run(ENV_PROGRAM, (*assignments, self.cmd, *self.args), capture=capture)

    def __repr__(self) -> str:
        return f"{super().__repr__()} {self.cmd} {self.args}"


def container(path: str) -> str:
    return path if path.startswith("container:") else f"container:{path}"
