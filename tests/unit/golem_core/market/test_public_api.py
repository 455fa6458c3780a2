"""The market package's public surface, and its import cycle with the API adapter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import golem_core.market as market


def test_all_lists_exactly_the_public_names_sorted() -> None:
    public = {name for name in vars(market) if not name.startswith("_")}
    modules = {
        "agreement", "constraint_syntax", "constraints", "data", "demand", "negotiation",
        "negotiator", "offer", "properties", "proposal", "scan", "termination", "agreement_stream",
    }  # fmt: skip
    assert set(market.__all__) == public - modules
    assert market.__all__ == sorted(market.__all__)


@pytest.mark.parametrize(
    "module",
    ["golem_core._api.market", "golem_core.market.negotiation", "golem_core.market.demand"],
)
def test_every_entry_point_imports_on_its_own(module: str) -> None:
    """`_api.market` and `market` import each other; any first import must work."""
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


PURE = ("constraint_syntax", "constraints", "properties", "data", "negotiation")


@pytest.mark.parametrize("name", PURE)
def test_the_pure_modules_import_nothing_that_does_io(name: str) -> None:
    source = Path(market.__file__).with_name(f"{name}.py").read_text()
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    forbidden = ("asyncio", "httpx", "golem_rest_", "golem_core._api", "golem_core.node")
    assert not [m for m in imported if m.startswith(forbidden)]
    ours = {
        m.removeprefix("golem_core.market.") for m in imported if m.startswith("golem_core.market.")
    }
    assert ours <= set(PURE)
