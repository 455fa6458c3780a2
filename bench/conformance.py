"""How much of real yapapi 0.13.1's public surface golem_hl has, at the same paths.

`python -m bench.conformance [--details]` walks yapapi in its own venv (created
on first use, see bench/venv.py) and golem_hl in ours with `surface_walk.py`,
prints one line per module (names present / names yapapi has) and the totals,
and lists what is missing and not allow-listed. `--details` also lists names
whose kind, signature or sync/async-ness differs. It exits 1 when something is
missing that `conformance_allowlist.txt` does not excuse.

The allow-list holds one entry a line, `yapapi.module` or `yapapi.module:Name`,
then the reason; every entry must say why, and must still be missing.
"""

from __future__ import annotations

import argparse
import inspect
import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from bench.venv import default_venv, ensure_yapapi

__all__ = [
    "Report",
    "compare",
    "load_allowlist",
    "main",
    "signature_compatible",
    "walk_golem_hl",
    "walk_yapapi",
]

WALKER = Path(__file__).with_name("surface_walk.py")
ALLOWLIST = Path(__file__).with_name("conformance_allowlist.txt")
WALK_TIMEOUT_S = 120.0

Surface = dict[str, Any]

_POSITIONAL = {"POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD"}
_KEYWORD = {"POSITIONAL_OR_KEYWORD", "KEYWORD_ONLY"}


def _walk(python: Path | str, args: list[str], stdin: str | None = None) -> Surface:
    done = subprocess.run(
        [str(python), str(WALKER), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=WALK_TIMEOUT_S,
        check=False,
        cwd=WALKER.parent.parent,
    )
    if done.returncode != 0:
        raise RuntimeError(f"surface walk {args} failed: {done.stderr.strip()}")
    result: Surface = json.loads(done.stdout)
    return result


def walk_yapapi(python: Path) -> Surface:
    return _walk(python, ["discover", "yapapi"])


def walk_golem_hl(yapapi_surface: Surface) -> Surface:
    return _walk(sys.executable, ["describe", "golem_hl"], json.dumps(yapapi_surface))


def load_allowlist(path: Path = ALLOWLIST) -> dict[str, str]:
    """`path` or `path:Name` -> reason; an entry without a reason is an error."""
    entries: dict[str, str] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, reason = line.partition(" ")
        if not reason.strip():
            raise ValueError(f"{path.name}:{number}: {key} gives no reason")
        entries[key] = reason.strip()
    return entries


def signature_compatible(theirs: list[list[Any]] | None, ours: list[list[Any]] | None) -> bool:
    """Whether every call yapapi's signature accepts is accepted by ours the same way."""
    if theirs is None or ours is None:
        return True
    their_params = {name: (kind, has_default) for name, kind, has_default in theirs}
    our_params = {name: (kind, has_default) for name, kind, has_default in ours}
    our_kinds = {kind for kind, _ in our_params.values()}
    their_positional = [n for n, k, _ in theirs if k in _POSITIONAL]
    our_positional = [n for n, k, _ in ours if k in _POSITIONAL]
    if "VAR_POSITIONAL" not in our_kinds and our_positional[: len(their_positional)] != (
        their_positional
    ):
        return False
    for name, (kind, has_default) in their_params.items():
        if kind in ("VAR_POSITIONAL", "VAR_KEYWORD"):
            if kind not in our_kinds:
                return False
            continue
        mine = our_params.get(name)
        if mine is None:
            absorbed = (kind in _KEYWORD and "VAR_KEYWORD" in our_kinds) or (
                kind == "POSITIONAL_ONLY" and "VAR_POSITIONAL" in our_kinds
            )
            if not absorbed:
                return False
            continue
        if kind in _KEYWORD and mine[0] not in _KEYWORD:
            return False
        if has_default and not mine[1]:
            return False
    for name, (kind, has_default) in our_params.items():
        if kind in ("VAR_POSITIONAL", "VAR_KEYWORD") or has_default:
            continue
        if name not in their_params or their_params[name][1]:
            return False
    return True


@attrs.define
class ModuleRow:
    path: str
    importable: bool
    present: int
    total: int


@attrs.define
class Report:
    rows: list[ModuleRow] = attrs.Factory(list)
    missing: list[str] = attrs.Factory(list)
    excused: dict[str, str] = attrs.Factory(dict)
    differences: list[str] = attrs.Factory(list)
    stale_allowances: list[str] = attrs.Factory(list)

    @property
    def modules_present(self) -> int:
        return sum(row.importable for row in self.rows)

    @property
    def names_present(self) -> int:
        return sum(row.present for row in self.rows)

    @property
    def names_total(self) -> int:
        return sum(row.total for row in self.rows)

    def table(self) -> str:
        lines = [f"{'module':45} {'names':>9}"]
        for row in self.rows:
            mark = "" if row.importable else "  (missing module)"
            lines.append(f"{row.path:45} {row.present:>4}/{row.total:<4}{mark}")
        lines.append(
            f"modules {self.modules_present}/{len(self.rows)},"
            f" names {self.names_present}/{self.names_total}"
            f" ({100 * self.names_present / max(self.names_total, 1):.1f} %),"
            f" allow-listed {len(self.excused)}, differing {len(self.differences)}"
        )
        return "\n".join(lines)


def _differences(key: str, theirs: Mapping[str, Any], ours: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    if theirs["kind"] != ours["kind"]:
        return [f"{key}: {ours['kind']}, yapapi's is a {theirs['kind']}"]
    if theirs.get("flavour") != ours.get("flavour"):
        found.append(f"{key}: {ours.get('flavour')}, yapapi's is {theirs.get('flavour')}")
    if not signature_compatible(theirs.get("signature"), ours.get("signature")):
        found.append(f"{key}: signature {ours.get('signature')} vs yapapi's {theirs['signature']}")
    for member, flavour in theirs.get("members", {}).items():
        mine = ours.get("members", {}).get(member)
        if mine is None:
            found.append(f"{key}.{member}: missing member")
        elif {mine, flavour} <= {"async", "asyncgen", "sync"} and mine != flavour:
            found.append(f"{key}.{member}: {mine}, yapapi's is {flavour}")
    return found


def compare(theirs: Surface, ours: Surface, allowlist: Mapping[str, str]) -> Report:
    report = Report()
    used: set[str] = set()
    for path in sorted(theirs):
        their_names = theirs[path]["names"]
        our_module = ours.get(path, {"importable": False, "names": {}})
        our_names = our_module["names"]
        report.rows.append(
            ModuleRow(path, our_module["importable"], len(set(their_names) & set(our_names)),
                      len(their_names))
        )  # fmt: skip
        if not our_module["importable"]:
            if path in allowlist:
                used.add(path)
                report.excused[path] = allowlist[path]
            else:
                report.missing.append(f"{path} ({our_module.get('error', 'not found')})")
        for name in sorted(their_names):
            key = f"{path}:{name}"
            if name in our_names:
                report.differences += _differences(key, their_names[name], our_names[name])
            elif key in allowlist or path in allowlist:
                used.add(key if key in allowlist else path)
                report.excused[key] = allowlist.get(key, allowlist.get(path, ""))
            elif our_module["importable"]:
                report.missing.append(key)
    report.stale_allowances = sorted(set(allowlist) - used)
    return report


def run(details: bool) -> Report:
    theirs = walk_yapapi(ensure_yapapi(default_venv()))
    report = compare(theirs, walk_golem_hl(theirs), load_allowlist())
    print(report.table())
    for title, items in (
        ("missing, not allow-listed", report.missing),
        ("allow-listed but present (remove them)", report.stale_allowances),
        *((("differing", report.differences),) if details else ()),
    ):
        if items:
            print(f"\n{title} ({len(items)}):")
            print("\n".join(f"  {item}" for item in items))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=inspect.getdoc(sys.modules[__name__]))
    parser.add_argument("--details", action="store_true", help="list differing names too")
    args = parser.parse_args(argv)
    report = run(args.details)
    return 1 if report.missing or report.stale_allowances else 0


if __name__ == "__main__":
    sys.exit(main())
