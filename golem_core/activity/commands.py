"""Exe-script commands (defined in `exescript`, re-exported here) and their exact JSON both ways.

yagna reads a batch with serde (ya-client-model `ExeScriptCommand`), so the JSON
follows serde's rules, not the camelCase of the rest of the REST API:

- a command is an externally tagged variant, `{"run": {...}}`, whose name is
  camelCase (`deploy`, `start`, `run`, `transfer`, `sign`, `terminate`);
- the fields inside a variant keep their Rust names, hence `entry_point`;
  the structs that rename their fields (network, progress, capture) use
  camelCase: `nodeIp`, `updateInterval`, `atEnd`, `headTail`;
- a capture mode is tagged too: `{"atEnd": {"head": 100, "format": "str"}}`
  (the head/tail/headTail limit is flattened into the mode) or
  `{"stream": {"limit": 4096, "format": "bin"}}`;
- the transfer options `format`, `depth` and `fileset` sit flat in the variant.

We write the compact form: an optional field at its default is left out, since
serde fills it in; only `args` of start and run is always written. Parsing also
takes the long form the daemon writes itself (every default spelled out, `null`s,
volume sizes as byte counts), which is what `started` runtime events carry.
Unknown keys are ignored, as serde does. There is no environment on `Run`:
yagna 0.17.6 drops an `env` key there without a word; set it on `Deploy`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from golem_core.activity._wire import (
    format_duration,
    only_key,
    parse_duration,
    read_as,
    strict_converter,
    structure,
)
from golem_core.activity.exescript import (
    AtEnd,
    Capture,
    CaptureFormat,
    CaptureMode,
    Command,
    Deploy,
    FileSet,
    FileSetObject,
    HostVolume,
    Network,
    ProgressArgs,
    RamVolume,
    Run,
    Sign,
    Start,
    StorageVolume,
    Stream,
    Terminate,
    Transfer,
    VolumeMount,
    Volumes,
)

__all__ = [
    "AtEnd",
    "Capture",
    "CaptureFormat",
    "CaptureMode",
    "Command",
    "Deploy",
    "FileSet",
    "FileSetObject",
    "HostVolume",
    "Network",
    "ProgressArgs",
    "RamVolume",
    "Run",
    "Sign",
    "Start",
    "StorageVolume",
    "Stream",
    "Terminate",
    "Transfer",
    "VolumeMount",
    "Volumes",
    "command_from_json",
    "command_to_json",
    "format_duration",
    "parse_duration",
    "script_from_text",
    "script_text",
    "script_to_json",
]

T = TypeVar("T")

# --- the converter ---------------------------------------------------------------------------

_converter = strict_converter()


def _register_tagged(cls: type[T], tag: str, *, keep: Sequence[str] = (), **renames: str) -> None:
    """`cls` is written and read as `{tag: {fields...}}`; fields in `keep` are always written."""
    overrides: dict[str, Any] = {
        name: override(rename=renames.get(name), omit_if_default=False if name in keep else None)
        for name in {*renames, *keep}
    }
    write_body = make_dict_unstructure_fn(
        cls, _converter, _cattrs_omit_if_default=True, **overrides
    )
    read_body = make_dict_structure_fn(cls, _converter, **overrides)

    def write(value: T) -> dict[str, Any]:
        return {tag: write_body(value)}

    def read(value: object, _: type[T]) -> T:
        key, body = only_key(value, tag)
        if key != tag:
            raise ValueError(f"expected {tag!r}, got {key!r}")
        return read_body({} if body is None else body, cls)

    _converter.register_unstructure_hook(cls, write)
    _converter.register_structure_hook(cls, read)


def _register_plain(cls: type[Any], **renames: str) -> None:
    overrides: dict[str, Any] = {name: override(rename=wire) for name, wire in renames.items()}
    _converter.register_unstructure_hook(
        cls, make_dict_unstructure_fn(cls, _converter, _cattrs_omit_if_default=True, **overrides)
    )
    _converter.register_structure_hook(cls, make_dict_structure_fn(cls, _converter, **overrides))


def _register_union(union: Any, by_tag: Mapping[str, type[Any]], what: str) -> None:
    def read(value: object, _: object) -> Any:
        tag, _body = only_key(value, what)
        if tag not in by_tag:
            raise ValueError(f"unknown {what} {tag!r} (known: {', '.join(sorted(by_tag))})")
        return _converter.structure(value, by_tag[tag])

    read_as(_converter, union, read)


def _read_capture_format(value: object, _: object) -> CaptureFormat:
    # serde also accepts the long spellings
    aliases = {"string": "str", "binary": "bin"}
    if not isinstance(value, str):
        raise ValueError(f"capture format must be a string, got {value!r}")
    return CaptureFormat(aliases.get(value, value))


def _read_size(value: object, _: object) -> int | str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"a size is a byte count or a text such as '1GiB', got {value!r}")
    return value


def _read_strings(value: object, _: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"expected a list of strings, got {value!r:.200}")
    return tuple(value)


def _read_globs(value: object, _: object) -> str | tuple[str, ...]:
    return value if isinstance(value, str) else _read_strings(value, None)


def _read_volumes(value: object, _: object) -> Volumes:
    if isinstance(value, list):
        return _read_strings(value, None)
    if isinstance(value, dict):
        return {path: structure(_converter, mount, VolumeMount) for path, mount in value.items()}
    raise ValueError(f"volumes are a list of paths or an object of mounts, got {value!r:.200}")


def _read_fileset(value: object, _: object) -> FileSet:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _converter.structure(value, FileSetObject)
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return tuple(value)
        return tuple(_converter.structure(v, FileSetObject) for v in value)
    raise ValueError(f"not a file set: {value!r:.200}")


def _read_duration(value: object, _: object) -> timedelta:
    if not isinstance(value, str):
        raise ValueError(f"a duration is a text such as '300ms', got {value!r}")
    return parse_duration(value)


_converter.register_unstructure_hook(timedelta, format_duration)
read_as(_converter, timedelta, _read_duration)
read_as(_converter, CaptureFormat, _read_capture_format)
read_as(_converter, int | str, _read_size)
read_as(_converter, tuple[str, ...], _read_strings)
read_as(_converter, str | tuple[str, ...], _read_globs)
read_as(_converter, Volumes, _read_volumes)
read_as(_converter, FileSet, _read_fileset)

# Order matters: a class's hook is generated from the hooks of its fields' types,
# so unions and leaves come before the classes that hold them.
_register_plain(Network, node_ip="nodeIp")
_register_plain(ProgressArgs, update_interval="updateInterval", update_step="updateStep")
_register_plain(FileSetObject)
_register_tagged(AtEnd, "atEnd", head_tail="headTail")
_register_tagged(Stream, "stream")
_register_union(CaptureMode, {"atEnd": AtEnd, "stream": Stream}, "capture mode")
_register_plain(Capture)
_register_tagged(HostVolume, "host")
_register_tagged(RamVolume, "ram")
_register_tagged(StorageVolume, "storage")
_register_union(
    VolumeMount, {"host": HostVolume, "ram": RamVolume, "storage": StorageVolume}, "volume"
)

_COMMANDS: dict[str, type[Any]] = {
    "deploy": Deploy,
    "start": Start,
    "run": Run,
    "transfer": Transfer,
    "sign": Sign,
    "terminate": Terminate,
}
_register_tagged(Deploy, "deploy")
_register_tagged(Start, "start", keep=["args"])
_register_tagged(Run, "run", keep=["args"])
_register_tagged(Transfer, "transfer", from_="from")
_register_tagged(Sign, "sign")
_register_tagged(Terminate, "terminate")
_register_union(Command, _COMMANDS, "command")


# --- public entry points ----------------------------------------------------------------------


def command_to_json(command: Command) -> dict[str, Any]:
    """One command as the JSON object yagna reads."""
    result: dict[str, Any] = _converter.unstructure(command)
    return result


def command_from_json(value: object) -> Command:
    """A command from its JSON object; ValueError when it is not one."""
    try:
        command: Command = structure(_converter, value, Command)
    except ValueError as error:
        raise ValueError(f"not an exe-script command: {value!r:.200} ({error})") from error
    return command


def script_to_json(commands: Iterable[Command]) -> list[dict[str, Any]]:
    return [command_to_json(command) for command in commands]


def script_text(commands: Iterable[Command]) -> str:
    """The `text` of an exec request: the batch as a compact JSON array."""
    return _encode_script(script_to_json(commands))


# json.dumps(separators=(",", ":"), ensure_ascii=False) without an encoder made per batch
_encode_script = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def script_from_text(text: str) -> tuple[Command, ...]:
    """The commands of an exec request's `text`; ValueError when it is not a batch."""
    value = json.loads(text)
    if not isinstance(value, list):
        raise ValueError(f"a batch is a JSON array, got {value!r:.200}")
    return tuple(command_from_json(item) for item in value)
