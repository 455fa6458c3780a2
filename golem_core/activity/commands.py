"""Exe-script commands, and their exact JSON in both directions.

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

import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any, TypeAlias, TypeVar

import attrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from golem_core.activity._wire import (
    format_duration,
    only_key,
    parse_duration,
    read_as,
    strict_converter,
    structure,
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


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str):  # a lone string would become its characters
        raise TypeError(f"expected a list of strings, got the string {values!r}")
    found = tuple(values)
    for value in found:  # the daemon refuses the whole batch for one non-string
        if not isinstance(value, str):
            raise TypeError(f"expected a list of strings, got {value!r} in {found!r:.200}")
    return found


def _program(_: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{attribute.name} must name a program, got {value!r}")


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value}")


# --- output capture ---------------------------------------------------------------


class CaptureFormat(str, enum.Enum):
    """How captured output comes back: text, or raw bytes."""

    STR = "str"
    BIN = "bin"


@attrs.frozen(kw_only=True)
class AtEnd:
    """Keep the output and hand it over in the command's result.

    At most one of `head`, `tail` and `head_tail` limits how many bytes are kept.
    """

    head: int | None = attrs.field(default=None, validator=_non_negative)
    tail: int | None = attrs.field(default=None, validator=_non_negative)
    head_tail: int | None = attrs.field(default=None, validator=_non_negative)
    format: CaptureFormat | None = None

    def __attrs_post_init__(self) -> None:
        limits = [n for n in (self.head, self.tail, self.head_tail) if n is not None]
        if len(limits) > 1:
            raise ValueError("AtEnd takes at most one of head, tail and head_tail")


@attrs.frozen(kw_only=True)
class Stream:
    """Send the output as runtime events while the command runs."""

    limit: int | None = attrs.field(default=None, validator=_non_negative)
    format: CaptureFormat | None = None


CaptureMode: TypeAlias = AtEnd | Stream


@attrs.frozen(kw_only=True)
class Capture:
    """Which of a command's output streams to collect, and how."""

    stdout: CaptureMode | None = None
    stderr: CaptureMode | None = None

    @classmethod
    def at_end(cls, format: CaptureFormat | None = None) -> Capture:
        """Both streams, whole, in the result."""
        return cls(stdout=AtEnd(format=format), stderr=AtEnd(format=format))

    @classmethod
    def streaming(cls, limit: int | None = None, format: CaptureFormat | None = None) -> Capture:
        """Both streams as runtime events."""
        return cls(
            stdout=Stream(limit=limit, format=format), stderr=Stream(limit=limit, format=format)
        )


# --- deploy ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Network:
    """The activity's membership of one virtual network."""

    id: str
    ip: str
    node_ip: str
    mask: str | None = None
    gateway: str | None = None
    # IP address -> node id of the other members
    nodes: Mapping[str, str] = attrs.field(factory=dict, hash=False)


@attrs.frozen
class HostVolume:
    """A directory on the provider's disk."""


@attrs.frozen(kw_only=True)
class RamVolume:
    # bytes, or a size text such as "1GiB"
    size: int | str


@attrs.frozen(kw_only=True)
class StorageVolume:
    size: int | str
    preallocate: int | str | None = None
    errors: str | None = None


VolumeMount: TypeAlias = HostVolume | RamVolume | StorageVolume
# plain paths (host volumes), or mount path -> volume
Volumes: TypeAlias = tuple[str, ...] | Mapping[str, VolumeMount]


def _volumes(value: Sequence[str] | Mapping[str, VolumeMount] | None) -> Volumes | None:
    if value is None or isinstance(value, Mapping):
        return value
    return _strings(value)


@attrs.frozen(kw_only=True)
class ProgressArgs:
    """Ask for progress events while the command runs (either may be left to the exe-unit)."""

    update_interval: timedelta | None = None
    update_step: int | None = None


def _networks(value: Iterable[Network]) -> tuple[Network, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Deploy:
    """Prepare the payload (fetch the image, join networks)."""

    net: tuple[Network, ...] = attrs.field(default=(), converter=_networks)
    hosts: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    hostname: str | None = None
    volumes: Volumes | None = attrs.field(default=None, converter=_volumes, hash=False)
    env: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    progress: ProgressArgs | None = None


# --- start, run, sign, terminate -------------------------------------------------------


@attrs.frozen
class Start:
    """Start the deployed payload."""

    args: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen
class Run:
    """Run a program inside the payload."""

    entry_point: str = attrs.field(validator=_program)
    args: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    capture: Capture | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class Sign:
    """Ask the exe-unit to sign the batch's results."""


@attrs.frozen
class Terminate:
    """Stop the payload's running commands and other batches (the activity lives on)."""


# --- transfer ---------------------------------------------------------------------------


def _globs(value: str | Iterable[str] | None) -> str | tuple[str, ...] | None:
    """One glob, or several."""
    return value if value is None or isinstance(value, str) else _strings(value)


@attrs.frozen(kw_only=True)
class FileSetObject:
    """A named group of include and exclude globs."""

    desc: str | None = None
    includes: str | tuple[str, ...] | None = attrs.field(default=None, converter=_globs)
    excludes: str | tuple[str, ...] | None = attrs.field(default=None, converter=_globs)


FileSet: TypeAlias = str | FileSetObject | tuple[str, ...] | tuple[FileSetObject, ...]


def _fileset(value: object) -> FileSet | None:
    """serde reads a list as all globs or all objects, never a mix."""
    if value is None or isinstance(value, (str, FileSetObject)):
        return value
    if not isinstance(value, Iterable):
        raise TypeError(f"a file set is a glob, a FileSetObject or a list of either, not {value!r}")
    items = tuple(value)
    if all(isinstance(item, str) for item in items):
        return items
    if all(isinstance(item, FileSetObject) for item in items):
        return items
    raise TypeError("a file set list holds only globs or only FileSetObjects")


@attrs.frozen
class Transfer:
    """Copy a file, or an archive's contents, between two URLs."""

    from_: str
    to: str
    format: str | None = attrs.field(default=None, kw_only=True)
    depth: int | None = attrs.field(default=None, kw_only=True, validator=_non_negative)
    fileset: FileSet | None = attrs.field(default=None, kw_only=True, converter=_fileset)
    progress: ProgressArgs | None = attrs.field(default=None, kw_only=True)


Command: TypeAlias = Deploy | Start | Run | Transfer | Sign | Terminate


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
    return json.dumps(script_to_json(commands), separators=(",", ":"), ensure_ascii=False)


def script_from_text(text: str) -> tuple[Command, ...]:
    """The commands of an exec request's `text`; ValueError when it is not a batch."""
    value = json.loads(text)
    if not isinstance(value, list):
        raise ValueError(f"a batch is a JSON array, got {value!r:.200}")
    return tuple(command_from_json(item) for item in value)
