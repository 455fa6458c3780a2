"""Choose a provider with our own scoring, run one batch there, and pay for it on chain.

    python examples/custom_negotiation.py               # starts a local network of 2 providers
    YAGNA_APPKEY=... YAGNA_API_URL=... python examples/custom_negotiation.py   # your own daemon

Everything goes through golem_core, step by step: an allocation pays for a
demand built with `DemandBuilder`; each provider's offer is checked by
`decide` against our policy and scored by our own scorer (what our job would
cost under the offer's linear prices); the best is countered and, once its
answer passes the policy again, turned into the one agreement. The losers are
told why they lost. One activity runs one batch (deploy, start, an upload of
bytes, `echo hello`, a command that writes a result file, the file's download),
then the activity is destroyed, the agreement terminated, and the
`PaymentManager` accepts the invoice; we wait until it is settled on chain and
give the rest of the allocation back.

Without YAGNA_APPKEY the example starts `golem_localnet.LocalNetwork` (a
requestor node, providers running our provider agent, and a local chain that
really pays them), and shows the provider's token balance before and after.
With a daemon of your own, YAGNA_SUBNET (default `public`) and
YAGNA_PAYMENT_NETWORK (default `holesky`, what the local chain poses as; on the
real network use `hoodi` to test) say where to look and pay; the demand asks for
no VM image, so it suits providers of the local network.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import AsyncGenerator, Mapping, Sequence
from contextlib import AsyncExitStack
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _core_support import (
    PAYMENT_EVENTS,
    describe,
    glm,
    payment_platform,
    print_payment_event,
    say,
    token_balance,
)

from golem_core import (
    Activity,
    Agreement,
    AgreementState,
    Allocation,
    Capture,
    Command,
    Demand,
    DemandBuilder,
    Deploy,
    Event,
    GolemNode,
    Invoice,
    InvoiceAccepted,
    InvoiceId,
    InvoiceOutcome,
    InvoiceSettled,
    MarketSpec,
    NegotiationPolicy,
    PaymentManager,
    PaymentTerms,
    Proposal,
    ProposalArrived,
    ProposalData,
    ProposalRejectedByPeer,
    ProposalState,
    RemoteProtocolError,
    Run,
    Start,
    Transfer,
    decide,
    publish_bytes,
    receive_file,
)
from golem_core.market import Accept, Counter, Reject
from golem_localnet.network import LocalNetwork

CPU_SEC = "golem.usage.cpu_sec"
DURATION_SEC = "golem.usage.duration_sec"
# What we expect our job to use: the scorer prices this under each offer.
EXPECTED_USAGE = {CPU_SEC: Decimal(5), DURATION_SEC: Decimal(30)}
# Offers above these prices are rejected before they are scored.
MAX_PRICES = {CPU_SEC: Decimal("0.001"), DURATION_SEC: Decimal("0.001")}
MAX_START_PRICE = Decimal("0.01")
MAX_JOB_COST = Decimal("0.1")

# Offers trickle in: we gather for OFFER_WINDOW_S after the first acceptable one (or until
# as many as we wanted are in), and give up when none came within OFFER_TIMEOUT_S.
OFFER_WINDOW_S = 5.0
OFFER_TIMEOUT_S = 30.0
ANSWER_TIMEOUT_S = 10.0  # for a provider to answer our counter-proposal
APPROVAL_TIMEOUT_S = 15.0
BATCH_TIMEOUT_S = 60.0
INVOICE_TIMEOUT_S = 30.0
SETTLE_TIMEOUT_S = 90.0
RESULT_LIMIT_BYTES = 1024 * 1024

GREETING = b"hello from golem_core\n"


@attrs.frozen
class CheapestForOurJob:
    """Our scorer: minus what EXPECTED_USAGE costs under the offer; None when it costs too much."""

    expected_usage: Mapping[str, Decimal]
    max_cost: Decimal

    def cost(self, proposal: ProposalData) -> Decimal:
        return proposal.pricing.cost(self.expected_usage)

    def score(self, proposal: ProposalData) -> float | None:
        try:
            cost = self.cost(proposal)
        except RemoteProtocolError:  # no readable linear pricing
            return None
        return None if cost > self.max_cost else -float(cost)


def provider_name(proposal: Proposal) -> str:
    name = proposal.properties.get("golem.node.id.name")
    return f"{name} ({proposal.issuer_id})" if isinstance(name, str) else proposal.issuer_id


async def subscribe_demand(node: GolemNode, allocation: Allocation, subnet: str) -> Demand:
    """Our demand, payable from the allocation (the daemon's decorations say how)."""
    decoration = await allocation.demand_decorations()
    builder = (
        DemandBuilder()
        .subnet(subnet)
        .expiration(datetime.now(timezone.utc) + timedelta(minutes=30))
        .debit_note_accept_timeout(timedelta(minutes=2))
        .update(dict(decoration.properties))
    )
    spec = builder.build()
    # the payment constraints come from the daemon as text: AND them with ours
    constraints = f"(&{spec.constraints}{''.join(decoration.constraints)})"
    return await Demand.subscribe(node, MarketSpec(spec.properties, constraints))


@attrs.define
class Negotiation:
    """Our side of the talks under one demand: `policy` decides, `scorer` ranks."""

    demand: Demand
    policy: NegotiationPolicy
    scorer: CheapestForOurJob

    def check(self, proposal: Proposal) -> Accept | Counter | Reject:
        return decide(proposal.data, self.policy, datetime.now(timezone.utc))

    async def gather(self, wanted: int | None) -> list[Proposal]:
        """Initial offers that pass the policy, best first; the others are told why not."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + OFFER_TIMEOUT_S
        scored: dict[str, tuple[float, int, Proposal]] = {}  # one offer per provider
        events = self.demand.events(timeout=OFFER_TIMEOUT_S)
        try:
            while (remaining := deadline - loop.time()) > 0:
                try:
                    event = await asyncio.wait_for(anext(events), remaining)
                except (asyncio.TimeoutError, StopAsyncIteration):
                    break
                if not isinstance(event, ProposalArrived):
                    continue
                if await self.score(event.proposal, scored):
                    if wanted is not None and len(scored) >= wanted:
                        break
                    if len(scored) == 1:  # the first one: from now on the window runs
                        deadline = min(deadline, loop.time() + OFFER_WINDOW_S)
        finally:
            if isinstance(events, AsyncGenerator):  # stop its long poll now, not at exit
                await events.aclose()
        # best score first; of equal ones, the offer that came first
        ranked = sorted(scored.values(), key=lambda item: (-item[0], item[1]))
        return [offer for _, _, offer in ranked]

    async def score(self, offer: Proposal, scored: dict[str, tuple[float, int, Proposal]]) -> bool:
        """Score a provider's first offer into `scored` (True), or reject it with the reason."""
        if offer.state is not ProposalState.INITIAL or offer.issuer_id in scored:
            return False
        decision = self.check(offer)
        if isinstance(decision, Reject):
            say(f"   offer from {provider_name(offer)} rejected: {decision.reason}")
            await offer.reject(decision.reason)
            return False
        score = self.scorer.score(offer.data)
        assert score is not None  # decide() rejects what the scorer refuses
        scored[offer.issuer_id] = (score, len(scored), offer)
        cost = glm(self.scorer.cost(offer.data))
        say(f"   offer from {provider_name(offer)}: our job would cost {cost} GLM")
        return True

    async def agree_with(self, offer: Proposal) -> Agreement | None:
        """Counter the offer; make, confirm and see approved an agreement from its answer."""
        await offer.counter()
        async for event in self.demand.events(timeout=ANSWER_TIMEOUT_S):
            if isinstance(event, ProposalRejectedByPeer):
                reason = event.reason.message if event.reason else "no reason given"
                say(f"   {provider_name(offer)} rejected our counter-proposal: {reason}")
                return None
            if not isinstance(event, ProposalArrived):
                continue
            answer = event.proposal
            if answer.issuer_id != offer.issuer_id or answer.state is not ProposalState.DRAFT:
                continue
            decision = self.check(answer)
            if not isinstance(decision, Accept):
                reason = decision.reason if isinstance(decision, Reject) else "more talks"
                say(f"   the answer of {provider_name(answer)} rejected: {reason}")
                await answer.reject(reason)
                return None
            agreement = await answer.create_agreement(
                datetime.now(timezone.utc) + timedelta(minutes=10)
            )
            await agreement.confirm()
            say(f"   {provider_name(answer)} agreed to our terms; agreement sent for approval")
            state = await agreement.wait_for_approval(APPROVAL_TIMEOUT_S)
            if state is AgreementState.APPROVED:
                return agreement
            say(f"   agreement {agreement.id} not approved: {state.value}")
            if state is AgreementState.PENDING:
                await agreement.cancel("no approval in time")
            return None
        say(f"   {provider_name(offer)} did not answer within {ANSWER_TIMEOUT_S:g} s")
        return None

    async def one_agreement(self, wanted: int | None) -> Agreement:
        """With the best-ranked offer that agrees; the offers after it are told why not."""
        offers = await self.gather(wanted)
        if not offers:
            raise RuntimeError(f"no acceptable offer within {OFFER_TIMEOUT_S:g} s")
        for index, offer in enumerate(offers):
            say(f"   countering the best remaining offer: {provider_name(offer)}")
            agreement = await self.agree_with(offer)
            if agreement is None:
                continue
            chosen = glm(self.scorer.cost(offer.data))
            for other in offers[index + 1 :]:
                reason = (
                    f"not chosen: our job would cost {glm(self.scorer.cost(other.data))} GLM "
                    f"here, {chosen} GLM with the provider we agreed with"
                )
                say(f"   offer from {provider_name(other)} rejected: {reason}")
                await other.reject(reason)
            return agreement
        raise RuntimeError("no provider agreed")


async def run_batch(node: GolemNode, activity: Activity, result_path: Path) -> bytes:
    """Deploy, start, upload bytes, echo hello, write a result file, download it."""
    source = await publish_bytes(node, GREETING)
    target = await receive_file(node, result_path, limit_bytes=RESULT_LIMIT_BYTES)
    script = "tr a-z A-Z < /golem/input/greeting.txt > /golem/output/result.txt"
    commands: Sequence[Command] = (
        Deploy(),
        Start(),
        Transfer(source.url, "container:/golem/input/greeting.txt"),
        Run("/bin/echo", ("hello",), capture=Capture.at_end()),
        Run("/bin/sh", ("-c", script)),
        Transfer("container:/golem/output/result.txt", target.url),
    )
    batch = await activity.exec(commands)
    async for result in batch.iter_results(timeout=BATCH_TIMEOUT_S):
        command = commands[result.index]
        shown = isinstance(command, Run) and result.stdout
        output = f" -> stdout {result.stdout!r}" if shown else ""
        say(f"   [{result.index}] {describe(command)}: ok{output}")
    received = await target.read_bytes(timeout=10)
    await source.close()
    await target.close()
    return received


async def run(
    node: GolemNode, subnet: str, wanted: int | None, budget: Decimal, network: LocalNetwork | None
) -> None:
    say(f"== 1. connected to yagna at {node.api_url} as requestor {node.node_id}")
    node.events.subscribe(print_payment_event, PAYMENT_EVENTS)
    invoices: dict[str, InvoiceId] = {}

    def remember_invoice(event: Event) -> None:
        if isinstance(event, (InvoiceAccepted, InvoiceSettled)):
            invoices[event.agreement_id] = event.invoice_id

    node.events.subscribe(remember_invoice, (InvoiceAccepted, InvoiceSettled))

    allocation = await Allocation.create(
        node, budget, platform=payment_platform(), expires=timedelta(hours=1)
    )
    say(f"== 2. allocation {allocation.id}: {budget} GLM on {allocation.data.platform}")
    payments = PaymentManager(node, allocation, release_allocation=False)
    await payments.start()

    scorer = CheapestForOurJob(EXPECTED_USAGE, MAX_JOB_COST)
    async with await subscribe_demand(node, allocation, subnet) as demand:
        say(f"== 3. demand {demand.id} in subnet {subnet!r}; gathering offers")
        policy = NegotiationPolicy(
            properties=demand.spec.properties,
            payment_platform=allocation.data.platform,
            max_prices=MAX_PRICES,
            max_fixed_price=MAX_START_PRICE,
            scorer=scorer,
        )
        agreement = await Negotiation(demand, policy, scorer).one_agreement(wanted)
    say(f"== 4. agreement {agreement.id} approved by {agreement.provider_id}")
    terms = PaymentTerms.from_properties((await agreement.get()).offer.properties)
    payments.register_agreement(agreement.id, terms)
    balance_before = await token_balance(network, agreement.provider_id)

    activity = await Activity.create(node, agreement.id)
    say(f"== 5. activity {activity.id} created; running one batch")
    with tempfile.TemporaryDirectory() as scratch:
        received = await run_batch(node, activity, Path(scratch) / "result.txt")
    say(f"   downloaded result file: {received!r}")
    await activity.destroy()
    await agreement.terminate("the job is done")
    say("== 6. activity destroyed, agreement terminated; waiting for the invoice")

    waited = await payments.wait_for_invoices([agreement.id], timeout=INVOICE_TIMEOUT_S)
    if agreement.id in waited.missing:
        raise RuntimeError(f"no invoice for {agreement.id} within {INVOICE_TIMEOUT_S:g} s")
    outcome = waited.outcomes[agreement.id]
    if outcome is not InvoiceOutcome.ACCEPTED:
        raise RuntimeError(f"the invoice was not accepted: {outcome.value}")
    say("== 7. invoice accepted; waiting until it is settled on chain")
    unpaid = await payments.wait_for_settled([agreement.id], timeout=SETTLE_TIMEOUT_S)
    if unpaid:
        raise RuntimeError(f"the invoice was not settled within {SETTLE_TIMEOUT_S:g} s")
    invoice = await Invoice.get(node, invoices[agreement.id])
    paid = invoice.data
    say(f"== 8. settled: paid {paid.amount} GLM to {paid.payee_addr} (invoice {paid.invoice_id})")
    balance_after = await token_balance(network, agreement.provider_id)
    if balance_before is not None and balance_after is not None:
        say(
            f"   on chain the provider has {glm(balance_after)} GLM, "
            f"{glm(balance_after - balance_before)} more than before"
        )
    await payments.close()
    await allocation.release()
    say(f"== 9. allocation {allocation.id} released")


async def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--providers", type=int, default=2, help="of the local network")
    parser.add_argument("--offers", type=int, help="stop gathering offers after this many")
    parser.add_argument("--budget", type=Decimal, default=Decimal(1), help="GLM to allocate")
    args = parser.parse_args(argv)
    async with AsyncExitStack() as stack:
        network: LocalNetwork | None = None
        if os.environ.get("YAGNA_APPKEY"):
            subnet = os.environ.get("YAGNA_SUBNET", "public")
            node = GolemNode()
            wanted = args.offers
        else:
            say(f"== 0. starting a local network: {args.providers} providers and a chain")
            network = await stack.enter_async_context(LocalNetwork(providers=args.providers))
            subnet = network.subnet
            node = GolemNode(app_key=network.requestor_app_key, api_url=network.requestor_api_url)
            wanted = args.offers or args.providers
        await stack.enter_async_context(node)
        await run(node, subnet, wanted, args.budget, network)
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
