"""Whether the payment manager follows debit-note events: only while an agreement is in use.

The debit notes of an agreement we are done with need no answer (its invoice
covers everything), so while no registered agreement is in use the feed rests;
it keeps its place, and reads on from there once one is in use again. A note
whose event came while nothing was in use is kept unfetched (fetching it is the
only way to learn its agreement), to be fetched after all when an agreement is
registered: it may be that one's, sent before we registered it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from golem_core._api.payment import DocumentEventData
from golem_core.until import until_set

__all__ = ["DebitNoteFollowing"]


class DebitNoteFollowing:
    """`wanted(bool)` as agreements come and go; `run` follows while wanted."""

    def __init__(self) -> None:
        self._wanted = asyncio.Event()
        self._unwanted = asyncio.Event()
        self._unwanted.set()
        self._unfetched: list[DocumentEventData] = []

    def wanted(self, wanted: bool) -> None:
        if wanted:
            self._unwanted.clear()
            self._wanted.set()
        else:
            self._wanted.clear()
            self._unwanted.set()

    @property
    def is_wanted(self) -> bool:
        return self._wanted.is_set()

    def skip(self, event: DocumentEventData) -> None:
        """An event that came while nothing was in use: kept, not fetched."""
        self._unfetched.append(event)

    def take_skipped(self) -> list[DocumentEventData]:
        skipped, self._unfetched = self._unfetched, []
        return skipped

    async def run(self, poll: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run `poll()` while wanted, cancelled whenever it stops being (a poll cut short
        leaves its feed where it was)."""
        while True:
            await self._wanted.wait()
            await until_set(poll(), self._unwanted)
