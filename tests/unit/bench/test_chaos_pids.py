"""Leak checks by pid in a chaos run: a pid is the noted process only while its start matches."""

from __future__ import annotations

import os
import subprocess
import sys

from bench.chaos.audit import live_pids, process_start


def test_a_running_process_has_a_start_time_and_counts_as_alive() -> None:
    me = os.getpid()
    start = process_start(me)
    assert start is not None
    assert live_pids([me], {me: start}) == [me]


def test_a_pid_now_naming_another_process_is_not_the_one_noted() -> None:
    me = os.getpid()
    start = process_start(me)
    assert start is not None
    # as if `me` had been noted earlier for a process that started at another time
    assert live_pids([me], {me: start - 1}) == []
    assert live_pids([me]) == [me]  # without start times, any process under the pid counts


def test_a_finished_process_is_gone() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    start = process_start(child.pid)
    child.wait()
    assert process_start(child.pid) is None
    assert live_pids([child.pid], {child.pid: start or 0}) == []
