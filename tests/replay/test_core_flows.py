"""golem_core flows replayed from cassettes with no daemon (scripts/record_cassettes.py records)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from golem_core.activity import (
    Activity,
    Capture,
    Deploy,
    Run,
    RuntimeStderr,
    RuntimeStdout,
    Start,
    Transfer,
)
from golem_core.events import now
from golem_core.market import AgreementState
from golem_core.market.agreement_stream import agreement_events
from golem_core.market.data import AgreementEventKind
from golem_core.node import GolemNode
from golem_core.payment import Allocation, InvoiceOutcome
from golem_core.payment.manager import PaymentManager
from golem_core.transfer import publish_bytes, receive_bytes
from golem_localnet.identities import REQUESTOR_NODE_ID
from golem_testing import CassetteSession
from tests.replay.flows import PROVIDER_NAME, negotiate

STREAMED = Capture.streaming()


async def test_identity_and_allocation(golem_cassette: CassetteSession) -> None:
    async with GolemNode() as node:
        assert node.node_id == REQUESTOR_NODE_ID
        allocation = await Allocation.create(node, Decimal("2.5"), expires=timedelta(hours=1))
        assert allocation.data.total_amount == Decimal("2.5")
        assert (await allocation.refresh()).remaining_amount == Decimal("2.5")
        await allocation.release()


async def test_negotiation_reaches_an_agreement(golem_cassette: CassetteSession) -> None:
    async with GolemNode() as node:
        allocation = await Allocation.create(node, Decimal(1), expires=timedelta(hours=1))
        since = now()
        agreement = await negotiate(node, allocation)
        data = await agreement.get()
        assert data.offer.properties["golem.node.id.name"] == PROVIDER_NAME
        assert data.demand.requestor_id == REQUESTOR_NODE_ID
        await agreement.terminate("the test is over")
        assert (await agreement.get()).state is AgreementState.TERMINATED
        # the daemon's log of the agreement's state changes, read from before it was made
        kinds = []
        async for change in agreement_events(node, after=since, timeout=30):
            if change.agreement_id == agreement.id:
                kinds.append(change.kind)
                if change.kind is AgreementEventKind.TERMINATED:
                    break
        assert kinds == [AgreementEventKind.APPROVED, AgreementEventKind.TERMINATED]


async def test_a_job_with_files_streamed_output_and_payment(
    golem_cassette: CassetteSession,
) -> None:
    async with GolemNode() as node:
        allocation = await Allocation.create(node, Decimal(1), expires=timedelta(hours=1))
        payments = PaymentManager(node, allocation, close_timeout=2.0)
        await payments.start()
        agreement = await negotiate(node, allocation, payments)

        source = await publish_bytes(node, b"hello golem\n")
        target = await receive_bytes(node, limit_bytes=1024)
        activity = await Activity.create(node, agreement.id)
        script = "tr a-z A-Z < /golem/input/in.txt > /golem/output/out.txt"
        batch = await activity.exec(
            [
                Deploy(),
                Start(),
                Transfer(source.url, "container:/golem/input/in.txt"),
                Run("/bin/sh", ("-c", script)),
                Transfer("container:/golem/output/out.txt", target.url),
            ]
        )
        results = await batch.wait(timeout=60)
        assert [r.ok for r in results] == [True] * 5
        assert await target.read_bytes(timeout=10) == b"HELLO GOLEM\n"

        # a result stream carries only what happens after it opens: give it a second to open
        talk = "sleep 1; echo one; echo two >&2; echo three"
        streamed = await activity.exec([Run("/bin/sh", ("-c", talk), capture=STREAMED)])
        stdout, stderr = [], []
        async for event in streamed.stream_events(timeout=30):
            if isinstance(event, RuntimeStdout):
                stdout.append(str(event.output))
            elif isinstance(event, RuntimeStderr):
                stderr.append(str(event.output))
        assert "".join(stdout) == "one\nthree\n"
        assert "".join(stderr) == "two\n"

        await activity.destroy()
        await agreement.terminate("the job is done")
        waited = await payments.wait_for_invoices([agreement.id], timeout=30)
        assert waited.outcomes == {agreement.id: InvoiceOutcome.ACCEPTED}
        assert not await payments.wait_for_settled([agreement.id], timeout=90)
