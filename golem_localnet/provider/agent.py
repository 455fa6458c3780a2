"""The provider agent: one per provider node, several per process if wanted.

It publishes the offer (`offer.py`), answers requestors' proposals
(`negotiation.py`), approves the agreements they send, serves their activities
with our exe-unit (`serving.py`) and bills them (`payments.py`). Three loops
long-poll the node through golem_core's provider-side calls: the offer's
negotiation events, agreement events (terminations by the requestor) and
activity events (create/destroy); right after each approval, short polls look
for the agreement's first activity (`quick_polls.py`), and exe-units are forked
from the agent's fork server (`exeunits.py`). Each reaction runs in a tracked
task, so `aclose` can stop exe-units, end the agreements still in force and
withdraw the offer, leaving nothing behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs

from golem_core.activity import CreateActivity, DestroyActivity, ProviderActivityEvent
from golem_core.activity.provider import activity_events, poll_activity_events
from golem_core.exceptions import ApiError, CallTimeoutError, GolemError, GoneError, NotFoundError
from golem_core.ids import AgreementId
from golem_core.market import agreement_events
from golem_core.market.data import (
    AgreementData,
    AgreementEventKind,
    AgreementProposed,
    NewProposal,
    ProposalData,
    ProposalState,
)
from golem_core.market.offer import Offer, OfferEvent, approve_agreement
from golem_core.market.properties import MarketSpec
from golem_core.node import GolemNode
from golem_core.retry import Backoff, follow
from golem_localnet.provider.billing import BillingTerms
from golem_localnet.provider.exeunits import (
    STOP_GRACE_S,
    ExeUnitStarter,
    descendants,
    kill_all,
)
from golem_localnet.provider.faults import ProviderFaults
from golem_localnet.provider.history import AgentEvent, AgentEventKind, History
from golem_localnet.provider.negotiation import CounterOffer, answer_demand
from golem_localnet.provider.offer import OfferSpec, offer_constraint, offer_properties
from golem_localnet.provider.payments import Biller
from golem_localnet.provider.quick_polls import quick_poll_timeout
from golem_localnet.provider.records import ActivityRecord, AgreementRecord
from golem_localnet.provider.serving import ActivityHost
from golem_localnet.provider.tasks import TaskSet

__all__ = ["AgentConfig", "ProviderAgent"]

log = logging.getLogger(__name__)


@attrs.frozen
class AgentConfig:
    offer: OfferSpec
    # the provider daemon's GSB router, handed to every exe-unit
    gsb_url: str
    # work directories of activities go under here
    data_dir: Path
    faults: ProviderFaults = attrs.field(factory=ProviderFaults)
    # server-side timeout of each long poll
    poll_timeout_s: float = 5.0
    # how long one approval waits for the requestor to acknowledge
    approve_timeout_s: float = 10.0
    # pause after a failed call before a loop tries again (the first delay of its backoff)
    retry_s: float = 1.0
    stop_grace_s: float = STOP_GRACE_S
    # exe-units forked from a process that has them imported (else each starts afresh)
    fork_exeunits: bool = True


class ProviderAgent:
    """`async with ProviderAgent(node, config) as agent:`; `history` tells what it did.

    `node` is a started GolemNode of the provider's daemon; the agent does not close it.
    """

    def __init__(self, node: GolemNode, config: AgentConfig) -> None:
        self._node = node
        self.config = config
        self.name = config.offer.name
        self.history = History(self.name)
        self.offer: Offer | None = None
        self._agreements: dict[AgreementId, AgreementRecord] = {}
        self._loops = TaskSet(f"{self.name} loops")
        self._work = TaskSet(self.name)
        self._exeunits = ExeUnitStarter(fork=config.fork_exeunits)
        self._biller = Biller(
            node, self.history, config.faults, self._work, break_agreement=self._terminate
        )
        self._host = ActivityHost(
            node,
            gsb_url=config.gsb_url,
            data_dir=config.data_dir,
            faults=config.faults,
            history=self.history,
            biller=self._biller,
            tasks=self._work,
            on_ended=self._maybe_invoice,
            stop_grace=config.stop_grace_s,
            exeunits=self._exeunits,
        )
        self._closing = False

    # --- lifecycle ----------------------------------------------------------------

    async def start(self) -> None:
        """Publish the offer and start listening; earlier events are not ours."""
        since = datetime.now(timezone.utc) - timedelta(seconds=1)
        # the fork server's imports are done before a requestor can come
        await self._exeunits.open()
        self.offer = await self._publish()
        self._loops.spawn(self._negotiate(), "negotiation")
        self._loops.spawn(self._follow_agreements(since), "agreement events")
        self._loops.spawn(self._follow_activities(since), "activity events")

    async def aclose(self) -> None:
        """Stop exe-units, end the agreements still in force, withdraw the offer."""
        if self._closing:
            return
        self._closing = True
        await self._loops.cancel_all()
        running = [
            activity
            for record in self._agreements.values()
            for activity in record.activities.values()
            if not activity.ended.is_set()
        ]
        await asyncio.gather(*(self._host.stop(a) for a in running), return_exceptions=True)
        await self._exeunits.close()
        for record in self._agreements.values():
            if record.agreement is not None and not record.ended:
                record.ended = True
                with contextlib.suppress(GolemError):
                    await record.agreement.terminate("the provider is shutting down")
        await self._work.cancel_all()
        if self.offer is not None:
            with contextlib.suppress(GolemError):
                await self.offer.unsubscribe()

    async def crash(self) -> None:
        """Stop as a killed agent would: no goodbyes, and its exe-units die with it.

        For fault injection: the agreements stay in force on the daemon, no
        invoice follows, and the offer stays published until someone withdraws it.
        """
        self._closing = True
        await self._loops.cancel_all()
        await self._work.cancel_all()
        pids = list(self.exeunit_pids().values())
        self._exeunits.kill()
        kill_all([*pids, *(child for pid in pids for child in descendants(pid))])

    # --- what fault injection reaches into ------------------------------------------

    def exeunit_pids(self) -> dict[str, int]:
        """The exe-units running now: process id by activity id."""
        return {
            activity.activity_id: activity.exeunit.pid
            for record in self._agreements.values()
            for activity in record.activities.values()
            if activity.exeunit is not None and activity.exeunit.returncode is None
        }

    def set_faults(self, faults: ProviderFaults) -> None:
        """Misbehave differently from now on (exe-units started later get its exe-unit faults)."""
        self.config = attrs.evolve(self.config, faults=faults)
        self._biller.faults = faults
        self._host.faults = faults

    async def __aenter__(self) -> ProviderAgent:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # --- market -------------------------------------------------------------------

    async def _publish(self) -> Offer:
        spec = self.config.offer
        properties = self.config.faults.offered(offer_properties(spec))
        offer = MarketSpec(properties, str(offer_constraint(spec)))
        return await Offer.subscribe(self._node, offer)

    async def _negotiate(self) -> None:
        async def republish(error: BaseException) -> bool:
            if isinstance(error, (NotFoundError, GoneError)):
                assert self.offer is not None
                log.warning("[%s] offer %s expired; publishing it again", self.name, self.offer.id)
                self.offer = await self._publish()
                return False  # at once
            log.warning("[%s] negotiation events: %s", self.name, error)
            return True

        def offer_events() -> AsyncIterator[OfferEvent]:
            assert self.offer is not None
            return self.offer.events(poll_timeout=self.config.poll_timeout_s)

        async for event in follow(offer_events, backoff=self._backoff(), on_error=republish):
            self._on_offer_event(event)

    def _backoff(self) -> Backoff:
        return Backoff(initial=self.config.retry_s, cap=max(self.config.retry_s, 10.0))

    def _on_offer_event(self, event: OfferEvent) -> None:
        # the requestor starts: its Draft answers our offer; Initial demands wait for that
        if isinstance(event, NewProposal) and event.proposal.state is ProposalState.DRAFT:
            proposal = event.proposal
            self._work.spawn(self._answer(proposal), f"answer {proposal.proposal_id}")
        elif isinstance(event, AgreementProposed):
            agreement = event.agreement
            self._work.spawn(self._approve(agreement), f"approve {agreement.agreement_id}")

    async def _answer(self, proposal: ProposalData) -> None:
        assert self.offer is not None
        answer = answer_demand(
            self.config.offer,
            proposal.properties,
            now=datetime.now(timezone.utc),
            refuse=self.config.faults.refuse_negotiation,
        )
        if isinstance(answer, CounterOffer):
            properties = self.config.faults.offered(answer.properties)
            spec = MarketSpec(properties, answer.constraints)
            await self.offer.counter(proposal, spec)
            kind, detail = AgentEventKind.PROPOSAL_COUNTERED, f"platform {answer.platform}"
        else:
            await self.offer.reject(proposal, answer.reason)
            kind, detail = AgentEventKind.PROPOSAL_REFUSED, answer.reason
        await self.history.record(
            AgentEvent(kind=kind, document_id=proposal.proposal_id, detail=detail)
        )

    async def _approve(self, data: AgreementData) -> None:
        """Approve, asking again while the requestor has not acknowledged and it is valid."""
        record = AgreementRecord(data, BillingTerms.from_offer(data.offer.properties))
        # activities may be asked for as soon as it is approved
        self._agreements[data.agreement_id] = record
        timeout = self.config.approve_timeout_s
        while record.agreement is None:
            try:
                record.agreement = await approve_agreement(self._node, data, timeout=timeout)
            except (ApiError, CallTimeoutError) as error:
                unacknowledged = isinstance(error, CallTimeoutError) or error.status in (500, 504)
                if unacknowledged and datetime.now(timezone.utc) < data.valid_to:
                    continue
                record.ended = True
                await self.history.record(
                    AgentEvent(
                        kind=AgentEventKind.AGREEMENT_NOT_APPROVED,
                        agreement_id=data.agreement_id,
                        detail=str(error),
                    )
                )
                return
        self._work.spawn(self._look_for_activity(record), f"quick polls {data.agreement_id}")
        await self.history.record(
            AgentEvent(kind=AgentEventKind.AGREEMENT_APPROVED, agreement_id=data.agreement_id)
        )
        if self.config.faults.terminate_after_approval:
            await self._terminate(record, "the provider ends every agreement (injected fault)")

    async def _terminate(self, record: AgreementRecord, why: str) -> None:
        if record.agreement is not None:
            try:
                await record.agreement.terminate(why)
            except GolemError as error:
                log.warning("[%s] terminating %s: %s", self.name, record.agreement_id, error)
        await self._agreement_ended(record, "Provider", why)

    async def _follow_agreements(self, since: datetime) -> None:
        """Terminations (by the requestor, or by us) of our agreements."""
        cursor, poll = since, self.config.poll_timeout_s
        changes = follow(
            lambda: agreement_events(self._node, after=cursor, poll_timeout=poll),
            backoff=self._backoff(),
            what=f"agreement events of {self.name}",
        )
        async for change in changes:
            cursor = max(cursor, change.event_date)
            record = self._agreements.get(change.agreement_id)
            if change.kind is AgreementEventKind.TERMINATED and record is not None:
                why = change.reason.message if change.reason else ""
                ended = self._agreement_ended(record, change.terminator or "?", why)
                self._work.spawn(ended, f"{change.agreement_id} ended")

    async def _agreement_ended(self, record: AgreementRecord, by: str, why: str) -> None:
        """Stop what still runs under the agreement, then invoice it (once)."""
        if record.ended:
            return
        record.ended = True
        await self.history.record(
            AgentEvent(
                kind=AgentEventKind.AGREEMENT_ENDED,
                agreement_id=record.agreement_id,
                detail=f"by {by}: {why}",
            )
        )
        running = [a for a in record.activities.values() if not a.ended.is_set()]
        await asyncio.gather(*(self._host.stop(a) for a in running))
        await self._maybe_invoice(record)

    async def _maybe_invoice(self, record: AgreementRecord) -> None:
        if self._closing or not record.ended or record.invoiced:
            return
        if not record.all_activities_ended:
            return
        record.invoiced = True
        try:
            await self._biller.invoice(record)
        except GolemError as error:
            log.error("[%s] invoice for %s failed: %s", self.name, record.agreement_id, error)

    # --- activities ---------------------------------------------------------------

    async def _follow_activities(self, since: datetime) -> None:
        cursor, poll = since, self.config.poll_timeout_s
        events = follow(
            lambda: activity_events(self._node, after=cursor, poll_timeout=poll),
            backoff=self._backoff(),
            what=f"activity events of {self.name}",
        )
        async for event in events:
            cursor = max(cursor, event.event_date)
            name = f"{type(event).__name__} {event.activity_id}"
            self._work.spawn(self._serve(event), name)

    async def _look_for_activity(self, record: AgreementRecord) -> None:
        """Short polls right after an approval, so the first activity starts at once.

        The standing poll may see it up to 0.75 s late (`quick_polls.py`). A
        CreateActivity seen by both is served once (`_serve` skips the second).
        """
        loop = asyncio.get_running_loop()
        approved = loop.time()
        after = datetime.now(timezone.utc) - timedelta(seconds=1)
        while not record.activities and not record.ended:
            timeout = quick_poll_timeout(loop.time() - approved)
            if timeout is None:
                return
            try:
                events = await poll_activity_events(self._node, after=after, timeout=timeout)
            except GolemError as error:  # the standing poll carries on
                log.debug("[%s] quick activity poll: %s", self.name, error)
                return
            created = [e for e in events if isinstance(e, CreateActivity)]
            for event in created:
                if event.agreement_id in self._agreements:
                    self._work.spawn(self._serve(event), f"CreateActivity {event.activity_id}")
            if any(e.agreement_id == record.agreement_id for e in created):
                return
            after = max([after, *(e.event_date for e in events)])

    async def _serve(self, event: ProviderActivityEvent) -> None:
        record = self._agreements.get(event.agreement_id)
        activity = record.activities.get(event.activity_id) if record else None
        if isinstance(event, DestroyActivity):
            if activity is not None:
                await self._host.stop(activity)
            return
        if not isinstance(event, CreateActivity) or activity is not None:
            return  # an unknown kind, or an event seen twice
        if record is None:
            await self._host.refuse(event, "no agreement of ours")
            return
        activity = await self._host.start(record, event)
        delay = self.config.faults.terminate_during_activity_s
        if delay is not None and activity.exeunit is not None:
            self._work.spawn(self._terminate_later(record, activity, float(delay)), "fault")

    async def _terminate_later(
        self, record: AgreementRecord, activity: ActivityRecord, delay: float
    ) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(activity.ended.wait(), delay)
            return  # the activity ended first: nothing to break
        await self._terminate(record, "the provider ends agreements mid-activity (injected fault)")
