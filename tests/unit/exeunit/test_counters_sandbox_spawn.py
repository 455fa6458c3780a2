"""/proc parsing, the usage vector's order, bwrap's command line, and how Runs are spawned."""

from __future__ import annotations

import os
from pathlib import Path

from golem_localnet.exeunit.counters import (
    CPU,
    DURATION,
    ProcStat,
    UsageCounters,
    group_cpu_seconds,
    parse_proc_stat,
)
from golem_localnet.exeunit.images import IMAGES, ImageTree
from golem_localnet.exeunit.paths import ActivityDirs
from golem_localnet.exeunit.runner import build_spawn
from golem_localnet.exeunit.sandbox import bwrap_argv
from golem_localnet.exeunit.script import Run

TICKS = os.sysconf("SC_CLK_TCK")


def test_parse_proc_stat_with_a_hostile_command_name() -> None:
    line = "4242 (evil) 1 2 (x) S 1 4000 4000 0 -1 4194560 100 0 0 0 7 3 2 1 20 0 1 0 5 0\n"
    assert parse_proc_stat(line) == ProcStat(pid=4242, pgrp=4000, session=4000, cpu_ticks=13)


def test_group_cpu_counts_only_our_groups() -> None:
    stats = [ProcStat(1, 10, 10, TICKS), ProcStat(2, 10, 10, TICKS), ProcStat(3, 11, 11, 99)]
    assert group_cpu_seconds(stats, {10}) == 2.0
    assert group_cpu_seconds(stats, set()) == 0.0


def test_usage_follows_the_agreement_order_and_zeroes_unknown_counters() -> None:
    counters = UsageCounters(("golem.usage.gib", CPU, DURATION))
    gib, cpu, duration = counters.current()
    assert gib == 0.0 and cpu >= 0.0 and duration >= 0.0


def test_bwrap_argv_builds_the_image_tree_from_an_empty_root() -> None:
    dirs = ActivityDirs(Path("/w"))
    base = [("usr", None), ("bin", "usr/bin"), ("etc", None)]
    tree = ImageTree(IMAGES[2], {"/usr/local/bin/python": "/usr/bin/python3.11"})
    argv = bwrap_argv("/x/bwrap", dirs, ["/usr/local/bin/python", "/golem/work/a"], base, tree)
    assert argv == [
        "/x/bwrap", "--die-with-parent", "--unshare-net",
        "--tmpfs", "/",
        "--symlink", "usr/bin", "/bin",
        "--ro-bind", "/etc", "/etc",
        "--ro-bind", "/usr", "/usr",
        "--tmpfs", "/usr/local",
        "--ro-bind", "/usr/bin/python3.11", "/usr/local/bin/python",
        "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--dir", "/golem",
        "--bind", "/w/input", "/golem/input",
        "--bind", "/w/output", "/golem/output",
        "--bind", "/w/resources", "/golem/resources",
        "--bind", "/w/work", "/golem/work",
        "--chdir", "/golem/work", "--", "/usr/local/bin/python", "/golem/work/a",
    ]  # fmt: skip
    # a VPN's namespace is entered by the caller: bwrap must not make its own
    shared = bwrap_argv("/x/bwrap", dirs, ["true"], base, tree, isolate_network=False)
    assert "--unshare-net" not in shared


def test_a_spawn_in_the_sandbox_keeps_arguments_as_given() -> None:
    dirs = ActivityDirs(Path("/w"))
    run = Run("/usr/local/bin/python", ("/golem/input/x.py",))
    tree = ImageTree(IMAGES[2], {"/usr/local/bin/python": "/usr/bin/python3"})
    spawn = build_spawn(run, dirs, {"OUT": "/golem/output"}, "/x/bwrap", {}, tree=tree)
    assert spawn.argv[-3:] == ("--", "/usr/local/bin/python", "/golem/input/x.py")
    assert spawn.env["OUT"] == "/golem/output" and spawn.env["HOME"] == "/golem/work"
    # on the host (no bwrap) the image's program is its stand-in
    host = build_spawn(run, dirs, {}, None, {}, tree=tree)
    assert host.argv == ("/usr/bin/python3", "/w/input/x.py")


def test_spawn_on_the_host_translates_and_filters_the_environment() -> None:
    dirs = ActivityDirs(Path("/w"))
    run = Run("/golem/work/tool", ("-o", "/golem/output/r.txt"))
    base = {"PATH": "/bin", "YAGNA_APPKEY": "secret", "GSB_URL": "tcp://x", "LANG": "C"}
    spawn = build_spawn(run, dirs, {"OUT": "/golem/output", "A": "b"}, None, base)
    assert spawn.argv == ("/w/work/tool", "-o", "/w/output/r.txt")
    assert spawn.cwd == Path("/w/work")
    assert dict(spawn.env) == {
        "PATH": "/bin",
        "LANG": "C",
        "HOME": "/w/work",
        "OUT": "/w/output",
        "A": "b",
    }
    bare = build_spawn(Run("ls"), dirs, {}, None, {})
    assert bare.env["PATH"].startswith("/usr/local/sbin")
