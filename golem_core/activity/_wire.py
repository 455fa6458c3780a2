"""Shared reading rules for the activity wire formats (serde JSON written by yagna).

cattrs on its own is lenient: it turns `1` into `"1"` and `"5"` into `5`. serde
is strict, and so are we, so that a shape we got wrong fails in a test instead
of being silently coerced.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import cattrs
from cattrs.v import format_exception


def only_key(value: object, what: str) -> tuple[str, Any]:
    """The single `{name: body}` pair of a serde externally tagged enum."""
    if not isinstance(value, dict) or len(value) != 1:
        raise ValueError(f"{what} must be an object with exactly one key, got {value!r:.200}")
    ((key, body),) = value.items()
    return str(key), body


# From 3.11 on, fromisoformat reads every form yagna writes (`Z`, offsets, nanoseconds, cut
# to microseconds as isoparse cuts them), in C: a results poll's date costs a tenth. So
# dateutil is loaded only on 3.10 (it would be a twentieth of an exe-unit's start-up).
if sys.version_info >= (3, 11):
    _parse_iso: Callable[[str], datetime] = datetime.fromisoformat
else:  # pragma: no cover - 3.10
    from dateutil.parser import isoparse as _parse_iso


def utc_datetime(value: object) -> datetime:
    """An ISO 8601 time as an aware UTC datetime; no offset means UTC (chrono's NaiveDateTime).

    Digits past microseconds (chrono writes nanoseconds) are dropped.
    """
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO 8601 time, got {value!r:.100}")
    parsed = _parse_iso(value)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def _read_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r:.100}")
    return value


def _read_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r:.100}")
    return value


def _read_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r:.100}")
    return value


def read_as(converter: cattrs.Converter, kind: Any, read: Callable[[object, object], Any]) -> None:
    """Read `kind` (a class, generic alias or union) with `read`, and `kind | None` too."""
    optional = kind | None

    def read_optional(value: object, _: object) -> Any:
        return None if value is None else read(value, kind)

    if isinstance(kind, type):  # classes go through cattrs' singledispatch, which comes first
        converter.register_structure_hook(kind, read)
    else:
        converter.register_structure_hook_func(lambda t: t == kind, read)
    converter.register_structure_hook_func(lambda t: t == optional, read_optional)


def strict_converter() -> cattrs.Converter:
    """A converter that writes tuples as lists and reads primitives without coercion."""
    converter = cattrs.Converter(unstruct_collection_overrides={Sequence: list, tuple: list})
    read_as(converter, str, _read_str)
    read_as(converter, int, _read_int)
    read_as(converter, bool, _read_bool)
    read_as(converter, datetime, lambda value, _: utc_datetime(value))
    return converter


def _explain(error: BaseException, kind: Any) -> str:
    """Our own hooks say what was wrong; cattrs' default text for them is just 'invalid value'."""
    if type(error) is ValueError:
        return str(error)
    return format_exception(error, kind)


def structure(converter: cattrs.Converter, value: object, kind: Any) -> Any:
    """Structure into any type (cattrs' stubs only take classes); ValueError on failure."""
    try:
        return converter.structure(value, kind)
    except cattrs.BaseValidationError as error:
        messages = cattrs.transform_error(error, format_exception=_explain)
        raise ValueError("; ".join(messages)) from error
    except (TypeError, KeyError, AttributeError) as error:
        raise ValueError(str(error)) from error


# --- durations as humantime text (`updateInterval`) ---------------------------------------

_UNIT_NANOS = {
    **dict.fromkeys(("nsec", "ns"), 1),
    **dict.fromkeys(("usec", "us", "µs"), 1_000),
    **dict.fromkeys(("msec", "ms"), 1_000_000),
    **dict.fromkeys(("seconds", "second", "secs", "sec", "s"), 1_000_000_000),
    **dict.fromkeys(("minutes", "minute", "mins", "min", "m"), 60_000_000_000),
    **dict.fromkeys(("hours", "hour", "hrs", "hr", "h"), 3_600_000_000_000),
    **dict.fromkeys(("days", "day", "d"), 86_400_000_000_000),
    **dict.fromkeys(("weeks", "week", "w"), 604_800_000_000_000),
}
_DURATION_PART = re.compile(r"\s*(\d+)\s*([a-zµ]+)")


def format_duration(value: timedelta) -> str:
    """`1s`, `300ms`, `250us`: the largest unit that keeps it whole."""
    micros = value // timedelta(microseconds=1)
    if micros < 0:
        raise ValueError(f"a duration must not be negative, got {value}")
    if micros % 1_000_000 == 0:
        return f"{micros // 1_000_000}s"
    if micros % 1000 == 0:
        return f"{micros // 1000}ms"
    return f"{micros}us"


def parse_duration(text: str) -> timedelta:
    """humantime's form as serde writes it, e.g. `1s 500ms` or `2m` (below 1 µs is dropped)."""
    nanos = 0
    position = 0
    for match in _DURATION_PART.finditer(text):
        if match.start() != position or match.group(2) not in _UNIT_NANOS:
            break
        nanos += int(match.group(1)) * _UNIT_NANOS[match.group(2)]
        position = match.end()
    else:
        if position and not text[position:].strip():
            return timedelta(microseconds=nanos // 1000)
    raise ValueError(f"not a duration: {text!r}")
