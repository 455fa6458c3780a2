"""What a provider agent did, as a list of facts that tests and people can wait on.

Each step of the agent (a proposal countered, an agreement approved, a debit
note sent, an exe-unit gone...) is recorded as a frozen `AgentEvent`.
`History.wait_for` returns the first event matching a filter, waiting on a
condition rather than polling, so a test reads "the provider terminated the
agreement" directly instead of sleeping and looking.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from datetime import datetime, timezone
from decimal import Decimal

import attrs

__all__ = ["AgentEvent", "AgentEventKind", "History"]

log = logging.getLogger(__name__)


class AgentEventKind(enum.Enum):
    PROPOSAL_COUNTERED = "proposal-countered"
    PROPOSAL_REFUSED = "proposal-refused"
    AGREEMENT_APPROVED = "agreement-approved"
    AGREEMENT_NOT_APPROVED = "agreement-not-approved"
    # detail: who ended it ("Provider" / "Requestor") and why
    AGREEMENT_ENDED = "agreement-ended"
    ACTIVITY_STARTED = "activity-started"
    ACTIVITY_NOT_STARTED = "activity-not-started"
    # exit_code set; detail says whether we stopped it or it ended by itself
    ACTIVITY_ENDED = "activity-ended"
    DEBIT_NOTE_SENT = "debit-note-sent"  # detail says whether it is payable
    DEBIT_NOTE_ACCEPTED = "debit-note-accepted"
    DEBIT_NOTE_SETTLED = "debit-note-settled"  # a mid-agreement payment arrived
    INVOICE_SENT = "invoice-sent"
    # detail: why no invoice was sent (fault, nothing to bill, ...)
    INVOICE_WITHHELD = "invoice-withheld"
    INVOICE_ACCEPTED = "invoice-accepted"
    INVOICE_REJECTED = "invoice-rejected"
    INVOICE_SETTLED = "invoice-settled"


@attrs.frozen(kw_only=True)
class AgentEvent:
    kind: AgentEventKind
    agreement_id: str | None = None
    activity_id: str | None = None
    document_id: str | None = None
    amount: Decimal | None = None
    exit_code: int | None = None
    detail: str = ""
    at: datetime = attrs.field(factory=lambda: datetime.now(timezone.utc))


class History:
    """Append-only record of an agent's events, with waiting."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._events: list[AgentEvent] = []
        self._changed = asyncio.Condition()

    @property
    def events(self) -> tuple[AgentEvent, ...]:
        return tuple(self._events)

    def of(self, kind: AgentEventKind, **match: str | None) -> list[AgentEvent]:
        """Events of `kind` whose fields equal every `match` value."""
        return [e for e in self._events if e.kind is kind and _matches(e, match)]

    async def record(self, event: AgentEvent) -> None:
        log.info("[%s] %s %s", self.name, event.kind.value, _describe(event))
        async with self._changed:
            self._events.append(event)
            self._changed.notify_all()

    async def wait_for(
        self, kind: AgentEventKind, *, timeout: float, **match: str | None
    ) -> AgentEvent:
        """The first event of `kind` matching `match` (also one already recorded)."""

        def found() -> AgentEvent | None:
            hits = self.of(kind, **match)
            return hits[0] if hits else None

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: found() is not None), timeout)
            except asyncio.TimeoutError:
                seen = ", ".join(e.kind.value for e in self._events)
                raise TimeoutError(
                    f"[{self.name}] no {kind.value} {match or ''} within {timeout} s; saw: {seen}"
                ) from None
        event = found()
        assert event is not None
        return event


def _matches(event: AgentEvent, match: dict[str, str | None]) -> bool:
    return all(getattr(event, name) == value for name, value in match.items())


def _describe(event: AgentEvent) -> str:
    names = ("agreement_id", "activity_id", "document_id", "amount", "exit_code")
    parts = [f"{name}={getattr(event, name)}" for name in names if getattr(event, name) is not None]
    return " ".join([*parts, event.detail] if event.detail else parts)
