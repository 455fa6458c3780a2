"""The task engine's modules import one way: no loops, even for type checking only.

A loop (job <-> worker <-> workforce) means no module can be read or changed on its
own; they share `JobState` instead. Read from the source, so imports under
`TYPE_CHECKING` count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import golem_hl.executor

PACKAGE = "golem_hl.executor"
SOURCE = Path(golem_hl.executor.__file__).parent
MAX_LINES = 400


def _imports(path: Path) -> set[str]:
    """The modules of this package that `path` imports (any form, anywhere in the file)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found.update(n for n in names if n.startswith(PACKAGE + ".") and _module_file(n))
    return found


def _module_file(name: str) -> Path | None:
    path = SOURCE / f"{name.removeprefix(PACKAGE + '.')}.py"
    return path if path.exists() else None


def _graph() -> dict[str, set[str]]:
    return {f"{PACKAGE}.{p.stem}": _imports(p) for p in SOURCE.glob("*.py") if p.stem != "__init__"}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    visiting: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> list[str] | None:
        if name in visiting:
            return [*visiting[visiting.index(name) :], name]
        if name in done:
            return None
        visiting.append(name)
        for target in sorted(graph.get(name, ())):
            if found := visit(target):
                return found
        visiting.pop()
        done.add(name)
        return None

    for name in sorted(graph):
        if found := visit(name):
            return found
    return None


def test_the_executor_modules_have_no_import_loop() -> None:
    graph = _graph()
    assert f"{PACKAGE}._worker" in graph[f"{PACKAGE}._workforce"]  # the graph sees imports
    assert _cycle(graph) is None


def test_the_loop_finder_finds_loops() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_executor_modules_are_small() -> None:
    sizes = {p.name: len(p.read_text().splitlines()) for p in SOURCE.glob("*.py")}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
