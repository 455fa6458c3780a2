"""One results poll for all of a batch's commands (`per_command=False`), on a scripted daemon."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from golem_core.activity import Activity, Run
from golem_core.activity.batch import WHOLE_MIN_WAIT
from golem_core.exceptions import BatchError
from tests.unit.golem_core.activity.test_driving import (
    ACTIVITY,
    AGREEMENT,
    Daemon,
    on_exec,
    result,
    running,
)


async def test_one_poll_without_command_index_reads_every_result() -> None:
    finished = [result(0, stdout="a"), result(1, stdout="b", isBatchFinished=True)]
    daemon = Daemon(on_exec("w-1", lambda _: httpx.Response(200, json=finished)))
    async with running(daemon) as (node, events):
        activity = Activity(node, ACTIVITY, AGREEMENT)
        batch = await activity.exec([Run("/bin/a"), Run("/bin/b")], per_command=False)
        results = await batch.wait()
    assert [(r.index, r.stdout) for r in results] == [(0, "a"), (1, "b")]
    polls = daemon.polls()
    assert len(polls) == 1 and "commandIndex" not in polls[0]
    assert float(polls[0]["timeout"]) == WHOLE_MIN_WAIT  # the batch has only just started
    names = [type(e).__name__ for e in events]
    assert names.count("CommandFinished") == 2 and "BatchFinished" in names


async def test_what_has_finished_comes_out_and_a_later_failure_raises_when_reached() -> None:
    # the exe-unit's wait ran out with command 0 done; then command 1 failed
    answers = iter(
        [
            httpx.Response(200, json=[result(0, stdout="a")]),
            httpx.Response(200, json=[result(0), result(1, ok=False, message="boom")]),
        ]
    )
    daemon = Daemon(on_exec("w-2", lambda _: next(answers)))
    seen = []
    async with running(daemon) as (node, _):
        activity = Activity(node, ACTIVITY, AGREEMENT)
        batch = await activity.exec([Run("/a"), Run("/b"), Run("/c")], per_command=False)
        with pytest.raises(BatchError) as error:
            async for command_result in batch:
                seen.append((command_result.index, command_result.stdout))
    assert seen == [(0, "a")]
    assert (error.value.index, error.value.message) == (1, "boom")
    assert len(daemon.polls()) == 2
    assert all("commandIndex" not in poll for poll in daemon.polls())


async def test_readers_of_one_batch_share_its_polls_in_turn() -> None:
    finished = [result(0, stdout="a"), result(1, stdout="b", isBatchFinished=True)]
    daemon = Daemon(on_exec("w-3", lambda _: httpx.Response(200, json=finished)))
    async with running(daemon) as (node, _):
        activity = Activity(node, ACTIVITY, AGREEMENT)
        batch = await activity.exec([Run("/bin/a"), Run("/bin/b")], per_command=False)
        first, second = await asyncio.gather(batch.wait(), batch.wait())
    assert first == second and [r.stdout for r in first] == ["a", "b"]
    assert len(daemon.polls()) == 1  # the second reader found what the first one's poll read
