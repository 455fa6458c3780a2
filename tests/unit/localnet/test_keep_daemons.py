"""`LocalNetwork(keep_daemons=...)`: each daemon's log and databases outlive the network."""

from __future__ import annotations

from pathlib import Path

from golem_localnet.network import keep_daemon_dirs


def test_each_daemons_directory_and_exe_unit_logs_are_copied_without_sockets_or_files(
    tmp_path: Path,
) -> None:
    root = tmp_path / "net"
    for name in ("requestor", "provider-0"):
        data = root / name / "yagna"
        data.mkdir(parents=True)
        (data / "daemon.log").write_text(f"{name} log")
        (data / "market.db").write_bytes(b"db")
        (data / "gsb.sock").write_text("")
    activity = root / "provider-0" / "work" / "activities" / "agr-1"
    (activity / "act-1").mkdir(parents=True)  # the exe-units' files stay behind
    (activity / "act-1" / "output.txt").write_text("not kept")
    (activity / "act-1.log").write_text("exe-unit log")
    keep = tmp_path / "kept"
    keep_daemon_dirs(root, keep)
    assert sorted(p.relative_to(keep).as_posix() for p in keep.rglob("*")) == [
        "provider-0",
        "provider-0/daemon.log",
        "provider-0/exeunits",
        "provider-0/exeunits/agr-1",
        "provider-0/exeunits/agr-1/act-1.log",
        "provider-0/market.db",
        "requestor",
        "requestor/daemon.log",
        "requestor/market.db",
    ]
    assert (keep / "provider-0" / "daemon.log").read_text() == "provider-0 log"
    assert (keep / "provider-0" / "exeunits" / "agr-1" / "act-1.log").read_text() == "exe-unit log"
