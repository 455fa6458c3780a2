"""The `golem-gftp` command line (yapapi runs it as `gftp server`; see tests/live/test_gftp.py)."""

from __future__ import annotations

import pytest

from golem_localnet.gftp.cli import DEFAULT_GSB_URL, gsb_url_from, main
from golem_localnet.gftp.server import VERSION


def test_version_starts_with_a_semver_at_least_0_7_3(capsys: pytest.CaptureFixture[str]) -> None:
    """yapapi reads the first word and uses `close` only from gftp 0.7.3 on."""
    assert main(["version"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == VERSION
    major, minor, patch = (int(part) for part in printed.split()[0].split("."))
    assert (major, minor, patch) >= (0, 7, 3)


def test_a_command_is_required() -> None:
    with pytest.raises(SystemExit):
        main([])


def test_the_router_comes_from_the_option_then_gsb_url_then_yagnas_default() -> None:
    env = {"GSB_URL": "tcp://127.0.0.1:7464"}
    assert gsb_url_from("unix:/x.sock", env) == "unix:/x.sock"
    assert gsb_url_from(None, env) == "tcp://127.0.0.1:7464"
    assert gsb_url_from(None, {}) == DEFAULT_GSB_URL == "unix:/tmp/yagna.sock"


def test_the_command_calls_itself_golem_gftp(capsys: pytest.CaptureFixture[str]) -> None:
    """Installed as `golem-gftp`: a `gftp` on PATH would shadow Golem's own binary."""
    with pytest.raises(SystemExit):
        main(["--help"])
    assert capsys.readouterr().out.startswith("usage: golem-gftp ")
