"""The package's public surface is what `__all__` says (httpx-style check)."""

from __future__ import annotations

import inspect

import golem_core.activity as package
from golem_core.activity import activity, batch, commands, data, results


def test_all_lists_exactly_the_public_names() -> None:
    # the names load on first use (PEP 562): dir() lists them before they are read
    public = {
        name
        for name in dir(package)
        if not name.startswith("_") and not inspect.ismodule(getattr(package, name))
    }
    assert public == set(package.__all__)


def test_every_public_name_of_the_modules_is_exported() -> None:
    for module in (activity, batch, commands, data, results):
        exported = set(module.__all__) - {"format_duration", "parse_duration", "output_text"}
        assert exported <= set(package.__all__), module.__name__
