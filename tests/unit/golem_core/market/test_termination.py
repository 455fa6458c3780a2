"""A refused terminate: asked again briefly, then reported as such, and the node stops asking."""

from __future__ import annotations

import asyncio

import pytest

import golem_core._api.market as market_api
import golem_core.market.agreement as agreement_module
from golem_core.events import AgreementTerminated, Event
from golem_core.exceptions import CallTimeoutError, ServerError, TerminateRefusedError
from golem_core.ids import AgreementId, NodeId
from golem_core.market import Agreement
from golem_core.market.termination import (
    REFUSED_RETRY_S,
    ask_again_until,
    refused_by_other_side,
)
from golem_core.node import GolemNode
from golem_core.retry import Backoff
from tests.unit.golem_core.market.fake_daemon import (
    PROVIDER,
    FakeDaemon,
    agreement_json,
    error,
    reply,
)

# yagna 0.17.6's words, as the requestor's daemon passes them on (seen in chaos runs)
REFUSED = (
    "Protocol error while terminating: Remote Terminate: Can't finish operation on "
    "Agreement [P-a1] due to internal error."
)
UNAVAILABLE = "Called service `/net/0x7099/market/...` is unavailable"


class Clock:
    """Time that moves only as the backoff sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.now += delay


def test_the_refusal_is_told_from_other_server_errors() -> None:
    assert refused_by_other_side(ServerError("terminate_agreement", 500, REFUSED))
    assert not refused_by_other_side(ServerError("terminate_agreement", 500, UNAVAILABLE))
    assert not refused_by_other_side(CallTimeoutError("terminate_agreement", 30.0))


def test_a_refusal_is_asked_again_only_briefly_and_never_past_the_callers_limit() -> None:
    refused = ServerError("terminate_agreement", 500, REFUSED)
    unavailable = ServerError("terminate_agreement", 500, UNAVAILABLE)
    assert ask_again_until(unavailable, now=3.0, give_up=30.0, refused_since=None) == 30.0
    assert (
        ask_again_until(refused, now=3.0, give_up=30.0, refused_since=None) == 3.0 + REFUSED_RETRY_S
    )
    assert (
        ask_again_until(refused, now=6.0, give_up=30.0, refused_since=2.0) == 2.0 + REFUSED_RETRY_S
    )
    assert ask_again_until(refused, now=3.0, give_up=4.0, refused_since=None) == 4.0


async def test_a_terminate_the_providers_daemon_keeps_refusing_ends_as_refused() -> None:
    """Found by the chaos run (seed 1): a terminate reached the provider's daemon and was
    recorded there while its answer was lost; every later one was refused for the 38 s
    the job and the node's closer kept asking, and the node logged it as a failure."""
    fake = FakeDaemon().on("POST /agreements/A-1/terminate", error(500, REFUSED))
    clock = Clock()
    async with fake.node() as node:
        agreement = Agreement(node, AgreementId("A-1"), NodeId(PROVIDER))
        agreement._watch()  # as after confirming: the node's closer would end it
        backoff = Backoff(initial=0.5, cap=5.0, jitter=0.0, sleep=clock.sleep, clock=clock)
        with pytest.raises(TerminateRefusedError) as raised:
            await agreement.terminate("done", retry_for=30.0, backoff=backoff)
        asked = len(fake.calls("POST /agreements/A-1/terminate"))
    assert raised.value.agreement_id == "A-1"
    assert clock.now <= REFUSED_RETRY_S
    # 0.5 + 1 + 2 s of waiting; the node's closer did not ask again
    assert asked == 4
    assert len(fake.calls("POST /agreements/A-1/terminate")) == 4


async def test_a_refusal_that_passes_ends_the_agreement() -> None:
    fake = FakeDaemon().on("POST /agreements/A-1/terminate", error(500, REFUSED), reply(200))
    clock = Clock()
    async with fake.node() as node:
        agreement = Agreement(node, AgreementId("A-1"), NodeId(PROVIDER))
        backoff = Backoff(initial=0.5, cap=5.0, jitter=0.0, sleep=clock.sleep, clock=clock)
        assert await agreement.terminate("done", retry_for=30.0, backoff=backoff) is True
    assert len(fake.calls("POST /agreements/A-1/terminate")) == 2


async def test_closing_the_node_reports_a_refusal_as_a_warning_not_a_failure(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(agreement_module, "CLOSE_RETRY_S", 0.0)  # no real waiting here
    fake = FakeDaemon().on("POST /agreements/A-1/terminate", error(500, REFUSED))
    fake.on("GET /agreements/A-1", reply(200, agreement_json("A-1", "Approved")))
    async with fake.node() as node:
        Agreement(node, AgreementId("A-1"), NodeId(PROVIDER))._watch()
    assert len(fake.calls("POST /agreements/A-1/terminate")) == 1
    levels = {(r.name, r.levelname) for r in caplog.records}
    assert ("golem_core.market.agreement", "WARNING") in levels
    assert ("golem_core.node", "ERROR") not in levels


async def test_a_cancellation_does_not_cut_a_terminate_call_short(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Ctrl-C during the call dropped it; the requestor's daemon then never recorded the
    end its provider's daemon had recorded, and every later terminate was refused."""
    started, answer = asyncio.Event(), asyncio.Event()
    finished: list[str] = []

    async def terminate_agreement(api: object, agreement_id: str, reason: object) -> None:
        started.set()
        await answer.wait()  # the provider's daemon, slow to answer
        finished.append(agreement_id)

    monkeypatch.setattr(market_api, "terminate_agreement", terminate_agreement)
    async with FakeDaemon().node() as node:
        ended = recorded(node)
        agreement = Agreement(node, AgreementId("A-1"), NodeId(PROVIDER))
        agreement._watch()
        call = asyncio.create_task(agreement.terminate("done"))
        await started.wait()
        call.cancel()
        answer.set()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert finished == ["A-1"]
        assert [type(e) for e in ended] == [AgreementTerminated]  # and the closer is gone


def recorded(node: GolemNode) -> list[Event]:
    seen: list[Event] = []
    node.events.subscribe(seen.append)
    return seen
