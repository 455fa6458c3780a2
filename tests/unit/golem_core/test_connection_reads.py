"""A connection's reads keep their deadlines with one timer that outlives them."""

from __future__ import annotations

import asyncio

import pytest

from golem_core._api.daemon_connection import Connection, Expired, Slots


async def _arrive_soon(connection: Connection, data: bytes) -> None:
    await asyncio.sleep(0)
    connection.data_received(data)


async def test_many_timed_reads_schedule_one_timer() -> None:
    loop = asyncio.get_running_loop()
    connection = Connection(("127.0.0.1", 1))
    before = len(loop._scheduled)  # type: ignore[attr-defined]
    for index in range(50):
        arriving = asyncio.ensure_future(_arrive_soon(connection, b"%d" % index))
        assert await connection.read(30.0) == b"%d" % index
        await arriving
    # a timer per read (made, then cancelled) would have left 50 on the loop's heap
    assert len(loop._scheduled) - before <= 1  # type: ignore[attr-defined]
    connection.close()
    assert connection._read_timer is None


async def test_a_sooner_deadline_after_a_later_one_still_expires_in_time() -> None:
    loop = asyncio.get_running_loop()
    connection = Connection(("127.0.0.1", 1))
    arriving = asyncio.ensure_future(_arrive_soon(connection, b"a"))
    assert await connection.read(3600.0) == b"a"
    await arriving
    began = loop.time()
    with pytest.raises(Expired):
        await connection.read(0.02)
    assert 0.02 <= loop.time() - began < 60
    # and a later deadline after a sooner one: the timer rings early, then again in time
    arriving = asyncio.ensure_future(_arrive_soon(connection, b"b"))
    assert await connection.read(0.01) == b"b"
    await arriving
    began = loop.time()
    with pytest.raises(Expired):
        await connection.read(0.05)
    assert loop.time() - began >= 0.05
    connection.close()


async def test_an_untimed_read_is_not_ended_by_an_earlier_read_s_timer() -> None:
    connection = Connection(("127.0.0.1", 1))
    arriving = asyncio.ensure_future(_arrive_soon(connection, b"a"))
    assert await connection.read(0.01) == b"a"
    await arriving
    reading = asyncio.ensure_future(connection.read(None))
    await asyncio.sleep(0.03)  # past the first read's deadline
    assert not reading.done()
    connection.data_received(b"late")
    assert await reading == b"late"
    connection.close()


async def test_a_free_slot_is_taken_at_once_and_never_ahead_of_a_waiter() -> None:
    slots = Slots(1)
    assert slots.take_now()
    assert not slots.take_now()  # none free
    waiter = slots.take(None)
    waiter.send(None)  # it waits in turn (stepped by hand: no loop iteration needed)
    slots.give_back()  # the slot passes to the waiter...
    assert not slots.take_now()  # ...not to one who asks after it
    with pytest.raises(StopIteration):
        waiter.send(None)
    slots.give_back()
    assert slots.take_now()
