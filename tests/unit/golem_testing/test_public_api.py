"""golem_testing's public names; golem_core imports neither golem_localnet nor vcrpy up front."""

from __future__ import annotations

import ast
import types
from pathlib import Path

import golem_core
import golem_testing as testing

GOLEM_CORE = Path(golem_core.__file__).parent


def test_all_is_the_sorted_public_names() -> None:
    public = [
        name
        for name, value in vars(testing).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    ]
    assert sorted(testing.__all__) == sorted(public)
    errors = (testing.CassetteMismatch, testing.CassetteNotFound, testing.ReplayStalled)
    assert all(error.__module__ == "golem_testing" for error in errors)


def module_level_imports(path: Path) -> set[str]:
    """The top-level packages a module imports when it is imported (not inside functions)."""
    found = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_nothing_in_golem_core_imports_golem_localnet_or_vcrpy_up_front() -> None:
    modules = sorted(GOLEM_CORE.rglob("*.py"))
    assert len(modules) > 50
    offenders = {
        str(path.relative_to(GOLEM_CORE)): imports & {"golem_localnet", "vcr"}
        for path in modules
        if (imports := module_level_imports(path)) & {"golem_localnet", "vcr"}
    }
    assert offenders == {}
