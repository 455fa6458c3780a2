"""golem_core's clock while a cassette records or replays (installed through golem_core._clock).

Recording: the real time, and every reading kept with where it was taken (the
calling function) and how many answers had arrived by then. Replaying: each
calling function gets back the readings it got when recording, in the order it
got them, so whatever the program computes from the time (a debit note's age,
an interval in a message) comes out as it did, however long after the
recording the replay runs and however concurrent tasks interleave. The answer
counts keep the replay in step: a reading taken well before the replay's point
(a call the replay does not repeat) is dropped, and a call made well before the
next reading's point (one the recording did not make) reads the tape's
position instead. "Well": more than READING_SLACK answers apart.

Both clocks draw names from `Names` (golem_testing._names).
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, timezone

from golem_testing._names import Names
from golem_testing._tape import Tape

__all__ = ["READING_SLACK", "RecordingClock", "ReplayClock", "call_site"]

READING_SLACK = 3
# Frames between a caller and the clock: golem_core._clock, golem_core.events.now, attrs' __init__.
_CLOCK_FILES = ("_clock.py", "_clocks.py")


def call_site() -> str:
    """`module file:function` of the code that asked golem_core for the time."""
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        name = os.path.basename(code.co_filename)
        passing = (
            name in _CLOCK_FILES
            or code.co_filename.startswith("<")
            or (name == "events.py" and code.co_name == "now")
        )
        if not passing:
            return f"{name}:{code.co_name}"
        frame = frame.f_back  # type: ignore[assignment]
    return "?"


Readings = Mapping[str, Sequence[tuple[int, float]]]


class RecordingClock:
    def __init__(self, names: Names, started_at: datetime, answers: Callable[[], int]) -> None:
        self._names = names
        self._started_at = started_at
        self._answers = answers
        # per calling function: (answers arrived so far, seconds since started_at)
        self.readings: dict[str, list[tuple[int, float]]] = {}

    def now(self) -> datetime:
        value = datetime.now(timezone.utc)
        seconds = round((value - self._started_at).total_seconds(), 6)
        self.readings.setdefault(call_site(), []).append((self._answers(), seconds))
        return value

    def new_id(self) -> str:
        return self._names.new_id()


class ReplayClock:
    def __init__(self, started_at: datetime, tape: Tape, names: Names, readings: Readings) -> None:
        self._started_at = started_at
        self._tape = tape
        self._names = names
        self._readings = {site: deque(taken) for site, taken in readings.items()}

    def now(self) -> datetime:
        reached = self._tape.handed_out
        readings = self._readings.get(call_site(), deque())
        while readings and readings[0][0] < reached - READING_SLACK:
            readings.popleft()
        if readings and readings[0][0] <= reached + READING_SLACK:
            seconds = readings.popleft()[1]
        else:
            seconds = self._tape.position()
        return self._started_at + timedelta(seconds=seconds)

    def new_id(self) -> str:
        return self._names.new_id()
