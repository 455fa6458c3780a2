"""The payment package's shape: pure modules stay pure, the public API matches `__all__`."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import golem_core.payment

PACKAGE = Path(golem_core.payment.__file__).parent
IMPURE = ("asyncio", "httpx", "golem_core._api", "golem_rest_", "golem_core.node")


@pytest.mark.parametrize("module", ["pricing", "checks", "ledger"])
def test_decision_modules_import_no_io(module: str) -> None:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text())
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert imported, module
    assert not [name for name in imported if name.startswith(IMPURE)]


def isort_style(name: str) -> tuple[int, str]:
    """CONSTANTS first, then Classes, then functions, each alphabetically (as ruff sorts)."""
    if name.isupper():
        return 0, name
    return (1 if name[:1].isupper() else 2), name


@pytest.mark.parametrize(
    "module",
    [
        "golem_core.payment",
        "golem_core.payment.allocation",
        "golem_core.payment.checks",
        "golem_core.payment.documents",
        "golem_core.payment.ledger",
        "golem_core.payment.manager",
        "golem_core.payment.pricing",
        "golem_core.payment.provider",
        "golem_core._api.payment",
        "golem_core._api.payment_data",
    ],
)
def test_all_is_sorted_and_names_real_members(module: str) -> None:
    loaded = importlib.import_module(module)
    names = loaded.__all__
    assert names == sorted(names, key=isort_style)
    assert all(hasattr(loaded, name) for name in names)
