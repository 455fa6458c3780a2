"""The conformance comparison's rules, on hand-made surfaces."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.conformance import compare, load_allowlist, signature_compatible

REQ = "POSITIONAL_OR_KEYWORD"
KW = "KEYWORD_ONLY"


def test_extra_optional_parameters_are_compatible_but_extra_required_ones_are_not() -> None:
    theirs = [["a", REQ, False], ["b", KW, True]]
    assert signature_compatible(theirs, [["a", REQ, False], ["b", KW, True], ["c", KW, True]])
    assert not signature_compatible(theirs, [["a", REQ, False], ["b", KW, True], ["c", KW, False]])


def test_a_default_yapapi_has_must_be_kept_and_positional_order_too() -> None:
    theirs = [["a", REQ, False], ["b", REQ, True]]
    assert not signature_compatible(theirs, [["a", REQ, False], ["b", REQ, False]])
    assert not signature_compatible(theirs, [["b", REQ, True], ["a", REQ, False]])
    assert not signature_compatible(theirs, [["a", REQ, False], ["b", KW, True]])
    keyword_b = [["a", REQ, False], ["b", KW, True]]
    assert signature_compatible(keyword_b, [["a", REQ, False], ["kwargs", "VAR_KEYWORD", False]])


def _surface(**modules: dict[str, object]) -> dict[str, object]:
    return {path.replace("_", "."): {"importable": True, "names": names} for path, names in
            modules.items()}  # fmt: skip


def test_missing_names_fail_unless_allow_listed_and_stale_allowances_are_reported() -> None:
    fn = {"kind": "function", "signature": [], "flavour": "async"}
    theirs = _surface(yapapi_a={"f": fn, "g": fn}, yapapi_b={"h": fn})
    ours = {
        "yapapi.a": {"importable": True, "names": {"f": {**fn, "flavour": "sync"}}},
        "yapapi.b": {"importable": False, "names": {}, "error": "ModuleNotFoundError"},
    }
    report = compare(theirs, ours, {"yapapi.a:g": "why", "yapapi.c": "gone"})
    assert report.missing == ["yapapi.b (ModuleNotFoundError)"]
    assert report.excused == {"yapapi.a:g": "why"}
    assert report.stale_allowances == ["yapapi.c"]
    assert report.differences == ["yapapi.a:f: sync, yapapi's is async"]
    assert (report.modules_present, report.names_present, report.names_total) == (1, 1, 3)


def test_an_allowance_without_a_reason_is_refused(tmp_path: Path) -> None:
    listed = tmp_path / "allow.txt"
    listed.write_text("# comment\nyapapi.x:Y because\n")
    assert load_allowlist(listed) == {"yapapi.x:Y": "because"}
    listed.write_text("yapapi.x:Y\n")
    with pytest.raises(ValueError, match="gives no reason"):
        load_allowlist(listed)
