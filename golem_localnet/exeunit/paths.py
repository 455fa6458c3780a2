"""Where an activity's `/golem/...` directories live on the host, and path translation.

A real provider runs the payload in a VM whose volumes `/golem/input`,
`/golem/output`, `/golem/resources` and `/golem/work` are directories under the
activity's work dir. We keep the same four as subdirectories of `--work-dir`.
Without a sandbox the payload sees host paths, so `/golem/...` in a Run's
program and arguments is rewritten to the host directory; inside bubblewrap the
directories are mounted at their `/golem` paths and nothing is rewritten.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

CONTAINER_ROOT = "/golem"
VOLUMES = ("input", "output", "resources", "work")

# `/golem/<volume>` standing alone in a string: not preceded or followed by more
# of a path name (so `/golem/workers` or `x/golem/work` stay as they are)
_IN_TEXT = re.compile(
    r"(?<![\w./-])" + re.escape(CONTAINER_ROOT) + r"/(" + "|".join(VOLUMES) + r")(?![\w.-])"
)


class PathError(ValueError):
    """A container path that no volume holds, or that is malformed."""


@attrs.frozen
class ActivityDirs:
    """The host directories of one activity."""

    root: Path

    def volume(self, name: str) -> Path:
        if name not in VOLUMES:
            raise KeyError(name)
        return self.root / name

    @property
    def work(self) -> Path:
        return self.volume("work")

    def mounts(self) -> dict[str, Path]:
        """Container path -> host directory, for every volume."""
        return {f"{CONTAINER_ROOT}/{name}": self.volume(name) for name in VOLUMES}

    def create(self) -> None:
        for path in self.mounts().values():
            path.mkdir(parents=True, exist_ok=True)

    def resolve(self, container_path: str) -> Path:
        """The host path of `container_path` (absolute, inside one volume)."""
        for mount, host in self.mounts().items():
            if container_path == mount:
                return host
            if container_path.startswith(mount + "/"):
                rest = container_path[len(mount) + 1 :]
                parts = rest.split("/")
                if rest.startswith("/") or ".." in parts:
                    raise PathError(f"invalid path format: [{container_path}]")
                return host.joinpath(*[p for p in parts if p])
        raise PathError(f"path not found in container: {container_path}")

    def translate(self, text: str) -> str:
        """`text` with each standalone `/golem/<volume>` replaced by its host directory."""
        return _IN_TEXT.sub(lambda m: str(self.volume(m.group(1))), text)
