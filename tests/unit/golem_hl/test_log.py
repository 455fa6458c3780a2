"""The summary logger's text for scripted runs; per-event logging; the default logger setup."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from golem_hl import events
from golem_hl.exceptions import CommandExecutionError
from golem_hl.log import (
    SummaryLogger,
    enable_default_logger,
    event_type_to_string,
    log_event,
    log_event_repr,
    log_summary,
)
from golem_hl.records import ActivityInfo, AgreementInfo, InvoiceInfo, ProposalInfo

T0 = datetime(2025, 1, 1, 12, 0, tzinfo=timezone.utc)


class Job:
    id = "job-1"


class Task:
    def __init__(self, number: int) -> None:
        self.id = f"task-{number}"
        self.data = number


def agreement(letter: str) -> AgreementInfo:
    return AgreementInfo.create(
        f"agr-{letter}", f"0x{letter}", {"golem.node.id.name": f"prov-{letter}"}
    )


def proposal(letter: str, number: int = 1) -> ProposalInfo:
    return ProposalInfo(f"prop-{letter}{number}", f"0x{letter}", {})


def exc_info(error: BaseException) -> Any:
    try:
        raise error
    except BaseException:
        return sys.exc_info()


def summary(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The summary as a user sees it by default: INFO and above."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "golem_hl.summary" and r.levelno >= logging.INFO
    ]


@pytest.fixture(autouse=True)
def _capture(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="golem_hl")


def test_summary_of_a_successful_run(caplog: pytest.LogCaptureFixture) -> None:
    job, agr_a, agr_b = Job(), agreement("a"), agreement("b")
    activity = ActivityInfo("act-a", "agr-a")
    seen: list[events.Event] = []
    consumer = log_summary(seen.append)
    script = [
        events.JobStarted(job, timestamp=T0),
        events.ProposalReceived(job, proposal("a")),
        events.ProposalReceived(job, proposal("b")),
        events.ProposalRejected(job, proposal("b"), "fixed price 2 is above our cap 1"),
        events.ProposalConfirmed(job, proposal("a")),
        events.ProposalConfirmed(job, proposal("a", 2)),  # same provider: no new line
        events.ProposalConfirmed(job, proposal("b", 2)),
        events.AgreementCreated(job, agr_a),
        events.AgreementConfirmed(job, agr_a),
        events.AgreementCreated(job, agr_b),
        events.AgreementConfirmed(job, agr_b),
        events.ActivityCreated(job, agr_a, activity),
        events.WorkerStarted(job, agr_a),
        events.TaskStarted(job, agr_a, activity, Task(1)),
        events.TaskFinished(job, agr_a, activity, Task(1)),
        events.TaskStarted(job, agr_a, activity, Task(2)),
        events.TaskFinished(job, agr_a, activity, Task(2)),
        events.WorkerFinished(job, agr_a, activity),
        events.AgreementTerminated(job, agr_a, {"golem.requestor.code": "Success"}),
        events.JobFinished(job, timestamp=T0 + timedelta(seconds=12.5)),
        events.InvoiceReceived(job, agr_a, InvoiceInfo("inv-1", "agr-a", "0xa", "0.1234500")),
        events.InvoiceAccepted(job, agr_a, InvoiceInfo("inv-1", "agr-a", "0xa", "0.1234500")),
        events.InvoiceAccepted(job, agr_a, InvoiceInfo("inv-2", "agr-a", "0xa", "100")),
        events.ShutdownFinished(),
    ]
    for event in script:
        consumer(event)

    assert seen == script
    assert summary(caplog) == [
        "Received proposals from 1 provider so far",
        "Received proposals from 2 providers so far",
        "[Job job-1] Agreement proposed to provider 'prov-a' (0xa)",
        "[Job job-1] Agreement confirmed by provider 'prov-a'",
        "[Job job-1] Agreement proposed to provider 'prov-b' (0xb)",
        "[Job job-1] Agreement confirmed by provider 'prov-b'",
        "[Job job-1] Task started on provider 'prov-a', task data: 1",
        "[Job job-1] Task finished by provider 'prov-a', task data: 1",
        "[Job job-1] Task started on provider 'prov-a', task data: 2",
        "[Job job-1] Task finished by provider 'prov-a', task data: 2",
        "[Job job-1] Job finished in 12.5s",
        "[Job job-1] Negotiated 2 agreements with 2 providers",
        "[Job job-1] Provider 'prov-a' computed 2 tasks",
        "[Job job-1] Provider 'prov-b' did not compute any tasks",
        "[Job job-1] Accepted invoice from 'prov-a', amount: 0.12345",
        "[Job job-1] Accepted invoice from 'prov-a', amount: 100",
        "Provider 'prov-a' (0xa): 2 invoices accepted, cost 100.12345",
        "Total cost: 100.12345 (2 invoices accepted)",
        SummaryLogger.GOLEM_SHUTDOWN_SUCCESSFUL_MESSAGE,
    ]


def test_summary_explains_why_no_proposal_was_confirmed(caplog: pytest.LogCaptureFixture) -> None:
    job, logger = Job(), SummaryLogger()
    logger.log(events.JobStarted(job))
    for number, reason in enumerate(["price too high", "price too high", "wrong scheme"]):
        logger.log(events.ProposalReceived(job, proposal("x", number)))
        logger.log(events.ProposalRejected(job, proposal("x", number), reason))
    logger.log(events.NoProposalsConfirmed(job, timedelta(seconds=30)))
    # the engine may say it itself; then the event's own account wins
    logger.log(events.NoProposalsConfirmed(job, timedelta(seconds=30), offers_collected=0))
    logger.log(
        events.NoProposalsConfirmed(
            job, timedelta(seconds=30), offers_collected=1, rejection_reasons={"no VPN": 1}
        )
    )

    hint = (
        " Check that providers run in the same subnet and payment network,"
        " and that the demand's constraints and price caps can be met."
    )
    assert summary(caplog) == [
        "3 offers have been collected from the market, but no provider has responded for 30s."
        " Offers rejected: 2 x price too high; 1 x wrong scheme." + hint,
        "No offers have been collected from the market for 60s."
        " Offers rejected: 2 x price too high; 1 x wrong scheme." + hint,
        "1 offer has been collected from the market, but no provider has responded for 90s."
        " Offers rejected: 1 x no VPN." + hint,
    ]
    assert {r.levelname for r in caplog.records if r.name == "golem_hl.summary"} == {"WARNING"}


def test_summary_of_failures(caplog: pytest.LogCaptureFixture) -> None:
    job, agr = Job(), agreement("a")
    activity = ActivityInfo("act-a")
    logger = SummaryLogger()
    failure = exc_info(CommandExecutionError("/bin/false", "exit code 1"))
    for event in [
        events.JobStarted(job),
        # no AgreementCreated seen: the provider is still named from the event itself
        events.AgreementConfirmed(job, agr),
        events.WorkerFinished(job, agr, activity, exc_info=failure),
        events.WorkerFinished(job, agr, activity, exc_info=exc_info(RuntimeError("lost"))),
        events.AgreementTerminated(job, agr, {"message": "failed"}),
        events.PaymentFailed(job, agr, exc_info=exc_info(RuntimeError("no funds"))),
        events.JobFinished(job, exc_info=exc_info(RuntimeError("all workers failed"))),
        events.ExecutionInterrupted(exc_info=exc_info(KeyboardInterrupt())),
        events.ShutdownFinished(exc_info=exc_info(RuntimeError("daemon gone"))),
    ]:
        logger.log(event)

    assert summary(caplog) == [
        "[Job job-1] Agreement confirmed by provider 'prov-a'",
        "[Job job-1] Activity failed on provider 'prov-a'; reason: Command '/bin/false'"
        " failed on provider; message: 'exit code 1'",
        "[Job job-1] Worker for provider 'prov-a' failed; reason: lost",
        "[Job job-1] Terminated agreement with prov-a",
        "[Job job-1] Failed to accept an invoice or a debit note from 'prov-a', reason: no funds",
        "[Job job-1] Job failed, reason: all workers failed",
        "[Job job-1] Negotiated 1 agreements with 1 provider",
        "[Job job-1] Provider 'prov-a' did not compute any tasks",
        "[Job job-1] Activity failed 2 times on provider 'prov-a'",
        "Execution interrupted by KeyboardInterrupt",
        "Total cost: 0 (0 invoices accepted)",
        "Error when shutting down Golem engine: daemon gone",
    ]


def test_cancelled_job_silences_worker_failures(caplog: pytest.LogCaptureFixture) -> None:
    job, agr = Job(), agreement("a")
    logger = SummaryLogger()
    logger.log(events.JobFinished(job, exc_info=exc_info(asyncio.CancelledError())))
    logger.log(events.WorkerFinished(job, agr, ActivityInfo("x"), exc_info=exc_info(OSError())))
    assert summary(caplog)[0] == "[Job job-1] Job cancelled"
    assert not any("failed" in line for line in summary(caplog))


def test_a_summary_bug_is_logged_once_and_never_raised(caplog: pytest.LogCaptureFixture) -> None:
    seen: list[events.Event] = []
    logger = SummaryLogger(seen.append)
    job, agr = Job(), agreement("a")
    taskless = events.TaskFinished(job, agr, ActivityInfo("x"), object())  # no .id, no .data
    logger.log(taskless)
    logger.log(events.AgreementConfirmed(job, agr))

    assert logger.error_occurred
    assert seen == [taskless, seen[1]] and isinstance(seen[1], events.AgreementConfirmed)
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info is not None
    assert "[Job job-1] Agreement confirmed by provider 'prov-a'" not in summary(caplog)


def test_log_event_describes_every_leaf_event(caplog: pytest.LogCaptureFixture) -> None:
    leaves = {
        cls
        for cls in vars(events).values()
        if isinstance(cls, type) and issubclass(cls, events.Event) and not cls.__subclasses__()
    }
    assert leaves == set(event_type_to_string)

    log_event(events.AgreementConfirmed(Job(), agreement("a"), timestamp=T0))
    log_event_repr(events.JobStarted(Job()))
    lines = [r.getMessage() for r in caplog.records if r.name == "golem_hl.events"]
    assert lines[0].startswith("Agreement approved by the provider; job = ")
    assert "; agreement = Agreement(id=agr-a)" in lines[0]
    assert lines[0].endswith("; timestamp = 2025-01-01 12:00:00+00:00")
    assert lines[1].startswith("JobStarted(job=")


@pytest.fixture
def restore_logging() -> Iterator[None]:
    names = [
        "golem_hl",
        "golem_core",
        "golem_core._api.market",
        "golem_core._api.net",
        "golem_core._api.activity",
        "golem_core._api.payment",
    ]
    saved = {
        n: (
            logging.getLogger(n).level,
            list(logging.getLogger(n).handlers),
            logging.getLogger(n).propagate,
        )
        for n in names
    }
    try:
        yield
    finally:
        for name, (level, handlers, propagate) in saved.items():
            logger = logging.getLogger(name)
            for handler in list(logger.handlers):
                if handler not in handlers:
                    logger.removeHandler(handler)
                    handler.close()
            logger.setLevel(level)
            logger.propagate = propagate


def ours(logger_name: str) -> list[logging.Handler]:
    return [
        h
        for h in logging.getLogger(logger_name).handlers
        if getattr(h, "_golem_hl_default_handler", False)
    ]


@pytest.mark.usefixtures("restore_logging")
def test_enable_default_logger_writes_debug_to_the_file(tmp_path: Path) -> None:
    log_file = tmp_path / "run.log"
    enable_default_logger(log_file=str(tmp_path / "first.log"))
    enable_default_logger(log_file=str(log_file), debug_market_api=True)
    assert len(ours("golem_hl")) == 2  # the second call replaced the first call's handlers
    assert len(ours("golem_core")) == 2

    logging.getLogger("golem_hl.summary").debug("a debug line")
    logging.getLogger("golem_core._api.market").debug("GET /market-api/v1/demands")
    logging.getLogger("golem_core._api.net").debug("net traffic stays out")
    for handler in ours("golem_hl"):
        handler.flush()

    text = log_file.read_text()
    assert "DEBUG golem_hl.summary] a debug line" in text
    assert "GET /market-api/v1/demands" in text
    assert "net traffic" not in text
    assert "Logging to" in text
    # timestamps as yagna writes them: 2025-01-01T12:00:00.123+0000
    first = text.splitlines()[0]
    assert first[0] == "[" and first[11] == "T" and first[20] == "." and first[24] in "+-"


class LoudData:
    """Task data that counts how often it is turned into text."""

    def __init__(self) -> None:
        self.formatted = 0

    def __str__(self) -> str:
        self.formatted += 1
        return "x" * 300


def test_task_lines_format_nothing_when_info_is_not_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="golem_hl")
    job, agr, activity, data = Job(), agreement("a"), ActivityInfo("act-a", "agr-a"), LoudData()
    task = Task(1)
    task.data = data  # type: ignore[assignment]
    consumer = log_summary()
    consumer(events.TaskStarted(job, agr, activity, task))
    consumer(events.TaskFinished(job, agr, activity, task))
    assert data.formatted == 0  # every task's data was turned into text for nothing before

    caplog.set_level(logging.INFO, logger="golem_hl")
    consumer(events.TaskStarted(job, agr, activity, task))
    assert summary(caplog) == [
        "[Job job-1] Task started on provider 'prov-a', task data: " + "x" * 197 + "..."
    ]
