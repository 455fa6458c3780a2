"""Exe-units forked from the agent's fork server: set up as a freshly started one, reaped, reported.

No daemon: the exe-units get a GSB "router" that accepts and never answers, so
they stay in their start-up while the test looks at them (or one that is not
there, so they exit at once).
"""

from __future__ import annotations

import asyncio
import os
import signal
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from golem_core.ids import ActivityId, AgreementId
from golem_localnet.provider.exeunits import ExeUnitLaunch, ExeUnitStarter, ForkServer


def launch_in(root: Path, gsb_url: str, name: str = "act") -> ExeUnitLaunch:
    work_dir = root / "agr" / name
    work_dir.mkdir(parents=True)
    agreement = root / "agr" / "agreement.json"
    agreement.write_text("{}")
    return ExeUnitLaunch(
        activity_id=ActivityId(name),
        agreement_id=AgreementId("agr"),
        gsb_url=gsb_url,
        work_dir=work_dir,
        agreement_file=agreement,
    )


class SilentRouter:
    """A Unix socket that takes connections and never says a word."""

    def __init__(self, path: str) -> None:
        self.url = f"unix:{path}"
        self.connected = asyncio.Event()
        self.held: list[asyncio.StreamWriter] = []

    async def hold(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.held.append(writer)
        self.connected.set()


@pytest.fixture
async def silent_router() -> AsyncIterator[SilentRouter]:
    with tempfile.TemporaryDirectory(dir="/tmp") as directory:
        router = SilentRouter(os.path.join(directory, "gsb.sock"))
        server = await asyncio.start_unix_server(router.hold, router.url.removeprefix("unix:"))
        yield router
        server.close()
        held = router.held
        for writer in held:
            writer.close()


def parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


async def test_a_forked_exe_unit_is_set_up_as_a_started_one(
    tmp_path: Path, silent_router: SilentRouter
) -> None:
    server = ForkServer()
    await server.start()
    try:
        launch = launch_in(tmp_path, silent_router.url)
        child = await server.fork(launch)
        await silent_router.connected.wait()  # it runs the exe-unit: set up by now
        assert parent_of(child.pid) == server.pid
        assert os.readlink(f"/proc/{child.pid}/cwd") == str(launch.work_dir)
        assert os.readlink(f"/proc/{child.pid}/fd/0") == os.devnull
        assert os.readlink(f"/proc/{child.pid}/fd/1") == str(launch.log_file)
        assert os.readlink(f"/proc/{child.pid}/fd/2") == str(launch.log_file)
        child.send_signal(signal.SIGKILL)
        assert await child.wait() == -signal.SIGKILL
        assert child.returncode == -signal.SIGKILL
    finally:
        await server.close()
    assert not server.running


async def test_its_exit_status_and_output_are_the_exe_units(tmp_path: Path) -> None:
    server = ForkServer()
    await server.start()
    try:
        first = await server.fork(launch_in(tmp_path, "unix:/nonexistent/gsb.sock", "a1"))
        second = await server.fork(launch_in(tmp_path, "unix:/nonexistent/gsb.sock", "a2"))
        assert first.pid != second.pid
        assert await first.wait() == 1  # no router: the exe-unit gives up, as started afresh
        assert await second.wait() == 1
        log = (tmp_path / "agr" / "a1.log").read_text()
        assert "nonexistent" in log
    finally:
        await server.close()


async def test_the_server_ending_ends_what_it_forked(
    tmp_path: Path, silent_router: SilentRouter
) -> None:
    server = ForkServer()
    await server.start()
    child = await server.fork(launch_in(tmp_path, silent_router.url))
    await server.close()
    assert await child.wait() == -signal.SIGKILL
    with pytest.raises(OSError, match="not running"):
        await server.fork(launch_in(tmp_path, silent_router.url, "later"))


async def test_without_its_server_an_exe_unit_starts_afresh(
    tmp_path: Path, silent_router: SilentRouter
) -> None:
    starter = ExeUnitStarter()
    await starter.open()
    assert starter.server is not None
    forked = await starter.start(launch_in(tmp_path, silent_router.url, "forked"))
    assert parent_of(forked.pid) == starter.server.pid
    starter.kill()
    assert await forked.exited == -signal.SIGKILL
    fresh = await starter.start(launch_in(tmp_path, silent_router.url, "fresh"))
    assert parent_of(fresh.pid) == os.getpid()
    assert await fresh.stop(grace=5) in (0, -signal.SIGTERM, -signal.SIGKILL)
    await starter.close()


async def test_a_server_that_never_gets_ready_is_not_used(tmp_path: Path) -> None:
    server = ForkServer(python="/bin/false")  # exits before saying it is ready
    await server.start()
    assert not server.running
    with pytest.raises(OSError, match="not running"):
        await server.fork(launch_in(tmp_path, "unix:/nonexistent/gsb.sock"))
    await server.close()


async def test_a_server_whose_output_ended_is_not_used_while_it_still_runs(
    tmp_path: Path,
) -> None:
    """Its output ends before waitpid reports it (a killed server, on a busy machine)."""
    mute = tmp_path / "mute-server"
    mute.write_text("#!/bin/sh\necho '{\"ready\": 0}'\nexec 1>&-\nexec cat >/dev/null\n")
    mute.chmod(0o755)
    server = ForkServer(python=str(mute))
    await server.start()
    try:
        with pytest.raises(OSError, match="ended"):
            await server.fork(launch_in(tmp_path, "unix:/nonexistent/gsb.sock", "a1"))
        assert not server.running
        with pytest.raises(OSError, match="not running"):
            await server.fork(launch_in(tmp_path, "unix:/nonexistent/gsb.sock", "a2"))
    finally:
        await server.close()
