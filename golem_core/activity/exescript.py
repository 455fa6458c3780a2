"""Exe-script commands as values: Deploy, Start, Run, Transfer, Sign, Terminate, their options.

Their JSON, both ways, is `commands`' job (which re-exports all of these).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any, TypeAlias

import attrs

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
]


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
