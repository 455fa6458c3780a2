"""Right after approving an agreement the agent polls for its first activity with short polls.

yagna's activity-event poll looks at the database when it arrives and then only
every 750 ms, so the standing 5 s poll may see a new activity up to 0.75 s
late; the short polls see it at their next start. The daemon is faked: the
approval and each poll are recorded, nothing else is called.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from golem_core.activity import CreateActivity, DestroyActivity, ProviderActivityEvent
from golem_core.ids import ActivityId, AgreementId, NodeId, SubscriptionId
from golem_core.market.data import AgreementData, AgreementState, DemandData, OfferData
from golem_localnet.provider import agent as agent_module
from golem_localnet.provider.agent import AgentConfig, ProviderAgent
from golem_localnet.provider.billing import BillingTerms
from golem_localnet.provider.offer import OfferSpec, offer_properties
from golem_localnet.provider.quick_polls import FIRST_TIMEOUT_S
from golem_localnet.provider.records import AgreementRecord

SPEC = OfferSpec(node_id="0xp", name="p", subnet="s")
NOW = datetime.now(timezone.utc)


def agreement(agreement_id: str) -> AgreementData:
    return AgreementData(
        agreement_id=AgreementId(agreement_id),
        state=AgreementState.PENDING,
        demand=DemandData(
            demand_id=SubscriptionId("demand"),
            requestor_id=NodeId("0xr"),
            properties={},
            constraints="()",
            timestamp=NOW,
        ),
        offer=OfferData(
            offer_id=SubscriptionId("offer"),
            provider_id=NodeId("0xp"),
            properties=offer_properties(SPEC),
            constraints="()",
            timestamp=NOW,
        ),
        timestamp=NOW,
        valid_to=NOW + timedelta(hours=1),
    )


def created(agreement_id: str, activity_id: str) -> CreateActivity:
    return CreateActivity(
        activity_id=ActivityId(activity_id),
        agreement_id=AgreementId(agreement_id),
        event_date=datetime.now(timezone.utc),
    )


class FakeFeed:
    """The provider's activity-event feed: each poll gets the next answer, recorded."""

    def __init__(self, *answers: list[ProviderActivityEvent]) -> None:
        self.answers = list(answers)
        self.polls: list[tuple[datetime, float]] = []

    async def __call__(
        self, node: Any, *, after: datetime, timeout: float
    ) -> list[ProviderActivityEvent]:
        self.polls.append((after, timeout))
        await asyncio.sleep(0)
        return [e for e in self.answers.pop(0) if e.event_date > after] if self.answers else []


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[ProviderAgent, list[Any]]:
    agent = ProviderAgent(
        object(),  # type: ignore[arg-type]
        AgentConfig(offer=SPEC, gsb_url="unix:/nowhere", data_dir=tmp_path),
    )
    seen: list[Any] = []

    async def serve(event: ProviderActivityEvent) -> None:
        seen.append(event)
        record = agent._agreements.get(event.agreement_id)
        if record is not None and isinstance(event, CreateActivity):
            record.activities[event.activity_id] = object()  # type: ignore[assignment]

    async def approve(node: Any, data: AgreementData, timeout: float) -> object:
        return object()

    monkeypatch.setattr(agent, "_serve", serve)
    monkeypatch.setattr(agent_module, "approve_agreement", approve)
    return agent, seen


async def finish(agent: ProviderAgent) -> None:
    while tasks := list(agent._work._tasks):
        await asyncio.gather(*tasks)


async def test_the_first_activity_is_served_from_the_short_polls(
    served: tuple[ProviderAgent, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    agent, seen = served
    event = created("a1", "act1")
    feed = FakeFeed([], [], [event])
    monkeypatch.setattr(agent_module, "poll_activity_events", feed)
    await agent._approve(agreement("a1"))
    await finish(agent)
    assert seen == [event]
    # three polls, the first at once and short; none after the activity came
    assert [timeout for _, timeout in feed.polls] == [FIRST_TIMEOUT_S] * 3
    first_after = feed.polls[0][0]
    assert first_after < event.event_date


async def test_only_creations_for_our_agreements_are_served_and_polls_go_on(
    served: tuple[ProviderAgent, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    agent, seen = served
    other = created("unknown", "x")
    gone = DestroyActivity(
        activity_id=ActivityId("old"),
        agreement_id=AgreementId("a1"),
        event_date=datetime.now(timezone.utc),
    )
    ours = created("a1", "act1")
    feed = FakeFeed([other, gone], [ours])
    monkeypatch.setattr(agent_module, "poll_activity_events", feed)
    await agent._approve(agreement("a1"))
    await finish(agent)
    assert seen == [ours]
    # the second poll asks only for what came after the first one's news
    assert feed.polls[1][0] == gone.event_date


async def test_an_agreement_that_ended_is_not_polled_for(
    served: tuple[ProviderAgent, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    agent, _ = served
    feed = FakeFeed()
    monkeypatch.setattr(agent_module, "poll_activity_events", feed)
    record = AgreementRecord(agreement("a1"), BillingTerms.from_offer(offer_properties(SPEC)))
    record.ended = True
    await agent._look_for_activity(record)
    assert feed.polls == []
