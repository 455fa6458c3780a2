"""gftp addresses kept bound between files of one activity.

Binding an address through the GSB API costs three daemon requests (bind,
WebSocket upgrade, unbind; on the daemon's router, golem_core.transfer._bus,
two round trips), and the GSB API cannot serve several files under one binding: the
daemon accepts a call only at `<bound address>/<component>` and tells the socket
nothing but the component. So a file closed while working for an activity
leaves its binding idle, and the next file of the same kind (published or
received) for that activity takes it over: the same `gftp://` URL, new content.
Only that activity's provider was given the URL, so nothing reaches another
provider; an idle binding refuses every call. Only a file that finished cleanly
(downloaded whole, or its upload accepted) hands its binding on: a transfer
that failed or timed out may still be running at the provider, and must not
get the next file's bytes. Idle bindings are unbound when
their activity is destroyed or the node closes; a file not tied to an activity
unbinds its own when closed, as before.

`Shelf` decides what is kept (no I/O); `SlotPool` binds and unbinds, through
the node's `ServiceStarter` (on the router where it can, else the GSB API).
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, Protocol, TypeVar

from golem_core.events import ActivityDestroyed, Event
from golem_core.ids import ActivityId
from golem_core.node import GolemNode
from golem_core.transfer._bus import ServiceStarter
from golem_core.transfer._envelope import Failure, GsbCall, Outcome
from golem_core.transfer._gftp import internal_error, new_name, service_address
from golem_core.transfer._publication import MAX_CHUNK
from golem_core.transfer._service import DEFAULT_TIMEOUT, Handler, OnEnded

# idle bindings kept per activity and kind; a script with more files binds the rest anew
MAX_IDLE_PER_KEY = 4

T = TypeVar("T")
# (the components bound, the activity) -> idle slots
ShelfKey = tuple[tuple[str, ...], ActivityId]


class Shelf(Generic[T]):
    """Idle items by key, at most `limit` per key; no I/O."""

    def __init__(self, limit: int = MAX_IDLE_PER_KEY) -> None:
        self.limit = limit
        self._idle: dict[ShelfKey, list[T]] = {}

    def __len__(self) -> int:
        return sum(len(items) for items in self._idle.values())

    def take(self, key: ShelfKey) -> T | None:
        items = self._idle.get(key)
        if not items:
            return None
        item = items.pop()
        if not items:
            del self._idle[key]
        return item

    def put(self, key: ShelfKey, item: T) -> bool:
        """Keep `item` for `key`; False when the key already holds `limit` (close it instead)."""
        items = self._idle.setdefault(key, [])
        if len(items) >= self.limit:
            return False
        items.append(item)
        return True

    def remove_activity(self, activity_id: ActivityId) -> list[T]:
        """Everything kept for `activity_id`, no longer kept."""
        gone = [key for key in self._idle if key[1] == activity_id]
        return [item for key in gone for item in self._idle.pop(key)]

    def remove_all(self) -> list[T]:
        items = [item for items in self._idle.values() for item in items]
        self._idle.clear()
        return items


class Service(Protocol):
    @property
    def running(self) -> bool: ...
    @property
    def max_chunk(self) -> int: ...
    async def close(self, timeout: float = ...) -> None: ...


Start = Callable[[str, Sequence[str], Handler, OnEnded, float], Awaitable[Service]]


class Slot:
    """One bound address; calls go to the file attached, and are refused while none is."""

    def __init__(self, name: str, components: tuple[str, ...]) -> None:
        self.name = name
        self.components = components
        self.service: Service | None = None
        self.reuses = 0
        self._handler: Handler | None = None
        self._on_ended: OnEnded | None = None
        self._ended = False

    def __repr__(self) -> str:
        state = "attached" if self._handler is not None else "idle"
        return f"Slot({self.name!r}, {state}, reuses={self.reuses})"

    @property
    def running(self) -> bool:
        return not self._ended and self.service is not None and self.service.running

    @property
    def max_chunk(self) -> int:
        """The largest chunk one answer may carry on this binding."""
        return self.service.max_chunk if self.service is not None else MAX_CHUNK

    def attach(self, handler: Handler, on_ended: OnEnded) -> None:
        self._handler, self._on_ended = handler, on_ended

    def detach(self) -> None:
        self._handler = self._on_ended = None

    def dispatch(self, call: GsbCall) -> Outcome:
        if self._handler is None:
            return Failure(internal_error(f"nothing is served at {self.name} now"))
        return self._handler(call)

    def ended(self, reason: BaseException | None) -> None:
        self._ended = True
        if self._on_ended is not None:
            self._on_ended(reason)


class SlotPool:
    """A node's bindings: new ones bound on demand, idle ones kept per activity."""

    def __init__(self, start: Start) -> None:
        self._start = start
        self._shelf: Shelf[Slot] = Shelf()
        self.bound = 0  # bindings made, for tests and curiosity
        self.closed = False
        self._ended: set[ActivityId] = set()

    async def acquire(
        self,
        components: Sequence[str],
        activity_id: ActivityId | None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Slot:
        """A slot with nothing attached: an idle one of this activity's, else a new binding.

        Until the caller attaches its handler, calls are refused; nobody has the
        new file's URL yet, and an idle slot refuses them anyway."""
        kind = tuple(components)
        if activity_id is not None:
            while (slot := self._shelf.take((kind, activity_id))) is not None:
                if slot.running:
                    slot.reuses += 1
                    return slot
                await self._close(slot)  # its socket ended while idle
        slot = Slot(new_name(), kind)
        slot.service = await self._start(
            service_address(slot.name), kind, slot.dispatch, slot.ended, timeout
        )
        self.bound += 1
        return slot

    async def release(
        self, slot: Slot, activity_id: ActivityId | None, *, reusable: bool = True
    ) -> None:
        """The file is done with `slot`: keep it for the activity's next file, or unbind it.

        `reusable` is False when the file's transfer did not finish cleanly."""
        slot.detach()
        if (
            not reusable
            or activity_id is None
            or activity_id in self._ended
            or self.closed
            or not slot.running
            or not self._shelf.put((slot.components, activity_id), slot)
        ):
            await self._close(slot)

    async def activity_ended(self, activity_id: ActivityId) -> None:
        """Unbind what the activity left idle; what it still holds is unbound when released."""
        self._ended.add(activity_id)
        await self._close_all(self._shelf.remove_activity(activity_id))

    async def close(self) -> None:
        self.closed = True
        await self._close_all(self._shelf.remove_all())

    async def _close_all(self, slots: list[Slot]) -> None:
        await asyncio.gather(*(self._close(slot) for slot in slots))

    async def _close(self, slot: Slot) -> None:
        if slot.service is not None:
            await slot.service.close()


_pools: weakref.WeakKeyDictionary[GolemNode, SlotPool] = weakref.WeakKeyDictionary()


def pool_for(node: GolemNode) -> SlotPool:
    """The node's pool, made (and tied to its activities' ends and its close) on first use."""
    existing = _pools.get(node)
    if existing is not None:  # closed with the node: then it keeps nothing
        return existing
    starter = ServiceStarter(node)
    pool = SlotPool(starter)

    async def on_event(event: Event) -> None:
        assert isinstance(event, ActivityDestroyed)
        await pool.activity_ended(event.activity_id)

    _pools[node] = pool
    node.events.subscribe(on_event, (ActivityDestroyed,))
    node.add_closer("gftp router connection", starter.close)  # closers run last first
    node.add_closer("idle gftp bindings", pool.close)
    return pool
