"""Regenerate the REST clients in `generated/` from our specs in `openapi/`.

Each API document may take shared pieces from `openapi/common.yaml`; the pinned
openapi-python-client does not follow references across files, so every document
is first bundled into one self-contained JSON document. After generating, the
script prints a coverage table: the operation ids of yagna's published specs
(when `../shared/reference/yagna-openapi` is present), of ours, and the functions
that were generated.

    python scripts/generate.py                  # regenerate everything in place
    python scripts/generate.py --check          # regenerate into a temp dir, fail on any diff
    python scripts/generate.py --api market --out /tmp/gen   # one API, elsewhere
"""

from __future__ import annotations

import argparse
import copy
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO / "openapi"
GENERATED = REPO / "generated"
REFERENCE = REPO.parent / "shared" / "reference" / "yagna-openapi"
PINNED_GENERATOR = "0.29.1"
# our overrides of the generator's own templates (same file names)
TEMPLATES = REPO / "scripts" / "templates"

# api name -> (our document, yagna's document, generated package)
APIS: dict[str, tuple[str, str, str]] = {
    "market": ("market.yaml", "market-api.yaml", "golem_rest_market"),
    "activity": ("activity.yaml", "activity-api.yaml", "golem_rest_activity"),
    "payment": ("payment.yaml", "payment-api.yaml", "golem_rest_payment"),
    "net": ("net.yaml", "net-api.yaml", "golem_rest_net"),
    "net_v2": ("net_v2.yaml", "net-api-v2.yaml", "golem_rest_net_v2"),
    "gsb": ("gsb.yaml", "gsb-api.yaml", "golem_rest_gsb"),
    "identity": ("identity.yaml", "identity-api.yaml", "golem_rest_identity"),
    "version": ("version.yaml", "version-api.yaml", "golem_rest_version"),
}
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
COMMON_PREFIX = "common.yaml#/components/"


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


# --- bundling -------------------------------------------------------------------


def bundle(document: dict[str, Any], common: dict[str, Any]) -> dict[str, Any]:
    """Return `document` with every `common.yaml#/components/...` piece inlined."""
    bundled = copy.deepcopy(document)
    components = bundled.setdefault("components", {})

    def import_piece(kind: str, name: str) -> None:
        section = components.setdefault(kind, {})
        if name in section:
            return
        try:
            piece = copy.deepcopy(common["components"][kind][name])
        except KeyError:
            raise SystemExit(f"common.yaml has no components/{kind}/{name}") from None
        section[name] = piece
        # refs inside common pieces are local to common.yaml
        rewrite(piece, local_is_common=True)

    def rewrite(node: Any, local_is_common: bool) -> None:
        for holder in walk_dicts(node):
            ref = holder.get("$ref")
            if not isinstance(ref, str):
                continue
            if ref.startswith(COMMON_PREFIX):
                path = ref[len(COMMON_PREFIX) :]
            elif local_is_common and ref.startswith("#/components/"):
                path = ref[len("#/components/") :]
            elif ref.startswith("#/"):
                continue
            else:
                raise SystemExit(f"unsupported reference {ref!r}")
            kind, _, name = path.partition("/")
            holder["$ref"] = f"#/components/{kind}/{name}"
            import_piece(kind, name)

    rewrite(bundled, local_is_common=False)
    quote_status_codes(bundled)
    return bundled


def walk_dicts(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in list(node.values()):
            yield from walk_dicts(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk_dicts(item)


def quote_status_codes(document: dict[str, Any]) -> None:
    for operation in operations(document):
        responses = operation.get("responses", {})
        operation["responses"] = {str(code): body for code, body in responses.items()}


def operations(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for path_item in (document.get("paths") or {}).values():
        for method in HTTP_METHODS:
            if method in path_item:
                yield path_item[method]


def operation_ids(document: dict[str, Any]) -> list[str]:
    return [op["operationId"] for op in operations(document) if "operationId" in op]


# --- generating -------------------------------------------------------------------


def generate(api: str, out_root: Path, fail_on_warning: bool) -> str:
    spec_file, _, package = APIS[api]
    common = load_yaml(SPECS / "common.yaml")
    bundled = bundle(load_yaml(SPECS / spec_file), common)
    target = out_root / package
    with tempfile.TemporaryDirectory() as scratch:
        bundled_path = Path(scratch) / f"{api}.json"
        bundled_path.write_text(json.dumps(bundled, indent=1, sort_keys=True), encoding="utf-8")
        config_path = Path(scratch) / "config.yaml"
        tools = Path(sys.executable).parent
        config = {
            "package_name_override": package,
            "post_hooks": [
                f"{sys.executable} {REPO / 'scripts' / 'py310_compat.py'} .",
                f"{tools / 'ruff'} check --isolated --no-cache --select F401,I --fix-only .",
                f"{tools / 'ruff'} format --isolated --no-cache .",
            ],
        }
        config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
        command = [
            str(tools / "openapi-python-client"),
            "generate",
            "--path",
            str(bundled_path),
            "--meta",
            "none",
            "--output-path",
            str(target),
            "--overwrite",
            "--custom-template-path",
            str(TEMPLATES),
            "--config",
            str(config_path),
        ]
        if fail_on_warning:
            command.append("--fail-on-warning")
        env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"}
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise SystemExit(f"generating {api} failed:\n{output}")
    return output


def generated_functions(package_dir: Path) -> set[str]:
    api_dir = package_dir / "api"
    if not api_dir.is_dir():
        return set()
    return {p.stem for p in api_dir.rglob("*.py") if p.stem != "__init__"}


def coverage_rows(apis: list[str], out_root: Path) -> tuple[list[tuple[str, ...]], bool]:
    from openapi_python_client.strings import snake_case

    rows: list[tuple[str, ...]] = []
    complete = True
    for api in apis:
        spec_file, reference_file, package = APIS[api]
        ours = set(operation_ids(load_yaml(SPECS / spec_file)))
        functions = generated_functions(out_root / package)
        reference_path = REFERENCE / reference_file
        theirs = set(operation_ids(load_yaml(reference_path))) if reference_path.exists() else ours
        # keywords get a trailing underscore (`exec` -> `exec_`)
        missing = sorted(
            op for op in theirs if not {snake_case(op), snake_case(op) + "_"} & functions
        )
        not_in_ours = sorted(theirs - ours)
        complete = complete and not missing and not not_in_ours
        rows.append(
            (
                api,
                str(len(theirs)) if reference_path.exists() else "-",
                str(len(ours)),
                str(len(functions)),
                ", ".join(missing + [f"{op} (not in our spec)" for op in not_in_ours]) or "none",
            )
        )
    return rows, complete


def print_table(rows: list[tuple[str, ...]]) -> None:
    header = ("api", "yagna spec ops", "our spec ops", "generated functions", "missing")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip()
        )


def dirs_differ(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right, ignore=["__pycache__", ".mypy_cache"])
    problems: list[str] = []

    def visit(cmp: filecmp.dircmp[str], prefix: str) -> None:
        problems.extend(f"only in {cmp.left}: {prefix}{n}" for n in cmp.left_only)
        problems.extend(f"only in {cmp.right}: {prefix}{n}" for n in cmp.right_only)
        for name in cmp.common_files:
            if not filecmp.cmp(Path(cmp.left) / name, Path(cmp.right) / name, shallow=False):
                problems.append(f"differs: {prefix}{name}")
        for name, sub in cmp.subdirs.items():
            visit(sub, f"{prefix}{name}/")

    visit(comparison, "")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--api", action="append", choices=sorted(APIS), help="only this API")
    parser.add_argument("--out", type=Path, help="write here instead of generated/")
    parser.add_argument("--check", action="store_true", help="fail if generated/ is not up to date")
    parser.add_argument(
        "--mypy",
        action="store_true",
        help="run mypy --strict on the output (always done with --out)",
    )
    args = parser.parse_args()

    from importlib.metadata import version

    installed = version("openapi-python-client")
    if installed != PINNED_GENERATOR:
        raise SystemExit(
            f"openapi-python-client {PINNED_GENERATOR} is pinned; {installed} is installed"
        )

    apis = args.api or list(APIS)
    scratch = None
    if args.check:
        scratch = tempfile.mkdtemp(prefix="golem-generated-")
        out_root = Path(scratch)
    else:
        out_root = args.out or GENERATED
    out_root.mkdir(parents=True, exist_ok=True)
    try:
        for api in apis:
            output = generate(api, out_root, fail_on_warning=True)
            warnings = [line for line in output.splitlines() if "warning" in line.lower()]
            print(
                f"{api}: generated {APIS[api][2]}"
                + (f" ({len(warnings)} warnings)" if warnings else "")
            )
            for line in warnings:
                print(f"  {line}")
        rows, complete = coverage_rows(apis, out_root)
        print()
        print_table(rows)
        status = 0 if complete else 1
        if args.mypy or args.out:
            packages = [str(out_root / APIS[api][2]) for api in apis]
            mypy = subprocess.run(
                [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull, *packages],
                check=False,
                cwd=out_root,
            )
            status = status or mypy.returncode
        if args.check:
            problems: list[str] = []
            for api in apis:
                package = APIS[api][2]
                if not (GENERATED / package).is_dir():
                    problems.append(f"generated/{package} is missing")
                    continue
                problems += dirs_differ(GENERATED / package, out_root / package)
            if problems:
                print("\ngenerated/ is out of date with openapi/ (run scripts/generate.py):")
                print("\n".join(f"  {p}" for p in problems))
                status = 1
            else:
                print("\ngenerated/ is up to date")
        return status
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
