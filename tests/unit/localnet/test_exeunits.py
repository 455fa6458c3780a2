"""Starting an exe-unit: its command line; stopping one: finding what it left running."""

from __future__ import annotations

from pathlib import Path

from golem_core.ids import ActivityId, AgreementId
from golem_localnet.provider.exeunits import ExeUnitLaunch, descendants


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
