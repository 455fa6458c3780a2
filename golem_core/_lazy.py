"""PEP 562 loading for packages that re-export names from their modules.

A package that imports each name on first use lets a process take one part
(an exe-unit needs gftp's wire facts, not the REST clients) without the rest.
`lazy_exports_from_source` reads the package's names from its own
`if TYPE_CHECKING:` imports, so the package lists them once: type checkers
read the imports, and at run time they become `__all__` and the loader's map
(parsed on first use, not at import).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping
from importlib import import_module
from pathlib import Path
from typing import Any

__all__ = ["exports_from_source", "lazy_exports", "lazy_exports_from_source", "ruff_order"]


def lazy_exports(
    package: str, exports: Mapping[str, str], namespace: MutableMapping[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The package's `__getattr__` and `__dir__`; `exports` maps each name to its module."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        namespace[name] = value  # found directly from now on
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *exports})

    return __getattr__, __dir__


def exports_from_source(path: str | Path) -> dict[str, str]:
    """Name -> module, from the `if TYPE_CHECKING:` from-imports of the module at `path`."""
    import ast  # only here: most programs that get this far have it loaded already

    exports: dict[str, str] = {}
    for statement in ast.parse(Path(path).read_text(encoding="utf-8")).body:
        test = statement.test if isinstance(statement, ast.If) else None
        if not (isinstance(test, ast.Name) and test.id.endswith("TYPE_CHECKING")):
            continue
        assert isinstance(statement, ast.If)
        for imported in statement.body:
            if isinstance(imported, ast.ImportFrom) and imported.module:
                for alias in imported.names:
                    exports[alias.asname or alias.name] = imported.module
    return exports


def ruff_order(name: str) -> tuple[int, str]:
    """The order ruff keeps `__all__` in (RUF022): CONSTANTS, then Classes, then the rest."""
    if name.isupper() and len(name) > 1:
        return 0, name
    if name[0].isupper():
        return 1, name
    return 2, name


def lazy_exports_from_source(
    package: str,
    path: str,
    namespace: MutableMapping[str, Any],
    extra: Iterable[str] = (),
    computed: Mapping[str, Callable[[], Any]] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`lazy_exports` with the names of the package's TYPE_CHECKING imports (read on first use);
    `__all__` is them, the `extra` names the package defines itself and the `computed` ones
    (name -> function giving its value on first read)."""
    table: dict[str, str] = {}
    made = dict(computed or {})
    own = (*extra, *made)

    def exports() -> dict[str, str]:
        if not table:
            table.update(exports_from_source(path))
        return table

    def __getattr__(name: str) -> Any:
        if name == "__all__":
            names = sorted([*exports(), *own], key=ruff_order)
            namespace["__all__"] = names
            return names
        if name in made:
            value = namespace[name] = made[name]()
            return value
        module = exports().get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        namespace[name] = value  # found directly from now on
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *exports(), *made})

    return __getattr__, __dir__
