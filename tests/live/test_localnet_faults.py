"""Each injected provider fault, and what the provider side does about it.

The `faulty_network` has one provider per fault (conftest.LOCALNET_FAULTS);
each test negotiates with that provider only, drives it into its fault with
golem_core as the requestor, and reads the provider agent's history.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from golem_core._api.payment import DocumentStatus
from golem_core.activity import DEFAULT_POLL_TIMEOUT, Activity, Deploy, Run, Start, State
from golem_core.exceptions import (
    ActivityTerminatedError,
    BatchError,
    BatchTimeoutError,
    GolemError,
)
from golem_core.ids import DebitNoteId
from golem_core.market import AgreementEventKind
from golem_core.market.agreement import Agreement
from golem_core.payment.documents import DebitNote
from golem_core.payment.ledger import InvoiceOutcome
from golem_localnet.network import LocalNetwork, ProviderNode
from golem_localnet.provider import AgentEventKind
from golem_localnet.provider.billing import debit_note_amount
from golem_localnet.provider.offer import Prices
from tests.live.conftest import LOCALNET_FAULTS, LocalRequestor, ProposalRefused

pytestmark = [pytest.mark.live, pytest.mark.asyncio(loop_scope="session")]

WAIT_S = 15.0


def provider_with(network: LocalNetwork, fault: str) -> ProviderNode:
    [index] = [i for i, faults in LOCALNET_FAULTS.items() if fault in faults]
    return network.providers[index]


async def terminated_by(agreement: Agreement) -> str:
    """Who ended the agreement, as the requestor's daemon reports it."""
    async for change in agreement.events(timeout=WAIT_S):
        if change.kind is AgreementEventKind.TERMINATED:
            return change.terminator or ""
    raise AssertionError(f"{agreement.id} was not terminated within {WAIT_S} s")


async def test_refuse_negotiation(
    faulty_requestor: LocalRequestor, faulty_network: LocalNetwork
) -> None:
    provider = provider_with(faulty_network, "refuse-negotiation")
    with pytest.raises(ProposalRefused, match="refuses to negotiate"):
        await faulty_requestor.negotiate(provider)
    refused = await provider.agent.history.wait_for(AgentEventKind.PROPOSAL_REFUSED, timeout=5)
    assert "injected fault" in refused.detail
    assert not provider.agent.history.of(AgentEventKind.AGREEMENT_APPROVED)


async def test_terminate_after_approval(
    faulty_requestor: LocalRequestor, faulty_network: LocalNetwork
) -> None:
    provider = provider_with(faulty_network, "terminate-after-approval")
    agreement = await faulty_requestor.negotiate(provider)
    assert await terminated_by(agreement) == "Provider"
    history = provider.agent.history
    ended = await history.wait_for(
        AgentEventKind.AGREEMENT_ENDED, agreement_id=agreement.id, timeout=5
    )
    assert ended.detail.startswith("by Provider")
    # nothing ran: an invoice of 0 lets the requestor close its books on the agreement
    invoice = await history.wait_for(
        AgentEventKind.INVOICE_SENT, agreement_id=agreement.id, timeout=5
    )
    assert invoice.amount == 0
    waited = await faulty_requestor.payments.wait_for_invoices([agreement.id], timeout=WAIT_S)
    assert waited.outcomes == {agreement.id: InvoiceOutcome.ACCEPTED}
    with pytest.raises(GolemError):
        await Activity.create(faulty_requestor.node, agreement.id, timeout=5)


async def test_terminate_during_activity(
    faulty_requestor: LocalRequestor, faulty_network: LocalNetwork
) -> None:
    provider = provider_with(faulty_network, "terminate-during-activity=2")
    agreement = await faulty_requestor.negotiate(provider)
    activity = await Activity.create(faulty_requestor.node, agreement.id)
    batch = await activity.exec([Deploy(), Start(), Run("/bin/sleep", ("60",))])
    assert await terminated_by(agreement) == "Provider"
    with pytest.raises(GolemError):
        await batch.wait(timeout=WAIT_S)
    history = provider.agent.history
    ended = await history.wait_for(
        AgentEventKind.ACTIVITY_ENDED, activity_id=activity.id, timeout=5
    )
    assert ended.detail == "stopped by the provider"
    assert (await activity.state()).current is State.TERMINATED
    # the provider still bills what was used, and the requestor finds it fair
    invoice = await history.wait_for(
        AgentEventKind.INVOICE_SENT, agreement_id=agreement.id, timeout=10
    )
    assert invoice.amount == ended.amount
    waited = await faulty_requestor.payments.wait_for_invoices([agreement.id], timeout=WAIT_S)
    assert waited.outcomes == {agreement.id: InvoiceOutcome.ACCEPTED}


async def test_exe_unit_dies_during_a_batch(
    faulty_requestor: LocalRequestor, faulty_network: LocalNetwork
) -> None:
    provider = provider_with(faulty_network, "die-during-batch=1")
    agreement = await faulty_requestor.negotiate(provider)
    activity = await Activity.create(faulty_requestor.node, agreement.id)
    batch = await activity.exec([Deploy(), Start(), Run("/bin/true")])
    began = time.monotonic()
    # yagna leaves the pending result poll hanging: the batch learns it from the state
    with pytest.raises(ActivityTerminatedError) as caught:
        await batch.wait(timeout=WAIT_S)
    assert time.monotonic() - began < DEFAULT_POLL_TIMEOUT  # about 1-2 s; a poll takes 10
    # it died before command 1; whether command 0's answer got out first is a race
    assert caught.value.batch_id == batch.id
    assert caught.value.index == len(batch.results) <= 1
    assert caught.value.state == "Terminated"
    assert "exit code 101" in (caught.value.reason or "")
    ended = await provider.agent.history.wait_for(
        AgentEventKind.ACTIVITY_ENDED, activity_id=activity.id, timeout=WAIT_S
    )
    assert ended.exit_code == 101 and ended.detail == "ended by itself"
    # the provider tells the daemon, so the requestor sees the activity gone, with why
    state = await activity.state()
    assert state.current is State.TERMINATED
    assert "exit code 101" in (state.reason or "")
    await activity.destroy(timeout=5)  # returns at once: it is Terminated already
    await agreement.terminate("its exe-unit died")


async def test_hanging_command(
    faulty_requestor: LocalRequestor, faulty_network: LocalNetwork
) -> None:
    provider = provider_with(faulty_network, "hang-command")
    agreement = await faulty_requestor.negotiate(provider)
    activity = await Activity.create(faulty_requestor.node, agreement.id)
    batch = await activity.exec([Deploy(), Start(), Run("/bin/true")])
    with pytest.raises(BatchTimeoutError):
        await batch.wait(timeout=3)
    assert not provider.agent.history.of(AgentEventKind.ACTIVITY_ENDED, activity_id=activity.id)
    # destroying stops the exe-unit (SIGTERM), which stops the hanging command
    await activity.destroy(timeout=WAIT_S)
    ended = await provider.agent.history.wait_for(
        AgentEventKind.ACTIVITY_ENDED, activity_id=activity.id, timeout=5
    )
    assert ended.exit_code == 0 and ended.detail == "stopped by the provider"
    await agreement.terminate("done")


async def test_command_exits_non_zero(
    faulty_requestor: LocalRequestor, faulty_network: LocalNetwork
) -> None:
    provider = provider_with(faulty_network, "exit-nonzero")
    agreement = await faulty_requestor.negotiate(provider)
    activity = await Activity.create(faulty_requestor.node, agreement.id)
    batch = await activity.exec([Deploy(), Start(), Run("/bin/true")])
    with pytest.raises(BatchError):
        await batch.wait(timeout=WAIT_S)
    # a failed command is the requestor's business: the activity lives on
    assert (await activity.state()).current is State.READY
    assert not provider.agent.history.of(AgentEventKind.ACTIVITY_ENDED, activity_id=activity.id)
    await activity.destroy()
    await agreement.terminate("done")


async def test_overcharging_debit_notes(
    faulty_requestor: LocalRequestor, faulty_network: LocalNetwork
) -> None:
    provider = provider_with(faulty_network, "overcharge=3")
    agreement = await faulty_requestor.negotiate(provider)
    activity = await Activity.create(faulty_requestor.node, agreement.id)
    await (await activity.exec([Deploy(), Start(), Run("/bin/sleep", ("6",))])).wait(timeout=30)
    sent = await provider.agent.history.wait_for(
        AgentEventKind.DEBIT_NOTE_SENT, activity_id=activity.id, timeout=WAIT_S
    )
    assert sent.document_id is not None
    note = await DebitNote.get(faulty_requestor.node, DebitNoteId(sent.document_id))
    assert note.data.usage is not None
    fair = Prices().pricing().cost(note.data.usage)
    assert note.data.total_amount_due == debit_note_amount(fair, Decimal(3))
    await activity.destroy()
    await agreement.terminate("done")
    # the requestor refuses what costs a third of it; the invoice follows the notes, refused too
    rejected = await provider.agent.history.wait_for(
        AgentEventKind.INVOICE_REJECTED, agreement_id=agreement.id, timeout=WAIT_S
    )
    assert rejected.amount is not None and rejected.amount > fair
    assert (await note.refresh()).status is DocumentStatus.RECEIVED  # never accepted


async def test_never_invoicing(
    faulty_requestor: LocalRequestor, faulty_network: LocalNetwork
) -> None:
    provider = provider_with(faulty_network, "no-invoice")
    agreement = await faulty_requestor.negotiate(provider)
    activity = await Activity.create(faulty_requestor.node, agreement.id)
    await (await activity.exec([Deploy(), Start(), Run("/bin/true")])).wait(timeout=WAIT_S)
    await activity.destroy()
    await agreement.terminate("done")
    withheld = await provider.agent.history.wait_for(
        AgentEventKind.INVOICE_WITHHELD, agreement_id=agreement.id, timeout=WAIT_S
    )
    assert withheld.detail == "no-invoice fault"
    waited = await faulty_requestor.payments.wait_for_invoices([agreement.id], timeout=3)
    assert waited.missing == {agreement.id}
