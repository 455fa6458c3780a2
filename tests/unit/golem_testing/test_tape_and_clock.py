"""The tape hands answers out in recorded order; the replay clock follows it; virtual time."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

from golem_core import _clock
from golem_testing._clocks import RecordingClock, ReplayClock
from golem_testing._names import Names
from golem_testing._tape import Tape
from golem_testing._timewarp import TimeWarp

START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def warped(on_stall: Callable[[], bool] = lambda: False) -> TimeWarp:
    warp = TimeWarp(asyncio.get_running_loop(), on_stall, stall_grace=0.05)
    assert warp.install()
    return warp


async def test_answers_come_out_in_recorded_order_whatever_order_they_are_asked_in() -> None:
    tape = Tape([0.1, 0.2, 0.3])
    order: list[int] = []

    async def ask(index: int) -> None:
        await tape.turn(index)
        tape.hand_out(index)
        order.append(index)

    await asyncio.gather(ask(2), ask(1), ask(0))
    assert order == [0, 1, 2]
    assert repr(tape) == "Tape(3/3 handed out, head=3, skipped=0)"


async def test_an_answer_nobody_asks_for_stops_holding_others_up_after_patience() -> None:
    warp = warped()
    try:
        tape = Tape([0.1, 0.2], patience=30.0)
        began = asyncio.get_running_loop().time()
        await tape.turn(1)  # nobody will ask for 0
        assert asyncio.get_running_loop().time() - began >= 30.0
        assert tape.skipped == 1 and tape.unhanded() == [0, 1]
        tape.hand_out(0)  # still there for whoever asks late
        assert tape.unhanded() == [1]
    finally:
        warp.uninstall()


async def test_on_a_warped_loop_answers_keep_the_recorded_pace() -> None:
    warp = warped()
    try:
        loop = asyncio.get_running_loop()
        tape = Tape([0.0, 30.0, 30.5], patience=5.0)
        tape.keep_pace(loop)
        began = loop.time()
        await tape.turn(0)
        tape.hand_out(0)
        await tape.turn(1)
        assert loop.time() - began >= 30.0  # virtual seconds: no real wait
        tape.hand_out(1)
        # an answer due at 30.5 s that nobody asks for holds the next one up until
        # it has been due for `patience` seconds
        late = Tape([0.0, 30.5, 31.0], patience=5.0)
        late.keep_pace(loop)
        late.hand_out(0)
        began = loop.time()
        await late.turn(2)
        assert 35.5 <= loop.time() - began < 40 and late.skipped == 1
    finally:
        warp.uninstall()


async def test_released_answers_do_not_hold_others_up() -> None:
    tape = Tape([0.1, 0.2, 0.3], patience=3600)
    tape.release([0, 1])
    await asyncio.wait_for(tape.turn(2), 1)
    assert tape.skipped == 0


def test_the_replay_clock_shows_the_recorded_time_reached_never_the_future() -> None:
    tape = Tape([5.0, 60.0])
    clock = ReplayClock(START, tape, Names("c"), {})
    assert START <= clock.now() <= START + timedelta(seconds=5)
    tape.hand_out(0)
    assert START + timedelta(seconds=5) <= clock.now() <= START + timedelta(seconds=60)
    tape.hand_out(1)
    assert clock.now() >= START + timedelta(seconds=60)


def registration() -> datetime:
    return _clock.now()


def event() -> datetime:
    return _clock.now()


def test_each_caller_gets_back_its_own_readings_whatever_the_interleaving() -> None:
    answers = [0]
    recording = RecordingClock(Names("c"), START, lambda: answers[0])
    with _clock.installed(recording):
        first_event, registered = event(), registration()
        answers[0] = 1
        second_event = event()
    assert set(recording.readings) == {
        "test_tape_and_clock.py:registration",
        "test_tape_and_clock.py:event",
    }
    replaying = ReplayClock(START, Tape([0.5, 900.0]), Names("c"), recording.readings)
    with _clock.installed(replaying):
        # another order than when recording: each caller still gets its own readings
        assert [registration(), event(), event()] == [registered, first_event, second_event]
        assert event() <= START + timedelta(seconds=0.5)  # no more readings: the tape's time


def test_readings_far_from_the_replays_point_are_not_used() -> None:
    tape = Tape([0.1] * 10)
    replaying = ReplayClock(
        START, tape, Names("c"), {"test_tape_and_clock.py:event": [(0, 1.0), (9, 9.0)]}
    )
    with _clock.installed(replaying):
        assert event() == START + timedelta(seconds=1)
        assert event() < START + timedelta(seconds=1)  # reading 9 is for later
        for index in range(9):
            tape.hand_out(index)
        assert event() == START + timedelta(seconds=9)


def test_names_repeat_for_a_cassette_and_differ_between_cassettes() -> None:
    one, again, other = Names("job"), Names("job"), Names("other")
    first = [one.new_id() for _ in range(3)]
    assert first == [again.new_id() for _ in range(3)]
    assert len(set(first)) == 3 and all(len(n) == 32 for n in first)
    assert other.new_id() not in first


def test_an_installed_clock_serves_only_its_own_thread() -> None:
    names = Names("mine")
    expected = Names("mine").new_id()
    seen: list[str] = []
    with _clock.installed(RecordingClock(names, START, lambda: 0)):
        worker = threading.Thread(target=lambda: seen.append(_clock.new_id()))
        worker.start()
        worker.join()
        assert _clock.new_id() == expected
        with pytest.raises(RuntimeError), _clock.installed(RecordingClock(names, START, lambda: 0)):
            pass
    assert seen[0] != expected
    assert abs(_clock.now() - datetime.now(timezone.utc)) < timedelta(seconds=5)


async def test_time_warp_skips_waits_the_program_cannot_shorten() -> None:
    warp = warped()
    try:
        began = time.monotonic()
        await asyncio.sleep(3600)
        assert time.monotonic() - began < 5
        assert warp.offset >= 3599
    finally:
        warp.uninstall()
    await asyncio.sleep(0.01)  # no more jumps
    assert warp.offset < 3700


async def test_time_warp_keeps_real_time_while_a_thread_works() -> None:
    warp = warped()
    try:
        # a jump to the deadline would time this out
        await asyncio.wait_for(asyncio.to_thread(time.sleep, 0.2), timeout=5)
    finally:
        warp.uninstall()


async def test_a_loop_with_nothing_left_to_wait_for_is_a_stall() -> None:
    stuck: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def stalled() -> bool:
        stuck.set_exception(TimeoutError("stalled"))
        return True

    warp = warped(stalled)
    try:
        with pytest.raises(TimeoutError, match="stalled"):
            await stuck
    finally:
        warp.uninstall()
