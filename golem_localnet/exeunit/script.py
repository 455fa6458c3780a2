"""Exe-script commands as the exe-unit receives them in `Exec`: golem_core's typed commands.

Parsing is golem_core's (`golem_core.activity.commands`), which reads serde's
JSON shapes strictly; this module adds what only the provider side needs:
the command's kind (for the state table), the long form in which the Rust
exe-unit re-serializes a command into its `started` RuntimeEvent (every default
written out), and the `params` of ExeScriptCommandState.

The requestor daemon parses a batch into ya-client's types before sending
`Exec`, so keys yagna does not know (an `env` or `timeout` on run) never reach
an exe-unit; we ignore them too.
"""

from __future__ import annotations

import enum
import json

from golem_core.activity.commands import (
    AtEnd,
    Capture,
    CaptureFormat,
    CaptureMode,
    Command,
    Deploy,
    Run,
    Sign,
    Start,
    Stream,
    Terminate,
    Transfer,
    command_from_json,
    command_to_json,
)
from golem_core.flexbuffers import Flex, FlexValue

__all__ = [
    "AtEnd",
    "Capture",
    "CaptureFormat",
    "CaptureMode",
    "Command",
    "CommandKind",
    "Deploy",
    "Run",
    "ScriptError",
    "Sign",
    "Start",
    "Stream",
    "Terminate",
    "Transfer",
    "kind_of",
    "parse_script",
    "state_params",
    "to_wire",
]


class ScriptError(ValueError):
    """An exe-script the real exe-unit could not deserialize (it answers GSB code 500)."""


class CommandKind(enum.Enum):
    DEPLOY = "deploy"
    START = "start"
    RUN = "run"
    TRANSFER = "transfer"
    SIGN = "sign"
    TERMINATE = "terminate"

    @property
    def title(self) -> str:
        """`Run`, `Deploy`...: the name ExeScriptCommandState uses."""
        return self.value.capitalize()


_KINDS: dict[type[object], CommandKind] = {
    Deploy: CommandKind.DEPLOY,
    Start: CommandKind.START,
    Run: CommandKind.RUN,
    Transfer: CommandKind.TRANSFER,
    Sign: CommandKind.SIGN,
    Terminate: CommandKind.TERMINATE,
}


def kind_of(command: Command) -> CommandKind:
    return _KINDS[type(command)]


def parse_script(value: FlexValue) -> list[Command]:
    """The typed commands of an Exec's `exeScript`; ScriptError where serde would fail."""
    if not isinstance(value, list):
        raise ScriptError(f"invalid type: expected a sequence of commands, got {value!r:.80}")
    try:
        return [command_from_json(item) for item in value]
    except ValueError as exc:
        raise ScriptError(str(exc)) from exc


def to_wire(command: Command) -> dict[str, Flex]:
    """The command as the Rust exe-unit serializes it: defaults written, nulls kept."""
    if isinstance(command, Run):
        body: dict[str, Flex] = {"entry_point": command.entry_point, "args": list(command.args)}
        if command.capture is not None:
            body["capture"] = _capture_to_wire(command.capture)
        return {"run": body}
    if isinstance(command, Transfer):
        progress = _json(command_to_json(command)["transfer"].get("progress"))
        return {
            "transfer": {
                "from": command.from_,
                "to": command.to,
                "format": command.format,
                "depth": command.depth,
                "fileset": _json(command_to_json(command)["transfer"].get("fileset")),
                "progress": _progress(progress),
            }
        }
    if isinstance(command, Deploy):
        compact = _json(command_to_json(command)["deploy"])
        assert isinstance(compact, dict)
        deploy: dict[str, Flex] = {
            "net": compact.get("net", []),
            "hosts": compact.get("hosts", {}),
            "hostname": compact.get("hostname"),
            "env": compact.get("env", {}),
            "progress": _progress(compact.get("progress")),
        }
        if "volumes" in compact:  # serde skips it when None
            deploy["volumes"] = compact["volumes"]
        return {"deploy": deploy}
    if isinstance(command, Start):
        return {"start": {"args": list(command.args)}}
    return {kind_of(command).value: {}}


def state_params(command: Command) -> list[str] | None:
    """`params` of ExeScriptCommandState for a running command, as ya-client builds it."""
    if isinstance(command, Run):
        return [command.entry_point, *command.args]
    if isinstance(command, Start):
        return list(command.args)
    if isinstance(command, Transfer):
        return [command.from_, command.to]
    return None


def _json(value: object) -> FlexValue:
    """Plain JSON values (golem_core writes str-enums; FlexBuffers wants plain str)."""
    loaded: FlexValue = json.loads(json.dumps(value))
    return loaded


def _progress(value: FlexValue) -> FlexValue:
    if isinstance(value, dict):
        return {"updateInterval": None, "updateStep": None, **value}
    return None


def _capture_to_wire(capture: Capture) -> dict[str, Flex]:
    wire: dict[str, Flex] = {}
    for name, mode in (("stdout", capture.stdout), ("stderr", capture.stderr)):
        if isinstance(mode, AtEnd):
            body: dict[str, Flex] = {}
            for key, part in (
                ("head", mode.head),
                ("tail", mode.tail),
                ("headTail", mode.head_tail),
            ):
                if part is not None:
                    body[key] = part
            if mode.format is not None:
                body["format"] = mode.format.value
            wire[name] = {"atEnd": body}
        elif isinstance(mode, Stream):
            stream: dict[str, Flex] = {}
            if mode.limit is not None:
                stream["limit"] = mode.limit
            if mode.format is not None:
                stream["format"] = mode.format.value
            wire[name] = {"stream": stream}
    return wire
