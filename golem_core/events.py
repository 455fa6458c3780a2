"""Everything that happens to a requestor's resources, as frozen past-tense facts.

Events carry ids and small snapshots, never live objects, so a consumer can
keep them, log them or record them. The hierarchy is shallow: one base per kind
of resource. golem_hl builds yapapi's event classes from these.

Every event has `timestamp`: when we learnt of it (timezone-aware UTC), which for
events read from the daemon is the daemon's own event date.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import attrs

from golem_core import _clock
from golem_core.ids import (
    ActivityId,
    AgreementId,
    AllocationId,
    BatchId,
    DebitNoteId,
    InvoiceId,
    NetworkId,
    NodeId,
    ProposalId,
    SubscriptionId,
)

__all__ = [
    "ActivityCreated",
    "ActivityDestroyed",
    "ActivityEvent",
    "AgreementApproved",
    "AgreementCancelled",
    "AgreementConfirmed",
    "AgreementCreated",
    "AgreementEvent",
    "AgreementRejected",
    "AgreementTerminated",
    "AllocationCreated",
    "AllocationReleased",
    "BatchEvent",
    "BatchFailed",
    "BatchFinished",
    "BatchSent",
    "BatchTimedOut",
    "CommandFinished",
    "CommandOutput",
    "DebitNoteAccepted",
    "DebitNoteReceived",
    "DebitNoteRejected",
    "DebitNoteSettled",
    "DemandSubscribed",
    "DemandUnsubscribed",
    "Event",
    "FileTransferred",
    "InvoiceAccepted",
    "InvoiceCancelled",
    "InvoiceReceived",
    "InvoiceRejected",
    "InvoiceSettled",
    "MarketEvent",
    "NetworkCreated",
    "NetworkEvent",
    "NetworkNodeAdded",
    "NetworkRemoved",
    "NodeClosed",
    "NodeEvent",
    "NodeStarted",
    "PaymentActionFailed",
    "PaymentEvent",
    "ProposalCountered",
    "ProposalReceived",
    "ProposalRejected",
    "ProposalRejectedByProvider",
    "now",
]


# the clock events are stamped with (`_clock.now` itself: a wrapper cost a call per event)
now = _clock.now


def _aware(value: datetime) -> datetime:
    """Daemon dates without an offset are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


@attrs.frozen(kw_only=True)
class Event:
    timestamp: datetime = attrs.field(factory=now, converter=_aware)


# --- node ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class NodeEvent(Event):
    pass


@attrs.frozen(kw_only=True)
class NodeStarted(NodeEvent):
    node_id: NodeId
    api_url: str


@attrs.frozen(kw_only=True)
class NodeClosed(NodeEvent):
    node_id: NodeId


# --- market -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class MarketEvent(Event):
    pass


@attrs.frozen(kw_only=True)
class DemandSubscribed(MarketEvent):
    demand_id: SubscriptionId


@attrs.frozen(kw_only=True)
class DemandUnsubscribed(MarketEvent):
    demand_id: SubscriptionId


@attrs.frozen(kw_only=True)
class ProposalReceived(MarketEvent):
    demand_id: SubscriptionId
    proposal_id: ProposalId
    provider_id: NodeId
    # True for an offer straight from the market, False for a provider's counter
    initial: bool


@attrs.frozen(kw_only=True)
class ProposalCountered(MarketEvent):
    demand_id: SubscriptionId
    proposal_id: ProposalId
    counter_proposal_id: ProposalId
    provider_id: NodeId


@attrs.frozen(kw_only=True)
class ProposalRejected(MarketEvent):
    """We rejected a provider's proposal."""

    demand_id: SubscriptionId
    proposal_id: ProposalId
    provider_id: NodeId
    reason: str


@attrs.frozen(kw_only=True)
class ProposalRejectedByProvider(MarketEvent):
    demand_id: SubscriptionId
    proposal_id: ProposalId
    provider_id: NodeId
    reason: str


@attrs.frozen(kw_only=True)
class AgreementEvent(MarketEvent):
    agreement_id: AgreementId
    provider_id: NodeId


@attrs.frozen(kw_only=True)
class AgreementCreated(AgreementEvent):
    proposal_id: ProposalId


@attrs.frozen(kw_only=True)
class AgreementConfirmed(AgreementEvent):
    pass


@attrs.frozen(kw_only=True)
class AgreementApproved(AgreementEvent):
    pass


@attrs.frozen(kw_only=True)
class AgreementRejected(AgreementEvent):
    reason: str


@attrs.frozen(kw_only=True)
class AgreementCancelled(AgreementEvent):
    reason: str


@attrs.frozen(kw_only=True)
class AgreementTerminated(AgreementEvent):
    # "Requestor" or "Provider"
    terminator: str
    reason: str


# --- activity -----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ActivityEvent(Event):
    activity_id: ActivityId
    agreement_id: AgreementId


@attrs.frozen(kw_only=True)
class ActivityCreated(ActivityEvent):
    pass


@attrs.frozen(kw_only=True)
class ActivityDestroyed(ActivityEvent):
    pass


@attrs.frozen(kw_only=True)
class BatchEvent(ActivityEvent):
    batch_id: BatchId


@attrs.frozen(kw_only=True)
class BatchSent(BatchEvent):
    command_count: int


@attrs.frozen(kw_only=True)
class CommandFinished(BatchEvent):
    index: int
    ok: bool
    stdout: str | None
    stderr: str | None
    message: str | None


@attrs.frozen(kw_only=True)
class CommandOutput(BatchEvent):
    """A piece of a running command's output, as the exe-unit streams it."""

    index: int
    stream: str  # "stdout" or "stderr"
    text: str


@attrs.frozen(kw_only=True)
class BatchFinished(BatchEvent):
    pass


@attrs.frozen(kw_only=True)
class BatchFailed(BatchEvent):
    index: int
    message: str


@attrs.frozen(kw_only=True)
class BatchTimedOut(BatchEvent):
    timeout: float


@attrs.frozen(kw_only=True)
class FileTransferred(Event):
    """Bytes moved between the requestor and a provider without gftp.

    The activity is known when the transfer was made for one (a WorkContext's
    upload or download); a bare `publish` or `receive` leaves it out.
    """

    direction: str  # "upload" (to the provider) or "download"
    name: str
    size: int
    activity_id: ActivityId | None = None
    agreement_id: AgreementId | None = None


# --- payment ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PaymentEvent(Event):
    pass


@attrs.frozen(kw_only=True)
class AllocationCreated(PaymentEvent):
    allocation_id: AllocationId
    amount: Decimal
    platform: str


@attrs.frozen(kw_only=True)
class AllocationReleased(PaymentEvent):
    allocation_id: AllocationId


@attrs.frozen(kw_only=True)
class DebitNoteReceived(PaymentEvent):
    debit_note_id: DebitNoteId
    agreement_id: AgreementId
    activity_id: ActivityId
    provider_id: NodeId
    total_amount_due: Decimal


@attrs.frozen(kw_only=True)
class DebitNoteAccepted(PaymentEvent):
    debit_note_id: DebitNoteId
    agreement_id: AgreementId
    amount: Decimal


@attrs.frozen(kw_only=True)
class DebitNoteRejected(PaymentEvent):
    debit_note_id: DebitNoteId
    agreement_id: AgreementId
    reason: str


@attrs.frozen(kw_only=True)
class InvoiceReceived(PaymentEvent):
    invoice_id: InvoiceId
    agreement_id: AgreementId
    provider_id: NodeId
    amount: Decimal


@attrs.frozen(kw_only=True)
class InvoiceAccepted(PaymentEvent):
    invoice_id: InvoiceId
    agreement_id: AgreementId
    amount: Decimal


@attrs.frozen(kw_only=True)
class InvoiceRejected(PaymentEvent):
    invoice_id: InvoiceId
    agreement_id: AgreementId
    reason: str


@attrs.frozen(kw_only=True)
class InvoiceCancelled(PaymentEvent):
    """The provider withdrew an invoice before we accepted it."""

    invoice_id: InvoiceId
    agreement_id: AgreementId


@attrs.frozen(kw_only=True)
class InvoiceSettled(PaymentEvent):
    """An accepted invoice has been paid."""

    invoice_id: InvoiceId
    agreement_id: AgreementId


@attrs.frozen(kw_only=True)
class DebitNoteSettled(PaymentEvent):
    """An accepted debit note has been paid (pay-as-you-go)."""

    debit_note_id: DebitNoteId
    agreement_id: AgreementId


@attrs.frozen(kw_only=True)
class PaymentActionFailed(PaymentEvent):
    """Accepting or rejecting a document did not go through; it is still open."""

    document_id: str  # a DebitNoteId or an InvoiceId
    agreement_id: AgreementId
    action: str  # "accept" or "reject"
    error: str


# --- net ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class NetworkEvent(Event):
    network_id: NetworkId


@attrs.frozen(kw_only=True)
class NetworkCreated(NetworkEvent):
    ip: str


@attrs.frozen(kw_only=True)
class NetworkNodeAdded(NetworkEvent):
    node_id: NodeId
    ip: str


@attrs.frozen(kw_only=True)
class NetworkRemoved(NetworkEvent):
    pass
