"""Command results and runtime events from the JSON the exe-unit writes (no daemon)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from golem_core.activity.commands import Deploy, Run
from golem_core.activity.data import ActivityState, State
from golem_core.activity.results import (
    CommandResult,
    RuntimeFinished,
    RuntimeProgress,
    RuntimeStarted,
    RuntimeStderr,
    RuntimeStdout,
    command_result_from_json,
    output_text,
    runtime_event_from_json,
)
from golem_core.exceptions import RemoteProtocolError
from golem_core.ids import BatchId

BATCH = BatchId("5bbd")


def test_a_successful_result_as_the_daemon_sent_it() -> None:
    # one element of a getExecBatchResults answer, as seen from yagna 0.17.6
    wire = json.loads(
        '{"index":0,"result":"Ok","stdout":"hello\\n","stderr":null,"message":null,'
        '"isBatchFinished":false,"eventDate":"2026-11-29T17:23:03.653089Z"}'
    )
    assert command_result_from_json(wire) == CommandResult(
        index=0,
        ok=True,
        stdout="hello\n",
        stderr=None,
        message=None,
        is_batch_finished=False,
        event_date=datetime(2026, 11, 29, 17, 23, 3, 653089, tzinfo=timezone.utc),
    )


def test_a_failed_result_with_binary_output_and_no_optional_keys() -> None:
    wire = {
        "index": 3,
        "result": "Error",
        "stderr": [98, 255, 0],
        "message": "exit 2",
        "isBatchFinished": True,
        "eventDate": "2026-11-29T19:23:03.653089123+02:00",
    }
    result = command_result_from_json(wire)
    assert (result.index, result.ok, result.message) == (3, False, "exit 2")
    assert result.stdout is None and result.stderr == b"b\xff\x00"
    assert result.is_batch_finished
    # nanoseconds are cut to microseconds, the offset becomes UTC
    assert result.event_date == datetime(2026, 11, 29, 17, 23, 3, 653089, tzinfo=timezone.utc)
    assert result.event_date.tzinfo is timezone.utc


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"result": "Maybe"}, 'result must be "Ok" or "Error"'),
        ({"stdout": [256]}, "output is a string or a list of bytes"),
        ({"stdout": 5}, "output is a string or a list of bytes"),
        ({"index": "0"}, "expected an integer"),
        ({"isBatchFinished": 1}, "expected true or false"),
        ({"eventDate": "yesterday"}, "eventDate"),
        ({"eventDate": None}, "eventDate"),
    ],
)
def test_an_unreadable_result_is_a_remote_protocol_error(
    change: dict[str, object], why: str
) -> None:
    wire = {
        "index": 0,
        "result": "Ok",
        "isBatchFinished": True,
        "eventDate": "2026-01-01T00:00:00Z",
    }
    with pytest.raises(RemoteProtocolError, match="unreadable command result") as error:
        command_result_from_json({**wire, **change})
    assert why in str(error.value)


def test_a_result_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(RemoteProtocolError, match="must be a JSON object"):
        command_result_from_json(["Ok"])


# `data` of the SSE events the requestor daemon sent (yagna 0.17.6, seen running)
STARTED = (
    '{"batch_id":"5bbd","index":0,"timestamp":"2026-11-29T17:23:04.676197",'
    '"kind":{"started":{"command":{"deploy":{"net":[],"hosts":{},"hostname":null,"env":{},'
    '"progress":null}}}}}'
)
STDOUT = (
    '{"batch_id":"5bbd","index":0,"timestamp":"2026-11-29T17:23:04.676847",'
    '"kind":{"stdout":"out1"}}'
)
STDERR = (
    '{"batch_id":"5bbd","index":0,"timestamp":"2026-11-29T17:23:04.677133",'
    '"kind":{"stderr":[1,2,255]}}'
)
PROGRESS = (
    '{"batch_id":"5bbd","index":0,"timestamp":"2026-11-29T17:23:04.677433",'
    '"kind":{"progress":{"step":[0,2],"message":null,"progress":[5,null],"unit":"Bytes"}}}'
)
FINISHED = (
    '{"batch_id":"5bbd","index":0,"timestamp":"2026-11-29T17:23:04.677852",'
    '"kind":{"finished":{"return_code":0,"message":null}}}'
)


def at(micros: int) -> datetime:
    return datetime(2026, 11, 29, 17, 23, 4, micros, tzinfo=timezone.utc)


def test_runtime_events_of_every_kind() -> None:
    assert runtime_event_from_json(json.loads(STARTED)) == RuntimeStarted(
        batch_id=BATCH, index=0, timestamp=at(676197), command=Deploy()
    )
    assert runtime_event_from_json(json.loads(STDOUT)) == RuntimeStdout(
        batch_id=BATCH, index=0, timestamp=at(676847), output="out1"
    )
    assert runtime_event_from_json(json.loads(STDERR)) == RuntimeStderr(
        batch_id=BATCH, index=0, timestamp=at(677133), output=b"\x01\x02\xff"
    )
    assert runtime_event_from_json(json.loads(PROGRESS)) == RuntimeProgress(
        batch_id=BATCH,
        index=0,
        timestamp=at(677433),
        step=(0, 2),
        progress=(5, None),
        unit="Bytes",
    )
    finished = runtime_event_from_json(json.loads(FINISHED))
    assert finished == RuntimeFinished(batch_id=BATCH, index=0, timestamp=at(677852), return_code=0)
    assert isinstance(finished, RuntimeFinished) and finished.ok


def test_a_naive_timestamp_is_utc_and_a_failure_is_not_ok() -> None:
    wire = {
        "batch_id": "b",
        "index": 2,
        "timestamp": "2026-11-29T17:23:04",
        "kind": {"finished": {"return_code": 137, "message": "killed"}},
    }
    event = runtime_event_from_json(wire)
    assert isinstance(event, RuntimeFinished)
    assert not event.ok and event.message == "killed"
    assert event.timestamp == datetime(2026, 11, 29, 17, 23, 4, tzinfo=timezone.utc)


def test_a_started_run_carries_the_command() -> None:
    wire = {
        "batch_id": "b",
        "index": 1,
        "timestamp": "2026-11-29T17:23:04.5",
        "kind": {"started": {"command": {"run": {"entry_point": "/bin/ls", "args": ["-l"]}}}},
    }
    event = runtime_event_from_json(wire)
    assert isinstance(event, RuntimeStarted) and event.command == Run("/bin/ls", ["-l"])


@pytest.mark.parametrize(
    ("kind", "why"),
    [
        ({"exploded": {}}, "unknown kind 'exploded'"),
        ({"finished": {}}, "return_code"),
        ({"stdout": {"text": "x"}}, "output is a string or a list of bytes"),
        ({"started": {"command": {"bogus": {}}}}, "unknown command 'bogus'"),
        ({"progress": {"step": [0], "progress": [1, 2]}}, "step"),
        ({}, "kind must be an object with exactly one key"),
    ],
)
def test_an_unreadable_runtime_event_is_a_remote_protocol_error(
    kind: dict[str, object], why: str
) -> None:
    wire = {"batch_id": "b", "index": 0, "timestamp": "2026-11-29T17:23:04", "kind": kind}
    with pytest.raises(RemoteProtocolError, match="unreadable runtime event") as error:
        runtime_event_from_json(wire)
    assert why in str(error.value)


def test_output_text_is_for_people() -> None:
    assert output_text(None) is None
    assert output_text("plain") == "plain"
    assert output_text(b"caf\xc3\xa9 \xff") == "café \ufffd"


def test_the_state_pair_and_whether_the_activity_lives() -> None:
    deploying = ActivityState(current=State.INITIALIZED, pending=State.DEPLOYED)
    assert deploying.pair == (State.INITIALIZED, State.DEPLOYED) and deploying.alive
    assert not ActivityState(current=State.TERMINATED).alive
    assert not ActivityState(current=State.READY, pending=State.TERMINATED).alive
    assert ActivityState(current=State.UNRESPONSIVE).alive
    assert [s.value for s in State] == [
        "New",
        "Initialized",
        "Deployed",
        "Ready",
        "Terminated",
        "Unresponsive",
    ]


@pytest.mark.parametrize(
    "wire",
    [
        {"index": 0, "result": "Ok", "eventDate": "2026-01-01T00:00:00Z"},
        {
            "index": 2,
            "result": "Error",
            "stdout": "out",
            "stderr": None,
            "message": "exit 1",
            "isBatchFinished": True,
            "eventDate": "2026-11-29T19:23:03.653089123+02:00",
            "unknown": "ignored",
        },
        {"index": 1, "result": "Ok", "stderr": [104, 105], "eventDate": "2026-01-01T00:00:00"},
    ],
)
def test_a_plain_result_is_read_as_the_converter_reads_it(wire: dict[str, object]) -> None:
    from golem_core.activity import results
    from golem_core.activity._wire import structure

    body = {k: v for k, v in wire.items() if k != "result"}
    body["ok"] = wire["result"] == "Ok"
    expected = structure(results._converter, body, CommandResult)
    assert command_result_from_json(wire) == expected
    plain = results._plain_result(wire)
    assert plain is None or plain == expected  # byte lists are left to the converter
