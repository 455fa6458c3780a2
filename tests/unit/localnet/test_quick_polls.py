"""The short polls after an approval: how long each may wait, and when they stop."""

from __future__ import annotations

import pytest

from golem_localnet.provider.quick_polls import DB_RECHECK_S, FIRST_TIMEOUT_S, quick_poll_timeout


def test_right_after_the_approval_polls_are_shortest() -> None:
    assert quick_poll_timeout(0.0) == FIRST_TIMEOUT_S
    assert quick_poll_timeout(0.08) == FIRST_TIMEOUT_S


@pytest.mark.parametrize("since", [0.2, 0.5, 1.0, 1.4])
def test_later_ones_wait_half_the_time_since_the_approval(since: float) -> None:
    assert quick_poll_timeout(since) == pytest.approx(since / 2)


@pytest.mark.parametrize("since", [2 * DB_RECHECK_S, 3.0, 60.0])
def test_they_stop_once_the_standing_poll_is_as_quick(since: float) -> None:
    assert quick_poll_timeout(since) is None


def test_few_polls_are_made_in_all() -> None:
    since, polls = 0.0, 0
    while (timeout := quick_poll_timeout(since)) is not None:
        since += timeout
        polls += 1
    assert 5 <= polls <= 12
    assert since < 2 * DB_RECHECK_S + DB_RECHECK_S
