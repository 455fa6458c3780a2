"""A scripted golem_core for golem_hl's unit tests: market, agreements, activities, batches.

No daemon and no sockets: a `FakeMarket` plays the providers (each offers,
counters and approves at once), `FakeActivity` runs batches by asking its
provider's `behaviour` what each command does. The engine itself is replaced
by `FakeEngine`, which has exactly what a job uses of the real one.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, ClassVar

from golem_core import activity as core_activity
from golem_core.activity import ActivityState, ActivityUsage, CommandResult, RuntimeEvent, State
from golem_core.events import now
from golem_core.exceptions import ActivityTerminatedError, BatchError
from golem_core.ids import (
    ActivityId,
    AgreementId,
    BatchId,
    NodeId,
    ProposalId,
    SubscriptionId,
)
from golem_core.market import AgreementState, MarketSpec, ProposalArrived
from golem_core.market.data import (
    AgreementData,
    DemandData,
    OfferData,
    ProposalData,
    ProposalState,
)
from golem_core.payment import DemandDecoration, PaymentTerms
from golem_hl._engine.emitter import EventEmitter
from golem_hl._engine.settings import Settings
from golem_hl.strategy import BaseMarketStrategy, LeastExpensiveLinearPayuMS

_ids = itertools.count(1)
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def offer_properties(name: str, node_id: str) -> dict[str, Any]:
    return {
        "golem.node.id.name": name,
        "golem.com.pricing.model": "linear",
        "golem.com.pricing.model.linear.coeffs": [0.0002, 0.0001, 0.001],
        "golem.com.usage.vector": ["golem.usage.cpu_sec", "golem.usage.duration_sec"],
        "golem.com.scheme": "payu",
        "golem.com.payment.platform.erc20-holesky-tglm.address": node_id,
    }


# what a command does on a provider: (ok, stdout, message), or an exception to raise
Behaviour = Callable[[int, core_activity.Command], tuple[bool, str | None, str | None]]


def succeeds(index: int, command: core_activity.Command) -> tuple[bool, str | None, str | None]:
    return True, f"output of {type(command).__name__.lower()}", None


class FakeProvider:
    def __init__(self, name: str, behaviour: Behaviour = succeeds) -> None:
        self.name = name
        self.node_id = NodeId(f"0x{name}")
        self.behaviour = behaviour
        self.dead = False  # its activities report Terminated
        self.hang = False  # its commands never end
        # while set, rejecting its proposals does not return (a slow provider)
        self.slow_to_refuse: asyncio.Event | None = None
        # what happens in the market while its proposal is being rejected
        self.while_refused: Callable[[], Awaitable[None]] | None = None
        self.activities: list[FakeActivity] = []
        self.terminated: list[str] = []
        # how many times its agreements were read from the (fake) daemon
        self.agreement_reads = 0


class FakeBatch:
    def __init__(self, activity: FakeActivity, commands: tuple[core_activity.Command, ...]) -> None:
        self.activity = activity
        self.id = BatchId(f"batch-{next(_ids)}")
        self.commands = commands
        self.per_command = True  # as `exec` asked: results polled command by command
        self._results: list[CommandResult] = []
        # when set, every command ended then, in the daemon's time
        self.ended_at: datetime | None = None

    @property
    def results(self) -> tuple[CommandResult, ...]:
        return tuple(self._results)

    async def iter_results(self, timeout: float | None = None) -> AsyncIterator[CommandResult]:
        provider = self.activity.provider
        for index, command in enumerate(self.commands):
            await asyncio.sleep(0)
            if provider.dead:
                raise ActivityTerminatedError(
                    self.activity.id, self.id, index, "Terminated", "died"
                )
            if provider.hang:
                await asyncio.Event().wait()
            ok, stdout, message = provider.behaviour(index, command)
            if provider.dead:
                raise ActivityTerminatedError(
                    self.activity.id, self.id, index, "Terminated", "died"
                )
            result = CommandResult(
                index=index,
                ok=ok,
                stdout=stdout,
                message=message,
                event_date=self.ended_at or now(),
            )
            self._results.append(result)
            if not ok:
                raise BatchError(self.activity.id, self.id, index, message, stdout, None)
            yield result

    async def stream_events(self) -> AsyncIterator[RuntimeEvent]:
        for event in self.activity.stream.get(len(self.activity.batches), []):
            yield event
        await asyncio.Event().wait()  # yagna's stream never ends by itself


class FakeActivity:
    registry: ClassVar[dict[str, FakeProvider]] = {}

    def __init__(self, provider: FakeProvider, agreement_id: AgreementId) -> None:
        self.provider = provider
        self.id = ActivityId(f"activity-{next(_ids)}")
        self.agreement_id = agreement_id
        self.batches: list[FakeBatch] = []
        self.destroyed = False
        self.usage_calls = 0
        self.stream: dict[int, list[RuntimeEvent]] = {}

    @classmethod
    async def create(cls, node: Any, agreement_id: AgreementId) -> FakeActivity:
        provider = cls.registry[agreement_id]
        activity = cls(provider, agreement_id)
        provider.activities.append(activity)
        return activity

    async def exec(
        self,
        commands: Iterable[core_activity.Command],
        timeout: float = 10.0,
        *,
        per_command: bool = True,
    ) -> FakeBatch:
        batch = FakeBatch(self, tuple(commands))
        batch.per_command = per_command
        self.batches.append(batch)
        return batch

    async def state(self) -> ActivityState:
        return ActivityState(current=State.TERMINATED if self.provider.dead else State.READY)

    async def usage(self) -> ActivityUsage:
        self.usage_calls += 1
        return ActivityUsage(current_usage=(0.0, float(self.usage_calls)), timestamp=now())

    async def destroy(self, timeout: float = 10.0) -> None:
        self.destroyed = True


class FakeAgreement:
    def __init__(self, provider: FakeProvider, proposal: ProposalData) -> None:
        self.provider = provider
        self.id = AgreementId(f"agreement-{next(_ids)}")
        self.proposal = proposal
        FakeActivity.registry[self.id] = provider

    async def get(self) -> AgreementData:
        self.provider.agreement_reads += 1
        return AgreementData(
            agreement_id=self.id,
            state=AgreementState.APPROVED,
            demand=DemandData(
                demand_id=SubscriptionId("demand"),
                requestor_id=NodeId("0xrequestor"),
                properties={},
                constraints="()",
                timestamp=T0,
            ),
            offer=OfferData(
                offer_id=SubscriptionId("offer"),
                provider_id=self.provider.node_id,
                properties=self.proposal.properties,
                constraints="()",
                timestamp=T0,
            ),
            timestamp=T0,
            valid_to=T0 + timedelta(hours=1),
        )

    async def confirm(self) -> None:
        pass

    async def wait_for_approval(self, timeout: float) -> AgreementState:
        return AgreementState.APPROVED

    async def terminate(self, reason: Any, *, retry_for: float = 0.0) -> bool:
        self.provider.terminated.append(getattr(reason, "message", str(reason)))
        return True

    async def cancel(self, reason: Any) -> bool:
        return True

    async def abandon(self, reason: Any, *, retry_for: float = 0.0) -> bool:
        return False


class FakeProposal:
    def __init__(
        self,
        demand: FakeDemand,
        provider: FakeProvider,
        state: ProposalState,
        answers: MarketSpec | None = None,
    ) -> None:
        self.demand = demand
        self.provider = provider
        # our counter-proposal a Draft answers (golem_core's `Proposal.answers`)
        self.answers = answers
        self.data = ProposalData(
            proposal_id=ProposalId(f"proposal-{next(_ids)}"),
            issuer_id=provider.node_id,
            state=state,
            properties=offer_properties(provider.name, provider.node_id),
            constraints="()",
            timestamp=now(),
        )

    @property
    def id(self) -> ProposalId:
        return self.data.proposal_id

    @property
    def issuer_id(self) -> NodeId:
        return self.data.issuer_id

    @property
    def state(self) -> ProposalState:
        return self.data.state

    @property
    def properties(self) -> Mapping[str, Any]:
        return self.data.properties

    async def counter(self, properties: Mapping[str, Any] | None = None) -> ProposalId:
        ours = dict(properties or {})
        self.demand.countered.append(ours)
        # the provider answers at once with its draft
        answers = MarketSpec(ours, "()")
        draft = FakeProposal(self.demand, self.provider, ProposalState.DRAFT, answers)
        self.demand.queue.put_nowait(draft)
        return ProposalId(f"counter-{next(_ids)}")

    async def reject(self, reason: str) -> None:
        self.demand.rejected.append(reason)
        if self.provider.while_refused is not None:
            await self.provider.while_refused()
        if self.provider.slow_to_refuse is not None:
            await self.provider.slow_to_refuse.wait()

    async def create_agreement(self, valid_to: datetime) -> FakeAgreement:
        return FakeAgreement(self.provider, self.data)


class FakeDemand:
    """Every provider of the market offers once, as soon as the demand is published."""

    providers: ClassVar[list[FakeProvider]] = []
    last: ClassVar[FakeDemand | None] = None

    def __init__(self, spec: Any) -> None:
        self.id = SubscriptionId(f"demand-{next(_ids)}")
        self.spec = spec
        self.queue: asyncio.Queue[FakeProposal] = asyncio.Queue()
        self.countered: list[dict[str, Any]] = []
        self.rejected: list[str] = []
        self.unsubscribed = False
        # each events() stream's long-poll length
        self.poll_timeouts: list[float] = []
        # what each poll returned: (provider, state) per proposal
        self.batches: list[list[tuple[str, ProposalState]]] = []
        self.offers = [FakeProposal(self, p, ProposalState.INITIAL) for p in self.providers]
        for offer in self.offers:
            self.queue.put_nowait(offer)

    @classmethod
    async def subscribe(cls, node: Any, spec: Any) -> FakeDemand:
        cls.last = cls(spec)
        return cls.last

    async def events(
        self, *, poll_timeout: float = 5.0, pace: Callable[[], Awaitable[object]] | None = None
    ) -> AsyncIterator[ProposalArrived]:
        """A long poll's way: a batch is all that is queued once anything is, then `pace`."""
        self.poll_timeouts.append(poll_timeout)
        while not self.unsubscribed:
            batch = [await self.queue.get()]
            while not self.queue.empty():
                batch.append(self.queue.get_nowait())
            self.batches.append([(p.provider.name, p.state) for p in batch])
            for proposal in batch:
                yield ProposalArrived(proposal=proposal, event_date=now())  # type: ignore[arg-type]
            if pace is not None:
                await pace()

    async def unsubscribe(self) -> None:
        self.unsubscribed = True


class FakeAllocation:
    async def demand_decorations(self) -> DemandDecoration:
        return DemandDecoration(
            properties=(("golem.com.payment.chosen-platform", "erc20-holesky-tglm"),),
            constraints=(),
        )


class FakePayments:
    def __init__(self) -> None:
        self.usage: list[tuple[str, str, tuple[float, ...]]] = []

    def observe_usage(self, agreement_id: str, activity_id: str, usage: Any) -> None:
        self.usage.append((agreement_id, activity_id, tuple(usage)))


class FakeEngine:
    """What a job uses of the engine."""

    def __init__(
        self, budget: Decimal = Decimal(10), strategy: BaseMarketStrategy | None = None
    ) -> None:
        self.settings = Settings(
            budget=budget,
            subnet_tag="test",
            payment_driver="erc20",
            payment_network="holesky",
            app_key="key",
            api_url="http://127.0.0.1:1",
        )
        self.strategy = strategy or LeastExpensiveLinearPayuMS()
        self.emitter = EventEmitter()
        self.node = object()
        self.allocation = FakeAllocation()
        self.payments = FakePayments()
        self.adopted: list[str] = []
        # agreements left to their invoice, and whether their activities were destroyed then
        self.done: list[tuple[str, list[bool]]] = []
        # agreements registered for payment, with their terms
        self.paid_for: dict[str, PaymentTerms] = {}

    def adopt(self, job: Any, lease: Any) -> None:
        self.adopted.append(lease.id)

    def pay_for(self, agreement_id: str, terms: PaymentTerms, approved_at: datetime) -> None:
        self.paid_for[agreement_id] = terms

    def agreement_done(self, agreement_id: str) -> None:
        # (with the lease's activity not destroyed yet: its final debit note comes after)
        provider = FakeActivity.registry[agreement_id]
        activities = [a for a in provider.activities if a.agreement_id == agreement_id]
        destroyed = [a.destroyed for a in activities]
        self.done.append((agreement_id, destroyed))

    def committed(self) -> Decimal:
        return Decimal(0)
