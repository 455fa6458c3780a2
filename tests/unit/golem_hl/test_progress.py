"""The progress display's state, from a scripted run's events, and its silence off a terminal."""

from __future__ import annotations

import io
import logging
from decimal import Decimal

from golem_hl import events
from golem_hl.progress import Progress, ProgressDisplay, describe, reduce
from golem_hl.records import ActivityInfo, AgreementInfo, DebitNoteInfo, InvoiceInfo
from golem_hl.services import ServiceState


class Job:
    id = "job-1"


class Task:
    def __init__(self, number: int) -> None:
        self.id = f"task-{number}"
        self.data = number


JOB = Job()


def agreement(letter: str) -> AgreementInfo:
    return AgreementInfo.create(f"agr-{letter}", f"0x{letter}", {"golem.node.id.name": letter})


A, B = agreement("a"), agreement("b")
ACT_A, ACT_B = ActivityInfo("act-a", "agr-a"), ActivityInfo("act-b", "agr-b")


def note(letter: str, total: str) -> events.DebitNoteAccepted:
    agr, act = (A, ACT_A) if letter == "a" else (B, ACT_B)
    info = DebitNoteInfo(f"dn-{letter}-{total}", agr.id, act.id, f"0x{letter}", total)
    return events.DebitNoteAccepted(JOB, agr, info)


def run(state: Progress, script: list[events.Event]) -> Progress:
    for event in script:
        state = reduce(state, event)
    return state


def test_tasks_agreements_and_spending_of_a_job() -> None:
    t1, t2 = Task(1), Task(2)
    state = run(
        Progress(total=3, budget=Decimal(5)),
        [
            events.JobStarted(JOB),
            events.AgreementCreated(JOB, A),
            events.AgreementConfirmed(JOB, A),
            events.AgreementConfirmed(JOB, B),
            events.TaskStarted(JOB, A, ACT_A, t1),
            events.TaskStarted(JOB, B, ACT_B, t2),
            events.TaskAccepted(JOB, A, ACT_A, t1),
            events.TaskRejected(JOB, B, ACT_B, t2, "bad"),
            events.TaskStarted(JOB, A, ACT_A, t2),  # retried: still one task
            events.TaskAccepted(JOB, A, ACT_A, t2),
            note("a", "0.2"),
            note("b", "0.05"),
            note("a", "0.1"),  # an older note accepted late does not lower the total
            events.AgreementTerminated(JOB, B, {"message": "done"}),
        ],
    )
    assert (len(state.tasks_started), len(state.tasks_done), state.retries) == (2, 2, 1)
    assert (len(state.agreements), state.agreements_running, len(state.providers)) == (2, 1, 2)
    assert state.spent == Decimal("0.25")
    assert describe(state) == (
        "tasks 2/3 (1 retried) | agreements 1 running, 2 signed (2 providers) | spent 0.25 of 5"
    )
    # the invoice replaces that agreement's debit notes
    invoiced = reduce(state, events.InvoiceAccepted(JOB, A, InvoiceInfo("i", A.id, "0xa", "0.3")))
    assert invoiced.spent == Decimal("0.35")


def test_without_a_total_tasks_are_counted_out_of_those_started() -> None:
    state = run(Progress(), [events.TaskStarted(JOB, A, ACT_A, Task(1))])
    assert describe(state) == "tasks 0/1 | agreements 0 running, 0 signed (0 providers) | spent 0"


def test_services_are_counted_by_state() -> None:
    one, two = object(), object()
    state = run(
        Progress(),
        [
            events.ServiceStateChanged(
                JOB, A, ACT_A, one, ServiceState.pending, ServiceState.starting
            ),
            events.ServiceStateChanged(
                JOB, A, ACT_A, one, ServiceState.starting, ServiceState.running
            ),
            events.ServiceStateChanged(
                JOB, B, ACT_B, two, ServiceState.pending, ServiceState.starting
            ),
        ],
    )
    assert describe(state).startswith("services 1 running, 1 starting | agreements")


def test_events_that_show_nothing_new_keep_the_same_state() -> None:
    state = Progress()
    assert reduce(state, events.JobStarted(JOB)) is state
    assert reduce(state, events.AgreementCreated(JOB, A)) is state


def test_off_a_terminal_the_display_draws_nothing_but_keeps_count() -> None:
    stream = io.StringIO()  # not a terminal
    with ProgressDisplay(total=1, stream=stream) as display:
        display(events.TaskStarted(JOB, A, ACT_A, Task(1)))
        display(events.TaskAccepted(JOB, A, ACT_A, Task(1)))
    assert not display.enabled
    assert stream.getvalue() == ""
    assert len(display.state.tasks_done) == 1


def test_when_enabled_the_last_state_is_left_on_screen() -> None:
    stream = io.StringIO()
    with ProgressDisplay(total=2, budget=1, stream=stream, enabled=True) as display:
        display(events.TaskAccepted(JOB, A, ACT_A, Task(1)))
    assert "tasks 1/2" in stream.getvalue() and "spent 0 of 1" in stream.getvalue()


def test_shutdown_stops_the_drawing() -> None:
    stream = io.StringIO()
    display = ProgressDisplay(total=1, stream=stream, enabled=True)
    display.start()
    display(events.TaskAccepted(JOB, A, ACT_A, Task(1)))
    display(events.ShutdownFinished())
    drawn = stream.getvalue()
    assert "tasks 1/1" in drawn
    display(events.TaskStarted(JOB, A, ACT_A, Task(2)))  # after the end: counted, not drawn
    assert stream.getvalue() == drawn and len(display.state.tasks_started) == 1


def test_log_lines_to_the_same_stream_go_through_the_display_while_it_draws() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("golem_hl.test_progress")
    logger.addHandler(handler)
    try:
        with ProgressDisplay(stream=stream, enabled=True):
            assert handler.stream is not stream  # rerouted through the display's console
            logger.warning("a line of log")
        assert handler.stream is stream
    finally:
        logger.removeHandler(handler)
    assert "a line of log\n" in stream.getvalue()
