"""Events of a Golem computation, with yapapi's class names, hierarchy and fields.

Every event consumer (`Golem(event_consumer=...)`, `Golem.add_event_consumer`)
receives these. Only leaf classes are emitted; the `*Event` classes group them
by the context they carry, each adding one object to its parent's::

    Event                                   exc_info, timestamp
        JobEvent                            + job
            JobStarted, JobFinished, SubscriptionFailed, NoProposalsConfirmed
            SubscriptionEvent               + subscription
                SubscriptionCreated, CollectFailed
            ProposalEvent                   + proposal
                ProposalReceived, ProposalRejected, ProposalResponded,
                ProposalConfirmed, ProposalFailed
            AgreementEvent                  + agreement
                AgreementCreated, AgreementConfirmed, AgreementRejected,
                AgreementTerminated, ActivityCreateFailed, WorkerStarted, PaymentFailed
                ActivityEvent               + activity
                    ActivityCreated, WorkerFinished
                    TaskEvent               + task
                        TaskStarted, TaskFinished, TaskAccepted, TaskRejected
                    ServiceEvent            + service
                        ServiceStateChanged, ServiceFinished
                    ScriptEvent             + script
                        ScriptSent, GettingResults, ScriptFinished
                        CommandEvent        + command
                            CommandStarted, CommandStdOut, CommandStdErr,
                            CommandExecuted, CommandProgress,
                            DownloadStarted, DownloadFinished
                InvoiceEvent                + invoice
                    InvoiceReceived, InvoiceAccepted
                DebitNoteEvent              + debit_note
                    DebitNoteReceived, DebitNoteAccepted
        ExecutionInterrupted, ShutdownFinished

Market and payment objects are frozen records (`golem_hl.records`); `job`,
`task`, `service`, `script` and `command` are the live golem_hl objects the
user's code also holds, typed loosely here. Events are frozen; `timestamp` is
timezone-aware UTC (when the fact was learnt, or the daemon's own event time).
Applications may define their own events by subclassing these.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from golem_hl._event_bases import (
    ActivityEvent,
    AgreementEvent,
    CommandEvent,
    DebitNoteEvent,
    Event,
    ExcInfo,
    InvoiceEvent,
    JobEvent,
    ProposalEvent,
    ReadOnlyDict,
    ScriptEvent,
    ServiceEvent,
    SubscriptionEvent,
    TaskEvent,
)

__all__ = [
    "ActivityCreateFailed",
    "ActivityCreated",
    "ActivityEvent",
    "ActivityEventType",
    "AgreementConfirmed",
    "AgreementCreated",
    "AgreementEvent",
    "AgreementRejected",
    "AgreementTerminated",
    "CollectFailed",
    "CommandEvent",
    "CommandEventType",
    "CommandExecuted",
    "CommandProgress",
    "CommandStarted",
    "CommandStdErr",
    "CommandStdOut",
    "DebitNoteAccepted",
    "DebitNoteEvent",
    "DebitNoteReceived",
    "DownloadFinished",
    "DownloadStarted",
    "Event",
    "EventType",
    "ExcInfo",
    "ExecutionInterrupted",
    "GettingResults",
    "InvoiceAccepted",
    "InvoiceEvent",
    "InvoiceReceived",
    "JobEvent",
    "JobEventType",
    "JobFinished",
    "JobStarted",
    "NoProposalsConfirmed",
    "PaymentFailed",
    "ProposalConfirmed",
    "ProposalEvent",
    "ProposalFailed",
    "ProposalReceived",
    "ProposalRejected",
    "ProposalResponded",
    "ScriptEvent",
    "ScriptEventType",
    "ScriptFinished",
    "ScriptSent",
    "ServiceEvent",
    "ServiceFinished",
    "ServiceStateChanged",
    "ShutdownFinished",
    "SubscriptionCreated",
    "SubscriptionEvent",
    "SubscriptionFailed",
    "TaskAccepted",
    "TaskEvent",
    "TaskEventType",
    "TaskFinished",
    "TaskRejected",
    "TaskStarted",
    "WorkerFinished",
    "WorkerStarted",
]

# yapapi's names for "the event class passed in", as `emit(event_class, ...)` returns it
EventType = TypeVar("EventType", bound=Event)
JobEventType = TypeVar("JobEventType", bound=JobEvent)
ActivityEventType = TypeVar("ActivityEventType", bound=ActivityEvent)
TaskEventType = TypeVar("TaskEventType", bound=TaskEvent)
ScriptEventType = TypeVar("ScriptEventType", bound=ScriptEvent)
CommandEventType = TypeVar("CommandEventType", bound=CommandEvent)


# --- job ----------------------------------------------------------------------


@attrs.frozen(repr=False, eq=False)
class JobStarted(JobEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class JobFinished(JobEvent):
    """The job ended: it succeeded when `exception` is None."""


@attrs.frozen(repr=False, eq=False)
class SubscriptionCreated(SubscriptionEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class SubscriptionFailed(JobEvent):
    reason: str


@attrs.frozen(repr=False, eq=False)
class CollectFailed(SubscriptionEvent):
    reason: str


# --- proposals ----------------------------------------------------------------


@attrs.frozen(repr=False, eq=False)
class ProposalReceived(ProposalEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class ProposalRejected(ProposalEvent):
    """We rejected the provider's proposal, for `reason` when known."""

    reason: str | None = None


@attrs.frozen(repr=False, eq=False)
class ProposalResponded(ProposalEvent):
    """We sent our counter-proposal."""


@attrs.frozen(repr=False, eq=False)
class ProposalConfirmed(ProposalEvent):
    """The provider answered our counter-proposal: it is ready for an agreement."""


@attrs.frozen(repr=False, eq=False)
class ProposalFailed(ProposalEvent):
    """Responding to the proposal failed."""


def _counts(value: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(value))


@attrs.frozen(repr=False, eq=False)
class NoProposalsConfirmed(JobEvent):
    """No provider confirmed a proposal during the last `timeout`.

    `offers_collected` and `rejection_reasons` (reason -> number of offers) are
    our additions, so that the summary can say why nothing was confirmed.
    """

    timeout: timedelta
    offers_collected: int | None = attrs.field(default=None, kw_only=True, repr=False)
    rejection_reasons: Mapping[str, int] = attrs.field(
        factory=dict, converter=_counts, kw_only=True, repr=False
    )


# --- agreements ---------------------------------------------------------------


@attrs.frozen(repr=False, eq=False)
class AgreementCreated(AgreementEvent):
    """We proposed an agreement to the provider."""


@attrs.frozen(repr=False, eq=False)
class AgreementConfirmed(AgreementEvent):
    """The provider approved the agreement."""


@attrs.frozen(repr=False, eq=False)
class AgreementRejected(AgreementEvent):
    """The provider rejected the agreement (or did not approve it in time)."""


@attrs.frozen(repr=False, eq=False)
class AgreementTerminated(AgreementEvent):
    # the termination reason as sent to or received from yagna, e.g. {"message": ...}
    reason: Mapping[str, Any] = attrs.field(converter=ReadOnlyDict)


@attrs.frozen(repr=False, eq=False)
class ActivityCreateFailed(AgreementEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class WorkerStarted(AgreementEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class PaymentFailed(AgreementEvent):
    """Accepting an invoice or debit note failed; see `exception`."""


@attrs.frozen(repr=False, eq=False)
class ActivityCreated(ActivityEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class WorkerFinished(ActivityEvent):
    """The worker (or service) on this activity ended; failed when `exception` is set."""


# --- tasks and services -------------------------------------------------------


@attrs.frozen(repr=False, eq=False)
class TaskStarted(TaskEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class TaskFinished(TaskEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class TaskAccepted(TaskEvent):
    @property
    def result(self) -> Any:
        return self.task.result


@attrs.frozen(repr=False, eq=False)
class TaskRejected(TaskEvent):
    reason: str | None


@attrs.frozen(repr=False, eq=False)
class ServiceStateChanged(ServiceEvent):
    old: Any
    new: Any


@attrs.frozen(repr=False, eq=False)
class ServiceFinished(ServiceEvent):
    pass


# --- scripts and commands -----------------------------------------------------


@attrs.frozen(repr=False, eq=False)
class ScriptSent(ScriptEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class GettingResults(ScriptEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class ScriptFinished(ScriptEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class CommandStarted(CommandEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class CommandStdOut(CommandEvent):
    output: str


@attrs.frozen(repr=False, eq=False)
class CommandStdErr(CommandEvent):
    output: str


@attrs.frozen(repr=False, eq=False)
class CommandExecuted(CommandEvent):
    success: bool
    message: str | None
    stdout: str | None = None
    stderr: str | None = None


@attrs.frozen(repr=False, eq=False)
class CommandProgress(CommandEvent):
    """Progress of a long command, e.g. an image download by `deploy`."""

    step: tuple[int, int]
    message: str | None
    progress: tuple[int, int | None]
    unit: str | None


@attrs.frozen(repr=False, eq=False)
class DownloadStarted(CommandEvent):
    # the remote path being downloaded (yapapi read it from the command)
    path: str | None = attrs.field(default=None, kw_only=True, repr=False)


@attrs.frozen(repr=False, eq=False)
class DownloadFinished(CommandEvent):
    # the local path written
    path: str | None = attrs.field(default=None, kw_only=True, repr=False)


# --- payments -----------------------------------------------------------------


@attrs.frozen(repr=False, eq=False)
class InvoiceReceived(InvoiceEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class InvoiceAccepted(InvoiceEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class DebitNoteReceived(DebitNoteEvent):
    pass


@attrs.frozen(repr=False, eq=False)
class DebitNoteAccepted(DebitNoteEvent):
    pass


# --- engine -------------------------------------------------------------------


@attrs.frozen(repr=False, eq=False)
class ExecutionInterrupted(Event):
    """An unhandled exception outside golem_hl's control stopped Golem; see `exc_info`."""


@attrs.frozen(repr=False, eq=False)
class ShutdownFinished(Event):
    """Golem finished shutting down and no longer runs."""
