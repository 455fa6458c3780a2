"""A live progress line in a terminal for `execute_tasks` and services (opt-in, not in yapapi).

It is an event consumer like any other, drawn from `show_progress` until the Golem
stops (its `ShutdownFinished` event), or for the span of a `with` block::

    async with Golem(budget=5.0) as golem:
        show_progress(golem, total=len(tasks))
        async for task in golem.execute_tasks(worker, tasks, payload=package):
            ...

It shows tasks done out of the total (or out of those started so far), tasks
retried, agreements signed and still running, service instances by state, and
what was spent (accepted invoices, else accepted debit notes) against the budget.
When its stream is not a terminal it shows nothing, so logs and pipes stay clean.
While it draws, log handlers writing to its stream (e.g. `enable_default_logger`'s)
write through it, so log lines appear above the progress line instead of through it.
`reduce` (event -> new state) and `describe` (state -> text) are pure.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType, TracebackType
from typing import IO, TYPE_CHECKING, Any

import attrs

from golem_hl import events

if TYPE_CHECKING:
    from rich.live import Live

    from golem_hl.golem import Golem

__all__ = ["Progress", "ProgressDisplay", "describe", "reduce", "show_progress"]


def _frozen(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen
class Progress:
    """What a computation has done so far, as its events told it."""

    total: int | None = None
    budget: Decimal | None = None
    tasks_started: frozenset[str] = frozenset()
    tasks_done: frozenset[str] = frozenset()
    retries: int = 0
    agreements: frozenset[str] = frozenset()
    agreements_ended: frozenset[str] = frozenset()
    providers: frozenset[str] = frozenset()
    # service instance -> its state's name
    services: Mapping[int, str] = attrs.field(factory=dict, converter=_frozen)
    # agreement -> accepted invoice amount; (agreement, activity) -> accepted debit note total
    invoiced: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_frozen)
    debit_noted: Mapping[tuple[str, str], Decimal] = attrs.field(factory=dict, converter=_frozen)

    @property
    def spent(self) -> Decimal:
        """Accepted invoices, plus accepted debit notes of agreements not invoiced yet."""
        noted = sum(
            (total for (agr, _), total in self.debit_noted.items() if agr not in self.invoiced),
            Decimal(0),
        )
        return sum(self.invoiced.values(), Decimal(0)) + noted

    @property
    def agreements_running(self) -> int:
        return len(self.agreements - self.agreements_ended)


def reduce(state: Progress, event: events.Event) -> Progress:
    """The state after `event`; events that change nothing shown return `state` itself."""
    if isinstance(event, events.TaskStarted):
        return attrs.evolve(state, tasks_started=state.tasks_started | {event.task_id})
    if isinstance(event, events.TaskAccepted):
        return attrs.evolve(state, tasks_done=state.tasks_done | {event.task_id})
    if isinstance(event, events.TaskRejected):
        return attrs.evolve(state, retries=state.retries + 1)
    if isinstance(event, events.AgreementConfirmed):
        return attrs.evolve(
            state,
            agreements=state.agreements | {event.agr_id},
            providers=state.providers | {event.provider_id},
        )
    if isinstance(event, events.AgreementTerminated):
        return attrs.evolve(state, agreements_ended=state.agreements_ended | {event.agr_id})
    if isinstance(event, events.ServiceStateChanged):
        name = str(getattr(event.new, "value", event.new))  # yapapi's State objects
        return attrs.evolve(state, services={**state.services, id(event.service): name})
    if isinstance(event, events.InvoiceAccepted):
        invoiced = {**state.invoiced, event.agr_id: event.amount}
        return attrs.evolve(state, invoiced=invoiced)
    if isinstance(event, events.DebitNoteAccepted):
        key = (event.agr_id, event.debit_note.activity_id)
        # totals only grow; a note accepted late must not lower what we know was spent
        total = max(event.amount, state.debit_noted.get(key, Decimal(0)))
        return attrs.evolve(state, debit_noted={**state.debit_noted, key: total})
    return state


def _amount(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def describe(state: Progress) -> str:
    """One line, e.g. `tasks 12/20 (1 retried) | agreements 3 running, 4 signed | ...`."""
    parts: list[str] = []
    if state.tasks_started or state.total:
        out_of = state.total if state.total is not None else len(state.tasks_started)
        retried = f" ({state.retries} retried)" if state.retries else ""
        parts.append(f"tasks {len(state.tasks_done)}/{out_of}{retried}")
    if state.services:
        counts: dict[str, int] = {}
        for name in state.services.values():
            counts[name] = counts.get(name, 0) + 1
        parts.append("services " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    parts.append(
        f"agreements {state.agreements_running} running, {len(state.agreements)} signed"
        f" ({len(state.providers)} providers)"
    )
    spent = f"spent {_amount(state.spent)}"
    if state.budget is not None:
        spent += f" of {_amount(state.budget)}"
    parts.append(spent)
    return " | ".join(parts)


class ProgressDisplay:
    """The event consumer that keeps `Progress` and redraws it between `start()` and `stop()`.

    `ShutdownFinished` stops it; so does the end of a `with` block.

    `enabled` defaults to whether `stream` (default stderr) is a terminal; when
    disabled, it still keeps the state (readable as `.state`) but draws nothing.
    """

    def __init__(
        self,
        *,
        total: int | None = None,
        budget: Decimal | float | None = None,
        stream: IO[str] | None = None,
        enabled: bool | None = None,
    ) -> None:
        self.state = Progress(total=total, budget=None if budget is None else Decimal(budget))
        self._stream = stream if stream is not None else sys.stderr
        self.enabled = self._stream.isatty() if enabled is None else enabled
        self._live: Live | None = None
        self._rerouted: list[tuple[logging.StreamHandler[Any], IO[str]]] = []

    def __call__(self, event: events.Event) -> None:
        state = reduce(self.state, event)
        if state is not self.state:
            self.state = state
            if self._live is not None:
                self._live.update(describe(state))
        if isinstance(event, events.ShutdownFinished):
            self.stop()

    def start(self) -> None:
        """Start drawing (when enabled); a second call does nothing."""
        if self.enabled and self._live is None:
            from rich.console import Console
            from rich.file_proxy import FileProxy
            from rich.live import Live

            console = Console(file=self._stream)
            self._live = Live(describe(self.state), console=console, refresh_per_second=4)
            self._live.start()
            for handler in _handlers_writing_to(self._stream):
                self._rerouted.append((handler, handler.stream))
                handler.setStream(FileProxy(console, self._stream))

    def stop(self) -> None:
        """Draw the last state and leave it on screen; safe to call more than once."""
        for handler, stream in self._rerouted:
            handler.flush()
            handler.setStream(stream)
        self._rerouted.clear()
        if self._live is not None:
            self._live.update(describe(self.state))
            self._live.stop()
            self._live = None

    def __enter__(self) -> ProgressDisplay:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _handlers_writing_to(stream: IO[str]) -> list[logging.StreamHandler[Any]]:
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    found: dict[int, logging.StreamHandler[Any]] = {}
    for logger in loggers:
        for handler in getattr(logger, "handlers", ()):
            if isinstance(handler, logging.StreamHandler) and handler.stream is stream:
                found[id(handler)] = handler
    return list(found.values())


def show_progress(
    golem: Golem,
    *,
    total: int | None = None,
    stream: IO[str] | None = None,
    enabled: bool | None = None,
) -> ProgressDisplay:
    """Draw this Golem's progress against its budget from now until it stops."""
    display = ProgressDisplay(total=total, budget=golem.budget, stream=stream, enabled=enabled)
    golem.add_event_consumer(display)
    display.start()
    return display
