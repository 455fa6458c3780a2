"""A job's calls as plain JSON: answers read by our own readers, not the generated models.

`fetch_json` sends exactly what the generated operation of the same name
would (tests compare the bytes); the answer goes to a reader of ours. Reading
the generated models meant building them (attrs classes, dateutil) at first
use, inside every job's time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from golem_core._api._transport import call_timeout_for
from golem_core._api.direct import fetch_json
from golem_core.exceptions import RemoteProtocolError

__all__ = ["json_call", "read_answer", "read_list", "read_str", "segment"]

T = TypeVar("T")


@functools.lru_cache(maxsize=1024)
def segment(value: str) -> str:
    """One path segment, quoted as the generated operations quote it (ids repeat: kept)."""
    return quote(str(value), safe="")


async def json_call(
    client: httpx.AsyncClient,
    operation: str,
    method: str,
    path: str,
    *,
    params: dict[str, Any] | None = None,
    body: Any = None,
    headers: tuple[tuple[str, str], ...] = (),
    read: bool = True,
    call_timeout: float | None = None,
) -> Any:
    """The answer's JSON (None with `read` false); the deadline as `call` derives it."""
    params = params or {}
    return await fetch_json(
        client,
        operation,
        method,
        path,
        params=params,
        body=body,
        headers=headers,
        read=read,
        call_timeout=call_timeout_for(params, call_timeout),
    )


def read_answer(operation: str, reader: Callable[[Any], T], value: Any) -> T:
    """`reader(value)`; an answer that does not fit is the daemon's fault, as in `call`."""
    try:
        return reader(value)
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        message = f"{operation}: cannot read the daemon's answer: {error!r}"
        raise RemoteProtocolError(message) from error


def read_list(operation: str, reader: Callable[[Any], T], value: Any) -> list[T]:
    if not isinstance(value, list):
        raise RemoteProtocolError(f"{operation}: expected list, got {value!r:.200}")
    return [read_answer(operation, reader, item) for item in value]


def read_str(operation: str, value: Any) -> str:
    if not isinstance(value, str):
        raise RemoteProtocolError(f"{operation}: expected str, got {value!r:.200}")
    return value
