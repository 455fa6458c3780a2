"""golem_core end to end on the local network: the custom-negotiation example, paid on chain;
transfer limits and batch timeouts as a requestor meets them; what one task costs in REST calls.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from golem_core import (
    Activity,
    Allocation,
    Batch,
    BatchError,
    BatchTimeoutError,
    Capture,
    Deploy,
    GolemNode,
    InvoiceOutcome,
    PaymentManager,
    Run,
    Start,
    Transfer,
    TransferLimitExceeded,
    receive_bytes,
)
from golem_core.activity import State
from golem_localnet.network import LocalNetwork
from golem_localnet.provider import AgentEventKind
from tests.live.conftest import LocalRequestor, requestor_on

pytestmark = pytest.mark.live
# the network's provider agents live in the session's event loop
on_session_loop = pytest.mark.asyncio(loop_scope="session")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "custom_negotiation.py"
# a local run takes ~15 s (network start, negotiation, batch, settlement ~5 s)
EXAMPLE_TIMEOUT_S = 120.0
# for an interrupted example to stop its network
STOP_TIMEOUT_S = 30.0
SUBNET = "core-e2e"


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def network() -> AsyncIterator[LocalNetwork]:
    """Two providers paid on a chain of their own, so balances move only for these tests."""
    async with LocalNetwork(providers=2, chain=True, subnet=SUBNET) as started:
        yield started


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def example_on_its_own() -> AsyncIterator[asyncio.Future[str]]:
    """The example with no daemon given, run beside the other tests of the module.

    It starts a network of its own and shares nothing with them, so the first
    test starts it and the last one reads what it printed: its ~15 s overlap.
    """
    run = asyncio.ensure_future(run_example(without_daemon(dict(os.environ))))
    yield run
    run.cancel()
    await asyncio.wait({run})


@pytest_asyncio.fixture(loop_scope="session")
async def requestor(network: LocalNetwork) -> AsyncIterator[LocalRequestor]:
    async with requestor_on(network) as ready:
        yield ready


async def run_example(env: dict[str, str], *args: str) -> str:
    """The example as a user runs it, from the checkout; its stdout (stderr in the failure)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(EXAMPLE),
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), EXAMPLE_TIMEOUT_S)
    except BaseException:  # timed out, or the test was cancelled: Ctrl-C lets it clean up
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT_S)
            finally:
                if process.returncode is None:
                    process.kill()
                    await process.wait()
        raise
    text = out.decode()
    assert process.returncode == 0, f"stdout:\n{text}\nstderr:\n{err.decode()}"
    return text


def steps(output: str) -> list[int]:
    return [int(n) for n in re.findall(r"^== (\d+)\. ", output, re.MULTILINE)]


def paid(output: str) -> tuple[Decimal, str, str]:
    """Amount, payee and invoice id of the example's `settled: paid ...` line."""
    found = re.search(r"settled: paid (\S+) GLM to (0x[0-9a-f]{40}) \(invoice (\S+)\)", output)
    assert found, output
    return Decimal(found[1]), found[2], found[3]


def without_daemon(environ: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in environ.items() if not k.startswith(("YAGNA_", "GSB_"))}


@on_session_loop
async def test_the_example_pays_its_provider_exactly_the_invoice_on_chain(
    example_on_its_own: asyncio.Future[str], network: LocalNetwork
) -> None:
    chain = network.chain
    assert chain is not None
    before = {p.node_id: chain.token_balance(p.node_id) for p in network.providers}

    env = {**without_daemon(dict(os.environ)), **network.requestor_env()}
    output = await run_example(env, "--offers", "2")

    assert steps(output) == list(range(1, 10)), output
    assert f"in subnet {SUBNET!r}" in output
    assert output.count("our job would cost") == 2 + 1  # both offers scored, one reason
    assert re.search(r"offer from provider-\d .* rejected: not chosen: our job would cost", output)
    assert "/bin/echo hello: ok -> stdout 'hello\\n'" in output
    assert "downloaded result file: b'HELLO FROM GOLEM_CORE\\n'" in output
    assert "invoice accepted; waiting until it is settled on chain" in output
    assert re.search(r"== 9\. allocation \S+ released", output)

    amount, payee, invoice_id = paid(output)
    [provider] = [p for p in network.providers if p.node_id == payee]
    history = provider.agent.history
    sent = await history.wait_for(AgentEventKind.INVOICE_SENT, document_id=invoice_id, timeout=5)
    assert sent.amount == amount
    await history.wait_for(AgentEventKind.INVOICE_SETTLED, document_id=invoice_id, timeout=30)
    after = {p.node_id: chain.token_balance(p.node_id) for p in network.providers}
    assert after[payee] - before[payee] == amount
    assert all(after[other] == before[other] for other in before if other != payee)
    # the one agreement: the other provider never got as far as an approval
    others = [p for p in network.providers if p is not provider]
    assert all(not p.agent.history.of(AgentEventKind.AGREEMENT_APPROVED) for p in others)


# --- what one task costs on the wire ---------------------------------------------------------

_ID_SEGMENT = re.compile(r"^(?:[RP]-)?[0-9a-fA-F-]{16,}$")


def endpoint(request: httpx.Request) -> str:
    """`GET /activity-api/v1/activity/{id}/exec/{id}`: the method and path, ids blanked out."""
    segments = ["{id}" if _ID_SEGMENT.match(s) else s for s in request.url.path.split("/")]
    return f"{request.method} {'/'.join(segments)}"


class CountingTransport(httpx.AsyncBaseTransport):
    """Counts every request that goes to the daemon, per endpoint, then sends it on."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.counts: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.counts[endpoint(request)] += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_endpoints_are_named_without_their_ids() -> None:
    base = "http://127.0.0.1:7465"
    agreement = "a" * 32 + "0123456789abcdef" * 2
    assert (
        endpoint(httpx.Request("GET", f"{base}/market-api/v1/agreements/{agreement}/wait"))
        == "GET /market-api/v1/agreements/{id}/wait"
    )
    proposal = "R-" + "1f" * 32
    demand = "0123456789abcdef0123456789abcdef-" + "ab" * 32
    counter = f"{base}/market-api/v1/demands/{demand}/proposals/{proposal}"
    named = endpoint(httpx.Request("POST", counter))
    assert named == "POST /market-api/v1/demands/{id}/proposals/{id}"
    allocation = "29272f12-17fb-45b3-82ac-12690243d1a7"
    assert (
        endpoint(httpx.Request("DELETE", f"{base}/payment-api/v1/allocations/{allocation}"))
        == "DELETE /payment-api/v1/allocations/{id}"
    )
    assert endpoint(httpx.Request("GET", f"{base}/me")) == "GET /me"


# A single-command task, as golem_core runs it with no shortcuts: the node's identity,
# an allocation with its demand decorations, a demand, one negotiation (counter, draft,
# agreement, confirm, approval), an activity, one batch (deploy, start, run) and its
# results, destroy, terminate, the debit note and invoice accepted, everything released:
# 24-25 calls measured. The payment manager's two event feeds poll all along, the only
# calls whose number depends on time (one per feed per 5 s poll, plus one per event):
# 5-9 measured.
MAX_CALLS_PER_TASK = 30
MAX_PAYMENT_POLLS_PER_TASK = 15


@on_session_loop
async def test_the_rest_requests_of_one_single_command_task(network: LocalNetwork) -> None:
    counting = CountingTransport(httpx.AsyncHTTPTransport(retries=0))
    node = GolemNode(
        app_key=network.requestor_app_key,
        api_url=network.requestor_api_url,
        transport=counting,
    )
    async with node:
        allocation = await Allocation.create(node, Decimal(1), expires=timedelta(hours=1))
        payments = PaymentManager(node, allocation, close_timeout=2.0)
        await payments.start()
        requestor = LocalRequestor(node, network, allocation, payments)
        agreement = await requestor.negotiate(network.providers[0])
        activity = await Activity.create(node, agreement.id)
        echo = Run("/bin/echo", ("one command",), capture=Capture.at_end())
        batch = await activity.exec([Deploy(), Start(), echo])
        results = await batch.wait(timeout=30)
        await activity.destroy()
        await agreement.terminate("done")
        waited = await payments.wait_for_invoices([agreement.id], timeout=15)
        await payments.close()
    assert results[-1].stdout == "one command\n"
    assert waited.outcomes == {agreement.id: InvoiceOutcome.ACCEPTED}

    total = sum(counting.counts.values())
    feeds = ("/debitNoteEvents", "/invoiceEvents")
    polls = sum(n for name, n in counting.counts.items() if name.endswith(feeds))
    print(f"\nREST requests of one single-command task: {total} ({polls} payment event polls)")
    for name, count in sorted(counting.counts.items(), key=lambda item: (-item[1], item[0])):
        print(f"{count:4d}  {name}")
    assert counting.counts["POST /activity-api/v1/activity/{id}/exec"] == 1
    assert counting.counts["POST /activity-api/v1/activity"] == 1
    assert counting.counts["POST /market-api/v1/demands"] == 1
    assert counting.counts["POST /payment-api/v1/allocations"] == 1
    assert counting.counts["DELETE /payment-api/v1/allocations/{id}"] == 1
    # one result poll per command, unless a command outlasts a poll
    assert counting.counts["GET /activity-api/v1/activity/{id}/exec/{id}"] == 3
    assert total - polls <= MAX_CALLS_PER_TASK
    assert polls <= MAX_PAYMENT_POLLS_PER_TASK


# --- the example on its own, and what a requestor meets ------------------------------------


@on_session_loop
async def test_the_example_starts_a_local_network_of_its_own(
    example_on_its_own: asyncio.Future[str],
) -> None:
    output = await example_on_its_own

    assert steps(output) == list(range(10)), output
    assert "starting a local network: 2 providers and a chain" in output
    amount, _, _ = paid(output)
    grew = re.search(r"on chain the provider has \S+ GLM, (\S+) more than before", output)
    assert grew, output
    assert Decimal(grew[1]) == amount > 0
    assert output.rstrip().endswith("done")


@on_session_loop
async def test_a_download_over_its_size_limit_is_refused(
    requestor: LocalRequestor, network: LocalNetwork
) -> None:
    node = requestor.node
    agreement = await requestor.negotiate(network.providers[0])
    activity = await Activity.create(node, agreement.id)
    target = await receive_bytes(node, limit_bytes=1000)
    write = "head -c 100000 /dev/zero > /golem/output/big.bin"
    batch = await activity.exec(
        [
            Deploy(),
            Start(),
            Run("/bin/sh", ("-c", write)),
            Transfer("container:/golem/output/big.bin", target.url),
        ]
    )
    with pytest.raises(BatchError) as failed:
        await batch.wait(timeout=30)
    assert failed.value.index == 3
    with pytest.raises(TransferLimitExceeded) as refused:
        await target.result(timeout=5)
    assert refused.value.limit_bytes == 1000
    assert str(refused.value) == (
        f"{target.url}: upload refused: it exceeds the limit of 1000 bytes"
        f" (a chunk reached byte {refused.value.end})"
    )
    assert refused.value.end > 1000
    print(f"\nthe provider's exe-unit reported: {failed.value.message}")
    await target.close()
    await activity.destroy()
    await agreement.terminate("done")


@on_session_loop
async def test_a_batch_over_its_time_is_stopped(
    requestor: LocalRequestor, network: LocalNetwork
) -> None:
    node = requestor.node
    agreement = await requestor.negotiate(network.providers[1])
    activity = await Activity.create(node, agreement.id)
    batch = await activity.exec([Deploy(), Start(), Run("/bin/sleep", ("60",))])
    loop = asyncio.get_running_loop()
    began = loop.time()
    with pytest.raises(BatchTimeoutError) as timed_out:
        await batch.wait(timeout=2)
    assert (timed_out.value.batch_id, timed_out.value.timeout) == (batch.id, 2)
    assert batch.done

    # stopped: the sleep ends now with an error result, not in a minute
    reread = Batch(activity, batch.id, batch.commands)
    with pytest.raises(BatchError) as stopped:
        await reread.wait(timeout=15)
    assert stopped.value.index == 2
    print(f"\nthe stopped command ended with: {stopped.value.message}")
    assert [r.ok for r in reread.results] == [True, True, False]
    assert loop.time() - began < 20
    # and the activity is free for the next batch
    assert (await activity.state()).current is State.INITIALIZED
    echo = Run("/bin/echo", ("again",), capture=Capture.at_end())
    results = await (await activity.exec([Deploy(), Start(), echo])).wait(timeout=15)
    assert results[-1].stdout == "again\n"
    await activity.destroy()
    await agreement.terminate("done")
