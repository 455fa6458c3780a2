"""Real yapapi 0.13.1 apps on the local network behave as on the real one.

Three apps run at once on the session's network (so CI waits out the long
one's 105 s once): yapapi's goth scenario of mid-agreement payments, the same
app on golem_hl, and a yapapi app with a service, a failing command, a gftp
round trip and the Python image. yapapi runs from its own virtualenv (the
bench's), with our gftp-compatible command first on its PATH.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.venv import default_venv, ensure_yapapi
from golem_localnet.network import LocalNetwork
from golem_localnet.provider.history import AgentEventKind

pytestmark = pytest.mark.live

APPS = Path(__file__).with_name("yapapi_apps.py")
CHECKOUT = Path(__file__).resolve().parents[2]
# a hang bound, not a goal: ~120 s on a quiet machine, far more under a loaded CI
RUN_WITHIN_S = 420.0
# yapapi's goth test: debit notes every 25-30 s (our provider keeps the requestor's 30)
AGREED_INTERVAL_S = 30
GRACE_S = 30  # yapapi's DEBIT_NOTE_INTERVAL_GRACE_PERIOD


def app_env(network: LocalNetwork, tmp_path: Path) -> dict[str, str]:
    shims = tmp_path / "bin"
    shims.mkdir(exist_ok=True)
    gftp = shims / "gftp"
    gftp.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m golem_localnet.gftp "$@"\n')
    gftp.chmod(0o755)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("YAGNA_", "GSB_"))}
    return {
        **base,
        **network.requestor_env(),
        "YAGNA_SUBNET": network.subnet,
        "GOLEM_REPOSITORY_URL": network.image_repository_url,
        "PATH": f"{shims}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(CHECKOUT),
    }


async def run_app(
    python: Path | str, library: str, app: str, env: dict[str, str], tmp_path: Path
) -> dict[str, Any]:
    """Run one app to its end in the background of the session's loop (the providers live there)."""
    out = tmp_path / f"{library}-{app}.json"
    process = await asyncio.create_subprocess_exec(
        str(python),
        str(APPS),
        *("--library", library, "--app", app, "--out", str(out)),
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    try:
        output = await asyncio.wait_for(process.stdout.read(), RUN_WITHIN_S)
        await process.wait()
    except asyncio.TimeoutError:
        process.kill()
        output = await process.stdout.read()
        await process.wait()
        tail = output.decode(errors="replace")[-6000:]
        raise AssertionError(f"{library} {app} still ran after {RUN_WITHIN_S} s:\n{tail}") from None
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    text = output.decode(errors="replace")
    assert process.returncode == 0, f"{library} {app}:\n{text[-6000:]}"
    report: dict[str, Any] = json.loads(out.read_text())
    report["output"] = text
    return report


def check_mid_agreement_payments(network: LocalNetwork, report: dict[str, Any]) -> None:
    """Finished, with a sane number of notes, paid as it went, never broken by the provider."""
    summary = {k: v for k, v in report.items() if k != "output"}
    why = f"{summary}\n{report['output'][-4000:]}"
    assert report["result"] == "slept\n", why
    assert all("Provider" not in reason for _, reason in report["terminated"]), why
    # the app may sign more than one agreement (and, on a slow machine, retry the
    # task under another); each that ran something is judged
    worked = [
        (agreement_id, provider.agent.history)
        for agreement_id in report["agreements"]
        for provider in network.providers
        if provider.agent.history.of(AgentEventKind.ACTIVITY_STARTED, agreement_id=agreement_id)
    ]
    assert worked, why
    paid_as_it_went = []
    for agreement_id, history in worked:
        notes = report["debit_notes"].get(agreement_id, 0)
        # ~105 s of work every 30 s, plus the last note: never more than yapapi tolerates
        assert notes <= (105 + GRACE_S) // AGREED_INTERVAL_S + 2, why
        ended = history.of(AgentEventKind.AGREEMENT_ENDED, agreement_id=agreement_id)
        assert all("by Provider" not in e.detail for e in ended), ended
        sent = history.of(AgentEventKind.DEBIT_NOTE_SENT, agreement_id=agreement_id)
        payable = [e for e in sent if "payable by" in e.detail]
        # one payable note per payment timeout (60-70 s), and the last one
        assert len(payable) <= 3, [e.detail for e in sent]
        activity_ended = history.of(AgentEventKind.ACTIVITY_ENDED, agreement_id=agreement_id)
        settled = history.of(AgentEventKind.DEBIT_NOTE_SETTLED, agreement_id=agreement_id)
        if activity_ended and settled and settled[0].at < activity_ended[0].at:
            assert notes >= 2 and len(payable) < len(sent), why
            paid_as_it_went.append(agreement_id)
    # a mid-agreement payment: a note settled while the long command still ran
    assert paid_as_it_went, why


@pytest.mark.timeout(RUN_WITHIN_S + 60)
@pytest.mark.asyncio(loop_scope="session")
async def test_yapapi_and_golem_hl_apps_behave_as_on_the_real_network(
    local_network: LocalNetwork, tmp_path: Path
) -> None:
    yapapi = await asyncio.to_thread(ensure_yapapi, default_venv())
    env = app_env(local_network, tmp_path)
    long_yapapi, long_hl, mixed = await asyncio.gather(
        run_app(yapapi, "yapapi", "long", env, tmp_path),
        run_app(sys.executable, "golem_hl", "long", env, tmp_path),
        run_app(yapapi, "yapapi", "mixed", env, tmp_path),
    )
    check_mid_agreement_payments(local_network, long_yapapi)
    check_mid_agreement_payments(local_network, long_hl)

    # a service: started, ran its script, stopped
    assert mixed["service_said"] == "service-up\n"
    states = mixed["service_states"]
    assert "running" in states and states[-1] == "terminated", states
    # a failing command reaches the worker as yapapi's error, with the exe-unit's message
    assert "exited with code 3" in mixed["task_fail"], mixed["task_fail"]
    # gftp both ways; commands run in /golem/work and their arguments are not rewritten
    assert mixed["downloaded"] == "HELLO GFTP\n"
    assert mixed["task_transfer"] == "/golem/work\n/golem/output/x\n"
    # the Python image has /usr/local/bin/python (and /usr/bin/time)
    assert mixed["task_python"].startswith("42\n"), mixed["task_python"]
