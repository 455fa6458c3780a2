"""What `import golem_hl` loads: WebSocket libraries wait for the first socket."""

from __future__ import annotations

import subprocess
import sys


def test_importing_golem_hl_leaves_the_websocket_libraries_unloaded() -> None:
    probe = (
        "import sys, golem_hl\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('httpx_ws', 'wsproto')\n"
        "    or m in ('golem_core._api.ws_frames', 'golem_core._api.ws_session')))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"
