"""`--logs` of a chaos run: made up front, or refused with what was wrong."""

from __future__ import annotations

import logging
from pathlib import Path

from bench.chaos.__main__ import prepare_logs
from bench.chaos.run import network_log


def test_a_missing_logs_directory_is_made_with_its_parents(tmp_path: Path) -> None:
    logs = tmp_path / "runs" / "seed-1"
    assert prepare_logs(logs) is None
    assert logs.is_dir()


def test_a_logs_path_under_a_file_is_refused_naming_it(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    problem = prepare_logs(blocker / "logs")
    assert problem is not None
    assert problem.startswith(f"--logs {blocker / 'logs'}: ")


def test_no_logs_asked_nothing_made() -> None:
    assert prepare_logs(None) is None


def test_the_networks_own_story_goes_to_the_file_while_open(tmp_path: Path) -> None:
    path = tmp_path / "network.log"
    logger = logging.getLogger("golem_localnet.provider.exeunits")
    with network_log(path):
        logger.info("exe-unit %s started as pid %d", "act-1", 4242)
    logger.info("after the run: not kept")
    text = path.read_text()
    assert "exe-unit act-1 started as pid 4242" in text
    assert "not kept" not in text
    assert not any(
        isinstance(h, logging.FileHandler) for h in logging.getLogger("golem_localnet").handlers
    )


def test_no_logs_asked_no_network_log(tmp_path: Path) -> None:
    with network_log(None):
        logging.getLogger("golem_localnet").info("nowhere")
    assert list(tmp_path.iterdir()) == []
