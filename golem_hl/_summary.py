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
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs

from golem_hl import events
from golem_hl.exceptions import CommandExecutionError

__all__ = ["ProviderInfo", "SummaryLogger", "pluralize", "str_capped"]

EventConsumer = Callable[[events.Event], None]


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
        try:
            self._handle(event)
        except Exception:
            self.logger.exception("summary logger failed on %r; no further summary", event)
            self.error_occurred = True

    # --- helpers ------------------------------------------------------------------

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
        if isinstance(event, events.JobStarted):
            self.start_time[event.job_id] = event.timestamp
            if self.provider_cost:
                self._log_cost(partial=True)
        elif isinstance(event, events.ProposalReceived):
            self.received_proposals[event.prop_id] = event.provider_id
            self.offers_per_job[event.job_id] += 1
        elif isinstance(event, events.ProposalRejected):
            self.rejections[event.job_id][event.reason or "no reason given"] += 1
        elif isinstance(event, events.ProposalConfirmed):
            self.received_proposals.setdefault(event.prop_id, event.provider_id)
            self.confirmed_proposals.add(event.prop_id)
            confirmed = self._confirmed_providers()
            if confirmed > self.reported_confirmed_providers:
                self.reported_confirmed_providers = confirmed
                self.logger.info(
                    "Received proposals from %s so far", pluralize(confirmed, "provider")
                )
        elif isinstance(event, events.NoProposalsConfirmed):
            self._no_proposals(event)
        elif isinstance(event, events.AgreementEvent):
            self._agreement_event(event)
        elif isinstance(event, events.JobFinished):
            self._job_finished(event)
        elif isinstance(event, events.ShutdownFinished):
            self._log_cost(partial=False)
            if event.exc_info is None:
                self.logger.info(self.GOLEM_SHUTDOWN_SUCCESSFUL_MESSAGE)
            else:
                self.logger.error(
                    "Golem engine shut down with an error: %s", _reason(event.exception)
                )
            self.provider_cost = {}
            self.invoices_accepted = Counter()
            self.shutdown_complete = True
        elif isinstance(event, events.ExecutionInterrupted):
            kind = type(event.exception).__name__ if event.exception else "an unknown cause"
            self.logger.warning("Execution interrupted by %s", kind)

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
            text = (
                f"{pluralize(collected, 'offer')} collected from the market,"
                f" but no provider confirmed a proposal for {waited}s."
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
        if isinstance(event, events.AgreementCreated):
            info = self._provider(event)
            self.logger.info("Agreement proposed to provider '%s' (%s)", info.name, info.id)
            return
        info = self._provider(event)
        job_id = event.job_id
        if isinstance(event, events.AgreementConfirmed):
            self.logger.info("Agreement confirmed by provider '%s'", info.name)
            self.confirmed_agreements[job_id].add(event.agr_id)
        elif isinstance(event, events.AgreementRejected):
            self.logger.info("Provider '%s' rejected the agreement", info.name)
        elif isinstance(event, events.AgreementTerminated):
            if event.reason.get("golem.requestor.code") != "Success":
                self.logger.info("Terminated agreement with provider '%s'", info.name)
        elif isinstance(event, events.TaskStarted):
            self.logger.info(
                "Task started on provider '%s', task data: %s",
                info.name,
                str_capped(event.task_data, 200),
            )
        elif isinstance(event, events.TaskFinished):
            self.logger.info(
                "Task finished by provider '%s', task data: %s",
                info.name,
                str_capped(event.task_data, 200),
            )
            self.provider_tasks[job_id][info].append(event.task_id)
        elif isinstance(event, events.ServiceFinished):
            self.provider_services[job_id][info].append(str(event.service.id))
        elif isinstance(event, events.ScriptSent):
            self.logger.debug("Script %s sent to provider '%s'", event.script_id, info.name)
        elif isinstance(event, events.ScriptFinished):
            self.logger.debug("Script %s finished on provider '%s'", event.script_id, info.name)
        elif isinstance(event, events.InvoiceAccepted):
            self.provider_cost[info] = self.provider_cost.get(info, Decimal(0)) + event.amount
            self.invoices_accepted[info] += 1
            self.logger.info(
                "Accepted invoice from '%s', amount: %s", info.name, _amount(event.amount)
            )
        elif isinstance(event, events.PaymentFailed):
            self.logger.error(
                "Could not accept an invoice or debit note from '%s': %s",
                info.name,
                _reason(event.exception),
            )
        elif isinstance(event, events.WorkerStarted):
            self.logger.debug("Worker started for provider '%s'", info.name)
        elif isinstance(event, events.WorkerFinished):
            self._worker_finished(event, info)

    def _worker_finished(self, event: events.WorkerFinished, info: ProviderInfo) -> None:
        if event.exc_info is None or self.cancelled:
            self.logger.debug("Worker finished for provider '%s'", info.name)
            return
        self.provider_failures[event.job_id][info] += 1
        what = "Activity" if isinstance(event.exception, CommandExecutionError) else "Worker"
        self.logger.warning(
            "%s failed on provider '%s': %s", what, info.name, _reason(event.exception)
        )

    def _job_finished(self, event: events.JobFinished) -> None:
        job_id = event.job_id
        exc = event.exception
        if exc is None:
            started = self.start_time.get(job_id)
            if started is not None:
                seconds = (event.timestamp - started).total_seconds()
                self.logger.info("Job finished in %.1fs", seconds)
            else:
                self.logger.info("Job finished")
        elif isinstance(exc, asyncio.CancelledError):
            self.cancelled = True
            self.logger.warning("Job cancelled")
        else:
            self.logger.error("Job failed: %s", _reason(exc))
        self._log_job_summary(job_id)

    # --- summaries ----------------------------------------------------------------

    def _log_job_summary(self, job_id: str) -> None:
        agreements = self.confirmed_agreements[job_id]
        providers = {self.agreement_provider[a] for a in agreements}
        self.logger.info(
            "Negotiated %s with %s",
            pluralize(len(agreements), "agreement"),
            pluralize(len(providers), "provider"),
        )
        tasks = self.provider_tasks[job_id]
        for info, task_ids in tasks.items():
            self.logger.info(
                "Provider '%s' computed %s", info.name, pluralize(len(task_ids), "task")
            )
        for info in sorted(providers - set(tasks) - set(self.provider_services[job_id]), key=str):
            self.logger.info("Provider '%s' did not compute any tasks", info.name)
        for info, count in self.provider_failures[job_id].items():
            self.logger.info(
                "Activity failed %s on provider '%s'", pluralize(count, "time"), info.name
            )

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


def log_summary(wrapped_emitter: EventConsumer | None = None) -> EventConsumer:
    """An event consumer that logs a summary; `wrapped_emitter` sees every event first."""
    return SummaryLogger(wrapped_emitter).log
