"""The abstract events: one class per context object, each adding one to its parent's.

Re-exported by `golem_hl.events`, which holds the concrete events and the
documentation of the whole tree.
"""

from __future__ import annotations

import abc
from datetime import datetime, timezone
from decimal import Decimal
from types import TracebackType
from typing import Any, NoReturn

import attrs

from golem_core.events import now
from golem_hl.records import (
    ActivityInfo,
    AgreementInfo,
    DebitNoteInfo,
    InvoiceInfo,
    NodeInfo,
    ProposalInfo,
    SubscriptionInfo,
)

__all__ = [
    "ActivityEvent",
    "AgreementEvent",
    "CommandEvent",
    "DebitNoteEvent",
    "Event",
    "ExcInfo",
    "InvoiceEvent",
    "JobEvent",
    "ProposalEvent",
    "ReadOnlyDict",
    "ScriptEvent",
    "ServiceEvent",
    "SubscriptionEvent",
    "TaskEvent",
]

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class ReadOnlyDict(dict[str, Any]):
    """A dict no consumer can change (events are shared), printed as a plain dict like yapapi's."""

    def _read_only(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("event fields are read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _read_only
    __ior__ = _read_only


def _aware(value: datetime) -> datetime:
    """A naive time is taken as UTC, like the daemon's own dates."""
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


@attrs.frozen(repr=False, eq=False)
class Event(abc.ABC):  # noqa: B024 -- abstract by role: only leaf events are emitted
    """Base of all events."""

    # as returned by sys.exc_info(), when the event reports a failure
    exc_info: ExcInfo | None = attrs.field(default=None, kw_only=True)
    timestamp: datetime = attrs.field(factory=now, converter=_aware, kw_only=True)

    @property
    def exception(self) -> BaseException | None:
        return self.exc_info[1] if self.exc_info else None

    def __str__(self) -> str:
        """yapapi's form, which log scrapers match: `Name(exception=..., field=value, ...)`.

        The exception (if any) comes first, then the fields in declaration order;
        the timestamp and our additions (fields with `repr=False`) are left out.
        """
        shown = [f"exception={self.exc_info[1]!r}"] if self.exc_info else []
        shown.extend(
            f"{a.name}={getattr(self, a.name)!r}"
            for a in attrs.fields(type(self))
            if a.name not in ("exc_info", "timestamp") and a.repr
        )
        return f"{type(self).__name__}({', '.join(shown)})"

    def __repr__(self) -> str:
        return str(self)


@attrs.frozen(repr=False, eq=False)
class JobEvent(Event, abc.ABC):
    job: Any

    @property
    def job_id(self) -> str:
        return str(self.job.id)


@attrs.frozen(repr=False, eq=False)
class SubscriptionEvent(JobEvent, abc.ABC):
    subscription: SubscriptionInfo


@attrs.frozen(repr=False, eq=False)
class ProposalEvent(JobEvent, abc.ABC):
    proposal: ProposalInfo

    @property
    def prop_id(self) -> str:
        return self.proposal.id

    @property
    def provider_id(self) -> str:
        return self.proposal.issuer


@attrs.frozen(repr=False, eq=False)
class AgreementEvent(JobEvent, abc.ABC):
    agreement: AgreementInfo

    @property
    def agr_id(self) -> str:
        return self.agreement.id

    @property
    def provider_id(self) -> str:
        return self.agreement.provider_id

    @property
    def provider_info(self) -> NodeInfo:
        return self.agreement.details.provider_node_info


@attrs.frozen(repr=False, eq=False)
class ActivityEvent(AgreementEvent, abc.ABC):
    activity: ActivityInfo


@attrs.frozen(repr=False, eq=False)
class TaskEvent(ActivityEvent, abc.ABC):
    task: Any

    @property
    def task_id(self) -> str:
        return str(self.task.id)

    @property
    def task_data(self) -> Any:
        return self.task.data


@attrs.frozen(repr=False, eq=False)
class ServiceEvent(ActivityEvent, abc.ABC):
    service: Any


@attrs.frozen(repr=False, eq=False)
class ScriptEvent(ActivityEvent, abc.ABC):
    script: Any

    @property
    def script_id(self) -> int:
        return int(self.script.id)


@attrs.frozen(repr=False, eq=False)
class CommandEvent(ScriptEvent, abc.ABC):
    command: Any


@attrs.frozen(repr=False, eq=False)
class InvoiceEvent(AgreementEvent, abc.ABC):
    invoice: InvoiceInfo

    @property
    def amount(self) -> Decimal:
        return self.invoice.amount


@attrs.frozen(repr=False, eq=False)
class DebitNoteEvent(AgreementEvent, abc.ABC):
    debit_note: DebitNoteInfo

    @property
    def amount(self) -> Decimal:
        return self.debit_note.total_amount_due
