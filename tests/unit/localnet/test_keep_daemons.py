"""`LocalNetwork(keep_daemons=...)`: each daemon's log and databases outlive the network."""

from __future__ import annotations

from pathlib import Path

from golem_localnet.network import keep_daemon_dirs


def test_each_daemons_directory_is_copied_without_its_sockets(tmp_path: Path) -> None:
    root = tmp_path / "net"
    for name in ("requestor", "provider-0"):
        data = root / name / "yagna"
        data.mkdir(parents=True)
        (data / "daemon.log").write_text(f"{name} log")
        (data / "market.db").write_bytes(b"db")
        (data / "gsb.sock").write_text("")
    (root / "provider-0" / "work").mkdir()  # the exe-units' files stay behind
    keep = tmp_path / "kept"
    keep_daemon_dirs(root, keep)
    assert sorted(p.relative_to(keep).as_posix() for p in keep.rglob("*")) == [
        "provider-0",
        "provider-0/daemon.log",
        "provider-0/market.db",
        "requestor",
        "requestor/daemon.log",
        "requestor/market.db",
    ]
    assert (keep / "provider-0" / "daemon.log").read_text() == "provider-0 log"
