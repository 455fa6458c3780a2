"""golem_core: the typed mid-level for Golem requestors, on top of yagna's REST APIs.

The main names of every area are importable from here (`from golem_core import
GolemNode, DemandBuilder, Activity, Run`); the area packages (`golem_core.market`,
`.activity`, `.payment`, `.transfer`, `.net`) hold the rest. Names that two
areas define differently stay in their areas, so nothing here is ambiguous:
the negotiation and payment decisions (`Accept`, `Reject`, `Decision`), the
two `LinearPricing` readers, and `golem_core.activity.Network` (a Deploy
argument; `Network` here is the virtual network of `golem_core.net`).

Importing `golem_core` loads nothing else: each name is imported from its area
on first use (PEP 562), so a process that needs one area (an exe-unit, a CLI)
does not pay for all of them and the generated clients.

The `if TYPE_CHECKING:` imports below are the one table of the public names
(`Name as Name`: re-exported, for type checkers): `__all__` and the lazy
loader's map are read from it (`golem_core._lazy.exports_from_source`).
"""

# ruff: noqa: I001 (one import per area, `as` kept together: the table stays a table)

from typing import TYPE_CHECKING as _TYPE_CHECKING

from golem_core._lazy import lazy_exports_from_source as _lazy_exports_from_source

if _TYPE_CHECKING:
    from golem_core.activity import (
        Activity as Activity,
        ActivityState as ActivityState,
        ActivityUsage as ActivityUsage,
        AtEnd as AtEnd,
        Batch as Batch,
        Capture as Capture,
        CaptureFormat as CaptureFormat,
        Command as Command,
        CommandResult as CommandResult,
        Deploy as Deploy,
        FileSetObject as FileSetObject,
        HostVolume as HostVolume,
        ProgressArgs as ProgressArgs,
        RamVolume as RamVolume,
        Run as Run,
        RuntimeEvent as RuntimeEvent,
        RuntimeFinished as RuntimeFinished,
        RuntimeProgress as RuntimeProgress,
        RuntimeStarted as RuntimeStarted,
        RuntimeStderr as RuntimeStderr,
        RuntimeStdout as RuntimeStdout,
        Sign as Sign,
        Start as Start,
        StorageVolume as StorageVolume,
        Stream as Stream,
        Terminate as Terminate,
        Transfer as Transfer,
    )
    from golem_core.event_bus import (
        EventBus as EventBus,
    )
    from golem_core.events import (
        ActivityCreated as ActivityCreated,
        ActivityDestroyed as ActivityDestroyed,
        ActivityEvent as ActivityEvent,
        AgreementApproved as AgreementApproved,
        AgreementCancelled as AgreementCancelled,
        AgreementConfirmed as AgreementConfirmed,
        AgreementCreated as AgreementCreated,
        AgreementEvent as AgreementEvent,
        AgreementRejected as AgreementRejected,
        AgreementTerminated as AgreementTerminated,
        AllocationCreated as AllocationCreated,
        AllocationReleased as AllocationReleased,
        BatchEvent as BatchEvent,
        BatchFailed as BatchFailed,
        BatchFinished as BatchFinished,
        BatchSent as BatchSent,
        BatchTimedOut as BatchTimedOut,
        CommandFinished as CommandFinished,
        CommandOutput as CommandOutput,
        DebitNoteAccepted as DebitNoteAccepted,
        DebitNoteReceived as DebitNoteReceived,
        DebitNoteRejected as DebitNoteRejected,
        DebitNoteSettled as DebitNoteSettled,
        DemandSubscribed as DemandSubscribed,
        DemandUnsubscribed as DemandUnsubscribed,
        Event as Event,
        FileTransferred as FileTransferred,
        InvoiceAccepted as InvoiceAccepted,
        InvoiceCancelled as InvoiceCancelled,
        InvoiceReceived as InvoiceReceived,
        InvoiceRejected as InvoiceRejected,
        InvoiceSettled as InvoiceSettled,
        MarketEvent as MarketEvent,
        NetworkCreated as NetworkCreated,
        NetworkEvent as NetworkEvent,
        NetworkNodeAdded as NetworkNodeAdded,
        NetworkRemoved as NetworkRemoved,
        NodeClosed as NodeClosed,
        NodeEvent as NodeEvent,
        NodeStarted as NodeStarted,
        PaymentActionFailed as PaymentActionFailed,
        PaymentEvent as PaymentEvent,
        ProposalCountered as ProposalCountered,
        ProposalReceived as ProposalReceived,
        ProposalRejected as ProposalRejected,
        ProposalRejectedByProvider as ProposalRejectedByProvider,
    )
    from golem_core.exceptions import (
        ActivityTerminatedError as ActivityTerminatedError,
        ApiError as ApiError,
        ApiTimeoutError as ApiTimeoutError,
        AuthenticationError as AuthenticationError,
        BadRequestError as BadRequestError,
        BatchError as BatchError,
        BatchTimeoutError as BatchTimeoutError,
        CallTimeoutError as CallTimeoutError,
        ConfigurationError as ConfigurationError,
        ConflictError as ConflictError,
        ForbiddenError as ForbiddenError,
        GolemError as GolemError,
        GoneError as GoneError,
        LocalProtocolError as LocalProtocolError,
        NotFoundError as NotFoundError,
        ProtocolError as ProtocolError,
        RemoteProtocolError as RemoteProtocolError,
        ServerError as ServerError,
        TerminateRefusedError as TerminateRefusedError,
        TransportError as TransportError,
    )
    from golem_core.ids import (
        ActivityId as ActivityId,
        AgreementId as AgreementId,
        AllocationId as AllocationId,
        BatchId as BatchId,
        DebitNoteId as DebitNoteId,
        InvoiceId as InvoiceId,
        NetworkId as NetworkId,
        NodeId as NodeId,
        PaymentId as PaymentId,
        ProposalId as ProposalId,
        ServicesId as ServicesId,
        SubscriptionId as SubscriptionId,
    )
    from golem_core.market import (
        Agreement as Agreement,
        AgreementData as AgreementData,
        AgreementEventKind as AgreementEventKind,
        AgreementState as AgreementState,
        AgreementStateChange as AgreementStateChange,
        Assessment as Assessment,
        Assessor as Assessor,
        Constraint as Constraint,
        Demand as Demand,
        DemandBuilder as DemandBuilder,
        DemandData as DemandData,
        DemandEvent as DemandEvent,
        LeastExpensiveLinear as LeastExpensiveLinear,
        MarketSpec as MarketSpec,
        NegotiationPolicy as NegotiationPolicy,
        Negotiator as Negotiator,
        Offer as Offer,
        Payload as Payload,
        PropertyValue as PropertyValue,
        Proposal as Proposal,
        ProposalArrived as ProposalArrived,
        ProposalData as ProposalData,
        ProposalRejectedByPeer as ProposalRejectedByPeer,
        ProposalScorer as ProposalScorer,
        ProposalState as ProposalState,
        Reason as Reason,
        all_of as all_of,
        any_of as any_of,
        decide as decide,
        eq as eq,
        ge as ge,
        gt as gt,
        le as le,
        lt as lt,
        matches as matches,
        ne as ne,
        not_ as not_,
        present as present,
    )
    from golem_core.net import (
        DeployNetwork as DeployNetwork,
        Network as Network,
        NetworkError as NetworkError,
        TcpStream as TcpStream,
        connect_tcp as connect_tcp,
    )
    from golem_core.node import (
        GolemNode as GolemNode,
    )
    from golem_core.payment import (
        Allocation as Allocation,
        AllocationData as AllocationData,
        DebitNote as DebitNote,
        DebitNoteData as DebitNoteData,
        DemandDecoration as DemandDecoration,
        DocumentStatus as DocumentStatus,
        Invoice as Invoice,
        InvoiceData as InvoiceData,
        InvoiceOutcome as InvoiceOutcome,
        InvoiceWait as InvoiceWait,
        PaymentApprover as PaymentApprover,
        PaymentManager as PaymentManager,
        PaymentPolicy as PaymentPolicy,
        PaymentTerms as PaymentTerms,
        PricingError as PricingError,
    )
    from golem_core.transfer import (
        ChecksumMismatch as ChecksumMismatch,
        IncomingFile as IncomingFile,
        IncompleteTransfer as IncompleteTransfer,
        PublishedFile as PublishedFile,
        TransferClosed as TransferClosed,
        TransferError as TransferError,
        TransferLimitExceeded as TransferLimitExceeded,
        TransferProtocolError as TransferProtocolError,
        TransferTimeoutError as TransferTimeoutError,
        publish as publish,
        publish_bytes as publish_bytes,
        publish_file as publish_file,
        publish_json as publish_json,
        receive as receive,
        receive_bytes as receive_bytes,
        receive_file as receive_file,
        receive_json as receive_json,
    )

if _TYPE_CHECKING:
    __version__: str


def _version() -> str:
    """Read on first use: importlib.metadata costs a start more than golem_core's own code."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("golem-requestor")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.0.0"


__getattr__, __dir__ = _lazy_exports_from_source(
    __name__, __file__, globals(), computed={"__version__": _version}
)
