"""yapapi lives in a virtualenv of its own: its pinned dependencies never meet ours."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

YAPAPI_VERSION = "0.13.1"
VENV_ENV = "BENCH_YAPAPI_VENV"
INSTALL_TIMEOUT_S = 900.0


def default_venv(version: str = YAPAPI_VERSION) -> Path:
    """`$BENCH_YAPAPI_VENV`, else one under the user's cache (kept between runs and checkouts)."""
    if path := os.environ.get(VENV_ENV):
        return Path(path)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "golem-requestor" / "bench" / f"yapapi-{version}"


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def installed_version(venv: Path) -> str | None:
    """The yapapi version installed in `venv`, or None."""
    python = venv_python(venv)
    if not python.exists():
        return None
    probe = "import importlib.metadata as m; print(m.version('yapapi'))"
    found = subprocess.run(
        [python, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    return found.stdout.strip() if found.returncode == 0 else None


def ensure_yapapi(venv: Path, version: str = YAPAPI_VERSION) -> Path:
    """The Python of a virtualenv with yapapi==`version`, created and installed if needed."""
    if installed_version(venv) == version:
        return venv_python(venv)
    print(f"installing yapapi {version} into {venv} ...", file=sys.stderr, flush=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, timeout=300)
    subprocess.run(
        [venv_python(venv), "-m", "pip", "install", "--quiet", f"yapapi=={version}"],
        check=True,
        timeout=INSTALL_TIMEOUT_S,
    )
    got = installed_version(venv)
    if got != version:
        raise RuntimeError(f"yapapi {version} did not install into {venv} (found {got})")
    return venv_python(venv)
