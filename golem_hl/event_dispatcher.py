"""Hands events to consumers without making the emitter wait (yapapi's `event_dispatcher`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from golem_hl import events
from golem_hl.utils import AsyncWrapper

__all__ = ["AsyncEventDispatcher"]


class AsyncEventDispatcher:
    """Each consumer gets the events of its classes, in order, from a task of its own."""

    def __init__(self) -> None:
        self._consumers: dict[AsyncWrapper, tuple[type[events.Event], ...]] = {}

    def add_event_consumer(
        self,
        event_consumer: Callable[[events.Event], None],
        event_classes: set[type[events.Event]],
        start_consumer: bool,
    ) -> None:
        consumer = AsyncWrapper(event_consumer)
        if start_consumer:
            consumer.start()
        self._consumers[consumer] = tuple(event_classes)

    def emit(self, event: events.Event) -> None:
        for consumer, classes in self._consumers.items():
            if isinstance(event, classes):
                consumer.async_call(event)

    def start(self) -> None:
        for consumer in self._consumers:
            consumer.start()

    async def stop(self) -> None:
        """Deliver what was emitted, then stop every consumer."""
        await asyncio.gather(*(consumer.stop() for consumer in self._consumers))
