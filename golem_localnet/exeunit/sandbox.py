"""Optional bubblewrap (`bwrap`) sandbox for Run commands.

When `bwrap` is on PATH and works here (containers often forbid the namespaces
it needs, so we try it once), a Run sees the host's file system read-only, a
private /tmp, and the activity's four directories mounted read-write at their
`/golem/...` paths, with /golem/work as its working directory. Otherwise the
command runs directly on the host (see the package docstring for what that
trusts). The sandbox narrows file-system writes; it is not a security boundary
against a hostile payload (same user, same network, same kernel).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from golem_localnet.exeunit.paths import CONTAINER_ROOT, ActivityDirs

log = logging.getLogger(__name__)

# top-level host entries the sandbox builds itself instead of binding
_OWN_ENTRIES = frozenset({"proc", "dev", "tmp", CONTAINER_ROOT.strip("/")})
PROBE_TIMEOUT = 10.0


def bwrap_argv(
    bwrap: str,
    dirs: ActivityDirs,
    argv: Sequence[str],
    host_root: Iterable[tuple[str, str | None]],
) -> list[str]:
    """The bwrap command line that runs `argv` in the sandbox.

    `host_root` lists the entries of the host's `/`: (name, symlink target or None).
    Each is bound read-only (symlinks recreated), so no mount point has to be
    made on the host's real root."""
    out = [bwrap, "--die-with-parent"]
    for name, link in sorted(host_root):
        if name in _OWN_ENTRIES:
            continue
        if link is not None:
            out += ["--symlink", link, f"/{name}"]
        else:
            out += ["--ro-bind", f"/{name}", f"/{name}"]
    out += ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--dir", CONTAINER_ROOT]
    for mount, host in dirs.mounts().items():
        out += ["--bind", str(host), mount]
    out += ["--chdir", f"{CONTAINER_ROOT}/work", "--", *argv]
    return out


def host_root_entries(root: Path = Path("/")) -> list[tuple[str, str | None]]:
    entries: list[tuple[str, str | None]] = []
    for entry in os.scandir(root):
        if entry.is_symlink():
            entries.append((entry.name, os.readlink(entry.path)))
        elif entry.is_dir(follow_symlinks=False):
            entries.append((entry.name, None))
    return entries


def find_bwrap(dirs: ActivityDirs) -> str | None:
    """The bwrap binary if it is installed and can build our sandbox here, else None."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return None
    argv = bwrap_argv(bwrap, dirs, ["/bin/sh", "-c", "true"], host_root_entries())
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
