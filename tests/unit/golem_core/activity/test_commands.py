"""Exe-script commands against the JSON yagna reads and writes (no daemon)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest

from golem_core.activity.commands import (
    AtEnd,
    Capture,
    CaptureFormat,
    Command,
    Deploy,
    FileSetObject,
    HostVolume,
    Network,
    ProgressArgs,
    RamVolume,
    Run,
    Sign,
    Start,
    StorageVolume,
    Stream,
    Terminate,
    Transfer,
    command_from_json,
    command_to_json,
    format_duration,
    parse_duration,
    script_from_text,
    script_text,
)

# What we write, command by command: serde's shapes, optional fields at their default left out.
WRITTEN: list[tuple[Command, dict[str, Any]]] = [
    (Deploy(), {"deploy": {}}),
    (Start(), {"start": {"args": []}}),
    (Start(["--fast"]), {"start": {"args": ["--fast"]}}),
    (Sign(), {"sign": {}}),
    (Terminate(), {"terminate": {}}),
    (Run("/bin/ls"), {"run": {"entry_point": "/bin/ls", "args": []}}),
    (
        Run(
            "/bin/sh",
            ["-c", "echo hi"],
            capture=Capture(
                stdout=AtEnd(head=10, format=CaptureFormat.STR),
                stderr=Stream(limit=5, format=CaptureFormat.BIN),
            ),
        ),
        {
            "run": {
                "entry_point": "/bin/sh",
                "args": ["-c", "echo hi"],
                "capture": {
                    "stdout": {"atEnd": {"head": 10, "format": "str"}},
                    "stderr": {"stream": {"limit": 5, "format": "bin"}},
                },
            }
        },
    ),
    (
        Run("x", capture=Capture(stdout=AtEnd(tail=3), stderr=AtEnd(head_tail=4))),
        {
            "run": {
                "entry_point": "x",
                "args": [],
                "capture": {"stdout": {"atEnd": {"tail": 3}}, "stderr": {"atEnd": {"headTail": 4}}},
            }
        },
    ),
    (
        Run("x", capture=Capture(stdout=AtEnd(), stderr=Stream())),
        {
            "run": {
                "entry_point": "x",
                "args": [],
                "capture": {"stdout": {"atEnd": {}}, "stderr": {"stream": {}}},
            }
        },
    ),
    (
        Transfer("gftp://0x1/a", "container:/in"),
        {"transfer": {"from": "gftp://0x1/a", "to": "container:/in"}},
    ),
    (
        Transfer(
            "http://host/data.zip",
            "container:/app/in/",
            format="zip.0",
            depth=0,
            fileset=[FileSetObject(includes="out/*", excludes=["*.tmp", ".gitignore"])],
            progress=ProgressArgs(update_interval=timedelta(seconds=1), update_step=1024),
        ),
        {
            "transfer": {
                "from": "http://host/data.zip",
                "to": "container:/app/in/",
                "format": "zip.0",
                "depth": 0,
                "fileset": [{"includes": "out/*", "excludes": ["*.tmp", ".gitignore"]}],
                "progress": {"updateInterval": "1s", "updateStep": 1024},
            }
        },
    ),
    (Transfer("a", "b", fileset="*.o"), {"transfer": {"from": "a", "to": "b", "fileset": "*.o"}}),
    (
        Deploy(
            net=[
                Network(
                    id="net-1",
                    ip="10.0.0.0",
                    mask="255.255.255.0",
                    node_ip="10.0.0.2",
                    nodes={"10.0.0.1": "0xabc"},
                )
            ],
            hosts={"db": "10.0.0.3"},
            hostname="worker",
            env={"MODE": "test"},
            volumes={
                "/golem/input": HostVolume(),
                "/tmp": RamVolume(size="1GiB"),
                "/storage": StorageVolume(size="10GiB", preallocate="2GiB"),
            },
            progress=ProgressArgs(),
        ),
        {
            "deploy": {
                "net": [
                    {
                        "id": "net-1",
                        "ip": "10.0.0.0",
                        "mask": "255.255.255.0",
                        "nodeIp": "10.0.0.2",
                        "nodes": {"10.0.0.1": "0xabc"},
                    }
                ],
                "hosts": {"db": "10.0.0.3"},
                "hostname": "worker",
                "env": {"MODE": "test"},
                "volumes": {
                    "/golem/input": {"host": {}},
                    "/tmp": {"ram": {"size": "1GiB"}},
                    "/storage": {"storage": {"size": "10GiB", "preallocate": "2GiB"}},
                },
                "progress": {},
            }
        },
    ),
    (Deploy(volumes=["/golem/work"]), {"deploy": {"volumes": ["/golem/work"]}}),
]


@pytest.mark.parametrize(("command", "wire"), WRITTEN)
def test_each_command_is_written_as_yagna_reads_it(command: Command, wire: dict[str, Any]) -> None:
    assert command_to_json(command) == wire


@pytest.mark.parametrize(("command", "wire"), WRITTEN)
def test_each_command_reads_back_from_its_json(command: Command, wire: dict[str, Any]) -> None:
    assert command_from_json(wire) == command


def test_script_text_is_one_compact_json_array() -> None:
    text = script_text([Deploy(), Start(), Run("/bin/echo", ["ü"])])
    assert (
        text
        == '[{"deploy":{}},{"start":{"args":[]}},{"run":{"entry_point":"/bin/echo","args":["ü"]}}]'
    )
    assert script_from_text(text) == (Deploy(), Start(), Run("/bin/echo", ["ü"]))


# The Exec message the requestor daemon (yagna 0.17.6) forwarded to an exe-unit for a batch we
# sent: serde's long form, every default written out, sizes as byte counts (seen running).
DAEMON_LONG_FORM = """[
 {"deploy": {"env": {}, "hostname": null, "hosts": {}, "net": [], "progress": null}},
 {"start": {"args": []}},
 {"run": {"args": ["-c", "x"], "capture": {"stderr": {"stream": {"format": "bin", "limit": 5}},
   "stdout": {"atEnd": {"format": "str", "head": 10}}}, "entry_point": "/bin/sh"}},
 {"transfer": {"depth": 1, "fileset": [{"desc": null, "excludes": ["y"], "includes": "x"}],
   "format": "zip", "from": "a", "progress": {"updateInterval": "1s 500ms", "updateStep": 3},
   "to": "b"}},
 {"deploy": {"env": {"A": "B"}, "hostname": "me", "hosts": {"h": "1.2.3.4"},
   "net": [{"gateway": null, "id": "n", "ip": "10.0.0.0", "mask": "255.255.255.0",
            "nodeIp": "10.0.0.2", "nodes": {"10.0.0.1": "0xabc"}}],
   "progress": {"updateInterval": null, "updateStep": null},
   "volumes": {"/a": {"host": {}}, "/b": {"ram": {"size": 1073741824}},
               "/c": {"storage": {"errors": "panic", "preallocate": 2147483648, "size": 1000}}}}},
 {"deploy": {"env": {}, "hostname": null, "hosts": {}, "net": [], "progress": null,
   "volumes": ["/x"]}},
 {"sign": {}},
 {"terminate": {}},
 {"run": {"args": [], "capture": {"stdout": {"atEnd": {"format": "bin"}}}, "entry_point": "x"}}
]"""


def test_the_daemons_long_form_reads_as_the_same_commands() -> None:
    assert script_from_text(DAEMON_LONG_FORM) == (
        Deploy(),
        Start(),
        Run(
            "/bin/sh",
            ["-c", "x"],
            capture=Capture(
                stdout=AtEnd(head=10, format=CaptureFormat.STR),
                stderr=Stream(limit=5, format=CaptureFormat.BIN),
            ),
        ),
        Transfer(
            "a",
            "b",
            format="zip",
            depth=1,
            fileset=[FileSetObject(includes="x", excludes=["y"])],
            progress=ProgressArgs(update_interval=timedelta(seconds=1.5), update_step=3),
        ),
        Deploy(
            net=[
                Network(
                    id="n",
                    ip="10.0.0.0",
                    mask="255.255.255.0",
                    node_ip="10.0.0.2",
                    nodes={"10.0.0.1": "0xabc"},
                )
            ],
            hosts={"h": "1.2.3.4"},
            hostname="me",
            env={"A": "B"},
            volumes={
                "/a": HostVolume(),
                "/b": RamVolume(size=1073741824),
                "/c": StorageVolume(size=1000, preallocate=2147483648, errors="panic"),
            },
            progress=ProgressArgs(),
        ),
        Deploy(volumes=["/x"]),
        Sign(),
        Terminate(),
        Run("x", capture=Capture(stdout=AtEnd(format=CaptureFormat.BIN))),
    )


def test_long_spellings_of_the_capture_format_are_read() -> None:
    wire = {"run": {"entry_point": "x", "capture": {"stdout": {"stream": {"format": "binary"}}}}}
    command = command_from_json(wire)
    assert command == Run("x", capture=Capture(stdout=Stream(format=CaptureFormat.BIN)))
    string = {"run": {"entry_point": "x", "capture": {"stdout": {"atEnd": {"format": "string"}}}}}
    assert command_from_json(string) == Run(
        "x", capture=Capture(stdout=AtEnd(format=CaptureFormat.STR))
    )


def test_unknown_keys_are_ignored_as_serde_does() -> None:
    assert command_from_json({"run": {"entry_point": "x", "env": {"A": "B"}}}) == Run("x")


@pytest.mark.parametrize(
    ("wire", "why"),
    [
        ({"bogus": {}}, "unknown command 'bogus'"),
        ({"run": {}}, "required field missing @ $.entry_point"),
        ({"run": {"entry_point": 1}}, "expected a string, got 1 @ $.entry_point"),
        ({"run": {"entry_point": "x", "args": "-l"}}, "$.args"),
        ({"start": {}, "run": {}}, "exactly one key"),
        ([], "exactly one key"),
        ({"transfer": {"from": "a", "to": "b", "depth": -1}}, "depth must not be negative"),
        ({"transfer": {"from": "a", "to": "b", "depth": True}}, "expected an integer"),
        ({"transfer": {"from": "a", "to": "b", "fileset": 3}}, "not a file set"),
        ({"deploy": {"volumes": {"/a": {"nfs": {}}}}}, "unknown volume 'nfs'"),
        ({"deploy": {"progress": {"updateInterval": "soon"}}}, "not a duration: 'soon'"),
        (
            {"run": {"entry_point": "x", "capture": {"stdout": {"atEnd": {"head": 1, "tail": 2}}}}},
            "at most one of head, tail and head_tail",
        ),
        (
            {"run": {"entry_point": "x", "capture": {"stdout": {"later": {}}}}},
            "unknown capture mode",
        ),
    ],
)
def test_what_is_not_a_command_says_why(wire: object, why: str) -> None:
    with pytest.raises(ValueError, match="not an exe-script command") as error:
        command_from_json(wire)
    assert why in str(error.value)


def test_a_batch_is_an_array() -> None:
    with pytest.raises(ValueError, match="a batch is a JSON array"):
        script_from_text(json.dumps({"deploy": {}}))


def test_constructors_refuse_what_serde_would_refuse() -> None:
    with pytest.raises(ValueError, match="at most one of head, tail and head_tail"):
        AtEnd(head=1, tail=1)
    with pytest.raises(ValueError, match="limit must not be negative"):
        Stream(limit=-1)
    with pytest.raises(TypeError, match="only globs or only FileSetObjects"):
        Transfer("a", "b", fileset=["*.o", FileSetObject(includes="x")])
    with pytest.raises(TypeError, match="expected a list of strings"):
        Run("/bin/sh", "-c")


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (timedelta(seconds=2), "2s"),
        (timedelta(milliseconds=300), "300ms"),
        (timedelta(microseconds=250), "250us"),
        (timedelta(minutes=1, milliseconds=1), "60001ms"),
        (timedelta(0), "0s"),
    ],
)
def test_durations_are_written_in_humantime(duration: timedelta, text: str) -> None:
    assert format_duration(duration) == text
    assert parse_duration(text) == duration


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("1s 500ms", timedelta(seconds=1.5)),
        ("2m", timedelta(minutes=2)),
        ("1h 2min 3secs", timedelta(hours=1, minutes=2, seconds=3)),
        ("1day", timedelta(days=1)),
        ("15µs", timedelta(microseconds=15)),
    ],
)
def test_durations_as_serde_writes_them_are_read(text: str, duration: timedelta) -> None:
    assert parse_duration(text) == duration


@pytest.mark.parametrize("text", ["", "5", "5 parsecs", "1s and more", "-1s", "s"])
def test_what_is_not_a_duration_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("build", "error", "named"),
    [
        (lambda: Run("/bin/echo", ("a", 5)), TypeError, "got 5 in"),  # type: ignore[arg-type]
        (lambda: Run("/bin/echo", "a b"), TypeError, "the string 'a b'"),
        (lambda: Run(""), ValueError, "entry_point must name a program, got ''"),
        (lambda: Run(None), ValueError, "entry_point must name a program, got None"),  # type: ignore[arg-type]
        (
            lambda: command_from_json({"run": {"entry_point": "/bin/sh", "args": [1]}}),
            ValueError,
            "1",
        ),
    ],
    ids=["int-arg", "string-args", "empty-program", "no-program", "json-int-arg"],
)
def test_a_command_the_daemon_would_refuse_is_refused_here(
    build: Any, error: type[Exception], named: str
) -> None:
    with pytest.raises(error, match=re.escape(named)):
        build()
