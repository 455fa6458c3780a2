"""Exe-script commands from an Exec body (parsed by golem_core), and the exe-unit's long form."""

from __future__ import annotations

import pytest

from golem_core.flexbuffers import FlexValue
from golem_localnet.exeunit.script import (
    AtEnd,
    Capture,
    CaptureFormat,
    CommandKind,
    Deploy,
    Run,
    ScriptError,
    Sign,
    Start,
    Stream,
    Terminate,
    Transfer,
    kind_of,
    parse_script,
    state_params,
    to_wire,
)

CAPTURE: FlexValue = {
    "stdout": {"atEnd": {"tail": 100, "format": "binary"}},
    "stderr": {"stream": {"limit": 5, "format": "string"}},
}


def test_a_typical_batch() -> None:
    script: FlexValue = [
        {"deploy": {"env": {"A": "1"}}},
        {"start": {}},
        {"run": {"entry_point": "/bin/sh", "args": ["-c", "ls"], "capture": CAPTURE}},
        {"transfer": {"from": "gftp://0xab/x", "to": "container:/golem/input/x"}},
        {"sign": {}},
        {"terminate": {}},
    ]
    commands = parse_script(script)
    assert commands == [
        Deploy(env={"A": "1"}),
        Start(),
        Run(
            "/bin/sh",
            ("-c", "ls"),
            capture=Capture(
                stdout=AtEnd(tail=100, format=CaptureFormat.BIN),
                stderr=Stream(limit=5, format=CaptureFormat.STR),
            ),
        ),
        Transfer("gftp://0xab/x", "container:/golem/input/x"),
        Sign(),
        Terminate(),
    ]
    assert [kind_of(c) for c in commands] == list(CommandKind)


def test_long_form_fills_defaults_like_serde() -> None:
    deploy, start, run, transfer, sign, terminate = parse_script(
        [
            {"deploy": {}},
            {"start": {}},
            {"run": {"entry_point": "/bin/ls", "capture": CAPTURE}},
            {"transfer": {"from": "a", "to": "b", "progress": {"updateInterval": "1s"}}},
            {"sign": {}},
            {"terminate": {}},
        ]
    )
    assert to_wire(deploy) == {
        "deploy": {"net": [], "hosts": {}, "hostname": None, "env": {}, "progress": None}
    }
    assert to_wire(start) == {"start": {"args": []}}
    assert to_wire(run) == {
        "run": {
            "entry_point": "/bin/ls",
            "args": [],
            "capture": {
                "stdout": {"atEnd": {"tail": 100, "format": "bin"}},
                "stderr": {"stream": {"limit": 5, "format": "str"}},
            },
        }
    }
    assert to_wire(transfer) == {
        "transfer": {
            "from": "a",
            "to": "b",
            "format": None,
            "depth": None,
            "fileset": None,
            "progress": {"updateInterval": "1s", "updateStep": None},
        }
    }
    assert to_wire(sign) == {"sign": {}}
    assert to_wire(terminate) == {"terminate": {}}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ([{"jump": {}}], "unknown command 'jump'"),
        ([{"run": {"args": []}}], "entry_point"),
        ([{"run": {"entry_point": "x", "args": "no"}}], "list of strings"),
        ([{"transfer": {"to": "b"}}], "from"),
        ([{"deploy": {}, "start": {}}], "exactly one key"),
        ({"run": {}}, "sequence of commands"),
    ],
)
def test_what_serde_would_refuse(value: FlexValue, text: str) -> None:
    with pytest.raises(ScriptError, match=text):
        parse_script(value)


def test_unknown_keys_are_ignored_as_the_daemon_drops_them() -> None:
    (run,) = parse_script([{"run": {"entry_point": "x", "env": {"A": "1"}, "timeout": 5}}])
    assert run == Run("x")


def test_state_params_like_ya_client() -> None:
    assert state_params(Run("/bin/echo", ("a", "b"))) == ["/bin/echo", "a", "b"]
    assert state_params(Transfer("a", "b")) == ["a", "b"]
    assert state_params(Start(("x",))) == ["x"]
    assert state_params(Sign()) is None
    assert CommandKind.TRANSFER.title == "Transfer"
