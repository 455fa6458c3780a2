"""Compile contracts/*.sol with npm's solcjs and write golem_localnet/chain/artifacts/<Name>.json.

The artifacts (ABI, creation bytecode, method selectors) are committed, so the
local chain needs no compiler at run time; only whoever changes a contract runs
this. solcjs comes from the repo's package.json (`npm ci` is run when it is
missing), so the compiler version is pinned by package-lock.json.

    python scripts/build_contracts.py          # rewrite golem_localnet/chain/artifacts/
    python scripts/build_contracts.py --check  # fail if the artifacts are stale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "contracts"
BUILD = ROOT / "golem_localnet" / "chain" / "artifacts"
SOLCJS = ROOT / "node_modules" / ".bin" / "solcjs"

# The EVM version is pinned so a newer solc cannot emit opcodes an older anvil lacks.
SETTINGS: dict[str, Any] = {
    "optimizer": {"enabled": True, "runs": 200},
    "evmVersion": "cancun",
    "outputSelection": {"*": {"*": ["abi", "evm.bytecode.object", "evm.methodIdentifiers"]}},
}


def ensure_solcjs() -> Path:
    if not SOLCJS.exists():
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("npm is needed to install solcjs (package.json at the repo root)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    return SOLCJS


def compile_sources(solcjs: Path) -> dict[str, Any]:
    sources = sorted(SOURCES.glob("*.sol"))
    request = {
        "language": "Solidity",
        "sources": {p.name: {"content": p.read_text(encoding="utf-8")} for p in sources},
        "settings": SETTINGS,
    }
    done = subprocess.run(
        [str(solcjs), "--standard-json"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
    )
    # solcjs may print warnings before the JSON document
    output: dict[str, Any] = json.loads(done.stdout[done.stdout.index("{") :])
    errors = [e for e in output.get("errors", []) if e.get("severity") == "error"]
    for problem in output.get("errors", []):
        print(problem.get("formattedMessage", problem), file=sys.stderr)
    if errors:
        sys.exit("compilation failed")
    return output


def solc_version(solcjs: Path) -> str:
    done = subprocess.run([str(solcjs), "--version"], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def artifacts(output: dict[str, Any], version: str) -> dict[str, str]:
    """File name -> JSON text, one per contract that has bytecode."""
    result = {}
    for source_name, contracts in sorted(output["contracts"].items()):
        source_text = (SOURCES / source_name).read_bytes()
        for name, compiled in sorted(contracts.items()):
            bytecode = compiled["evm"]["bytecode"]["object"]
            if not bytecode:
                continue  # interfaces
            document = {
                "contractName": name,
                "sourceName": source_name,
                "sourceSha256": hashlib.sha256(source_text).hexdigest(),
                "compiler": {"solcjs": version, "settings": SETTINGS},
                "abi": compiled["abi"],
                "methodIdentifiers": compiled["evm"]["methodIdentifiers"],
                "bytecode": "0x" + bytecode,
            }
            result[f"{name}.json"] = json.dumps(document, indent=2, sort_keys=True) + "\n"
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    solcjs = ensure_solcjs()
    built = artifacts(compile_sources(solcjs), solc_version(solcjs))
    if args.check:
        stale = [
            name
            for name, text in built.items()
            if not (BUILD / name).exists() or (BUILD / name).read_text(encoding="utf-8") != text
        ]
        if stale:
            print("stale artifacts: " + ", ".join(stale), file=sys.stderr)
            return 1
        print(f"golem_localnet/chain/artifacts is up to date ({len(built)} artifacts)")
        return 0
    BUILD.mkdir(exist_ok=True)
    for name, text in built.items():
        (BUILD / name).write_text(text, encoding="utf-8")
        print(f"wrote golem_localnet/chain/artifacts/{name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
