"""golem_hl's task API end to end on the local Golem network (our providers, a local chain).

Each test runs a real job: negotiation with our provider agents, activities on
our exe-unit, scripts, file transfer through the requestor's daemon, and
invoices paid from the allocation.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from golem_core.ids import AgreementId, NodeId
from golem_core.market import Agreement
from golem_core.node import GolemNode
from golem_core.payment import PaymentTerms
from golem_hl import Script, Task, WorkContext, events
from golem_hl._engine.convert import agreement_info
from golem_localnet.network import LocalNetwork
from tests.live.hl_support import Recorder, golem_on, package_on

pytestmark = [pytest.mark.live, pytest.mark.asyncio(loop_scope="session")]

# the main line of one task's life, as yapapi orders it
ONE_TASK_ORDER: list[type[events.Event]] = [
    events.JobStarted,
    events.SubscriptionCreated,
    events.ProposalReceived,
    events.ProposalResponded,
    events.ProposalConfirmed,
    events.AgreementCreated,
    events.AgreementConfirmed,
    events.WorkerStarted,
    events.ActivityCreated,
    events.TaskStarted,
    events.ScriptSent,
    events.CommandStarted,
    events.CommandExecuted,
    events.GettingResults,
    events.ScriptFinished,
    events.TaskAccepted,
    events.TaskFinished,
    events.WorkerFinished,
    events.AgreementTerminated,
    events.JobFinished,
    events.ShutdownFinished,
]
# the bill comes once the agreement ended (before or after the job's end: it is the provider's)
PAYMENT_ORDER: list[type[events.Event]] = [
    events.AgreementTerminated,
    events.InvoiceReceived,
    events.InvoiceAccepted,
    events.ShutdownFinished,
]


def assert_in_order(found: list[events.Event], order: list[type[events.Event]]) -> None:
    """`order` appears in `found` as a subsequence, with timestamps that never go back."""
    position, times = 0, []
    for kind in order:
        while not isinstance(found[position], kind):
            position += 1
            assert position < len(found), f"{kind.__name__} missing or out of order"
        times.append(found[position].timestamp)
    assert times == sorted(times)


async def date_worker(
    ctx: WorkContext, tasks: AsyncIterator[Task[Any, Any]]
) -> AsyncIterator[Script]:
    async for task in tasks:
        script = ctx.new_script()
        future_result = script.run("/bin/sh", "-c", "date")
        yield script
        task.accept_result(result=await future_result)


async def test_hello_world(local_network: LocalNetwork) -> None:
    recorder = Recorder()
    package = await package_on(local_network)
    async with golem_on(local_network, recorder) as golem:
        done = [t async for t in golem.execute_tasks(date_worker, [Task(data=None)], package)]
    assert len(done) == 1
    executed = done[0].result
    assert isinstance(executed, events.CommandExecuted) and executed.success
    assert executed.stdout and "UTC" in executed.stdout

    # the events of the task's provider come in yapapi's order, with times that agree
    agreement = recorder.first(events.TaskStarted).agreement.id
    ours = [
        e
        for e in recorder.events
        if not isinstance(e, events.AgreementEvent) or e.agreement.id == agreement
    ]
    assert_in_order(ours, ONE_TASK_ORDER)
    assert_in_order(ours, PAYMENT_ORDER)
    recorder.assert_invoices_accepted()
    assert not recorder.of(events.PaymentFailed)


async def test_an_agreement_is_described_as_the_daemon_records_it(
    local_network: LocalNetwork,
) -> None:
    """golem_hl builds a new agreement's info and terms from the provider's Draft and our
    counter-proposal, without reading the agreement back: the daemon's record of it, read
    afterwards, gives the same (both sides' properties alike: names, numbers, lists)."""
    recorder = Recorder()
    package = await package_on(local_network)
    async with golem_on(local_network, recorder) as golem:
        done = [t async for t in golem.execute_tasks(date_worker, [Task(data=None)], package)]
    assert len(done) == 1
    created = recorder.of(events.AgreementCreated)
    assert created, recorder.story()
    node = GolemNode(
        app_key=local_network.requestor_app_key, api_url=local_network.requestor_api_url
    )
    async with node:
        for event in created:
            info = event.agreement
            record = await Agreement(node, AgreementId(info.id), NodeId(info.provider_id)).get()
            daemon_info = agreement_info(record)
            ours, theirs = info.details, daemon_info.details
            assert dict(ours.provider_view.properties) == dict(theirs.provider_view.properties)
            assert dict(ours.requestor_view.properties) == dict(theirs.requestor_view.properties)
            assert info == daemon_info
            local_terms = PaymentTerms.from_properties(ours.provider_view.properties)
            assert local_terms == PaymentTerms.from_properties(record.offer.properties)
    recorder.assert_invoices_accepted()


async def square_worker(
    ctx: WorkContext, tasks: AsyncIterator[Task[int, int]]
) -> AsyncIterator[Script]:
    async for task in tasks:
        script = ctx.new_script(timeout=timedelta(seconds=30))
        # half a second a task: long enough that a second worker pays for its start-up
        # (the job starts no worker that could not bring its end forward; see `_pacing`)
        command = f"sleep 0.5; echo $(( {task.data} * {task.data} ))"
        result = script.run("/bin/sh", "-c", command)
        yield script
        task.accept_result(result=int(((await result).stdout or "").strip()))


async def test_twenty_tasks_on_three_providers(local_network: LocalNetwork) -> None:
    recorder = Recorder()
    package = await package_on(local_network)
    tasks: list[Task[int, int]] = [Task(data=n) for n in range(20)]
    async with golem_on(local_network, recorder) as golem:
        done = [t async for t in golem.execute_tasks(square_worker, tasks, package, max_workers=3)]
    assert sorted(t.data for t in done) == list(range(20))
    assert all(t.result == t.data * t.data for t in done)
    assert len(recorder.of(events.TaskAccepted)) == 20
    providers = {e.agreement.provider_id for e in recorder.of(events.TaskFinished)}
    assert len(providers) >= 2, "the tasks should spread over the providers"
    assert len(recorder.of(events.WorkerStarted)) <= 3
    recorder.assert_invoices_accepted()


def _keeper(into: dict[str, Any]) -> Callable[[str], Callable[[Any], None]]:
    """`keep(name)`: a download callback that stores what arrives under `name`."""
    return lambda name: lambda value: into.update({name: value})


async def transfer_worker(
    ctx: WorkContext, tasks: AsyncIterator[Task[dict[str, Any], Any]]
) -> AsyncGenerator[Script, Awaitable[list[events.CommandExecuted]]]:
    async for task in tasks:
        received: dict[str, Any] = {}
        keep = _keeper(received)
        script = ctx.new_script()
        script.upload_bytes(task.data["bytes"], "/golem/input/data.bin")
        script.upload_json(task.data["json"], "/golem/input/data.json")
        script.run(
            "/bin/sh",
            "-c",
            "tr a-z A-Z < /golem/input/data.bin > /golem/output/upper.bin && "
            "cp /golem/input/data.json /golem/output/same.json && echo done",
        )
        script.download_bytes("/golem/output/upper.bin", keep("bytes"))
        script.download_json("/golem/output/same.json", keep("json"))
        script.download_file("/golem/output/upper.bin", task.data["file"])
        results = yield script
        received["results"] = await results
        task.accept_result(received)


@pytest.mark.parametrize("served", ["router", "gsb-api"])
async def test_upload_and_download_bytes_json_and_files(
    local_network: LocalNetwork, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: str
) -> None:
    # golem_core serves the files on the daemon's GSB router where it reaches it, else
    # through the GSB API (a router URL where nothing listens)
    gsb_url = local_network.requestor_env()["GSB_URL"]
    monkeypatch.setenv("GSB_URL", gsb_url if served == "router" else f"unix:{tmp_path}/none")
    recorder = Recorder()
    package = await package_on(local_network)
    payload = {"numbers": [1, 2, 3], "text": "zażółć", "nested": {"ok": True}}
    data = {"bytes": b"hello golem\n" * 1000, "json": payload, "file": tmp_path / "out.bin"}
    async with golem_on(local_network, recorder, stream_output=True) as golem:
        done = [t async for t in golem.execute_tasks(transfer_worker, [Task(data=data)], package)]
    result = done[0].result
    assert result is not None
    assert result["bytes"] == b"HELLO GOLEM\n" * 1000
    assert result["json"] == payload
    assert (tmp_path / "out.bin").read_bytes() == b"HELLO GOLEM\n" * 1000
    assert [e.success for e in result["results"]] == [True] * 6
    # with stream_output the command's output also came as it was produced
    assert "done\n" in [e.output for e in recorder.of(events.CommandStdOut)]
    assert len(recorder.of(events.DownloadStarted)) == 3
    finished = recorder.of(events.DownloadFinished)
    assert [e.path for e in finished] == [None, None, str(tmp_path / "out.bin")]
    assert json.loads(json.dumps(result["json"])) == payload
