"""Demand, Proposal, Agreement and Offer against a scripted daemon: calls, events, closers."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from golem_core.events import (
    AgreementApproved,
    AgreementCancelled,
    AgreementConfirmed,
    AgreementCreated,
    AgreementRejected,
    AgreementTerminated,
    DemandSubscribed,
    DemandUnsubscribed,
    Event,
    NodeClosed,
    ProposalCountered,
    ProposalReceived,
    ProposalRejectedByProvider,
)
from golem_core.exceptions import (
    GolemError,
    GoneError,
    LocalProtocolError,
    NotFoundError,
    RemoteProtocolError,
    ServerError,
)
from golem_core.ids import AgreementId, NodeId, ProposalId
from golem_core.market import (
    Agreement,
    AgreementProposed,
    AgreementState,
    Demand,
    MarketSpec,
    NewProposal,
    Offer,
    Proposal,
    ProposalArrived,
    ProposalData,
    ProposalRejectedByPeer,
    ProposalState,
    Reason,
    agreement_events,
    approve_agreement,
)
from golem_core.node import GolemNode
from golem_core.retry import Backoff
from tests.unit.golem_core.market.fake_daemon import (
    PROVIDER,
    WHEN,
    FakeDaemon,
    agreement_json,
    error,
    proposal_json,
    reply,
)

SPEC = MarketSpec({"golem.node.debug.subnet": "t"}, "(golem.node.debug.subnet=t)")
VALID_TO = datetime(2030, 1, 1, 0, 5, tzinfo=timezone.utc)


def recorded(node: GolemNode) -> list[Event]:
    seen: list[Event] = []
    node.events.subscribe(seen.append)
    return seen


def kinds(events: list[Event]) -> list[type[Event]]:
    return [type(event) for event in events]


def body(request: object) -> object:
    return json.loads(request.content)  # type: ignore[attr-defined]


# --- demands -------------------------------------------------------------------------------


async def test_a_demand_is_withdrawn_when_the_node_closes() -> None:
    fake = FakeDaemon().on("POST /demands", reply(201, "D-1")).on("DELETE /demands/D-1", reply(204))
    node = fake.node()
    async with node:
        seen = recorded(node)
        demand = await Demand.subscribe(node, SPEC)
        assert demand.id == "D-1" and demand.is_subscribed
    (sent,) = fake.calls("POST /demands")
    assert body(sent) == {"properties": dict(SPEC.properties), "constraints": SPEC.constraints}
    assert len(fake.calls("DELETE /demands/D-1")) == 1
    assert not demand.is_subscribed
    assert kinds(seen) == [DemandSubscribed, DemandUnsubscribed, NodeClosed]


async def test_unsubscribing_twice_or_after_the_daemon_dropped_it_is_fine() -> None:
    fake = FakeDaemon().on("POST /demands", reply(201, "D-1"))
    fake.on("DELETE /demands/D-1", error(404, "Subscription not found"))
    async with fake.node() as node:
        demand = await Demand.subscribe(node, SPEC)
        await demand.unsubscribe()
        await demand.unsubscribe()
    # the closer went with the first unsubscribe: closing the node sent nothing more
    assert len(fake.calls("DELETE /demands/D-1")) == 1


async def test_a_failed_unsubscribe_is_retried_when_the_node_closes() -> None:
    fake = FakeDaemon().on("POST /demands", reply(201, "D-1"))
    fake.on("DELETE /demands/D-1", error(500, "busy"), reply(204))
    async with fake.node() as node:
        demand = await Demand.subscribe(node, SPEC)
        with pytest.raises(ServerError):
            await demand.unsubscribe()
        assert demand.is_subscribed
    assert len(fake.calls("DELETE /demands/D-1")) == 2
    assert not demand.is_subscribed


async def test_the_event_stream_is_typed_and_reported_on_the_bus() -> None:
    rejected = {
        "eventType": "ProposalRejectedEvent",
        "eventDate": WHEN,
        "proposalId": "R-2",
        "reason": {"message": "too cheap", "golem.provider.code": 7},
    }
    fake = (
        FakeDaemon()
        .on("POST /demands", reply(201, "D-1"))
        .on("DELETE /demands/D-1", reply(204))
        .on(
            "GET /demands/D-1/events",
            reply(
                200,
                [
                    {
                        "eventType": "ProposalEvent",
                        "eventDate": WHEN,
                        "proposal": proposal_json("R-1"),
                    }
                ],
            ),
            reply(200, [rejected]),
            error(404, "Subscription not found"),
        )
        .on("POST /demands/D-1/proposals/R-1", reply(200, "R-2"))
    )
    node = fake.node()
    async with node:
        seen = recorded(node)
        demand = await Demand.subscribe(node, SPEC)
        stream = demand.events(poll_timeout=1.5, max_events=3)
        arrived = await anext(stream)
        assert isinstance(arrived, ProposalArrived)
        proposal = arrived.proposal
        assert (proposal.id, proposal.issuer_id, proposal.state) == (
            "R-1",
            PROVIDER,
            ProposalState.INITIAL,
        )
        assert proposal.data.timestamp.tzinfo is not None and arrived.event_date.tzinfo is not None
        assert proposal.pricing.price_of("golem.usage.duration_sec") == Decimal("0.001")
        assert proposal.data.prev_proposal_id is None

        assert await proposal.counter({"golem.node.debug.subnet": "t", "x": 1}) == "R-2"
        (countered,) = fake.calls("POST /demands/D-1/proposals/R-1")
        assert body(countered) == {
            "properties": {"golem.node.debug.subnet": "t", "x": 1},
            "constraints": SPEC.constraints,
        }

        refused = await anext(stream)
        assert isinstance(refused, ProposalRejectedByPeer)
        assert refused.proposal_id == "R-2"
        assert refused.reason == Reason("too cheap", {"golem.provider.code": 7})

        with pytest.raises(NotFoundError):
            await anext(stream)  # the daemon dropped the demand: said plainly
    polls = fake.calls("GET /demands/D-1/events")
    assert polls[0].url.params["timeout"] == "1.5" and polls[0].url.params["maxEvents"] == "3"
    assert kinds(seen) == [
        DemandSubscribed,
        ProposalReceived,
        ProposalCountered,
        ProposalRejectedByProvider,
        DemandUnsubscribed,
        NodeClosed,
    ]
    received, countered_event, provider_rejected = seen[1], seen[2], seen[3]
    assert isinstance(received, ProposalReceived) and received.initial
    assert isinstance(countered_event, ProposalCountered)
    assert countered_event.counter_proposal_id == "R-2"
    assert isinstance(provider_rejected, ProposalRejectedByProvider)
    assert (provider_rejected.provider_id, provider_rejected.reason) == (PROVIDER, "too cheap")


async def test_a_rejection_of_a_counter_we_did_not_send_here_is_traced_to_its_provider() -> None:
    rejected = {"eventType": "ProposalRejectedEvent", "eventDate": WHEN, "proposalId": "R-9"}
    fake = (
        FakeDaemon()
        .on("POST /demands", reply(201, "D-1"))
        .on("DELETE /demands/D-1", reply(204))
        .on("GET /demands/D-1/events", reply(200, [rejected]))
        .on(
            "GET /demands/D-1/proposals/R-9",
            reply(200, proposal_json("R-9", "Draft", prev="R-8", issuer="0x1")),
        )
        .on("GET /demands/D-1/proposals/R-8", reply(200, proposal_json("R-8")))
    )
    node = fake.node()
    async with node:
        seen = recorded(node)
        demand = await Demand.subscribe(node, SPEC)
        event = await anext(demand.events())
        assert isinstance(event, ProposalRejectedByPeer) and event.reason is None
    (traced,) = [e for e in seen if isinstance(e, ProposalRejectedByProvider)]
    assert traced.provider_id == PROVIDER


async def test_a_draft_knows_what_we_proposed_that_it_answers() -> None:
    """Our counter-proposal, as the daemon keeps it: the demand side of an agreement on it."""

    def arrived(proposal: dict[str, object]) -> list[dict[str, object]]:
        return [{"eventType": "ProposalEvent", "eventDate": WHEN, "proposal": proposal}]

    fake = (
        FakeDaemon()
        .on("POST /demands", reply(201, "D-1"))
        .on("DELETE /demands/D-1", reply(204))
        .on(
            "GET /demands/D-1/events",
            reply(200, arrived(proposal_json("R-1"))),
            reply(200, arrived(proposal_json("R-3", "Draft", prev="R-2"))),
            reply(200, arrived(proposal_json("R-5", "Draft", prev="R-4"))),
        )
        .on("POST /demands/D-1/proposals/R-1", reply(200, "R-2"))
        .on("GET /demands/D-1/proposals/R-3", reply(200, proposal_json("R-3", "Draft", prev="R-2")))
    )
    async with fake.node() as node:
        demand = await Demand.subscribe(node, SPEC)
        stream = demand.events()
        initial = await anext(stream)
        assert isinstance(initial, ProposalArrived) and initial.proposal.answers is None
        await initial.proposal.counter({"x": 1, "golem.com.usage.vector": ("a", "b")})
        draft = await anext(stream)
        assert isinstance(draft, ProposalArrived)
        ours = MarketSpec({"x": 1, "golem.com.usage.vector": ["a", "b"]}, SPEC.constraints)
        assert draft.proposal.answers == ours
        assert (await draft.proposal.refresh()).answers == ours
        # a Draft answering a counter this demand did not send: we do not know what it answers
        other = await anext(stream)
        assert isinstance(other, ProposalArrived) and other.proposal.answers is None


async def test_a_counter_refused_or_answered_is_forgotten() -> None:
    rejected = {"eventType": "ProposalRejectedEvent", "eventDate": WHEN, "proposalId": "R-2"}
    answer = {
        "eventType": "ProposalEvent",
        "eventDate": WHEN,
        "proposal": proposal_json("R-5", "Draft", prev="R-4"),
    }
    fake = (
        FakeDaemon()
        .on("POST /demands", reply(201, "D-1"))
        .on("DELETE /demands/D-1", reply(204))
        .on("GET /demands/D-1/events", reply(200, [rejected]), reply(200, [answer]))
        .on("POST /demands/D-1/proposals/R-1", reply(200, "R-2"))
        .on("POST /demands/D-1/proposals/R-9", reply(200, "R-4"))
    )
    async with fake.node() as node:
        demand = await Demand.subscribe(node, SPEC)
        for offer in ("R-1", "R-9"):
            await Proposal(demand, draft(ProposalState.INITIAL, offer)).counter()
        assert len(demand._proposed) == 2
        stream = demand.events()
        assert isinstance(await anext(stream), ProposalRejectedByPeer)
        assert isinstance(await anext(stream), ProposalArrived)
        assert demand._proposed == {}


async def test_an_unreadable_event_is_the_daemons_fault() -> None:
    fake = (
        FakeDaemon()
        .on("POST /demands", reply(201, "D-1"))
        .on("DELETE /demands/D-1", reply(204))
        .on("GET /demands/D-1/events", reply(200, [{"eventType": "Mystery", "eventDate": WHEN}]))
    )
    async with fake.node() as node:
        demand = await Demand.subscribe(node, SPEC)
        with pytest.raises(RemoteProtocolError, match="collect_offers: cannot read"):
            await anext(demand.events())


async def test_the_next_poll_waits_for_the_pace_after_a_batch_only() -> None:
    offer = {"eventType": "ProposalEvent", "eventDate": WHEN, "proposal": proposal_json("R-1")}
    fake = (
        FakeDaemon()
        .on("POST /demands", reply(201, "D-1"))
        .on("DELETE /demands/D-1", reply(204))
        .on("GET /demands/D-1/events", reply(200, []), reply(200, [offer, offer]), reply(200, []))
    )
    order: list[str] = []

    async with fake.node() as node:
        demand = await Demand.subscribe(node, SPEC)

        async def pace() -> None:
            order.append(f"pace after poll {len(fake.calls('GET /demands/D-1/events'))}")
            await demand.unsubscribe()

        stream = demand.events(poll_timeout=0.01, pace=pace)
        await anext(stream)
        await anext(stream)
        order.append("batch handed out")
        assert [event async for event in stream] == []
    # no pace after the empty first poll; after the batch, before the third poll
    assert order == ["batch handed out", "pace after poll 2"]
    assert len(fake.calls("GET /demands/D-1/events")) == 2


async def test_the_stream_ends_quietly_once_we_unsubscribe() -> None:
    fake = (
        FakeDaemon()
        .on("POST /demands", reply(201, "D-1"))
        .on("DELETE /demands/D-1", reply(204))
        .on("GET /demands/D-1/events", reply(200, []))
    )
    async with fake.node() as node:
        demand = await Demand.subscribe(node, SPEC)
        stream = demand.events(poll_timeout=0.01)
        await demand.unsubscribe()
        assert [event async for event in stream] == []


async def test_the_stream_ends_after_its_overall_timeout() -> None:
    fake = (
        FakeDaemon()
        .on("POST /demands", reply(201, "D-1"))
        .on("DELETE /demands/D-1", reply(204))
        .on("GET /demands/D-1/events", reply(200, []))
    )
    async with fake.node() as node:
        demand = await Demand.subscribe(node, SPEC)
        assert [event async for event in demand.events(poll_timeout=0.01, timeout=0.05)] == []
    for poll in fake.calls("GET /demands/D-1/events"):
        assert 0 < float(poll.url.params["timeout"]) <= 0.01


# --- agreements ----------------------------------------------------------------------------


def draft(state: ProposalState = ProposalState.DRAFT, proposal_id: str = "R-3") -> ProposalData:
    return ProposalData(
        proposal_id=ProposalId(proposal_id),
        issuer_id=NodeId(PROVIDER),
        state=state,
        properties={},
        constraints="()",
        timestamp=VALID_TO,
    )


def agreement_daemon(*wait_replies: object) -> FakeDaemon:
    return (
        FakeDaemon()
        .on("POST /agreements", reply(200, "A-1"))
        .on("POST /agreements/A-1/confirm", reply(204))
        .on("POST /agreements/A-1/wait", *wait_replies)  # type: ignore[arg-type]
    )


async def test_create_confirm_approve_and_terminate_on_close() -> None:
    fake = agreement_daemon(error(408, "timeout"), reply(204))
    fake.on("GET /agreements/A-1", reply(200, agreement_json("A-1", "Approved")))
    fake.on("POST /agreements/A-1/terminate", reply(200))
    node = fake.node()
    async with node:
        seen = recorded(node)
        agreement = await Agreement.create(node, draft(), VALID_TO)
        await agreement.confirm("session-1")
        assert await agreement.wait_for_approval(10, poll_timeout=2) is AgreementState.APPROVED
    (created,) = fake.calls("POST /agreements")
    assert body(created) == {"proposalId": "R-3", "validTo": "2030-01-01T00:05:00+00:00"}
    assert fake.calls("POST /agreements/A-1/confirm")[0].url.params["appSessionId"] == "session-1"
    assert [w.url.params["timeout"] for w in fake.calls("POST /agreements/A-1/wait")] == ["2", "2"]
    (terminated,) = fake.calls("POST /agreements/A-1/terminate")
    assert body(terminated) == {"message": "shutting down"}
    assert kinds(seen) == [
        AgreementCreated,
        AgreementConfirmed,
        AgreementApproved,
        AgreementTerminated,
        NodeClosed,
    ]
    ended = seen[3]
    assert isinstance(ended, AgreementTerminated) and ended.terminator == "Requestor"


async def test_a_rejection_is_returned_with_its_reason() -> None:
    fake = agreement_daemon(error(410, "Rejected"))
    fake.on("GET /agreements/A-1", reply(200, agreement_json("A-1", "Rejected")))
    fake.on(
        "GET /agreementEvents",
        reply(
            200,
            [
                {"eventType": "AgreementApprovedEvent", "eventDate": WHEN, "agreementId": "A-0"},
                {
                    "eventType": "AgreementRejectedEvent",
                    "eventDate": WHEN,
                    "agreementId": "A-1",
                    "reason": {"message": "busy"},
                },
            ],
        ),
    )
    node = fake.node()
    async with node:
        seen = recorded(node)
        agreement = await Agreement.create(node, draft(), VALID_TO)
        await agreement.confirm("s")
        assert await agreement.wait_for_approval(5) is AgreementState.REJECTED
    (lookup,) = fake.calls("GET /agreementEvents")
    assert lookup.url.params["appSessionId"] == "s" and lookup.url.params["timeout"] == "0"
    assert len(fake.calls("GET /agreements/A-1")) == 1  # nothing left to clean up on close
    (rejected,) = [e for e in seen if isinstance(e, AgreementRejected)]
    assert rejected.reason == "busy"


async def test_no_decision_in_time_is_pending() -> None:
    fake = agreement_daemon(error(408, "timeout"))
    fake.on(
        "GET /agreements/A-1",
        reply(200, agreement_json("A-1", "Pending")),
        reply(200, agreement_json("A-1", "Cancelled")),
    )
    fake.on("POST /agreements/A-1/cancel", reply(200))
    node = fake.node()
    async with node:
        seen = recorded(node)
        agreement = await Agreement.create(node, draft(), VALID_TO)
        await agreement.confirm()
        assert await agreement.wait_for_approval(0.05, poll_timeout=0.02) is AgreementState.PENDING
    waits = [float(w.url.params["timeout"]) for w in fake.calls("POST /agreements/A-1/wait")]
    assert waits and max(waits) <= 0.02  # no poll outlasts poll_timeout (nor the deadline)
    # closing cancels what the provider has not decided on
    (cancelled,) = fake.calls("POST /agreements/A-1/cancel")
    assert body(cancelled) == {"message": "the requestor is shutting down"}
    assert fake.calls("POST /agreements/A-1/terminate") == []
    assert AgreementCancelled in kinds(seen)


async def test_waiting_before_confirming_is_our_mistake() -> None:
    fake = agreement_daemon(error(400, "not confirmed"))
    fake.on("GET /agreements/A-1", reply(200, agreement_json("A-1", "Proposal")))
    async with fake.node() as node:
        agreement = await Agreement.create(node, draft(), VALID_TO)
        with pytest.raises(LocalProtocolError, match="confirmed before waiting"):
            await agreement.wait_for_approval(5)


async def test_only_a_draft_with_an_aware_deadline_becomes_an_agreement() -> None:
    fake = agreement_daemon()
    async with fake.node() as node:
        with pytest.raises(LocalProtocolError, match="not a Initial one"):
            await Agreement.create(node, draft(ProposalState.INITIAL), VALID_TO)
        with pytest.raises(ValueError, match="aware"):
            await Agreement.create(node, draft(), datetime(2030, 1, 1))
    assert fake.calls("POST /agreements") == []


async def test_terminate_tolerates_an_agreement_already_terminated() -> None:
    fake = FakeDaemon().on("POST /agreements/A-1/terminate", error(410, "already terminated"))
    fake.on("GET /agreements/A-1", reply(200, agreement_json("A-1", "Terminated")))
    async with fake.node() as node:
        agreement = Agreement(node, AgreementId("A-1"), NodeId(PROVIDER))
        assert await agreement.terminate() is False


async def test_terminate_before_approval_still_fails() -> None:
    fake = FakeDaemon().on(
        "POST /agreements/A-1/terminate", error(410, "from Pending to Terminated")
    )
    fake.on("GET /agreements/A-1", reply(200, agreement_json("A-1", "Pending")))
    async with fake.node() as node:
        agreement = Agreement(node, AgreementId("A-1"), NodeId(PROVIDER))
        with pytest.raises(GoneError):
            await agreement.terminate()


async def test_agreement_data_carries_both_sides() -> None:
    fake = FakeDaemon().on(
        "GET /agreements/A-1",
        reply(200, agreement_json("A-1", "Approved", approvedDate=WHEN, appSessionId="s")),
    )
    async with fake.node() as node:
        data = await Agreement(node, "A-1", NodeId(PROVIDER)).get()  # type: ignore[arg-type]
    assert data.state is AgreementState.APPROVED and data.state.is_final is False
    assert (data.provider_id, data.requestor_id) == (
        PROVIDER,
        "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
    )
    assert data.pricing.fixed_price == Decimal("0.5")
    assert data.approved_date is not None and data.approved_date.tzinfo is not None
    assert data.valid_to - data.timestamp == timedelta(minutes=5)
    assert data.app_session_id == "s"


# --- the provider side ---------------------------------------------------------------------


async def test_the_provider_negotiates_approves_and_cleans_up() -> None:
    agreement_event = {
        "eventType": "AgreementEvent",
        "eventDate": WHEN,
        "agreement": agreement_json("A-1", "Pending"),
    }
    fake = (
        FakeDaemon()
        .on("POST /offers", reply(201, "O-1"))
        .on("DELETE /offers/O-1", error(410, "already unsubscribed"))
        .on(
            "GET /offers/O-1/events",
            reply(
                200,
                [
                    {
                        "eventType": "ProposalEvent",
                        "eventDate": WHEN,
                        "proposal": proposal_json("P-2", "Draft", prev="P-1", issuer="0xf3"),
                    }
                ],
            ),
            reply(200, [agreement_event]),
        )
        .on("POST /offers/O-1/proposals/P-2", reply(200, "P-3"))
        .on("POST /agreements/A-1/approve", reply(204))
        .on("GET /agreements/A-1", reply(200, agreement_json("A-1", "Approved")))
        .on("POST /agreements/A-1/terminate", reply(200))
    )
    node = fake.node(identity=PROVIDER)
    async with node:
        seen = recorded(node)
        offer = await Offer.subscribe(node, SPEC)
        stream = offer.events(poll_timeout=1)
        demand_proposal = await anext(stream)
        assert isinstance(demand_proposal, NewProposal)
        assert demand_proposal.proposal.prev_proposal_id == "P-1"
        assert await offer.counter(demand_proposal.proposal) == "P-3"
        proposed = await anext(stream)
        assert isinstance(proposed, AgreementProposed)
        approved = await approve_agreement(node, proposed.agreement, timeout=3, app_session_id="p")
        assert approved.is_provider and approved.id == "A-1"
    (approval,) = fake.calls("POST /agreements/A-1/approve")
    assert dict(approval.url.params) == {"appSessionId": "p", "timeout": "3"}
    assert len(fake.calls("POST /agreements/A-1/terminate")) == 1
    assert len(fake.calls("DELETE /offers/O-1")) == 1
    assert kinds(seen) == [AgreementApproved, AgreementTerminated, NodeClosed]
    ended = seen[1]
    assert isinstance(ended, AgreementTerminated) and ended.terminator == "Provider"


async def test_a_closer_failure_is_reported_by_the_node() -> None:
    fake = (
        FakeDaemon().on("POST /offers", reply(201, "O-1")).on("DELETE /offers/O-1", error(500, "x"))
    )
    node = fake.node()
    await node.start()
    await Offer.subscribe(node, SPEC)
    with pytest.raises(GolemError, match="cleanup step"):
        await node.close()


async def test_a_node_with_a_session_confirms_in_it_and_hears_only_of_it() -> None:
    approved = {"eventType": "AgreementApprovedEvent", "eventDate": WHEN, "agreementId": "A-1"}
    fake = agreement_daemon(reply(204)).on("GET /agreementEvents", reply(200, [approved]))
    fake.on("GET /agreements/A-1", reply(200, agreement_json("A-1", "Cancelled")))
    node = fake.node(app_session_id="app-1")
    async with node:
        agreement = await Agreement.create(node, draft(), VALID_TO)
        await agreement.confirm()
        assert agreement.app_session_id == "app-1"
        async for change in agreement_events(node):
            assert change.agreement_id == "A-1"
            break
        await agreement.confirm("another")  # an explicit session still wins
    confirms = fake.calls("POST /agreements/A-1/confirm")
    assert [c.url.params["appSessionId"] for c in confirms] == ["app-1", "another"]
    (poll,) = fake.calls("GET /agreementEvents")
    assert poll.url.params["appSessionId"] == "app-1"


async def test_agreement_events_move_their_cursor_and_stop_at_the_end() -> None:
    approved = {"eventType": "AgreementApprovedEvent", "eventDate": WHEN, "agreementId": "A-1"}
    other = {**approved, "agreementId": "A-2", "eventDate": "2030-01-01T00:00:01Z"}
    ended = {
        "eventType": "AgreementTerminatedEvent",
        "eventDate": "2030-01-01T00:00:02Z",
        "agreementId": "A-1",
        "terminator": "Provider",
        "signature": "",
        "reason": {"message": "done"},
    }
    fake = FakeDaemon()
    fake.on("GET /agreements/A-1", reply(200, agreement_json("A-1", "Approved")))
    fake.on(
        "GET /agreementEvents", reply(200, [approved, other]), reply(200, []), reply(200, [ended])
    )
    node = fake.node()
    async with node:
        seen = recorded(node)
        agreement = Agreement(node, AgreementId("A-1"), NodeId(PROVIDER))
        changes = [change async for change in agreement.events(poll_timeout=0.5)]
    assert [(c.kind.name, c.terminator) for c in changes] == [
        ("APPROVED", None),
        ("TERMINATED", "Provider"),
    ]
    afters = [r.url.params["afterTimestamp"] for r in fake.calls("GET /agreementEvents")]
    # from just before the agreement was made, then after the latest event seen of any agreement
    assert afters == [
        "2029-12-31T23:59:59+00:00",
        "2030-01-01T00:00:01+00:00",
        "2030-01-01T00:00:01+00:00",
    ]
    assert kinds(seen) == [AgreementApproved, AgreementTerminated, NodeClosed]
    terminated = seen[1]
    assert isinstance(terminated, AgreementTerminated)
    assert (terminated.terminator, terminated.reason) == ("Provider", "done")


async def test_terminate_asks_an_unreachable_provider_again_while_told_to() -> None:
    """Found by the chaos run: with the requestor's daemon restarted, the provider was
    unreachable for a few seconds, the one termination failed, and the provider billed on."""
    unavailable = error(500, "Called service `/net/0x7099/market/...` is unavailable")
    fake = FakeDaemon().on("POST /agreements/A-1/terminate", unavailable, unavailable, reply(200))
    waited: list[float] = []

    async def sleep(delay: float) -> None:
        waited.append(delay)

    async with fake.node() as node:
        agreement = Agreement(node, AgreementId("A-1"), NodeId(PROVIDER))
        backoff = Backoff(initial=0.5, cap=5.0, jitter=0.0, sleep=sleep, clock=lambda: 0.0)
        assert await agreement.terminate("done", retry_for=30.0, backoff=backoff) is True
    assert len(fake.calls("POST /agreements/A-1/terminate")) == 3
    assert waited == [0.5, 1.0]


async def test_terminate_gives_up_on_an_unreachable_provider_when_told() -> None:
    unavailable = error(500, "Called service `/net/0x7099/market/...` is unavailable")
    fake = FakeDaemon().on("POST /agreements/A-1/terminate", unavailable)
    async with fake.node() as node:
        agreement = Agreement(node, AgreementId("A-1"), NodeId(PROVIDER))
        with pytest.raises(ServerError):
            await agreement.terminate("done")
    assert len(fake.calls("POST /agreements/A-1/terminate")) == 1


async def test_abandoning_after_the_daemon_was_away_terminates_what_the_provider_approved() -> None:
    """Found by the chaos run: the requestor's daemon restarted while we waited for approval;
    golem_hl took the failure for a rejection, but the provider had approved and billed on."""
    fake = FakeDaemon().on(
        "GET /agreements/A-1",
        error(500, "cannot reach"),
        reply(200, agreement_json("A-1", "Approved")),
    )
    fake.on("POST /agreements/A-1/terminate", reply(200))
    async with fake.node() as node:
        agreement = Agreement(node, AgreementId("A-1"), NodeId(PROVIDER))
        backoff = Backoff(initial=0.5, jitter=0.0, sleep=_no_wait, clock=lambda: 0.0)
        assert await agreement.abandon("gave up", retry_for=30.0, backoff=backoff) is True
    assert len(fake.calls("POST /agreements/A-1/terminate")) == 1


async def test_abandoning_a_pending_agreement_cancels_it() -> None:
    fake = FakeDaemon().on(
        "GET /agreements/A-1",
        reply(200, agreement_json("A-1", "Pending")),
        reply(200, agreement_json("A-1", "Cancelled")),
    )
    fake.on("POST /agreements/A-1/cancel", reply(204))
    async with fake.node() as node:
        agreement = Agreement(node, AgreementId("A-1"), NodeId(PROVIDER))
        assert await agreement.abandon("gave up") is False
    assert len(fake.calls("POST /agreements/A-1/cancel")) == 1
    assert fake.calls("POST /agreements/A-1/terminate") == []


async def _no_wait(delay: float) -> None:
    return None


async def test_closing_the_node_asks_a_provider_briefly_away_again_to_end_the_agreement() -> None:
    """Found by the chaos run: the last termination at shutdown met the provider's daemon
    restarting ("internal error") and the agreement stayed open, billed."""
    fake = FakeDaemon().on("GET /agreements/A-1", reply(200, agreement_json("A-1", "Approved")))
    fake.on(
        "POST /agreements/A-1/terminate",
        error(500, "Can't finish operation on Agreement due to internal error."),
        reply(200),
    )
    node = fake.node()
    async with node:
        agreement = Agreement(node, AgreementId("A-1"), NodeId(PROVIDER))
        node.add_closer("agreement A-1", agreement._close)
    assert len(fake.calls("POST /agreements/A-1/terminate")) == 2
