"""Batch bookkeeping: result shapes, isBatchFinished, waiters, event streams."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest

from golem_core.flexbuffers import Flex
from golem_core.ids import BatchId
from golem_localnet.exeunit.batches import Batch, Stdio, event_date, naive_timestamp
from golem_localnet.exeunit.script import AtEnd, Capture, Command, Deploy, Run, Start, Stream

MOMENT = datetime(2024, 5, 1, 10, 0, 0, 123456, tzinfo=timezone.utc)


def fixed_clock() -> datetime:
    return MOMENT


def make_batch() -> Batch:
    commands: list[Command] = [
        Deploy(),
        Start(),
        Run("/bin/echo", ("hi",), capture=Capture(stdout=AtEnd())),
        Run("/bin/false"),
    ]
    return Batch(BatchId("b1"), list(commands), clock=fixed_clock)


def finish_all(batch: Batch) -> None:
    for index in range(3):
        batch.started(index)
        if index == 2:
            batch.output(index, Stdio.STDOUT, b"hi\n")
            batch.output(index, Stdio.STDERR, b"ignored")
        batch.finished(index, 0, None)
    batch.started(3)
    batch.finished(3, 1, "ExeScript command exited with code 1")


def test_result_shapes_as_the_requestor_daemon_expects() -> None:
    batch = make_batch()
    finish_all(batch)
    results = batch.results()
    assert results[2] == {
        "index": 2,
        "result": "Ok",
        "stdout": "hi\n",
        "stderr": None,
        "message": None,
        "isBatchFinished": False,
        "eventDate": "2024-05-01T10:00:00.123456Z",
    }
    assert results[3]["result"] == "Error"
    assert results[3]["message"] == "ExeScript command exited with code 1"
    assert [r["isBatchFinished"] for r in results] == [False, False, False, True]
    assert batch.finished_count == 4


def test_first_error_finishes_the_batch_and_unfinished_commands_are_left_out() -> None:
    batch = make_batch()
    batch.started(0)
    batch.finished(0, 0, None)
    batch.started(1)
    assert [r["index"] for r in batch.results()] == [0]
    batch.finished(1, -1, "boom")
    results = batch.results()
    assert [(r["result"], r["isBatchFinished"]) for r in results] == [
        ("Ok", False),
        ("Error", True),
    ]


def test_explicit_command_index_quirks() -> None:
    batch = make_batch()
    finish_all(batch)
    upto = batch.results(2)
    assert [r["index"] for r in upto] == [0, 1, 2]
    # only the asked-for command carries output, and it is marked as finishing the batch
    assert upto[0]["stdout"] is None and upto[2]["stdout"] == "hi\n"
    assert upto[2]["isBatchFinished"] is True
    assert Batch(BatchId("e"), []).results() == []


def test_running_command_state() -> None:
    batch = make_batch()
    assert batch.running_command() is None
    batch.started(0)
    batch.finished(0, 0, None)
    batch.started(1)
    batch.finished(1, 0, None)
    batch.started(2)
    assert batch.running_command() == {"command": "Run", "params": ["/bin/echo", "hi"]}


def test_unknown_index_is_refused() -> None:
    with pytest.raises(IndexError):
        make_batch().started(4)


def test_time_formats() -> None:
    assert event_date(MOMENT) == "2024-05-01T10:00:00.123456Z"
    assert naive_timestamp(MOMENT) == "2024-05-01T10:00:00.123456"


async def test_waiters_wake_on_a_later_index_or_time_out() -> None:
    batch = make_batch()
    assert await batch.wait_finished(0, 0.0) is False
    batch.started(0)
    batch.finished(0, 0, None)
    assert await batch.wait_finished(0, 0.0) is True
    assert await batch.wait_finished(1, 0.0) is False  # index 0 is not enough for 1

    async def finish_two() -> None:
        batch.started(1)
        batch.started(2)
        batch.finished(2, 0, None)  # a higher index also satisfies the wait

    # tasks start in creation order: the waiter is blocked before the finisher runs
    waiter = asyncio.create_task(batch.wait_finished(1, 5.0))
    finisher = asyncio.create_task(finish_two())
    outcome = await asyncio.wait_for(asyncio.gather(waiter, finisher), 1.0)
    assert list(outcome) == [True, None]
    assert await batch.wait_finished(3, 0.01) is False


async def test_streams_see_only_events_after_subscribing() -> None:
    commands: list[Command] = [Start(), Run("/bin/cat", capture=Capture(stdout=Stream()))]
    batch = Batch(BatchId("s"), list(commands), clock=fixed_clock)
    batch.started(0)  # nobody listens yet: lost, as in yagna

    async def collect() -> list[dict[str, Flex]]:
        return [event async for event in batch.events()]

    async def produce() -> None:
        batch.finished(0, 0, None)
        batch.started(1)
        batch.output(1, Stdio.STDOUT, b"abc")
        batch.output(1, Stdio.STDERR, b"not captured")
        batch.finished(1, 0, None)
        batch.close_streams()

    # the collector subscribes in its first step, before the producer's runs
    collector = asyncio.create_task(collect())
    producer = asyncio.create_task(produce())
    seen, _ = await asyncio.wait_for(asyncio.gather(collector, producer), 1.0)
    run_wire = {
        "run": {"entry_point": "/bin/cat", "args": [], "capture": {"stdout": {"stream": {}}}}
    }
    assert [(e["index"], e["kind"]) for e in seen] == [
        (0, {"finished": {"return_code": 0, "message": None}}),
        (1, {"started": {"command": run_wire}}),
        (1, {"stdout": "abc"}),
        (1, {"finished": {"return_code": 0, "message": None}}),
    ]
    assert all(e["batch_id"] == "s" for e in seen)
    assert all(e["timestamp"] == "2024-05-01T10:00:00.123456" for e in seen)
