"""Starting an exe-unit: its command line; stopping one: finding what it left running."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from golem_core.ids import ActivityId, AgreementId
from golem_localnet.provider.exeunits import (
    ExeUnitLaunch,
    descendants,
    exeunit_env,
    start_exeunit,
)


def test_the_exe_unit_command_line() -> None:
    launch = ExeUnitLaunch(
        activity_id=ActivityId("act"),
        agreement_id=AgreementId("agr"),
        gsb_url="tcp://127.0.0.1:7464",
        work_dir=Path("/data/agr/act"),
        agreement_file=Path("/data/agr/agreement.json"),
        faults=("hang-command", "die-during-batch=1"),
        python="/venv/bin/python",
    )
    assert launch.argv() == [
        "/venv/bin/python",
        "-m",
        "golem_localnet.exeunit",
        "--activity-id",
        "act",
        "--gsb-url",
        "tcp://127.0.0.1:7464",
        "--work-dir",
        "/data/agr/act",
        "--agreement-file",
        "/data/agr/agreement.json",
        "--fault",
        "hang-command",
        "--fault",
        "die-during-batch=1",
    ]
    assert launch.log_file == Path("/data/agr/act.log")


def fake_proc(root: Path, parents: dict[int, int]) -> str:
    for pid, ppid in parents.items():
        (root / str(pid)).mkdir()
        # the command name may hold spaces and parentheses: fields count from the last ")"
        (root / str(pid) / "stat").write_text(f"{pid} (a (b) c) S {ppid} {pid} 0 0")
    (root / "self").mkdir()
    return str(root)


def test_descendants_are_the_whole_subtree(tmp_path: Path) -> None:
    proc = fake_proc(tmp_path, {10: 1, 11: 10, 12: 11, 13: 10, 20: 1, 21: 20})
    assert sorted(descendants(10, proc)) == [11, 12, 13]
    assert descendants(12, proc) == []


def test_exe_units_keep_their_bytecode_in_the_agents_cache(tmp_path: Path) -> None:
    base = {"PATH": "/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    assert exeunit_env(base, tmp_path / "pyc") == {
        "PATH": "/bin",
        "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc"),
    }
    # a cache the environment names already is the one used
    named = {"PYTHONPYCACHEPREFIX": "/elsewhere"}
    assert exeunit_env(named, tmp_path / "pyc") == named


async def test_a_started_exe_unit_writes_its_bytecode_to_the_cache(tmp_path: Path) -> None:
    launch = ExeUnitLaunch(
        activity_id=ActivityId("act"),
        agreement_id=AgreementId("agr"),
        gsb_url="tcp://127.0.0.1:1",  # nobody listens: it exits once it has imported itself
        work_dir=tmp_path / "agr" / "act",
        agreement_file=tmp_path / "agr" / "agreement.json",
        python=sys.executable,
    )
    base = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    base.pop("PYTHONPYCACHEPREFIX", None)
    process = await start_exeunit(launch, exeunit_env(base, tmp_path / "pyc"))
    assert await process.exited != 0
    cached = {p.name.split(".")[0] for p in (tmp_path / "pyc").rglob("exeunit/*.pyc")}
    assert {"app", "executor", "transfer"} <= cached
