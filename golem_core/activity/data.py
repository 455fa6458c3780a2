"""Snapshots of an activity as the daemon reports it: state, usage, provider-side events."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from golem_core.ids import ActivityId, AgreementId

__all__ = [
    "ActivityState",
    "ActivityUsage",
    "CreateActivity",
    "DestroyActivity",
    "ProviderActivityEvent",
    "State",
]


class State(str, enum.Enum):
    """One state of an activity's lifecycle (yagna writes them PascalCase)."""

    NEW = "New"
    INITIALIZED = "Initialized"
    DEPLOYED = "Deployed"
    READY = "Ready"
    TERMINATED = "Terminated"
    UNRESPONSIVE = "Unresponsive"


@attrs.frozen(kw_only=True)
class ActivityState:
    """The state pair: where the activity is, and where it is going (None: nowhere).

    An exe-unit reports `(Initialized, Deployed)` while it deploys, then
    `(Deployed, None)`. `reason` and `error_message` explain the latest change.
    """

    current: State
    pending: State | None = None
    reason: str | None = None
    error_message: str | None = None

    @property
    def pair(self) -> tuple[State, State | None]:
        return (self.current, self.pending)

    @property
    def alive(self) -> bool:
        """False once the activity is, or is becoming, Terminated."""
        return State.TERMINATED not in self.pair

    @property
    def dead(self) -> bool:
        """Its batches will never finish: it is (or is becoming) Terminated, or Unresponsive.

        yagna marks an activity Unresponsive when its exe-unit stopped reporting
        usage, and destroys it a few seconds later.
        """
        return not self.alive or self.current is State.UNRESPONSIVE


@attrs.frozen(kw_only=True)
class ActivityUsage:
    """The usage counters, in the order of the agreement's `golem.usage.vector`.

    `current_usage` is None until the exe-unit has reported. The counters are
    measurements (f64 on the wire), not amounts, so they stay floats.
    """

    current_usage: tuple[float, ...] | None
    timestamp: datetime


# --- provider side -----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ProviderActivityEvent:
    """Something a requestor asked of the provider node, from its activity event feed.

    Kinds we do not know are delivered as this base class, with the wire name in `kind`.
    """

    activity_id: ActivityId
    agreement_id: AgreementId
    event_date: datetime
    kind: str


@attrs.frozen(kw_only=True)
class CreateActivity(ProviderActivityEvent):
    """Start an exe-unit for the activity and report Initialized (the requestor is waiting)."""

    kind: str = "CreateActivity"
    # hex; sent only by requestors that set up an encrypted channel (SGX)
    requestor_pub_key: str | None = None


@attrs.frozen(kw_only=True)
class DestroyActivity(ProviderActivityEvent):
    """Stop the activity's exe-unit and report Terminated (the requestor is waiting)."""

    kind: str = "DestroyActivity"
