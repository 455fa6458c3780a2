"""Dates on the activity wire: every form yagna writes, read as aware UTC."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone

import pytest
from dateutil.parser import isoparse

from golem_core.activity import _wire

FORMS = [
    "2026-12-06T15:20:01.123456789Z",  # chrono's nanoseconds
    "2026-12-06T15:20:01.123Z",
    "2026-12-06T15:20:01Z",
    "2026-12-06T17:20:01.123456789+02:00",
    "2026-12-06T15:20:01.123456789",  # NaiveDateTime: UTC
    "2026-12-06T15:20:01.9999999Z",  # cut to microseconds, never rounded up
]


@pytest.mark.parametrize("text", FORMS)
def test_each_form_reads_as_dateutil_reads_it(text: str) -> None:
    expected = isoparse(text)
    if expected.tzinfo is None:
        expected = expected.replace(tzinfo=timezone.utc)
    read = _wire.utc_datetime(text)
    assert read == expected
    assert read.utcoffset() == timedelta(0)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="3.10's fromisoformat reads none of them")
def test_dates_are_read_without_dateutil() -> None:
    # dateutil's isoparse costs ten times the standard library's reader (and its import
    # a twentieth of an exe-unit's start-up): on 3.11+ it is neither used nor loaded
    assert vars(_wire)["_parse_iso"] == datetime.fromisoformat
    assert _wire.utc_datetime(FORMS[0]) == datetime(
        2026, 12, 6, 15, 20, 1, 123456, tzinfo=timezone.utc
    )
