"""Networks and services sit below `Golem`: none of their modules imports golem_hl.golem.

`golem.py` imports them to offer `create_network` / `run_service`; they see a
started Golem only through `golem_hl._session.StartedGolem`. Imports made for
type checking count too: they are loops all the same for a reader and a tool.
"""

from __future__ import annotations

import ast
from pathlib import Path

import golem_hl

ROOT = Path(golem_hl.__file__).parent
BELOW_GOLEM = [ROOT / "network.py", ROOT / "_session.py", *sorted((ROOT / "services").glob("*.py"))]


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_network_or_service_module_imports_golem() -> None:
    assert len(BELOW_GOLEM) > 5
    offenders = {
        path.relative_to(ROOT).as_posix(): sorted(
            n for n in imported(path) if n == "golem_hl.golem" or n.startswith("golem_hl.golem.")
        )
        for path in BELOW_GOLEM
    }
    assert {p: n for p, n in offenders.items() if n} == {}


def test_the_network_module_does_not_import_the_services() -> None:
    assert not any(n.startswith("golem_hl.services") for n in imported(ROOT / "network.py"))
