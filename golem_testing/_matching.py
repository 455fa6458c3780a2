"""When a request sent today is the one a cassette recorded, and how to say what changed. No I/O.

A request is identified by its method, host, path and query, without the
parameters that carry wall-clock values (`afterTimestamp` and friends are
cursors taken from the clock) or secrets (`authToken`). A long poll's
`timeout` shrinks as the program's deadline nears, so only whether it waits at
all counts (`timeout=0` asks without waiting, and is another request). The
port is left out as well: a local network gets fresh ports on every start.

Two requests with the same identity are the same request when their bodies
are equal after normalisation: JSON is compared as JSON, with dates (ISO 8601
strings) and epoch-millisecond numbers (the demand's
`golem.srv.comp.expiration`) replaced by a placeholder, and JSON carried
inside a string (an exe-script's `text`) compared as JSON too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import attrs

__all__ = [
    "IGNORED_QUERY_PARAMETERS",
    "WALL_CLOCK",
    "RequestKey",
    "SentRequest",
    "body_difference",
    "describe_mismatch",
    "is_long_poll",
    "normalized_body",
    "request_key",
]

# Query parameters whose values come from the clock, or are secrets.
IGNORED_QUERY_PARAMETERS = frozenset(
    {"afterTimestamp", "beforeTimestamp", "afterDate", "beforeDate", "authToken"}
)
# Present on every yagna long poll (the server-side wait).
LONG_POLL_PARAMETER = "timeout"
# Query parameters an app draws anew for each run (golem_hl's app session): that one is
# sent counts, not which.
PER_RUN_PARAMETERS = frozenset({"appSessionId"})
PER_RUN = "<per-run>"
WALL_CLOCK = "<wall-clock>"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
# Milliseconds since the epoch between 2001-09 and 2286: no other number we send is this size.
_EPOCH_MS = range(1_000_000_000_000, 10_000_000_000_000)
_SHOWN = 120  # characters of a value shown in a message
_ID = re.compile(r"[-A-Za-z0-9_=]{16,}")


@attrs.frozen
class RequestKey:
    method: str
    host: str
    path: str
    query: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        query = "&".join(f"{name}={value}" for name, value in self.query)
        return f"{self.method} {self.path}" + (f"?{query}" if query else "")


@attrs.frozen
class SentRequest:
    """A request as our code sends it today (or as the cassette recorded it)."""

    method: str
    url: str
    body: bytes = b""

    @property
    def key(self) -> RequestKey:
        return request_key(self.method, self.url)


def request_key(method: str, url: str) -> RequestKey:
    parts = urlsplit(url)
    query = tuple(
        sorted(
            (name, _query_value(name, value))
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if name not in IGNORED_QUERY_PARAMETERS
        )
    )
    return RequestKey(method.upper(), (parts.hostname or "").lower(), unquote(parts.path), query)


def _query_value(name: str, value: str) -> str:
    if name == LONG_POLL_PARAMETER:
        return _waits(value)
    return PER_RUN if name in PER_RUN_PARAMETERS else value


def _waits(timeout: str) -> str:
    try:
        return "0" if float(timeout) == 0 else "(waits)"
    except ValueError:
        return timeout


def is_long_poll(url: str) -> bool:
    """A long poll may be sent once more than recorded: the recording ended while it waited."""
    return any(
        name == LONG_POLL_PARAMETER
        for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)
    )


def normalized_body(body: bytes) -> object:
    """The body as compared: JSON without wall-clock values, else the bytes themselves."""
    if not body.strip():
        return None
    try:
        decoded = json.loads(body)
    except ValueError:
        return body
    return _normalized(decoded)


def _normalized(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _normalized(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalized(item) for item in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in _EPOCH_MS:
        return WALL_CLOCK
    if isinstance(value, str):
        if _ISO_DATE.fullmatch(value):
            return WALL_CLOCK
        if value[:1] in ("{", "["):
            try:
                return {"<json>": _normalized(json.loads(value))}
            except ValueError:
                return value
    return value


def _show(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _path(parent: str, key: object) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    if isinstance(key, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        return f"{parent}.{key}"
    return f"{parent}[{key!r}]"


def body_difference(recorded: object, sent: object, where: str = "$") -> str | None:
    """The first place where two normalised bodies differ, in words; None when they are equal."""
    if recorded == sent:
        return None
    if isinstance(recorded, dict) and isinstance(sent, dict):
        if set(recorded) == {"<json>"} and set(sent) == {"<json>"}:
            return body_difference(recorded["<json>"], sent["<json>"], where + "<json>")
        for key in recorded:
            if key not in sent:
                return f"{_path(where, key)} was recorded ({_show(recorded[key])}), not sent"
        for key in sent:
            if key not in recorded:
                return f"{_path(where, key)} is sent ({_show(sent[key])}), not recorded"
        for key in recorded:
            found = body_difference(recorded[key], sent[key], _path(where, key))
            if found:
                return found
    if isinstance(recorded, list) and isinstance(sent, list):
        for index, (old, new) in enumerate(zip(recorded, sent, strict=False)):
            found = body_difference(old, new, _path(where, index))
            if found:
                return found
        if len(recorded) != len(sent):
            return f"{where} has {len(sent)} items, recorded {len(recorded)}"
    if isinstance(recorded, str) and isinstance(sent, str):
        return f"{where}: {_string_difference(recorded, sent)}"
    return f"{where}: recorded {_show(recorded)}, sent {_show(sent)}"


def _string_difference(recorded: str, sent: str) -> str:
    """Two strings, shown from a little before the first character where they differ."""
    same = next(
        (i for i, (a, b) in enumerate(zip(recorded, sent, strict=False)) if a != b),
        min(len(recorded), len(sent)),
    )
    start = max(0, same - 20)
    if start == 0:
        return f"recorded {_show(recorded)}, sent {_show(sent)}"
    where = f" (from character {start})"
    return f"recorded ...{_show(recorded[start:])}, sent ...{_show(sent[start:])}{where}"


def _query_difference(recorded: RequestKey, sent: RequestKey) -> str | None:
    if recorded.query == sent.query:
        return None
    old, new = dict(recorded.query), dict(sent.query)
    absent = "(absent)"
    changes = [
        f"{name}: recorded {_show(old.get(name, absent))}, sent {_show(new.get(name, absent))}"
        for name in sorted(old.keys() | new.keys())
        if old.get(name) != new.get(name)
    ]
    return "query " + "; ".join(changes) if changes else f"query {sent.query} vs {recorded.query}"


def describe_mismatch(
    sent: SentRequest,
    unplayed: Sequence[SentRequest],
    played: Sequence[SentRequest],
    *,
    cassette: str,
) -> str:
    """Why `sent` matches nothing in the cassette: the request that changed, and how.

    `unplayed` and `played` are the cassette's requests still to be sent and
    already sent, in recorded order.
    """
    key = sent.key
    head = f"cassette {cassette}: request changed: {key.method} {key.path}"
    same_path = [r for r in unplayed if (r.key.method, r.key.path) == (key.method, key.path)]
    if same_path:
        closest = same_path[0]
        reasons = [
            reason
            for reason in (
                _query_difference(closest.key, key),
                body_difference(normalized_body(closest.body), normalized_body(sent.body)),
            )
            if reason
        ]
        if closest.key.host != key.host:
            reasons.insert(0, f"host: recorded {closest.key.host}, sent {key.host}")
        return f"{head}: " + ("; ".join(f"{r}" for r in reasons) or "it differs")
    times = sum(1 for r in played if r.key == key)
    if times:
        return (
            f"{head}: sent {times + 1} times, recorded {times} "
            f"(re-record with --golem-record if that is intended)"
        )
    shape = _shape(key.path)
    alike = sorted(
        {r.key.path for r in (*played, *unplayed) if r.key.method == key.method}
        & {p for r in (*played, *unplayed) if _shape(p := r.key.path) == shape}
    )
    if alike:
        listing = ", ".join(alike[:3]) + (", ..." if len(alike) > 3 else "")
        return f"{head}: not in the cassette (it has {key.method} {listing})"
    return f"{head}: not in the cassette (nor any {key.method} {shape})"


def _shape(path: str) -> str:
    """The path with its ids (long runs of hex, uuids, base64 names) as `*`."""
    return "/".join("*" if _ID.fullmatch(part) else part for part in path.split("/"))
