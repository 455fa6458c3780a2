"""`Backoff` and `follow`, with a fake sleep, random source and clock (nothing waits)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from golem_core.exceptions import GolemError, NotFoundError
from golem_core.retry import Backoff, follow


class Sleeps:
    def __init__(self) -> None:
        self.slept: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.slept.append(delay)


def test_delays_grow_exponentially_up_to_the_cap() -> None:
    backoff = Backoff(initial=1.0, factor=2.0, cap=5.0, jitter=0.0)
    assert [backoff.next_delay() for _ in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    backoff.reset()
    assert backoff.next_delay() == 1.0


def test_jitter_shortens_a_delay_by_at_most_its_share() -> None:
    assert Backoff(initial=4.0, jitter=0.25, random=lambda: 1.0).delay(0) == 3.0
    assert Backoff(initial=4.0, jitter=0.25, random=lambda: 0.0).delay(0) == 4.0


def test_a_huge_attempt_number_stays_at_the_cap() -> None:
    assert Backoff(cap=7.0, jitter=0.0).delay(100_000) == 7.0


def test_negative_settings_are_refused_by_name() -> None:
    with pytest.raises(ValueError, match="initial"):
        Backoff(initial=-1.0)


async def test_follow_reopens_after_failures_backing_off_and_resets_on_progress() -> None:
    sleeps = Sleeps()
    backoff = Backoff(initial=1.0, factor=2.0, jitter=0.0, sleep=sleeps)
    script: list[list[int | GolemError]] = [
        [GolemError("down")],
        [GolemError("still down")],
        [1, 2, GolemError("dropped")],
        [3],
    ]

    async def stream() -> AsyncIterator[int]:
        for item in script.pop(0):
            if isinstance(item, GolemError):
                raise item
            yield item

    assert [item async for item in follow(stream, backoff=backoff)] == [1, 2, 3]
    # two failures in a row back off; items received reset it
    assert sleeps.slept == [1.0, 2.0, 1.0]


async def test_on_error_may_retry_at_once_and_other_errors_pass() -> None:
    sleeps = Sleeps()
    seen: list[BaseException] = []
    opened = 0

    async def stream() -> AsyncIterator[int]:
        nonlocal opened
        opened += 1
        if opened == 1:
            raise NotFoundError("collect", 404, "gone")
        raise ValueError("a bug")
        yield 0

    async def on_error(error: BaseException) -> bool:
        seen.append(error)
        return not isinstance(error, NotFoundError)

    with pytest.raises(ValueError, match="a bug"):
        async for _ in follow(stream, backoff=Backoff(sleep=sleeps), on_error=on_error):
            pass
    assert [type(e) for e in seen] == [NotFoundError] and sleeps.slept == []


async def test_a_stream_that_lasted_longer_than_the_cap_starts_the_backoff_over() -> None:
    sleeps = Sleeps()
    now = [0.0]
    backoff = Backoff(initial=1.0, cap=10.0, jitter=0.0, sleep=sleeps, clock=lambda: now[0])
    backoff.attempts = 3  # earlier failures

    async def stream() -> AsyncIterator[int]:
        if not sleeps.slept:
            now[0] += 60.0  # a long quiet poll, then a failure
            raise GolemError("down")
        return
        yield 0

    assert [item async for item in follow(stream, backoff=backoff)] == []
    assert sleeps.slept == [1.0]
