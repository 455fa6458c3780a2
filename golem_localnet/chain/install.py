"""Find or install anvil, the local Ethereum node, from the npm registry.

Foundry publishes anvil as prebuilt binaries in per-platform npm packages
(`@foundry-rs/anvil-linux-amd64`, ...). The manifest and lock file beside this
module pin the version and hashes; on first use `npm ci` installs them into a
cache directory keyed by the lock file's hash, so a changed pin installs anew
and nothing is downloaded except through npm.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import platform
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "ANVIL_ENV",
    "CACHE_ENV",
    "MANIFEST_DIR",
    "AnvilInstallError",
    "binary_in",
    "cache_root",
    "ensure_anvil",
    "install_dir",
    "npm_package_for",
]

MANIFEST_DIR = Path(__file__).resolve().parent / "anvil_npm"
ANVIL_ENV = "GOLEM_LOCALNET_ANVIL"  # path to an anvil to use instead
CACHE_ENV = "GOLEM_LOCALNET_CACHE"  # where to install (default ~/.cache/golem-localnet)

_OS = {"linux": "linux", "darwin": "darwin"}
_ARCH = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}


class AnvilInstallError(RuntimeError):
    """anvil could not be found or installed; the message says what to do."""


def npm_package_for(system: str, machine: str) -> str:
    """The npm package holding anvil for `platform.system()` / `platform.machine()`."""
    os_name = _OS.get(system.lower())
    arch = _ARCH.get(machine.lower())
    if os_name is None or arch is None:
        raise AnvilInstallError(f"no anvil package for {system}/{machine}")
    return f"@foundry-rs/anvil-{os_name}-{arch}"


def cache_root(environ: Mapping[str, str] = os.environ) -> Path:
    if environ.get(CACHE_ENV):
        return Path(environ[CACHE_ENV])
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "golem-localnet"


def install_dir(root: Path) -> Path:
    digest = hashlib.sha256((MANIFEST_DIR / "package-lock.json").read_bytes()).hexdigest()
    return root / f"anvil-{digest[:16]}"


def binary_in(prefix: Path, package: str) -> Path:
    return prefix / "node_modules" / package / "bin" / "anvil"


def ensure_anvil() -> Path:
    """The path of a runnable anvil, installing it with npm on first use.

    Safe to call from several processes at once: installs are serialised by a
    file lock and land in the cache with an atomic rename.
    """
    override = os.environ.get(ANVIL_ENV)
    if override:
        path = Path(override)
        if not os.access(path, os.X_OK):
            raise AnvilInstallError(f"{ANVIL_ENV}={override} is not an executable file")
        return path
    package = npm_package_for(platform.system(), platform.machine())
    root = cache_root()
    target = install_dir(root)
    binary = binary_in(target, package)
    if binary.exists():
        return binary
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not binary.exists():  # another process may have finished meanwhile
            _npm_install(root, target, package)
    return binary


def _npm_install(root: Path, target: Path, package: str) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise AnvilInstallError(f"npm is needed to install anvil ({package}); or set {ANVIL_ENV}")
    staging = Path(tempfile.mkdtemp(prefix=".anvil-", dir=root))
    try:
        for name in ("package.json", "package-lock.json"):
            shutil.copy(MANIFEST_DIR / name, staging / name)
        done = subprocess.run(
            [npm, "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=staging,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise AnvilInstallError(f"npm ci failed for {package}:\n{done.stderr[-2000:]}")
        if not binary_in(staging, package).exists():
            raise AnvilInstallError(f"npm installed no {package}: is this platform supported?")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
