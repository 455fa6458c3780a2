"""Negotiating an agreement over golem_core and a scripted daemon: what goes over the wire.

The info and terms of a new agreement are built from the two proposals it is
made of (the provider's Draft and our counter-proposal it answers), equal to
what the daemon's record of the agreement would give, without reading it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs

from golem_core.ids import AgreementId
from golem_core.market import Demand, MarketSpec, ProposalArrived
from golem_core.market.data import AgreementData
from golem_core.market.properties import PropertyValue
from golem_core.payment import PaymentTerms
from golem_hl import events
from golem_hl._engine.agreements import negotiate_agreement
from golem_hl._engine.convert import agreement_info
from golem_hl._engine.emitter import EventEmitter
from golem_hl._engine.job import Job
from tests.unit.golem_core.market.fake_daemon import (
    WHEN,
    FakeDaemon,
    agreement_json,
    proposal_json,
    reply,
)

SPEC = MarketSpec({"golem.node.debug.subnet": "t"}, "(golem.node.debug.subnet=t)")
OURS: dict[str, PropertyValue] = {
    "golem.node.debug.subnet": "t",
    "golem.com.payment.chosen-platform": "p",
    "n": 2.5,
}


def arrived(proposal: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"eventType": "ProposalEvent", "eventDate": WHEN, "proposal": proposal}]


def scripted(draft: dict[str, Any]) -> FakeDaemon:
    """An offer R-1, our counter R-2, the provider's Draft; agreement A-1 approved at once."""
    record = agreement_json("A-1", "Approved")
    record["demand"]["properties"] = OURS
    record["offer"]["properties"] = draft["properties"]
    return (
        FakeDaemon()
        .on("POST /demands", reply(201, "D-1"))
        .on("DELETE /demands/D-1", reply(204))
        .on(
            "GET /demands/D-1/events",
            reply(200, arrived(proposal_json("R-1"))),
            reply(200, arrived(draft)),
        )
        .on("POST /demands/D-1/proposals/R-1", reply(200, "R-2"))
        .on("POST /agreements", reply(200, "A-1"))
        .on("POST /agreements/A-1/confirm", reply(204))
        .on("POST /agreements/A-1/wait", reply(204))
        .on("GET /agreements/A-1", reply(200, record))
        .on("POST /agreements/A-1/terminate", reply(200))
    )


@attrs.frozen
class Negotiated:
    seen: list[events.Event]
    paid: dict[str, PaymentTerms]
    reads: int  # how many times the agreement was read while negotiating
    record: AgreementData  # the daemon's record of it, read afterwards

    def created(self) -> events.AgreementCreated:
        (created,) = [e for e in self.seen if isinstance(e, events.AgreementCreated)]
        return created


async def negotiated(fake: FakeDaemon) -> Negotiated:
    """Counter the offer, agree on the Draft, then read the agreement."""
    seen: list[events.Event] = []
    emitter = EventEmitter()
    emitter.add_consumer(seen.append)
    paid: dict[str, PaymentTerms] = {}

    def pay_for(agreement_id: AgreementId, terms: PaymentTerms, approved_at: datetime) -> None:
        paid[agreement_id] = terms

    job = Job("agreement-test", datetime.now(timezone.utc) + timedelta(minutes=5))
    async with fake.node() as node:
        demand = await Demand.subscribe(node, SPEC)
        stream = demand.events()
        offer = await anext(stream)
        assert isinstance(offer, ProposalArrived)
        await offer.proposal.counter(OURS)
        answer = await anext(stream)
        assert isinstance(answer, ProposalArrived)
        lease = await negotiate_agreement(job, answer.proposal, emitter, 5.0, pay_for)
        assert lease is not None
        reads = len(fake.calls("GET /agreements/A-1"))
        record = await lease.agreement.get()
        await demand.unsubscribe()
    return Negotiated(seen, paid, reads, record)


async def test_a_new_agreement_is_described_without_reading_it() -> None:
    done = await negotiated(scripted(proposal_json("R-3", "Draft", prev="R-2")))
    assert done.reads == 0
    # the same as from the daemon's record of it
    info = done.created().agreement
    assert info == agreement_info(done.record)
    assert dict(info.details.requestor_view.properties) == OURS
    assert dict(info.details.provider_view.properties) == done.record.offer.properties
    assert done.paid == {"A-1": PaymentTerms.from_properties(done.record.offer.properties)}
    assert done.paid["A-1"].pricing.price_of("golem.usage.duration_sec") == Decimal("0.001")


async def test_an_agreement_on_a_draft_answering_a_counter_not_sent_here_is_read() -> None:
    done = await negotiated(scripted(proposal_json("R-3", "Draft", prev="R-7")))  # not our R-2
    assert done.reads == 1
    assert done.created().agreement == agreement_info(done.record)
    assert list(done.paid) == ["A-1"]
