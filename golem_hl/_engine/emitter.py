"""Delivering golem_hl events to the application's consumers, in the order they happen.

Consumers are plain callables (yapapi's `event_consumer`). Each event is handed
to every consumer that wants its class, synchronously and in emission order,
so a consumer sees the run exactly as it unfolded and timestamps are the
moments the facts were learnt. A consumer that raises is logged with the event
it failed on and keeps receiving the next ones: a broken logger must never stop
a computation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from golem_hl import events

__all__ = ["EventConsumer", "EventEmitter", "exc_info_of", "resolve_event_classes"]

logger = logging.getLogger(__name__)

EventConsumer = Callable[[events.Event], object]


def exc_info_of(error: BaseException) -> events.ExcInfo:
    """`sys.exc_info()` for an exception we hold, for an event's `exc_info`."""
    return (type(error), error, error.__traceback__)


def resolve_event_classes(
    classes_or_names: Iterable[type[events.Event] | str],
) -> tuple[type[events.Event], ...]:
    """Event classes, named directly or by their name in `golem_hl.events`.

    An unknown name, or a class that is not an event, raises ValueError at once
    rather than silently never matching.
    """
    resolved: list[type[events.Event]] = []
    for item in classes_or_names:
        found = getattr(events, item, None) if isinstance(item, str) else item
        if not isinstance(found, type) or not issubclass(found, events.Event):
            raise ValueError(f"{item!r} is not an event class of golem_hl.events")
        resolved.append(found)
    return tuple(resolved)


# whether a consumer would do nothing with the events of a class, asked as they are about
# to be made (None: it may do something with any)
PassesOver = Callable[[type[events.Event]], bool]


class EventEmitter:
    def __init__(self) -> None:
        self._consumers: list[
            tuple[EventConsumer, tuple[type[events.Event], ...], dict[type, bool]]
        ] = []
        # the same consumers' classes and answers, as `wants` asks them
        self._askers: list[
            tuple[tuple[type[events.Event], ...], dict[type, bool], PassesOver | None]
        ] = []

    def add_consumer(
        self,
        consumer: EventConsumer,
        event_classes_or_names: Iterable[type[events.Event] | str] = (events.Event,),
        *,
        passes_over: PassesOver | None = None,
    ) -> None:
        kinds = resolve_event_classes(event_classes_or_names)
        # whether it wants an event, per event class: events are ABCs, whose isinstance is slow
        wanted: dict[type, bool] = {}
        self._consumers.append((consumer, kinds, wanted))
        self._askers.append((kinds, wanted, passes_over))

    def wants(self, kind: type[events.Event]) -> bool:
        """Whether an event of class `kind` would reach a consumer that may act on it.

        When none would, the engine does not make the event (a task's events
        cost a microsecond each to make and hand round, for nothing when only
        the default summary logger listens and nothing would be logged).
        """
        for kinds, wanted, passes_over in self._askers:
            wants = wanted.get(kind)
            if wants is None:
                wants = wanted[kind] = issubclass(kind, kinds)
            if wants and (passes_over is None or not passes_over(kind)):
                return True
        return False

    def emit(self, event: events.Event) -> None:
        cls = type(event)
        for consumer, kinds, wanted in list(self._consumers):
            wants = wanted.get(cls)
            if wants is None:
                wants = wanted[cls] = isinstance(event, kinds)
            if not wants:
                continue
            try:
                consumer(event)
            except Exception:
                logger.exception("event consumer %r failed on %r", consumer, event)
