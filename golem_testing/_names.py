"""The names golem_core invents (published files), repeatable, and matched by role not by value.

While recording or replaying, `golem_core._clock.new_id()` draws from `Names`:
the n-th name of a cassette is always the same, so a recording shows the same
names every time. But which part of the program draws the n-th name depends
on how concurrent tasks interleave: two workers publishing at once may swap
names between recording and replay. So a replay matches requests with our
names taken out (`<name>`), and then checks that the names line up one to one:
once the replay's name `a` stood where the recording had `b`, `a` must stand
where `b` stood every time after, and no other name may.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

__all__ = ["NAMES_KNOWN", "NAME_PLACEHOLDER", "NameMap", "Names", "names_in", "without_names"]

# How many names of a cassette's sequence a replay recognises, at least.
NAMES_KNOWN = 256

NAME_PLACEHOLDER = b"<name>"
_TOKEN = re.compile(rb"[0-9a-f]{32}")


class Names:
    """Names that repeat from one recording (and replay) of a cassette to the next."""

    def __init__(self, seed: str) -> None:
        self._seed = seed
        self.issued: list[str] = []

    def new_id(self) -> str:
        name = self.nth(len(self.issued) + 1)
        self.issued.append(name)
        return name

    def nth(self, number: int) -> str:
        return hashlib.sha256(f"golem-cassette/{self._seed}/{number}".encode()).hexdigest()[:32]

    def first(self, count: int) -> set[str]:
        """The first `count` names of the sequence (drawn or not)."""
        return {self.nth(number) for number in range(1, count + 1)}


def names_in(data: bytes, known: set[str]) -> list[str]:
    """Our names in `data`, in order of appearance (repeats included)."""
    return [token.decode() for token in _TOKEN.findall(data) if token.decode() in known]


def without_names(data: bytes, known: set[str]) -> bytes:
    """`data` with each of our names replaced by `<name>`."""
    if not known:
        return data
    return _TOKEN.sub(
        lambda match: NAME_PLACEHOLDER if match.group(0).decode() in known else match.group(0),
        data,
    )


class NameMap:
    """Which recorded name each of the replay's names stands for (one to one)."""

    def __init__(self) -> None:
        self._recorded_for: dict[str, str] = {}
        self._replayed_for: dict[str, str] = {}

    def fits(self, replayed: Iterable[str], recorded: Iterable[str]) -> dict[str, str] | None:
        """The new pairs that make these two sequences of names line up; None when they cannot."""
        replayed, recorded = list(replayed), list(recorded)
        if len(replayed) != len(recorded):
            return None
        new: dict[str, str] = {}
        taken = set(self._replayed_for)
        for ours, theirs in zip(replayed, recorded, strict=True):
            known = self._recorded_for.get(ours) or new.get(ours)
            if known is not None:
                if known != theirs:
                    return None
                continue
            if theirs in taken or theirs in new.values():
                return None
            new[ours] = theirs
        return new

    def bind(self, pairs: dict[str, str]) -> None:
        for ours, theirs in pairs.items():
            self._recorded_for[ours] = theirs
            self._replayed_for[theirs] = ours
