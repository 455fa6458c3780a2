"""The examples, run as a user runs them: each in a process of its own.

`hello_world.py` is given no daemon, so it starts a whole local network
itself and stops it again: what the README's first command does. The others
are pointed at the session's local network (`--api-url`, `--app-key`,
`--subnet-tag`), which saves starting one each time. The tutorial's agent is
yapapi's requestor tutorial with only its imports (and the Blender image's
paths) changed. Ctrl-C in the middle of a job must leave nothing behind
(activities destroyed, agreements terminated, every invoice accepted, the
allocation released) without waiting out any timeout (CANCEL_WITHIN_S).
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from golem_localnet.network import LocalNetwork
from tests.live.hl_support import CANCEL_WITHIN_S

pytestmark = pytest.mark.live

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RUN_WITHIN_S = 120.0


def clean_env(network: LocalNetwork | None = None) -> dict[str, str]:
    """No daemon settings (the example starts its own network), or the given network's."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("YAGNA_", "GOLEM_REPOSITORY", "GSB_", "GOLEM_LOCALNET"))
    }
    if network is not None:
        env["GOLEM_REPOSITORY_URL"] = network.image_repository_url
    return env


def on(network: LocalNetwork) -> list[str]:
    env = network.requestor_env()
    return [
        *("--api-url", env["YAGNA_API_URL"]),
        *("--app-key", env["YAGNA_APPKEY"]),
        *("--subnet-tag", network.subnet),
    ]


async def run_example(
    name: str, args: Sequence[str], cwd: Path, env: dict[str, str]
) -> tuple[str, str]:
    """Run an example to its end in the event loop's background (the providers live there)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(EXAMPLES / name),
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), RUN_WITHIN_S)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    stdout, stderr = out.decode(), err.decode()
    assert process.returncode == 0, stdout + stderr
    return stdout, stderr


def test_hello_world_starts_its_own_network(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, str(EXAMPLES / "hello_world.py")],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=RUN_WITHIN_S,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "starting a local Golem network" in finished.stdout
    # `date` ran on a provider: e.g. "Sun Nov 29 18:01:56 UTC 2026"
    assert re.search(r"\b\d\d:\d\d:\d\d\b.*\b20\d\d$", finished.stdout, re.MULTILINE)


@pytest.mark.asyncio(loop_scope="session")
async def test_split_tasks(local_network: LocalNetwork, tmp_path: Path) -> None:
    args = [*on(local_network), "--tasks", "12", "--numbers", "12000"]
    out, err = await run_example("split_tasks.py", args, tmp_path, clean_env(local_network))
    assert "sum of squares of 1..12000: 576072002000 (correct)" in out
    assert len(re.findall(r"^task \d+ ", out, re.MULTILINE)) == 12
    assert "Golem engine has shut down" in err


@pytest.mark.asyncio(loop_scope="session")
async def test_yapapi_tutorial(local_network: LocalNetwork, tmp_path: Path) -> None:
    out, err = await run_example(
        "yapapi_tutorial.py", on(local_network), tmp_path, clean_env(local_network)
    )
    assert "6 tasks computed" in out
    assert "payment driver: erc20, and network: holesky" in err
    for frame in range(0, 60, 10):
        rendered = (tmp_path / f"output_{frame}.png").read_text()
        assert rendered.startswith(f"frame {frame} of cubes:")
    assert "Golem engine has shut down" in err


@pytest.mark.asyncio(loop_scope="session")
async def test_ctrl_c_during_a_job_cleans_up_fast(
    local_network: LocalNetwork, tmp_path: Path
) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(EXAMPLES / "split_tasks.py"),
        *on(local_network),
        *("--tasks", "6", "--slow", "60", "--max-workers", "3"),
        cwd=tmp_path,
        env=clean_env(local_network),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        # a shell that runs us in the background makes SIGINT ignored; a user's terminal does not
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    lines: list[str] = []

    async def read_until(pattern: str, within: float, count: int = 1) -> float:
        async def read() -> None:
            while sum(1 for line in lines if pattern in line) < count:
                line = await process.stdout.readline()  # type: ignore[union-attr]
                assert line, "the example ended early:\n" + "".join(lines)
                lines.append(line.decode())

        try:
            await asyncio.wait_for(read(), within)
        except asyncio.TimeoutError:
            raise AssertionError(f"no {pattern!r} within {within} s:\n" + "".join(lines)) from None
        return time.monotonic()

    try:
        await read_until("Task started on provider", RUN_WITHIN_S, count=3)
        interrupted = time.monotonic()
        process.send_signal(signal.SIGINT)
        shut_down = await read_until("Golem engine has shut down", 30)
        await read_until("Interrupted: the job was cancelled", 30)
        assert await asyncio.wait_for(process.wait(), 30) == 130
    finally:
        if process.returncode is None:  # let it clean up, whatever happened
            process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(process.wait(), 60)
            except asyncio.TimeoutError:
                process.kill()
                await process.wait()
    output = "".join(lines)
    took = shut_down - interrupted
    print(f"Ctrl-C: engine shut down {took:.2f} s after SIGINT")
    assert took < CANCEL_WITHIN_S, f"shutting down took {took:.1f} s:\n{output}"
    assert "Job cancelled" in output
    # one invoice per provider that ran a task, each accepted before the engine stopped
    assert "(3 invoices accepted)" in output, output
    assert "Task finished by provider" not in output
