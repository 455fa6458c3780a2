"""What a batch produces, as the exe-unit writes it: command results and runtime events.

Both come from serde in the exe-unit, in two different styles:

- a command result (`getExecBatchResults`) is camelCase: `index`, `result`
  (`"Ok"` or `"Error"`), `stdout`, `stderr`, `message`, `isBatchFinished`,
  `eventDate` (RFC 3339);
- a runtime event (the event stream) keeps Rust's snake_case: `batch_id`,
  `index`, `timestamp` (a chrono NaiveDateTime: UTC written without an offset)
  and `kind`, one of `{"started": {"command": ...}}`,
  `{"finished": {"return_code": 0, "message": null}}`, `{"stdout": out}`,
  `{"stderr": out}` or `{"progress": {"step": [i, n], "progress": [done, total], ...}}`.

Captured output is text, or a list of byte values when binary capture was asked
for; we hand over `str` or `bytes`. Anything else raises RemoteProtocolError.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeAlias

import attrs
from cattrs.gen import make_dict_structure_fn, override

from golem_core.activity._wire import (
    only_key,
    read_as,
    strict_converter,
    structure,
    utc_datetime,
)
from golem_core.activity.commands import Command, command_from_json
from golem_core.exceptions import RemoteProtocolError
from golem_core.ids import BatchId

__all__ = [
    "CommandResult",
    "Output",
    "RuntimeEvent",
    "RuntimeFinished",
    "RuntimeProgress",
    "RuntimeStarted",
    "RuntimeStderr",
    "RuntimeStdout",
    "command_result_from_json",
    "output_text",
    "runtime_event_from_json",
]

Output: TypeAlias = str | bytes


def output_text(output: Output | None) -> str | None:
    """Output as text, for logs and events (bytes that are not UTF-8 get replacement marks)."""
    if isinstance(output, bytes):
        return output.decode("utf-8", errors="replace")
    return output


@attrs.frozen(kw_only=True)
class CommandResult:
    """How one command of a batch ended.

    `is_batch_finished` is the exe-unit's own flag; when results are asked for
    one command at a time it is also set on that command, so it is not a
    reliable end-of-batch marker. The Batch decides that itself.
    """

    index: int
    ok: bool
    stdout: Output | None = None
    stderr: Output | None = None
    message: str | None = None
    is_batch_finished: bool = False
    event_date: datetime


@attrs.frozen(kw_only=True)
class RuntimeEvent:
    """One event of a batch's event stream, about the command at `index`."""

    batch_id: BatchId
    index: int
    timestamp: datetime


@attrs.frozen(kw_only=True)
class RuntimeStarted(RuntimeEvent):
    command: Command


@attrs.frozen(kw_only=True)
class RuntimeFinished(RuntimeEvent):
    return_code: int
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.return_code == 0


@attrs.frozen(kw_only=True)
class RuntimeStdout(RuntimeEvent):
    output: Output


@attrs.frozen(kw_only=True)
class RuntimeStderr(RuntimeEvent):
    output: Output


@attrs.frozen(kw_only=True)
class RuntimeProgress(RuntimeEvent):
    """How far a long command (deploy, transfer) has got."""

    # (current step, number of steps), counted from 0
    step: tuple[int, int]
    # (done, total) within the step; total None when unknown
    progress: tuple[int, int | None]
    message: str | None = None
    unit: str | None = None


# --- reading ---------------------------------------------------------------------------

_converter = strict_converter()


def _read_output(value: object, _: object) -> Output:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(
        isinstance(b, int) and not isinstance(b, bool) and 0 <= b <= 255 for b in value
    ):
        return bytes(value)
    raise ValueError(f"output is a string or a list of bytes, got {value!r:.100}")


def _read_command(value: object, _: object) -> Command:
    return command_from_json(value)


read_as(_converter, Output, _read_output)
read_as(_converter, Command, _read_command)
_converter.register_structure_hook(
    CommandResult,
    make_dict_structure_fn(
        CommandResult,
        _converter,
        is_batch_finished=override(rename="isBatchFinished"),
        event_date=override(rename="eventDate"),
    ),
)

_KINDS: Mapping[str, type[RuntimeEvent]] = {
    "started": RuntimeStarted,
    "finished": RuntimeFinished,
    "stdout": RuntimeStdout,
    "stderr": RuntimeStderr,
    "progress": RuntimeProgress,
}


def _object(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be a JSON object, got {value!r:.200}")
    return value


def command_result_from_json(value: object) -> CommandResult:
    """One element of a `getExecBatchResults` answer."""
    if type(value) is dict:
        plain = _plain_result(value)
        if plain is not None:
            return plain
    try:
        body = dict(_object(value, "a command result"))
        verdict = body.pop("result", None)
        if verdict not in ("Ok", "Error"):
            raise ValueError(f'result must be "Ok" or "Error", got {verdict!r}')
        body["ok"] = verdict == "Ok"
        result: CommandResult = structure(_converter, body, CommandResult)
    except ValueError as error:
        raise RemoteProtocolError(f"unreadable command result {value!r:.300}: {error}") from error
    return result


_VERDICTS: Mapping[object, bool] = {"Ok": True, "Error": False}


def _plain_result(value: dict[str, Any]) -> CommandResult | None:
    """A result as most are (text output or none, every field of its usual type), read
    without cattrs (a tenth of a task's CPU went to reading it); None for anything else,
    which the converter reads (byte lists) or refuses, saying why."""
    verdict = _VERDICTS.get(value.get("result"))
    index = value.get("index")
    date = value.get("eventDate")
    stdout = value.get("stdout")
    stderr = value.get("stderr")
    message = value.get("message")
    finished = value.get("isBatchFinished", False)
    if (
        verdict is None
        or type(index) is not int
        or type(date) is not str
        or type(finished) is not bool
        or not (stdout is None or type(stdout) is str)
        or not (stderr is None or type(stderr) is str)
        or not (message is None or type(message) is str)
    ):
        return None
    try:
        event_date = utc_datetime(date)
    except ValueError:
        return None
    return CommandResult(
        index=index,
        ok=verdict,
        stdout=stdout,
        stderr=stderr,
        message=message,
        is_batch_finished=finished,
        event_date=event_date,
    )


def runtime_event_from_json(value: object) -> RuntimeEvent:
    """One `runtime` event of a batch's event stream."""
    try:
        body = _object(value, "a runtime event")
        kind, details = only_key(body.get("kind"), "kind")
        if kind not in _KINDS:
            raise ValueError(f"unknown kind {kind!r} (known: {', '.join(sorted(_KINDS))})")
        fields = {key: body.get(key) for key in ("batch_id", "index", "timestamp")}
        if kind in ("stdout", "stderr"):
            fields["output"] = details
        else:
            fields.update(_object(details, kind))
        event: RuntimeEvent = structure(_converter, fields, _KINDS[kind])
    except ValueError as error:
        raise RemoteProtocolError(f"unreadable runtime event {value!r:.300}: {error}") from error
    return event
