"""Describe a package's public surface as JSON: run by any Python, with the stdlib only.

Run in yapapi's own venv it discovers yapapi's surface; run in ours with that
surface as input it describes the same paths under golem_hl:

    python surface_walk.py discover yapapi            > yapapi.json
    python surface_walk.py describe golem_hl < yapapi.json > golem_hl.json

A module is public when no part of its dotted path starts with "_". Its public
names are its `__all__`, the names it defines at top level (functions, classes,
assignments; `logger` and `_private` ones left out) and, for a package, the
names it re-exports from its own submodules. Each name is described by kind
(module / class / function / constant / alias), call signature (parameter
name, kind, whether it has a default), whether it is a coroutine or an async
generator, and, for classes, its public members and their own async-ness.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import sys
import types
from typing import Any

NOT_API = {"logger"}


def public_modules(root: str) -> list[str]:
    package = importlib.import_module(root)
    found = [root]
    for info in pkgutil.walk_packages(package.__path__, root + "."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            found.append(info.name)
    return sorted(found)


def _top_level(tree: ast.Module, root: str) -> tuple[set[str], set[str]]:
    """(names defined here, names imported from the package itself)."""
    defined: set[str] = set()
    imported: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                defined.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
        elif isinstance(node, ast.ImportFrom) and (
            node.level > 0 or (node.module or "").split(".")[0] == root
        ):
            imported.update(alias.asname or alias.name for alias in node.names)
    return defined, imported


def public_names(module: types.ModuleType, root: str) -> list[str]:
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        tree = ast.Module(body=[], type_ignores=[])
    defined, imported = _top_level(tree, root)
    names = set(getattr(module, "__all__", ()))
    names |= defined
    if hasattr(module, "__path__"):
        names |= {n for n in imported if not inspect.ismodule(getattr(module, n, None))}
    return sorted(n for n in names if not n.startswith("_") and n not in NOT_API)


def _signature(obj: Any) -> list[list[Any]] | None:
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    return [
        [p.name, p.kind.name, p.default is not inspect.Parameter.empty]
        for p in signature.parameters.values()
    ]


def _flavour(obj: Any) -> str:
    if inspect.isasyncgenfunction(obj):
        return "asyncgen"
    if inspect.iscoroutinefunction(obj):
        return "async"
    return "sync"


def _is_alias(obj: Any) -> bool:
    origin_module = getattr(type(obj), "__module__", "")
    return origin_module == "typing" or isinstance(obj, (types.GenericAlias, types.UnionType))


def _members(cls: type) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in dir(cls):
        if name.startswith("_"):
            continue
        try:
            raw = inspect.getattr_static(cls, name)
        except AttributeError:
            continue
        if isinstance(raw, (staticmethod, classmethod)):
            raw = raw.__func__
        if isinstance(raw, property):
            found[name] = "property"
        elif callable(raw):
            found[name] = _flavour(raw)
        else:
            found[name] = "attribute"
    return found


def describe_object(obj: Any) -> dict[str, Any]:
    if inspect.ismodule(obj):
        return {"kind": "module"}
    if inspect.isclass(obj):
        return {
            "kind": "class",
            "signature": _signature(obj),
            "flavour": "sync",
            "members": _members(obj),
        }
    if _is_alias(obj):
        return {"kind": "alias"}
    if callable(obj):
        return {"kind": "function", "signature": _signature(obj), "flavour": _flavour(obj)}
    return {"kind": "constant", "type": type(obj).__name__}


def _describe_module(path: str, names: list[str] | None, root: str) -> dict[str, Any]:
    try:
        module = importlib.import_module(path)
    except Exception as exc:  # any import failure means "not there"
        return {"importable": False, "error": f"{type(exc).__name__}: {exc}", "names": {}}
    wanted = public_names(module, root) if names is None else names
    described: dict[str, Any] = {}
    for name in wanted:
        if hasattr(module, name):
            described[name] = describe_object(getattr(module, name))
    return {"importable": True, "names": described}


def discover(root: str) -> dict[str, Any]:
    return {path: _describe_module(path, None, root) for path in public_modules(root)}


def describe(root: str, surface: dict[str, Any]) -> dict[str, Any]:
    """The same paths as `surface` (another package's) under `root`."""
    result: dict[str, Any] = {}
    for path, module in surface.items():
        ours = root + path[path.index(".") :] if "." in path else root
        result[path] = _describe_module(ours, sorted(module["names"]), root)
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("discover", "describe"):
        print(__doc__, file=sys.stderr)
        return 2
    surface = json.load(sys.stdin) if argv[1] == "describe" else None
    result = discover(argv[2]) if surface is None else describe(argv[2], surface)
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
