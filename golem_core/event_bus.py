"""A queued event bus: emitting never blocks, consumers never lose an event.

`emit` only puts the event on each matching subscriber's queue; each consumer
runs in its own task, in order. A consumer that raises is logged with the event
that broke it and keeps receiving later events. `aclose` delivers what is still
queued before it returns, so events emitted during shutdown are not lost.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from golem_core.events import Event

logger = logging.getLogger(__name__)

Consumer = Callable[[Event], "Awaitable[None] | None"]
EventKinds = tuple[type[Event], ...]

_CLOSED = object()


class _Subscription:
    def __init__(self, kinds: EventKinds) -> None:
        self.kinds = kinds
        self.queue: asyncio.Queue[object] = asyncio.Queue()

    def wants(self, event: Event) -> bool:
        return isinstance(event, self.kinds)


class EventBus:
    def __init__(self) -> None:
        self._subscriptions: list[_Subscription] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._closed = False

    def emit(self, event: Event) -> None:
        if self._closed:
            raise RuntimeError(f"event bus is closed; {type(event).__name__} was not delivered")
        for subscription in self._subscriptions:
            if subscription.wants(event):
                subscription.queue.put_nowait(event)

    def wants(self, kind: type[Event]) -> bool:
        """Whether an event of `kind` would reach anyone now.

        Events that happen once per batch or command are built only when someone
        listens: most programs subscribe to a few kinds, and building the rest is
        work per task that nobody reads.
        """
        if self._closed:
            return True  # so that `emit` says the bus is closed
        for subscription in self._subscriptions:  # noqa: SIM110 -- no generator per batch
            if issubclass(kind, subscription.kinds):
                return True
        return False

    def subscribe(self, consumer: Consumer, kinds: EventKinds = (Event,)) -> None:
        """Call `consumer` (plain or async) with every event of the given kinds."""
        subscription: _Subscription = _Subscription(kinds)
        self._subscriptions.append(subscription)
        task = asyncio.get_running_loop().create_task(
            self._deliver(subscription, consumer), name=f"golem-events-{consumer!r}"
        )
        self._tasks.append(task)

    async def _deliver(self, subscription: _Subscription, consumer: Consumer) -> None:
        while True:
            item = await subscription.queue.get()
            if item is _CLOSED:
                return
            assert isinstance(item, Event)
            try:
                result = consumer(item)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                logger.exception("event consumer %r failed on %r", consumer, item)

    async def stream(self, kinds: EventKinds = (Event,)) -> AsyncIterator[Event]:
        """Iterate over events of the given kinds until the bus closes."""
        subscription: _Subscription = _Subscription(kinds)
        self._subscriptions.append(subscription)
        try:
            while True:
                item = await subscription.queue.get()
                if item is _CLOSED:
                    return
                assert isinstance(item, Event)
                yield item
        finally:
            self._subscriptions.remove(subscription)

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        for subscription in self._subscriptions:
            subscription.queue.put_nowait(_CLOSED)
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
