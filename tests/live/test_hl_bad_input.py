"""Bad input to golem_hl: a clear error naming what was wrong, and nothing left on the daemon.

"Nothing left" is read from the requestor's daemon, never from our own objects:
no allocation that is not released, no live demand subscription, no agreement
still Approved or Pending among those made since the test began, and no
activity of theirs that is not Terminated.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone

import pytest
import pytest_asyncio
from golem_rest_activity.api.state import get_activity_state, get_agreement_activities
from golem_rest_activity.models import ActivityState
from golem_rest_market.api.agreements import get_agreement, list_agreements
from golem_rest_market.api.requestor import get_demands
from golem_rest_market.models import Agreement
from golem_rest_payment.api.requestor import get_allocations, get_debit_note
from golem_rest_payment.models import DebitNote

from golem_core._api import YagnaApi, call
from golem_core.exceptions import AuthenticationError, TransportError
from golem_hl import (
    CommandExecutionError,
    Golem,
    NoPaymentAccountError,
    Script,
    Task,
    WorkContext,
    events,
)
from golem_localnet.network import LocalNetwork
from golem_localnet.provider import AgentEventKind
from tests.live.hl_support import Recorder, golem_on, package_on

pytestmark = [pytest.mark.live, pytest.mark.asyncio(loop_scope="session")]

LIVE_STATES = {"Approved", "Pending"}
Tasks = AsyncIterator[Task[int, None]]


class DaemonView:
    """What the requestor's daemon holds: read before a test, compared after it."""

    def __init__(self, api: YagnaApi) -> None:
        self.api = api
        self.since = datetime.now(timezone.utc) - timedelta(seconds=1)
        self.allocations: set[str] = set()
        self.demands: set[str] = set()

    async def _allocations(self) -> set[str]:
        found = await call(
            get_allocations.asyncio_detailed, client=self.api.payment, max_items=1000
        )
        assert isinstance(found, list)
        return {a.allocation_id for a in found}

    async def _demands(self) -> set[str]:
        found = await call(get_demands.asyncio_detailed, client=self.api.market)
        assert isinstance(found, list)
        return {d.demand_id for d in found}

    async def take(self) -> DaemonView:
        self.allocations, self.demands = await self._allocations(), await self._demands()
        return self

    async def agreements_since(self) -> dict[str, str]:
        """Each agreement made since `take`, with its state (the list does not carry it)."""
        found = await call(
            list_agreements.asyncio_detailed, client=self.api.market, after_date=self.since
        )
        assert isinstance(found, list)
        states = {}
        for entry in found:
            agreement = await call(
                get_agreement.asyncio_detailed, client=self.api.market, agreement_id=entry.id
            )
            assert isinstance(agreement, Agreement), agreement
            states[entry.id] = agreement.state.value
        return states

    async def leftovers(self) -> list[str]:
        left = [f"allocation {a}" for a in await self._allocations() - self.allocations]
        left += [f"demand {d}" for d in await self._demands() - self.demands]
        agreements = await self.agreements_since()
        left += [f"agreement {i} {s}" for i, s in agreements.items() if s in LIVE_STATES]
        for agreement_id in agreements:
            left += [f"activity {a} {s}" for a, s in (await self._activities(agreement_id)).items()]
        return left

    async def _activities(self, agreement_id: str) -> dict[str, str]:
        """The activities of an agreement that are not Terminated, with their state."""
        ids = await call(
            get_agreement_activities.asyncio_detailed,
            client=self.api.activity,
            agreement_id=agreement_id,
        )
        assert isinstance(ids, list)
        alive = {}
        for activity_id in ids:
            state = await call(
                get_activity_state.asyncio_detailed,
                activity_id=activity_id,
                client=self.api.activity,
            )
            assert isinstance(state, ActivityState), state
            names = [s.value for s in state.state if s is not None]
            if names[:1] != ["Terminated"]:
                alive[activity_id] = "/".join(names)
        return alive


@pytest_asyncio.fixture(loop_scope="session")
async def daemon(local_network: LocalNetwork) -> AsyncIterator[DaemonView]:
    env = local_network.requestor_env()
    async with YagnaApi(env["YAGNA_API_URL"], env["YAGNA_APPKEY"]) as api:
        yield await DaemonView(api).take()


async def test_a_wrong_app_key_is_named_and_leaves_nothing(
    local_network: LocalNetwork, daemon: DaemonView
) -> None:
    url = local_network.requestor_env()["YAGNA_API_URL"]
    golem = Golem(budget=1, app_key="not-the-app-key", api_url=url)
    with pytest.raises(AuthenticationError) as refused:
        async with golem:
            pass
    assert refused.value.status == 401
    assert "Invalid application key" in str(refused.value)
    assert await daemon.leftovers() == []


async def test_an_unreachable_daemon_is_named() -> None:
    # a bound socket that never listens refuses connections, and nobody can take its port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
        golem = Golem(budget=1, app_key="any-key", api_url=url)
        with pytest.raises(TransportError) as unreachable:
            await golem.start()
    assert "cannot reach the yagna daemon" in str(unreachable.value)
    assert url in str(unreachable.value)


@pytest.mark.parametrize(
    ("driver", "network"), [("erc20", "no-such-network"), ("no-such-driver", "holesky")]
)
async def test_an_unknown_payment_platform_is_named_and_leaves_nothing(
    local_network: LocalNetwork, daemon: DaemonView, driver: str, network: str
) -> None:
    golem = golem_on(local_network, Recorder(), payment_driver=driver, payment_network=network)
    with pytest.raises(NoPaymentAccountError) as refused:
        await golem.start()
    assert (refused.value.required_driver, refused.value.required_network) == (driver, network)
    assert str(refused.value) == (
        f"No payment account available for driver `{driver}` and network `{network}`"
    )
    assert await daemon.leftovers() == []


async def test_a_command_the_exe_unit_refuses_fails_the_batch_and_leaves_nothing(
    local_network: LocalNetwork, daemon: DaemonView
) -> None:
    recorder = Recorder()
    package = await package_on(local_network)
    seen: list[BaseException] = []

    async def worker(
        ctx: WorkContext, tasks: AsyncIterator[Task[int, None]]
    ) -> AsyncIterator[Script]:
        async for task in tasks:
            script = ctx.new_script()
            script.run("/no/such/program", "x")
            try:
                yield script
            except CommandExecutionError as error:
                seen.append(error)
                task.reject_result("the program is missing", retry=False)
            else:
                task.accept_result()

    async with golem_on(local_network, recorder) as golem:
        done = [t async for t in golem.execute_tasks(worker, [Task(data=1)], package)]
        # the view sees what a running Golem holds (so an empty one after means released)
        assert [x.split()[0] for x in await daemon.leftovers()] == ["allocation"]
    assert done == []  # the only task was rejected
    [error] = seen
    assert "/no/such/program" in str(error), str(error)
    recorder.assert_invoices_accepted()
    assert await daemon.leftovers() == []


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def misbehaving_network() -> AsyncIterator[LocalNetwork]:
    """provider-0 offers no price list, provider-1 sends malformed debit notes (no chain)."""
    async with LocalNetwork(
        providers=2,
        chain=False,
        faults={0: ["no-pricing"], 1: ["short-usage"]},
        subnet="localnet-misbehaving",
    ) as network:
        yield network


async def test_malformed_proposals_and_debit_notes_are_refused_with_the_reason(
    misbehaving_network: LocalNetwork,
) -> None:
    network = misbehaving_network
    unpriced, short = network.providers
    recorder = Recorder()
    package = await package_on(network)

    async def three_seconds(ctx: WorkContext, tasks: Tasks) -> AsyncIterator[Script]:
        async for task in tasks:
            script = ctx.new_script()
            script.run("/bin/sleep", "3")  # long enough for a debit note or two
            yield script
            task.accept_result()

    env = network.requestor_env()
    async with YagnaApi(env["YAGNA_API_URL"], env["YAGNA_APPKEY"]) as api:
        daemon = await DaemonView(api).take()
        async with golem_on(network, recorder) as golem:
            done = [
                t
                async for t in golem.execute_tasks(
                    three_seconds, [Task(data=1)], package, timeout=timedelta(seconds=60)
                )
            ]
        assert await daemon.leftovers() == []
        notes = short.agent.history.of(AgentEventKind.DEBIT_NOTE_SENT)
        assert notes, recorder.story()
        for sent in notes:
            assert sent.document_id is not None
            note = await call(
                get_debit_note.asyncio_detailed, client=api.payment, debit_note_id=sent.document_id
            )
            assert isinstance(note, DebitNote), note
            # yagna 0.17.6 cannot reject a debit note: refused, it stays RECEIVED
            assert note.status.value == "RECEIVED", (sent, note.status)
    assert len(done) == 1  # the task ran on the provider that prices its offer
    [agreement_id] = {n.agreement_id for n in notes}
    # the honest invoice is judged on its own, and paid
    await short.agent.history.wait_for(
        AgentEventKind.INVOICE_ACCEPTED, agreement_id=agreement_id, timeout=10
    )
    assert {e.provider_id for e in recorder.of(events.AgreementCreated)} == {short.node_id}
    reasons = {
        e.reason for e in recorder.of(events.ProposalRejected) if e.provider_id == unpriced.node_id
    }
    assert any(
        r and "golem.com.pricing.model.linear.coeffs is not a list: None" in r for r in reasons
    ), reasons
