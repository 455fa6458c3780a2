"""Where anvil comes from: the npm package per platform, the cache, the pinned manifest."""

from __future__ import annotations

import json
import platform
from pathlib import Path

import pytest

from golem_localnet.chain.install import (
    MANIFEST_DIR,
    AnvilInstallError,
    binary_in,
    cache_root,
    install_dir,
    npm_package_for,
)


@pytest.mark.parametrize(
    ("system", "machine", "package"),
    [
        ("Linux", "x86_64", "@foundry-rs/anvil-linux-amd64"),
        ("Linux", "aarch64", "@foundry-rs/anvil-linux-arm64"),
        ("Darwin", "arm64", "@foundry-rs/anvil-darwin-arm64"),
        ("Darwin", "x86_64", "@foundry-rs/anvil-darwin-amd64"),
    ],
)
def test_package_per_platform(system: str, machine: str, package: str) -> None:
    assert npm_package_for(system, machine) == package


def test_unknown_platforms_are_refused_with_a_reason() -> None:
    with pytest.raises(AnvilInstallError, match="riscv64"):
        npm_package_for("Linux", "riscv64")
    with pytest.raises(AnvilInstallError):
        npm_package_for("Windows", "AMD64")


def test_the_lock_file_pins_every_platform_package_of_the_manifest_at_one_version() -> None:
    manifest = json.loads((MANIFEST_DIR / "package.json").read_text())
    lock = json.loads((MANIFEST_DIR / "package-lock.json").read_text())
    wanted = manifest["optionalDependencies"]
    assert lock["packages"][""]["optionalDependencies"] == wanted
    assert len(set(wanted.values())) == 1
    for name, version in wanted.items():
        entry = lock["packages"][f"node_modules/{name}"]
        assert entry["version"] == version
        assert entry["integrity"].startswith("sha512-")
        assert entry["bin"] == {"anvil": "bin/anvil"}


def test_this_machine_has_a_package_in_the_manifest() -> None:
    manifest = json.loads((MANIFEST_DIR / "package.json").read_text())
    here = npm_package_for(platform.system(), platform.machine())
    assert here in manifest["optionalDependencies"]


def test_cache_root_precedence(tmp_path: Path) -> None:
    assert cache_root({"GOLEM_LOCALNET_CACHE": str(tmp_path)}) == tmp_path
    assert cache_root({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "golem-localnet"
    assert cache_root({}).name == "golem-localnet"


def test_install_dir_is_keyed_by_the_lock_file(tmp_path: Path) -> None:
    first = install_dir(tmp_path)
    assert first.parent == tmp_path
    assert first.name.startswith("anvil-")
    assert install_dir(tmp_path) == first
    binary = binary_in(first, "@foundry-rs/anvil-linux-amd64")
    assert binary.relative_to(first).parts == (
        "node_modules",
        "@foundry-rs",
        "anvil-linux-amd64",
        "bin",
        "anvil",
    )
