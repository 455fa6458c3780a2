"""golem_hl against real yapapi 0.13.1's public surface (yapapi from the package registry)."""

from __future__ import annotations

import pytest

from bench.conformance import compare, load_allowlist, walk_golem_hl, walk_yapapi
from bench.venv import default_venv, ensure_yapapi

pytestmark = pytest.mark.live


def test_every_public_yapapi_module_and_name_is_in_golem_hl_or_allow_listed() -> None:
    theirs = walk_yapapi(ensure_yapapi(default_venv()))
    report = compare(theirs, walk_golem_hl(theirs), load_allowlist())
    print(report.table())
    # the walk found yapapi's surface, not an empty or broken install
    assert len(report.rows) >= 50 and report.names_total >= 400
    assert report.missing == [], "missing from golem_hl:\n" + "\n".join(report.missing)
    assert report.stale_allowances == [], f"allow-listed but present: {report.stale_allowances}"
