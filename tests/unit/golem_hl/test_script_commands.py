"""Scripts turn into exe-script commands; transfers go through golem_core.transfer."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import attrs
import pytest

from golem_core import activity as core
from golem_core.activity import AtEnd, CaptureFormat, Stream
from golem_core.ids import ActivityId, AgreementId
from golem_core.net import DeployNetwork
from golem_hl.executor import _commands as commands
from golem_hl.executor import _transfers
from golem_hl.executor._options import CaptureContext
from golem_hl.executor._script import Script


@attrs.frozen
class Env:
    node: Any = None
    activity_id: ActivityId = attrs.field(factory=lambda: ActivityId("act"))
    agreement_id: AgreementId = attrs.field(factory=lambda: AgreementId("agr"))
    stream_output: bool = False


class Published:
    def __init__(self, what: object) -> None:
        self.what = what
        self.url = "gftp://0xrequestor/published"
        self.closed = False

    async def close(self) -> None:
        self.closed = True


class Incoming:
    def __init__(self, data: bytes, path: Path | None = None) -> None:
        self.data = data
        self.path = path
        self.url = "gftp://0xrequestor/incoming"
        self.closed = False

    async def read_bytes(self, timeout: float | None = None) -> bytes:
        return self.data

    async def result(self, timeout: float | None = None) -> Path:
        assert self.path is not None
        self.path.write_bytes(self.data)
        return self.path

    async def close(self) -> None:
        self.closed = True


@pytest.fixture
def transfers(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """golem_core.transfer replaced: what was published, and what downloads receive."""
    seen: dict[str, Any] = {"published": [], "incoming": b'{"answer": 42}'}

    async def publish(node: Any, data: Any, *, for_activity: Any = None) -> Published:
        assert for_activity == ("act", "agr")
        seen["published"].append(data)
        return Published(data)

    async def receive(node: Any, limit: int, *, for_activity: Any = None) -> Incoming:
        seen["limit"] = limit
        return Incoming(seen["incoming"])

    async def receive_file(node: Any, path: Path, limit: int, **_: Any) -> Incoming:
        seen["limit"] = limit
        return Incoming(seen["incoming"], path)

    for name in ("publish_bytes", "publish_json", "publish_file"):
        monkeypatch.setattr(_transfers, name, publish)
    monkeypatch.setattr(_transfers, "receive_bytes", receive)
    monkeypatch.setattr(_transfers, "receive_file", receive_file)
    return seen


def script() -> Script:
    return Script(context=None, timeout=timedelta(seconds=30))  # type: ignore[arg-type]


async def test_deploy_start_run_terminate() -> None:
    s = script()
    s.deploy()
    s.start("--fast")
    s.run("/bin/echo", "hello")
    s.run("/bin/sh", "-c", "echo $X", env={"X": "1", "Y": "two words"})
    s.terminate()
    env = Env()
    evaluated = [c.evaluate(env) for c in s.commands]
    assert evaluated[0] == core.Deploy()
    assert evaluated[1] == core.Start(("--fast",))
    assert evaluated[2] == core.Run("/bin/echo", ("hello",), capture=core.Capture.at_end())
    # yagna has no environment on `run`: env(1) sets it
    assert evaluated[3] == core.Run(
        "/usr/bin/env",
        ("X=1", "Y=two words", "/bin/sh", "-c", "echo $X"),
        capture=core.Capture.at_end(),
    )
    assert evaluated[4] == core.Terminate()
    assert [repr(c) for c in s.commands] == [
        "Deploy {}",
        "Start ('--fast',)",
        "Run /bin/echo ('hello',)",
        "Run /bin/sh ('-c', 'echo $X')",
        "Terminate",
    ]
    assert s.timeout_seconds == 30.0


@pytest.mark.parametrize(
    ("args", "error", "named"),
    [
        (("/bin/echo", 5), TypeError, "got 5"),
        (("",), ValueError, "entry_point must name a program"),
    ],
)
def test_a_run_golem_core_refuses_fails_at_the_line_that_adds_it(
    args: tuple[Any, ...], error: type[Exception], named: str
) -> None:
    s = script()
    with pytest.raises(error, match=named):
        s.run(*args)
    assert s.commands == ()  # nothing queued to send


async def test_output_is_streamed_when_golem_streams_output() -> None:
    s = script()
    s.run("/bin/date")
    s.run("/bin/date", stdout=CaptureContext.build("head", 10), stderr=AtEnd())
    streamed = [c.evaluate(Env(stream_output=True)) for c in s.commands]
    assert streamed[0] == core.Run("/bin/date", capture=core.Capture.streaming())
    assert streamed[1] == core.Run(
        "/bin/date", capture=core.Capture(stdout=AtEnd(head=10), stderr=AtEnd())
    )


def test_capture_contexts_as_yapapi_names_them() -> None:
    assert CaptureContext.build() == AtEnd()
    assert CaptureContext.build("all", fmt="bin") == AtEnd(format=CaptureFormat.BIN)
    assert CaptureContext.build("tail", 5) == AtEnd(tail=5)
    assert CaptureContext.build("headTail", 7) == AtEnd(head_tail=7)
    assert CaptureContext.build("stream", 100, "str") == Stream(limit=100, format=CaptureFormat.STR)
    with pytest.raises(ValueError):
        CaptureContext.build("sometimes")


def test_deploy_arguments_take_network_records() -> None:
    net = DeployNetwork(
        id="net-1",  # type: ignore[arg-type]
        ip="192.168.0.0",
        mask="255.255.255.0",
        node_ip="192.168.0.2",
        nodes={"192.168.0.1": "0xreq", "192.168.0.2": "0xprov"},  # type: ignore[dict-item]
    )
    deploy = commands.Deploy(net=[net], env={"A": "b"}).evaluate(Env())
    assert isinstance(deploy, core.Deploy)
    assert deploy.env == {"A": "b"}
    [joined] = deploy.net
    assert (joined.id, joined.ip, joined.node_ip, joined.mask) == (
        "net-1",
        "192.168.0.0",
        "192.168.0.2",
        "255.255.255.0",
    )
    assert dict(joined.nodes) == {"192.168.0.1": "0xreq", "192.168.0.2": "0xprov"}


async def test_uploads_are_served_by_our_node(transfers: dict[str, Any], tmp_path: Path) -> None:
    s = script()
    s.upload_bytes(b"raw", "/golem/input/raw.bin")
    s.upload_json({"a": 1}, "/golem/input/a.json")
    s.upload_file(tmp_path / "local.txt", "container:/golem/input/local.txt")
    env = Env()
    for command in s.commands:
        await command.before(env)
    assert [c.evaluate(env) for c in s.commands] == [
        core.Transfer("gftp://0xrequestor/published", "container:/golem/input/raw.bin"),
        core.Transfer("gftp://0xrequestor/published", "container:/golem/input/a.json"),
        core.Transfer("gftp://0xrequestor/published", "container:/golem/input/local.txt"),
    ]
    assert transfers["published"] == [b"raw", {"a": 1}, tmp_path / "local.txt"]
    for command in s.commands:
        await command.cleanup()
    assert all(c._published.closed for c in s.commands)  # type: ignore[attr-defined]


async def test_downloads_hand_over_bytes_json_and_files(
    transfers: dict[str, Any], tmp_path: Path
) -> None:
    received: list[Any] = []

    async def keep_json(value: Any) -> None:  # callbacks may be coroutines...
        received.append(value)

    s = script()
    s.download_bytes("/golem/output/a.json", received.append, limit=100)  # ...or plain
    s.download_json("/golem/output/a.json", keep_json)
    s.download_file("/golem/output/a.json", tmp_path / "a.json")
    env = Env()
    for command in s.commands:
        await command.before(env)
        assert command.is_download
    assert s.commands[0].evaluate(env) == core.Transfer(
        "container:/golem/output/a.json", "gftp://0xrequestor/incoming"
    )
    for command in s.commands:
        await command.after(env)
    assert received == [b'{"answer": 42}', {"answer": 42}]
    assert json.loads((tmp_path / "a.json").read_text()) == {"answer": 42}
    assert s.commands[2].local_path == str(tmp_path / "a.json")  # type: ignore[attr-defined]


async def test_a_script_is_sent_once() -> None:
    s = script()
    s.run("/bin/true")
    assert len(s._take()) == 1
    with pytest.raises(Exception, match="sent already"):
        s._take()
    with pytest.raises(Exception, match="sent already"):
        s.run("/bin/false")
    assert Script(None).id != s.id  # type: ignore[arg-type]


@pytest.mark.parametrize("stream_output", [False, True])
def test_runs_that_name_no_capture_share_one_and_the_others_get_their_own(
    stream_output: bool,
) -> None:
    s = script()
    s.run("/bin/date")
    s.run("/bin/true")
    s.run("/bin/date", stdout=AtEnd(tail=3))
    s.run("/bin/date", stderr=Stream(limit=4))
    first, second, only_out, only_err = [
        cast(core.Run, c.evaluate(Env(stream_output=stream_output))) for c in s.commands
    ]
    default = Stream() if stream_output else AtEnd()
    assert first.capture == core.Capture(stdout=default, stderr=default)
    assert first.capture is second.capture  # made once, not per run (frozen)
    assert only_out.capture == core.Capture(stdout=AtEnd(tail=3), stderr=default)
    assert only_err.capture == core.Capture(stdout=default, stderr=Stream(limit=4))


def test_a_plain_run_is_sent_as_the_command_checked_when_it_was_added() -> None:
    s = script()
    s.run("/bin/echo", "hi")
    [run] = s.commands
    plain = Env(stream_output=False)
    evaluated = run.evaluate(plain)
    assert evaluated == core.Run("/bin/echo", ("hi",), capture=core.Capture.at_end())
    assert run.evaluate(plain) is evaluated  # made once, when the script added it
    cast(Any, run).args = ("changed",)  # whatever changed since is honoured
    assert run.evaluate(plain) == core.Run("/bin/echo", ("changed",), capture=core.Capture.at_end())
    assert cast(core.Run, run.evaluate(Env(stream_output=True))).capture == (
        core.Capture.streaming()
    )
