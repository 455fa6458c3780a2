"""Events keep yapapi's names, hierarchy and constructor signatures, and are frozen values."""

from __future__ import annotations

import inspect
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import attr
import attrs
import pytest

import golem_core.exceptions as core_exceptions
import golem_hl.exceptions as hl_exceptions
from golem_core.exceptions import GolemError
from golem_hl import events
from golem_hl.records import (
    ActivityInfo,
    AgreementInfo,
    DebitNoteInfo,
    InvoiceInfo,
    ProposalInfo,
    SubscriptionInfo,
)

# child -> parent, as the API reference draws the tree (plus CommandProgress, which yapapi has)
REFERENCE_TREE = {
    "JobEvent": "Event",
    "SubscriptionFailed": "JobEvent",
    "SubscriptionEvent": "JobEvent",
    "SubscriptionCreated": "SubscriptionEvent",
    "CollectFailed": "SubscriptionEvent",
    "ProposalEvent": "JobEvent",
    "ProposalReceived": "ProposalEvent",
    "ProposalRejected": "ProposalEvent",
    "ProposalResponded": "ProposalEvent",
    "ProposalConfirmed": "ProposalEvent",
    "ProposalFailed": "ProposalEvent",
    "NoProposalsConfirmed": "JobEvent",
    "JobStarted": "JobEvent",
    "JobFinished": "JobEvent",
    "AgreementEvent": "JobEvent",
    "AgreementCreated": "AgreementEvent",
    "AgreementConfirmed": "AgreementEvent",
    "AgreementRejected": "AgreementEvent",
    "AgreementTerminated": "AgreementEvent",
    "ActivityCreateFailed": "AgreementEvent",
    "WorkerStarted": "AgreementEvent",
    "ActivityEvent": "AgreementEvent",
    "ActivityCreated": "ActivityEvent",
    "TaskEvent": "ActivityEvent",
    "TaskStarted": "TaskEvent",
    "TaskFinished": "TaskEvent",
    "TaskAccepted": "TaskEvent",
    "TaskRejected": "TaskEvent",
    "ServiceEvent": "ActivityEvent",
    "ServiceStateChanged": "ServiceEvent",
    "ServiceFinished": "ServiceEvent",
    "ScriptEvent": "ActivityEvent",
    "ScriptSent": "ScriptEvent",
    "CommandEvent": "ScriptEvent",
    "CommandStarted": "CommandEvent",
    "CommandStdOut": "CommandEvent",
    "CommandStdErr": "CommandEvent",
    "CommandExecuted": "CommandEvent",
    "CommandProgress": "CommandEvent",
    "DownloadStarted": "CommandEvent",
    "DownloadFinished": "CommandEvent",
    "GettingResults": "ScriptEvent",
    "ScriptFinished": "ScriptEvent",
    "WorkerFinished": "ActivityEvent",
    "InvoiceEvent": "AgreementEvent",
    "InvoiceReceived": "InvoiceEvent",
    "InvoiceAccepted": "InvoiceEvent",
    "DebitNoteEvent": "AgreementEvent",
    "DebitNoteReceived": "DebitNoteEvent",
    "DebitNoteAccepted": "DebitNoteEvent",
    "PaymentFailed": "AgreementEvent",
    "ExecutionInterrupted": "Event",
    "ShutdownFinished": "Event",
}

# positional parameters of each constructor, from the API reference's signatures
REFERENCE_SIGNATURES = {
    "SubscriptionFailed": ["job", "reason"],
    "CollectFailed": ["job", "subscription", "reason"],
    "ProposalRejected": ["job", "proposal", "reason"],
    "NoProposalsConfirmed": ["job", "timeout"],
    "AgreementTerminated": ["job", "agreement", "reason"],
    "ActivityCreated": ["job", "agreement", "activity"],
    "TaskRejected": ["job", "agreement", "activity", "task", "reason"],
    "ServiceStateChanged": ["job", "agreement", "activity", "service", "old", "new"],
    "CommandExecuted": [
        "job",
        "agreement",
        "activity",
        "script",
        "command",
        "success",
        "message",
        "stdout",
        "stderr",
    ],
    "CommandStdOut": ["job", "agreement", "activity", "script", "command", "output"],
    "InvoiceAccepted": ["job", "agreement", "invoice"],
    "DebitNoteReceived": ["job", "agreement", "debit_note"],
    "ShutdownFinished": [],
}


def test_every_reference_event_exists_with_its_parent() -> None:
    for name, parent in REFERENCE_TREE.items():
        cls = getattr(events, name)
        assert cls.__bases__[0] is getattr(events, parent), name
        assert name in events.__all__


def test_no_event_outside_the_reference_tree() -> None:
    ours = {
        name
        for name, value in vars(events).items()
        if isinstance(value, type) and issubclass(value, events.Event) and value is not events.Event
    }
    assert ours == set(REFERENCE_TREE)


def test_constructor_signatures_follow_the_reference() -> None:
    for name, expected in REFERENCE_SIGNATURES.items():
        parameters = inspect.signature(getattr(events, name)).parameters.values()
        positional = [p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert positional == expected, name
        keyword_only = {p.name for p in parameters if p.kind is p.KEYWORD_ONLY}
        assert {"exc_info", "timestamp"} <= keyword_only


class Job:
    id = "job-1"
    offers_collected = 3


class Task:
    id = "task-7"
    data = ("frame", 7)
    result = "out.png"


class Script:
    id = 42


AGREEMENT = AgreementInfo.create(
    "agr-1", "0xprov", {"golem.node.id.name": "prov-1", "golem.node.debug.subnet": "local"}
)
ACTIVITY = ActivityInfo("act-1", "agr-1")


def test_context_helpers() -> None:
    job = Job()
    proposal = ProposalInfo("prop-1", "0xprov", {"a": 1})
    assert events.ProposalReceived(job, proposal).prop_id == "prop-1"
    assert events.ProposalReceived(job, proposal).provider_id == "0xprov"
    confirmed = events.AgreementConfirmed(job, AGREEMENT)
    assert (confirmed.job_id, confirmed.agr_id, confirmed.provider_id) == (
        "job-1",
        "agr-1",
        "0xprov",
    )
    assert confirmed.provider_info.name == "prov-1"
    assert confirmed.agreement.details.provider_node_info.subnet_tag == "local"
    accepted = events.TaskAccepted(job, AGREEMENT, ACTIVITY, Task())
    assert (accepted.task_id, accepted.task_data, accepted.result) == (
        "task-7",
        ("frame", 7),
        "out.png",
    )
    assert events.ScriptSent(job, AGREEMENT, ACTIVITY, Script()).script_id == 42
    invoice = InvoiceInfo("inv-1", "agr-1", "0xprov", "1.5")
    assert events.InvoiceAccepted(job, AGREEMENT, invoice).amount == Decimal("1.5")
    note = DebitNoteInfo("dn-1", "agr-1", "act-1", "0xprov", Decimal("0.25"))
    assert events.DebitNoteReceived(job, AGREEMENT, note).amount == Decimal("0.25")
    created = events.SubscriptionCreated(job, SubscriptionInfo("sub-1"))
    assert created.subscription.id == "sub-1"


def test_events_are_frozen_and_their_mappings_read_only() -> None:
    terminated = events.AgreementTerminated(Job(), AGREEMENT, {"message": "done"})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        terminated.reason = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        terminated.reason["message"] = "changed"  # type: ignore[index]
    with pytest.raises(TypeError):
        AGREEMENT.details.provider_view.properties["x"] = 1  # type: ignore[index]


def test_timestamps_are_aware() -> None:
    before = datetime.now(timezone.utc)
    event = events.JobStarted(Job())
    assert event.timestamp.tzinfo is not None
    assert before <= event.timestamp <= datetime.now(timezone.utc)
    naive = events.JobStarted(Job(), timestamp=datetime(2025, 1, 1, 12))
    assert naive.timestamp == datetime(2025, 1, 1, 12, tzinfo=timezone.utc)


def test_str_leaves_out_the_timestamp_and_shows_the_exception() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        exc_info = sys.exc_info()
    event = events.TaskRejected(Job(), AGREEMENT, ACTIVITY, Task(), "bad output", exc_info=exc_info)  # type: ignore[arg-type]
    text = str(event)
    # yapapi's order: the exception first, then the fields as declared
    assert text.startswith("TaskRejected(exception=RuntimeError('boom'), job=")
    assert "agreement=Agreement(id=agr-1)" in text
    assert text.endswith("reason='bad output')")
    assert "timestamp" not in text
    assert repr(event) == text
    assert isinstance(event.exception, RuntimeError)
    assert events.JobStarted(Job()).exception is None


def test_no_proposals_confirmed_carries_the_why() -> None:
    event = events.NoProposalsConfirmed(
        Job(), timedelta(seconds=10), offers_collected=4, rejection_reasons={"too expensive": 4}
    )
    assert event.offers_collected == 4
    assert dict(event.rejection_reasons) == {"too expensive": 4}
    assert dict(events.NoProposalsConfirmed(Job(), timedelta(seconds=1)).rejection_reasons) == {}


def test_applications_can_define_their_own_events() -> None:
    @attr.s(auto_attribs=True, repr=False)
    class ActivityEvaluated(events.ActivityEvent):
        activity_score: float

    event = ActivityEvaluated(Job(), AGREEMENT, ACTIVITY, activity_score=6.5)
    assert isinstance(event, events.ActivityEvent)
    assert event.activity.id == "act-1"
    assert str(event).endswith("activity_score=6.5)")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.activity_score = 9  # type: ignore[misc]


def test_every_public_exception_is_a_golem_error() -> None:
    public = [getattr(hl_exceptions, name) for name in hl_exceptions.__all__]
    assert public and all(issubclass(cls, GolemError) for cls in public)
    assert sorted(hl_exceptions.__all__) == hl_exceptions.__all__
    assert issubclass(hl_exceptions.BatchTimeoutError, hl_exceptions.BatchError)
    assert issubclass(hl_exceptions.BatchTimeoutError, core_exceptions.BatchTimeoutError)
    timeout = hl_exceptions.BatchTimeoutError.from_core(
        core_exceptions.BatchTimeoutError("act-1", "batch-1", 2.5)
    )
    assert (timeout.activity_id, timeout.batch_id, timeout.timeout) == ("act-1", "batch-1", 2.5)
    assert str(timeout) == "activity act-1, batch batch-1: not finished within 2.5 s"
    assert isinstance(hl_exceptions.BatchTimeoutError(), hl_exceptions.BatchError)
    error = hl_exceptions.NoPaymentAccountError("erc20", "holesky")
    assert (error.required_driver, error.required_network) == ("erc20", "holesky")
    failed = hl_exceptions.CommandExecutionError("/bin/false", "exit code 1", "oops")
    assert (
        str(failed)
        == "Command '/bin/false' failed on provider; message: 'exit code 1'; stderr: 'oops'"
    )
