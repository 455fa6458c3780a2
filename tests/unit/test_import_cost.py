"""What `import golem_hl` loads: what an app needs only once it runs waits for its first use."""

from __future__ import annotations

import subprocess
import sys


def loaded_by_import(module: str, prefixes: tuple[str, ...]) -> list[str]:
    probe = (
        f"import sys, {module}\n"
        f"print('\\n'.join(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))\n"
    )
    answer = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return answer.split()


def test_importing_golem_hl_leaves_the_websocket_libraries_unloaded() -> None:
    assert loaded_by_import("golem_hl", ("httpx_ws", "wsproto")) == []
    own = ("golem_core._api.ws_frames", "golem_core._api.ws_session")
    assert loaded_by_import("golem_hl", own) == []


def test_importing_golem_hl_builds_no_generated_model_and_loads_no_operation() -> None:
    # each generated model is an attrs class that costs ~3 M instructions to build
    loaded = loaded_by_import("golem_hl", ("golem_rest_",))
    assert [m for m in loaded if ".models." in m or ".api." in m] == []


def test_importing_golem_hl_or_golem_core_leaves_importlib_metadata_unloaded() -> None:
    # only `__version__` needs it, and it costs more than golem_core's own modules
    assert loaded_by_import("golem_hl", ("importlib.metadata",)) == []
    assert loaded_by_import("golem_core", ("importlib.metadata",)) == []


def test_a_generated_models_package_builds_only_the_models_read_from_it() -> None:
    probe = (
        "import sys\n"
        "from golem_rest_market.models import Reason\n"
        "print(Reason.__name__, sorted(m for m in sys.modules if '.models.' in m))\n"
    )
    answer = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert answer.split(maxsplit=1) == ["Reason", "['golem_rest_market.models.reason']\n"]


def test_an_exe_unit_loads_neither_the_activity_rest_side_nor_the_daemon_code() -> None:
    # one exe-unit process starts per activity: what it imports is paid for each one
    own = ("golem_core.activity.activity", "golem_core.activity.batch", "golem_localnet.daemon")
    assert loaded_by_import("golem_localnet.exeunit.__main__", own) == []


def test_an_exe_unit_loads_no_http_client_no_rest_clients_and_no_dateutil() -> None:
    # httpx only for http transfers, which few activities make; the REST side came in
    # through golem_core._api's package (quick ACKs); dateutil serves only Python 3.10
    unwanted = ("httpx", "golem_rest_", "golem_core._api", "dateutil")
    assert loaded_by_import("golem_localnet.exeunit.__main__", unwanted) == []


def test_the_activity_package_still_gives_every_name_it_lists() -> None:
    import golem_core.activity as activity

    assert {"Activity", "Batch", "Run", "command_from_json"} <= set(activity.__all__)
    assert all(getattr(activity, name) is not None for name in activity.__all__)
