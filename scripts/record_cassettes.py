"""Re-record every cassette in cassettes/ against a fresh local Golem network.

    python scripts/record_cassettes.py                # every test that uses golem_cassette
    python scripts/record_cassettes.py -k hello       # some of them (pytest's -k)
    python scripts/record_cassettes.py --prune        # and delete cassettes no test wrote

It runs pytest over tests/ with `--golem-record`, keeping only the tests that
use the `golem_cassette` fixture: one local network (yagna daemons, providers,
a local chain; see golem_localnet) serves them all, and each test rewrites
cassettes/<test name>.yaml and .tape.json. Afterwards it names the cassettes
that no test wrote (renamed or deleted tests), which `--prune` removes.
Needs the `localnet` and `test` extras; takes a few minutes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASSETTES = ROOT / "cassettes"


class OnlyCassetteTests:
    """Deselects every collected test that does not use the golem_cassette fixture."""

    def __init__(self) -> None:
        self.selected: list[str] = []

    @pytest.hookimpl(trylast=True)  # after -k and -m have deselected theirs
    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        keep = [i for i in items if "golem_cassette" in getattr(i, "fixturenames", ())]
        dropped = [i for i in items if i not in keep]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
        items[:] = keep
        self.selected = [i.nodeid for i in keep]


def stale_cassettes(since: float) -> list[Path]:
    """Cassette files not rewritten since `since` (seconds since the epoch)."""
    return sorted(
        path
        for path in CASSETTES.glob("*")
        if path.name.endswith((".yaml", ".tape.json")) and path.stat().st_mtime < since
    )


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    options.add_argument("-k", dest="keyword", help="only tests matching this pytest -k expression")
    options.add_argument("--prune", action="store_true", help="delete cassettes no test wrote")
    args = options.parse_args(argv)
    began = time.time()
    selector = OnlyCassetteTests()
    pytest_args = [str(ROOT / "tests"), "--golem-record", "-p", "no:cacheprovider", "-q"]
    if args.keyword:
        pytest_args += ["-k", args.keyword]
    status = int(pytest.main(pytest_args, plugins=[selector]))
    print(f"recorded {len(selector.selected)} cassette test(s) in {time.time() - began:.0f} s")
    if status != 0 or args.keyword:
        return status
    stale = stale_cassettes(began)
    for path in stale:
        if args.prune:
            path.unlink()
        print(f"{'deleted' if args.prune else 'no test wrote'} {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
