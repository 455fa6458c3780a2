"""yapapi's script surface: progress arguments, a download from a URL, its module paths."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from golem_core import activity as core
from golem_hl.script import DownloadFileFromInternet, ProgressArgs, Script, script_ids
from golem_hl.script.capture import CaptureContext, CaptureMode
from golem_hl.script.command import Deploy, DownloadFile, SendBytes


class Env:
    node: Any = None
    activity_id: Any = "act-1"
    agreement_id: Any = "agr-1"
    stream_output = False


def test_progress_args_become_golem_cores() -> None:
    assert ProgressArgs(updateInterval="10min", updateStep=5).to_core() == core.ProgressArgs(
        update_interval=timedelta(minutes=10), update_step=5
    )
    assert ProgressArgs(updateInterval="250ms").to_core().update_interval == timedelta(
        milliseconds=250
    )
    with pytest.raises(ValueError, match="'soon'"):
        ProgressArgs(updateInterval="soon").to_core()
    deploy = Deploy(progress_args=ProgressArgs(updateInterval="5s")).evaluate(Env())
    assert isinstance(deploy, core.Deploy)
    assert deploy.progress == core.ProgressArgs(update_interval=timedelta(seconds=5))
    assert Deploy().evaluate(Env()) == core.Deploy()


def test_a_download_from_a_url_is_a_transfer_into_the_payload() -> None:
    command = DownloadFileFromInternet(
        "https://example.invalid/data.bin", "/golem/input/data.bin", ProgressArgs(updateStep=1)
    )
    assert command.evaluate(Env()) == core.Transfer(
        "https://example.invalid/data.bin",
        "container:/golem/input/data.bin",
        progress=core.ProgressArgs(update_step=1),
    )
    assert repr(command) == "DownloadFileFromInternet src=https://example.invalid/data.bin"


def test_yapapis_signatures_take_progress_args() -> None:
    progress = ProgressArgs(updateStep=2)
    assert SendBytes(b"x", "/f", progress_args=progress).progress_args is progress
    assert DownloadFile("/r", "/l", progress).progress_args is progress


def test_script_ids_and_capture_names() -> None:
    first = next(script_ids)
    assert next(script_ids) == first + 1
    assert Script.__name__ == "Script"
    assert CaptureMode("headTail") is CaptureMode.HEAD_TAIL
    assert CaptureContext.build("head", 10) == core.AtEnd(head=10)
