"""Dates in the daemon's JSON answers, read without dateutil from 3.11 on."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime

__all__ = ["wire_date"]

# fromisoformat reads every form yagna writes from 3.11 on (`Z`, offsets, nanoseconds cut to
# microseconds, as dateutil's isoparse, which the generated models use, cuts them).
if sys.version_info >= (3, 11):
    _parse: Callable[[str], datetime] = datetime.fromisoformat
else:  # pragma: no cover - 3.10
    from dateutil.parser import isoparse as _parse


def wire_date(value: object) -> datetime:
    """An ISO 8601 time as the daemon wrote it (offset kept, a naive one stays naive)."""
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 time, got {value!r:.100}")
    return _parse(value)
