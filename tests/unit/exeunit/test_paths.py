"""Container paths to host paths, and `/golem/...` inside command arguments."""

from __future__ import annotations

from pathlib import Path

import pytest

from golem_localnet.exeunit.paths import ActivityDirs, PathError

DIRS = ActivityDirs(Path("/w/act"))


@pytest.mark.parametrize(
    ("container", "host"),
    [
        ("/golem/input", "/w/act/input"),
        ("/golem/input/task.json", "/w/act/input/task.json"),
        ("/golem/output/a/b.png", "/w/act/output/a/b.png"),
        ("/golem/resources/x", "/w/act/resources/x"),
        ("/golem/work/", "/w/act/work"),
    ],
)
def test_resolve(container: str, host: str) -> None:
    assert DIRS.resolve(container) == Path(host)


@pytest.mark.parametrize(
    ("container", "text"),
    [
        ("/golem/inputs/x", "path not found in container"),
        ("/etc/passwd", "path not found in container"),
        ("/golem", "path not found in container"),
        ("/golem/input//x", "invalid path format"),
        ("/golem/input/../../etc", "invalid path format"),
    ],
)
def test_resolve_refuses(container: str, text: str) -> None:
    with pytest.raises(PathError, match=text):
        DIRS.resolve(container)


@pytest.mark.parametrize(
    ("arg", "translated"),
    [
        ("/golem/output/x", "/w/act/output/x"),
        ("/golem/work", "/w/act/work"),
        (
            "echo hi > /golem/output/x; cat '/golem/input/y'",
            "echo hi > /w/act/output/x; cat '/w/act/input/y'",
        ),
        ("--out=/golem/output", "--out=/w/act/output"),
        ("/golem/workers/x", "/golem/workers/x"),
        ("/tmp/golem/work", "/tmp/golem/work"),
        ("/golem/other", "/golem/other"),
        ("plain", "plain"),
    ],
)
def test_translate(arg: str, translated: str) -> None:
    assert DIRS.translate(arg) == translated


def test_mounts_cover_the_four_volumes() -> None:
    assert DIRS.mounts() == {
        "/golem/input": Path("/w/act/input"),
        "/golem/output": Path("/w/act/output"),
        "/golem/resources": Path("/w/act/resources"),
        "/golem/work": Path("/w/act/work"),
    }
    assert DIRS.work == Path("/w/act/work")
