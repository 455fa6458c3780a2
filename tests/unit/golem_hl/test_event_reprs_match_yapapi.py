"""Event `str`/`repr` as real yapapi 0.13.1 prints them: log scrapers and yapapi's own
integration tests match these lines.

The same events are built in yapapi's venv (a subprocess) and here, one repr per line,
and the lines compared. Task ids come from a process-wide counter in both libraries, so
each side numbers its tasks from the first one it made.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from types import TracebackType
from typing import Any

import pytest

from bench.venv import default_venv, ensure_yapapi
from golem_hl import events
from golem_hl._engine.job import Job
from golem_hl.exceptions import CommandExecutionError
from golem_hl.executor import Task
from golem_hl.records import ActivityInfo, AgreementInfo

YAPAPI_SIDE = r"""
import sys
from datetime import timedelta
import yapapi.events as e
from yapapi.engine import Job
from yapapi.executor.task import Task
from yapapi.rest.activity import Activity, CommandExecutionError
from yapapi.rest.market import Agreement

job = Job.__new__(Job)
job.id = "1"
agr = Agreement.__new__(Agreement)
agr._id = "agr-1"
act = Activity.__new__(Activity)
act._id = "act-1"
task = Task(data={"frame": 3})
other = Task(data="plain text")

def failure(error):
    try:
        raise error
    except BaseException:
        return sys.exc_info()

ctx = dict(job=job, agreement=agr, activity=act)
for event in [
    e.JobStarted(job=job),
    e.JobFinished(job=job),
    e.JobFinished(job=job, exc_info=failure(RuntimeError("all workers failed"))),
    e.NoProposalsConfirmed(job=job, timeout=timedelta(seconds=30)),
    e.AgreementCreated(job=job, agreement=agr),
    e.AgreementTerminated(job=job, agreement=agr, reason={"message": "Work finished"}),
    e.WorkerStarted(job=job, agreement=agr),
    e.ActivityCreated(**ctx),
    e.ActivityCreateFailed(job=job, agreement=agr, exc_info=failure(OSError("no"))),
    e.TaskStarted(**ctx, task=task),
    e.TaskAccepted(**ctx, task=task),
    e.TaskRejected(**ctx, task=other, reason="bad output"),
    e.WorkerFinished(**ctx),
    e.WorkerFinished(
        **ctx,
        exc_info=failure(CommandExecutionError("Run /bin/false ()", "exit code 1", "oops")),
    ),
    e.ExecutionInterrupted(exc_info=failure(KeyboardInterrupt())),
    e.ShutdownFinished(),
]:
    print(repr(event))
"""


def _failure(error: BaseException) -> tuple[type[BaseException], BaseException, TracebackType]:
    try:
        raise error
    except BaseException:
        kind, value, tb = sys.exc_info()
        assert kind is not None and value is not None and tb is not None
        return kind, value, tb


def _ours() -> list[str]:
    job = Job(id="1", expiration_time=datetime(2030, 1, 1, tzinfo=timezone.utc))
    agr = AgreementInfo.create("agr-1", "0xprov", {"golem.node.id.name": "prov-1"})
    act = ActivityInfo("act-1", "agr-1")
    task: Task[Any, Any] = Task(data={"frame": 3})
    other: Task[Any, Any] = Task(data="plain text")
    ctx: dict[str, Any] = {"job": job, "agreement": agr, "activity": act}
    failed = CommandExecutionError("Run /bin/false ()", "exit code 1", "oops")
    built: list[events.Event] = [
        events.JobStarted(job=job),
        events.JobFinished(job=job),
        events.JobFinished(job=job, exc_info=_failure(RuntimeError("all workers failed"))),
        # our additions (offers collected, rejection reasons) stay out of the repr
        events.NoProposalsConfirmed(
            job=job, timeout=timedelta(seconds=30), offers_collected=3, rejection_reasons={"x": 3}
        ),
        events.AgreementCreated(job=job, agreement=agr),
        events.AgreementTerminated(job=job, agreement=agr, reason={"message": "Work finished"}),
        events.WorkerStarted(job=job, agreement=agr),
        events.ActivityCreated(**ctx),
        events.ActivityCreateFailed(job=job, agreement=agr, exc_info=_failure(OSError("no"))),
        events.TaskStarted(**ctx, task=task),
        events.TaskAccepted(**ctx, task=task),
        events.TaskRejected(**ctx, task=other, reason="bad output"),
        events.WorkerFinished(**ctx),
        events.WorkerFinished(**ctx, exc_info=_failure(failed)),
        events.ExecutionInterrupted(exc_info=_failure(KeyboardInterrupt())),
        events.ShutdownFinished(),
    ]
    return [repr(event) for event in built]


def _renumber_tasks(lines: list[str]) -> list[str]:
    """Task ids relative to the first task of the side (each library counts per process)."""
    ids = [int(m) for line in lines for m in re.findall(r"Task\(id=(\d+)", line)]
    first = min(ids)
    return [re.sub(r"Task\(id=(\d+)", lambda m: f"Task(id={int(m[1]) - first})", x) for x in lines]


@pytest.fixture(scope="module")
def yapapi_lines() -> list[str]:
    python = ensure_yapapi(default_venv())
    done = subprocess.run(
        [str(python), "-c", YAPAPI_SIDE], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.splitlines()


def test_event_reprs_are_yapapis(yapapi_lines: list[str]) -> None:
    ours = _renumber_tasks(_ours())
    theirs = _renumber_tasks(yapapi_lines)
    assert len(theirs) == len(ours)
    for mine, yapapis in zip(ours, theirs, strict=True):
        assert mine == yapapis


def test_the_comparison_sees_the_fields_that_matter(yapapi_lines: list[str]) -> None:
    """Guards the test above: yapapi's lines carry the parts we claim to match."""
    worker_failed = yapapi_lines[13]
    assert worker_failed.startswith("WorkerFinished(exception=CommandExecutionError(")
    assert "job=Job(id=1), agreement=Agreement(id=agr-1), activity=Activity(id=act-1)" in (
        worker_failed
    )
