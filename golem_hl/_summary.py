"""A human summary of a run, built from events alone (yapapi's `SummaryLogger` meaning).

It logs a few lines as things happen (agreements, tasks, invoices) on the
`golem_hl.summary` logger, and at the end: per job, the agreements, providers
and the tasks each computed, failures and the job's duration (on
`JobFinished`); for the whole run, invoices accepted and the cost per provider
(on `ShutdownFinished`). When no proposal gets confirmed it says why, as far as
the events tell: how many offers arrived and the reasons they were rejected.

Durations come from the events' timestamps, not from a clock, so replaying
recorded events gives the same summary.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from golem_hl import events
from golem_hl.exceptions import CommandExecutionError

__all__ = ["ProviderInfo", "SummaryLogger", "pluralize", "str_capped"]

EventConsumer = Callable[[events.Event], None]

# The event classes `_handle` and `_agreement_event` tell apart, in the order they look.
_HANDLED: tuple[type[events.Event], ...] = (
    events.JobStarted,
    events.ProposalReceived,
    events.ProposalRejected,
    events.ProposalConfirmed,
    events.NoProposalsConfirmed,
    events.AgreementEvent,
    events.JobFinished,
    events.ShutdownFinished,
    events.ExecutionInterrupted,
)
_AGREEMENT_KINDS: tuple[type[events.Event], ...] = (
    events.AgreementCreated,
    events.AgreementConfirmed,
    events.AgreementRejected,
    events.AgreementTerminated,
    events.TaskStarted,
    events.TaskFinished,
    events.ServiceFinished,
    events.ScriptSent,
    events.ScriptFinished,
    events.InvoiceAccepted,
    events.PaymentFailed,
    events.WorkerStarted,
    events.WorkerFinished,
)
_KINDS: dict[tuple[type, tuple[type[events.Event], ...]], type[events.Event] | None] = {}


def _kind(event: events.Event, order: tuple[type[events.Event], ...]) -> type[events.Event] | None:
    """The first class in `order` that `event` is an instance of, found once per event class.

    (Events are ABCs: one isinstance costs a microsecond, and every task's ~8
    events went through a chain of them.) Found in the class's MRO: a negative
    isinstance against an ABC walks all of its subclasses, recursively, and the
    first event of each class went through ~20 of them, most negative (about a
    tenth of a run's fixed CPU). Event classes are subclassed, never
    registered as virtual subclasses, so the MRO is where they are.
    """
    try:
        return _KINDS[type(event), order]
    except KeyError:
        return _class_kind(type(event), order)


def _class_kind(
    cls: type[events.Event], order: tuple[type[events.Event], ...]
) -> type[events.Event] | None:
    """`_kind` of the events of class `cls`."""
    key = (cls, order)
    try:
        return _KINDS[key]
    except KeyError:
        mro = cls.__mro__
        found = _KINDS[key] = next((kind for kind in order if kind in mro), None)
        return found


# per event class, what `_handle` does with its events (found once, by `_effect`): _NOTHING,
# _STATE (keeps something for the summary), or a logging level: only writes a line at that level
_EFFECTS: dict[type, int] = {}
_NOTHING: Final = 0
_STATE: Final = -1
# the agreement-event kinds whose branch only writes a line (its `_provider` only caches what
# any later event of the agreement finds again)
_LINE_ONLY: Mapping[type[events.Event], int] = {
    events.AgreementRejected: logging.INFO,
    events.AgreementTerminated: logging.INFO,
    events.TaskStarted: logging.INFO,
    events.ScriptSent: logging.DEBUG,
    events.ScriptFinished: logging.DEBUG,
    events.WorkerStarted: logging.DEBUG,
}


def _effect(event: events.Event) -> int:
    return _class_effect(type(event))


def _class_effect(cls: type[events.Event]) -> int:
    kind = _class_kind(cls, _HANDLED)
    if kind is events.AgreementEvent:
        kind = _class_kind(cls, _AGREEMENT_KINDS)
        if kind is None:
            return _NOTHING
        return _LINE_ONLY.get(kind, _STATE)
    return _NOTHING if kind is None else _STATE


def _passed_over(event: events.Event) -> bool:
    return _effect(event) == _NOTHING


@attrs.frozen
class ProviderInfo:
    id: str
    name: str
    subnet_tag: str | None


def pluralize(num: int, thing: str) -> str:
    return f"{num} {thing}" + ("" if num == 1 else "s")


def str_capped(value: Any, max_len: int) -> str:
    """`str(value)`, shortened to `max_len` characters with a trailing '...'."""
    text = str(value)
    if len(text) <= max_len:
        return text
    return text[: max(max_len - 3, 0)] + "..."


class _Capped:
    """`str_capped(value, max_len)` made when a log line is written, not when it is asked for."""

    __slots__ = ("max_len", "value")

    def __init__(self, value: Any, max_len: int) -> None:
        self.value, self.max_len = value, max_len

    def __str__(self) -> str:
        return str_capped(self.value, self.max_len)


def _reason(exc: BaseException | None) -> str:
    return (str(exc) or repr(exc)) if exc is not None else "unknown error"


def _amount(value: Decimal) -> str:
    """Plain digits without trailing zeros (`normalize()` alone would write 100 as 1E+2)."""
    return format(value.normalize(), "f")


def _format_reasons(reasons: Mapping[str, int]) -> str:
    ranked = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    return "; ".join(f"{count} x {reason}" for reason, count in ranked)


class SummaryLogger:
    """Aggregates events into a summary; pass `log` as an event consumer.

    Each event first goes to `wrapped_emitter` (e.g. `log_event_repr`), so
    loggers can be chained. A bug in the summary never reaches the engine: it
    is logged once and the summary stops.
    """

    GOLEM_SHUTDOWN_SUCCESSFUL_MESSAGE = "Golem engine has shut down"

    logger = logging.getLogger("golem_hl.summary")

    def __init__(self, wrapped_emitter: EventConsumer | None = None) -> None:
        self._wrapped_emitter = wrapped_emitter
        self.error_occurred = False
        # `_LINE_ONLY` describes our branches: a subclass's may do more
        cls = type(self)
        self._plain = (cls._handle, cls._agreement_event) == _PLAIN_BRANCHES
        self._reset()

    def _reset(self) -> None:
        self.start_time: dict[str, datetime] = {}
        self.received_proposals: dict[str, str] = {}  # proposal id -> provider id
        self.offers_per_job: Counter[str] = Counter()
        self.rejections: dict[str, Counter[str]] = defaultdict(Counter)  # job -> reasons
        self.confirmed_proposals: set[str] = set()
        self.reported_confirmed_providers = 0
        self.agreement_provider: dict[str, ProviderInfo] = {}
        self.confirmed_agreements: dict[str, set[str]] = defaultdict(set)
        self.provider_tasks: dict[str, dict[ProviderInfo, list[str]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.provider_services: dict[str, dict[ProviderInfo, list[str]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.provider_failures: dict[str, Counter[ProviderInfo]] = defaultdict(Counter)
        self.provider_cost: dict[ProviderInfo, Decimal] = {}
        self.invoices_accepted: Counter[ProviderInfo] = Counter()
        self.time_waiting_for_proposals = timedelta(0)
        self.cancelled = False
        self.shutdown_complete = False

    def log(self, event: events.Event) -> None:
        """Register an event."""
        if self._wrapped_emitter is not None:
            self._wrapped_emitter(event)
        if self.error_occurred:
            return
        effect = _EFFECTS.get(type(event))
        if effect is None:
            effect = _EFFECTS[type(event)] = _effect(event)
        if effect == _NOTHING:
            return  # half a task's events: no branch below takes them
        if effect > 0 and self._plain and not self.logger.isEnabledFor(effect):
            return  # a line nobody would see (a task's start, its scripts' at DEBUG)
        try:
            self._handle(event)
        except Exception:
            self.logger.exception("summary logger failed on %r; no further summary", event)
            self.error_occurred = True

    def passes_over(self, kind: type[events.Event]) -> bool:
        """Whether `log` would do nothing at all with an event of class `kind` now.

        Then the engine need not make the event (with this the only consumer and
        logging at its default, most of a task's events). The wrapped consumer
        counts: only one known to do nothing (`acts_only_while`) lets an event pass.
        """
        wrapped = self._wrapped_emitter
        if wrapped is not None:
            acts = _ACTS_ONLY_WHILE.get(wrapped)
            if acts is None or acts():
                return False
        if self.error_occurred:
            return True
        effect = _EFFECTS.get(kind)
        if effect is None:
            effect = _EFFECTS[kind] = _class_effect(kind)
        if effect == _NOTHING:
            return True
        return effect > 0 and self._plain and not self.logger.isEnabledFor(effect)

    # --- helpers ------------------------------------------------------------------

    def _job_log(self, level: int, job_id: str, msg: str, *args: Any) -> None:
        """A line about one job, prefixed `[Job <id>] ` as yapapi's are (scrapers match it).

        Nothing is formatted when the line would not be written (most apps log no INFO).
        """
        if self.logger.isEnabledFor(level):
            self.logger.log(level, f"[Job {job_id}] {msg}", *args)

    def _provider(self, event: events.AgreementEvent) -> ProviderInfo:
        known = self.agreement_provider.get(event.agr_id)
        if known is None:
            info = event.provider_info
            known = ProviderInfo(event.provider_id, info.name or event.provider_id, info.subnet_tag)
            self.agreement_provider[event.agr_id] = known
        return known

    def _confirmed_providers(self) -> int:
        return len({self.received_proposals.get(p, p) for p in self.confirmed_proposals})

    # --- per event ----------------------------------------------------------------

    def _handle(self, event: events.Event) -> None:
        kind = _kind(event, _HANDLED)
        if kind is None:
            return  # most of a task's events: none of the chain below
        # `kind is` rather than isinstance: events are ABCs, whose isinstance is slow (each
        # branch narrows `event` for mypy alone: `cast` would be a call per event)
        if kind is events.JobStarted:
            if TYPE_CHECKING:
                assert isinstance(event, events.JobStarted)
            self.start_time[event.job_id] = event.timestamp
            if self.provider_cost:
                self._log_cost(partial=True)
        elif kind is events.ProposalReceived:
            if TYPE_CHECKING:
                assert isinstance(event, events.ProposalReceived)
            self.received_proposals[event.prop_id] = event.provider_id
            self.offers_per_job[event.job_id] += 1
        elif kind is events.ProposalRejected:
            if TYPE_CHECKING:
                assert isinstance(event, events.ProposalRejected)
            self.rejections[event.job_id][event.reason or "no reason given"] += 1
        elif kind is events.ProposalConfirmed:
            if TYPE_CHECKING:
                assert isinstance(event, events.ProposalConfirmed)
            self.received_proposals.setdefault(event.prop_id, event.provider_id)
            self.confirmed_proposals.add(event.prop_id)
            confirmed = self._confirmed_providers()
            if confirmed > self.reported_confirmed_providers:
                self.reported_confirmed_providers = confirmed
                self.logger.info(
                    "Received proposals from %s so far", pluralize(confirmed, "provider")
                )
        elif kind is events.NoProposalsConfirmed:
            if TYPE_CHECKING:
                assert isinstance(event, events.NoProposalsConfirmed)
            self._no_proposals(event)
        elif kind is events.AgreementEvent:
            if TYPE_CHECKING:
                assert isinstance(event, events.AgreementEvent)
            self._agreement_event(event)
        elif kind is events.JobFinished:
            if TYPE_CHECKING:
                assert isinstance(event, events.JobFinished)
            self._job_finished(event)
        elif kind is events.ShutdownFinished:
            if TYPE_CHECKING:
                assert isinstance(event, events.ShutdownFinished)
            self._log_cost(partial=False)
            if event.exc_info is None:
                self.logger.info(self.GOLEM_SHUTDOWN_SUCCESSFUL_MESSAGE)
            else:
                self.logger.error(
                    "Error when shutting down Golem engine: %s", _reason(event.exception)
                )
            self.provider_cost = {}
            self.invoices_accepted = Counter()
            self.shutdown_complete = True
        elif kind is events.ExecutionInterrupted:
            if TYPE_CHECKING:
                assert isinstance(event, events.ExecutionInterrupted)
            cause = type(event.exception).__name__ if event.exception else "an unknown cause"
            self.logger.warning("Execution interrupted by %s", cause)

    def _no_proposals(self, event: events.NoProposalsConfirmed) -> None:
        self.time_waiting_for_proposals += event.timeout
        waited = int(self.time_waiting_for_proposals.total_seconds())
        collected = event.offers_collected
        if collected is None:
            collected = getattr(event.job, "offers_collected", None)
        if collected is None:
            collected = self.offers_per_job[event.job_id]
        if collected == 0:
            text = f"No offers have been collected from the market for {waited}s."
        else:
            have = "offer has" if collected == 1 else "offers have"
            text = (
                f"{collected} {have} been collected from the market,"
                f" but no provider has responded for {waited}s."
            )
        reasons = dict(event.rejection_reasons) or dict(self.rejections[event.job_id])
        if reasons:
            text += f" Offers rejected: {_format_reasons(reasons)}."
        text += (
            " Check that providers run in the same subnet and payment network,"
            " and that the demand's constraints and price caps can be met."
        )
        self.logger.warning(text)

    def _agreement_event(self, event: events.AgreementEvent) -> None:
        kind = _kind(event, _AGREEMENT_KINDS)
        if kind is events.AgreementCreated:
            info = self._provider(event)
            self._job_log(
                logging.INFO,
                event.job_id,
                "Agreement proposed to provider '%s' (%s)",
                info.name,
                info.id,
            )
            return
        if kind is None:
            return  # (a command's events, TaskAccepted, ...): none of the chain below
        info = self._provider(event)
        job_id = event.job_id
        info_ = logging.INFO
        if kind is events.AgreementConfirmed:
            if TYPE_CHECKING:
                assert isinstance(event, events.AgreementConfirmed)
            self._job_log(info_, job_id, "Agreement confirmed by provider '%s'", info.name)
            self.confirmed_agreements[job_id].add(event.agr_id)
        elif kind is events.AgreementRejected:
            if TYPE_CHECKING:
                assert isinstance(event, events.AgreementRejected)
            self._job_log(info_, job_id, "Provider '%s' rejected the agreement", info.name)
        elif kind is events.AgreementTerminated:
            if TYPE_CHECKING:
                assert isinstance(event, events.AgreementTerminated)
            if event.reason.get("golem.requestor.code") != "Success":
                self._job_log(info_, job_id, "Terminated agreement with %s", info.name)
        elif kind is events.TaskStarted:
            if TYPE_CHECKING:
                assert isinstance(event, events.TaskStarted)
            self._job_log(
                info_,
                job_id,
                "Task started on provider '%s', task data: %s",
                info.name,
                _Capped(event.task_data, 200),
            )
        elif kind is events.TaskFinished:
            if TYPE_CHECKING:
                assert isinstance(event, events.TaskFinished)
            self._job_log(
                info_,
                job_id,
                "Task finished by provider '%s', task data: %s",
                info.name,
                _Capped(event.task_data, 200),
            )
            self.provider_tasks[job_id][info].append(event.task_id)
        elif kind is events.ServiceFinished:
            if TYPE_CHECKING:
                assert isinstance(event, events.ServiceFinished)
            self.provider_services[job_id][info].append(str(event.service.id))
        elif kind is events.ScriptSent:
            if TYPE_CHECKING:
                assert isinstance(event, events.ScriptSent)
            self._job_log(
                logging.DEBUG,
                job_id,
                "Script '%s' sent to provider '%s'",
                event.script_id,
                info.name,
            )
        elif kind is events.ScriptFinished:
            if TYPE_CHECKING:
                assert isinstance(event, events.ScriptFinished)
            self._job_log(
                logging.DEBUG,
                job_id,
                "Script '%s' finished on provider '%s'",
                event.script_id,
                info.name,
            )
        elif kind is events.InvoiceAccepted:
            if TYPE_CHECKING:
                assert isinstance(event, events.InvoiceAccepted)
            self.provider_cost[info] = self.provider_cost.get(info, Decimal(0)) + event.amount
            self.invoices_accepted[info] += 1
            self._job_log(
                info_,
                job_id,
                "Accepted invoice from '%s', amount: %s",
                info.name,
                _amount(event.amount),
            )
        elif kind is events.PaymentFailed:
            if TYPE_CHECKING:
                assert isinstance(event, events.PaymentFailed)
            self._job_log(
                logging.ERROR,
                job_id,
                "Failed to accept an invoice or a debit note from '%s', reason: %s",
                info.name,
                _reason(event.exception),
            )
        elif kind is events.WorkerStarted:
            if TYPE_CHECKING:
                assert isinstance(event, events.WorkerStarted)
            self._job_log(logging.DEBUG, job_id, "Worker started for provider '%s'", info.name)
        elif kind is events.WorkerFinished:
            if TYPE_CHECKING:
                assert isinstance(event, events.WorkerFinished)
            self._worker_finished(event, info)

    def _worker_finished(self, event: events.WorkerFinished, info: ProviderInfo) -> None:
        job_id = event.job_id
        if event.exc_info is None or self.cancelled:
            self._job_log(logging.DEBUG, job_id, "Worker finished for provider '%s'", info.name)
            return
        self.provider_failures[job_id][info] += 1
        reason = _reason(event.exception)
        if isinstance(event.exception, CommandExecutionError):
            text = "Activity failed on provider '%s'; reason: %s"
        else:
            text = "Worker for provider '%s' failed; reason: %s"
        self._job_log(logging.WARNING, job_id, text, info.name, reason)

    def _job_finished(self, event: events.JobFinished) -> None:
        job_id = event.job_id
        exc = event.exception
        if exc is None:
            started = self.start_time.get(job_id)
            if started is not None:
                seconds = (event.timestamp - started).total_seconds()
                self._job_log(logging.INFO, job_id, "Job finished in %.1fs", seconds)
            else:
                self._job_log(logging.INFO, job_id, "Job finished")
        elif isinstance(exc, asyncio.CancelledError):
            self.cancelled = True
            self._job_log(logging.WARNING, job_id, "Job cancelled")
        else:
            self._job_log(logging.ERROR, job_id, "Job failed, reason: %s", _reason(exc))
        self._log_job_summary(job_id)

    # --- summaries ----------------------------------------------------------------

    def _log_job_summary(self, job_id: str) -> None:
        agreements = self.confirmed_agreements[job_id]
        providers = {self.agreement_provider[a] for a in agreements}
        say = functools.partial(self._job_log, logging.INFO, job_id)
        # "Negotiated 1 agreements": yapapi writes the count this way, and scrapers match it
        say(
            "Negotiated %d agreements with %s",
            len(agreements),
            pluralize(len(providers), "provider"),
        )
        tasks = self.provider_tasks[job_id]
        for info, task_ids in tasks.items():
            say("Provider '%s' computed %s", info.name, pluralize(len(task_ids), "task"))
        for info in sorted(providers - set(tasks) - set(self.provider_services[job_id]), key=str):
            say("Provider '%s' did not compute any tasks", info.name)
        for info, count in self.provider_failures[job_id].items():
            say("Activity failed %s on provider '%s'", pluralize(count, "time"), info.name)

    def _log_cost(self, partial: bool) -> None:
        for info, cost in self.provider_cost.items():
            self.logger.info(
                "Provider '%s' (%s): %s accepted, cost %s",
                info.name,
                info.id,
                pluralize(self.invoices_accepted[info], "invoice"),
                _amount(cost),
            )
        total = sum(self.provider_cost.values(), Decimal(0))
        self.logger.info(
            "%s: %s (%s accepted)",
            "The cost so far" if partial else "Total cost",
            _amount(total),
            pluralize(sum(self.invoices_accepted.values()), "invoice"),
        )


_PLAIN_BRANCHES: Final = (SummaryLogger._handle, SummaryLogger._agreement_event)
# consumers that do nothing with any event unless their condition holds (see `passes_over`)
_ACTS_ONLY_WHILE: dict[object, Callable[[], bool]] = {}


def acts_only_while(consumer: EventConsumer, condition: Callable[[], bool]) -> None:
    """`consumer` does nothing with any event unless `condition()` is true."""
    _ACTS_ONLY_WHILE[consumer] = condition


def log_summary(wrapped_emitter: EventConsumer | None = None) -> EventConsumer:
    """An event consumer that logs a summary; `wrapped_emitter` sees every event first."""
    return SummaryLogger(wrapped_emitter).log
