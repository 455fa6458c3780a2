"""gftp bindings kept for an activity's next file (no daemon: services are fakes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

import golem_core.transfer._slots as slots
from golem_core.events import ActivityDestroyed
from golem_core.ids import ActivityId, AgreementId
from golem_core.node import GolemNode
from golem_core.transfer._envelope import Failure, GsbCall, Reply
from golem_core.transfer._gftp import PUBLISH_COMPONENTS, RECEIVE_COMPONENTS
from golem_core.transfer._service import Handler, OnEnded
from golem_core.transfer._slots import Shelf, Slot, SlotPool, pool_for

A = ActivityId("a" * 32)
B = ActivityId("b" * 32)
KIND = PUBLISH_COMPONENTS


class FakeService:
    def __init__(self, address: str, handler: Handler, on_ended: OnEnded) -> None:
        self.address = address
        self.handler = handler
        self.on_ended = on_ended
        self.running = True
        self.max_chunk = 1000
        self.closes = 0

    async def close(self, timeout: float = 0.0) -> None:
        self.closes += 1
        self.running = False


class Daemon:
    """Binds fake services and remembers them."""

    def __init__(self) -> None:
        self.services: list[FakeService] = []

    async def start(
        self,
        address: str,
        components: Sequence[str],
        handler: Handler,
        on_ended: OnEnded,
        timeout: float,
    ) -> FakeService:
        service = FakeService(address, handler, on_ended)
        self.services.append(service)
        return service


@pytest.fixture
def daemon() -> Daemon:
    return Daemon()


@pytest.fixture
def pool(daemon: Daemon) -> SlotPool:
    return SlotPool(daemon.start)


def get_chunk() -> GsbCall:
    return GsbCall(id="1", component="GetChunk", payload={"offset": 0, "size": 1})


def test_the_shelf_keeps_a_limited_number_per_key_and_forgets_an_activity() -> None:
    shelf: Shelf[str] = Shelf(limit=2)
    assert shelf.put((KIND, A), "a1")
    assert shelf.put((KIND, A), "a2")
    assert not shelf.put((KIND, A), "a3")
    assert shelf.put((RECEIVE_COMPONENTS, A), "r1")
    assert shelf.put((KIND, B), "b1")
    assert shelf.take((KIND, A)) == "a2"
    assert sorted(shelf.remove_activity(A)) == ["a1", "r1"]
    assert shelf.take((KIND, A)) is None
    assert shelf.remove_all() == ["b1"]
    assert len(shelf) == 0


async def test_a_released_binding_serves_the_same_activitys_next_file(
    daemon: Daemon, pool: SlotPool
) -> None:
    first = await pool.acquire(KIND, A)
    first.attach(lambda call: Reply("first"), lambda reason: None)
    await pool.release(first, A)
    second = await pool.acquire(KIND, A)
    assert second is first and second.reuses == 1
    assert pool.bound == 1 and daemon.services[0].closes == 0
    second.attach(lambda call: Reply("second"), lambda reason: None)
    assert daemon.services[0].handler(get_chunk()) == Reply("second")


async def test_another_activity_or_kind_or_no_activity_gets_a_binding_of_its_own(
    daemon: Daemon, pool: SlotPool
) -> None:
    slot = await pool.acquire(KIND, A)
    await pool.release(slot, A)
    assert await pool.acquire(KIND, B) is not slot
    assert await pool.acquire(RECEIVE_COMPONENTS, A) is not slot
    assert await pool.acquire(KIND, None) is not slot
    assert pool.bound == 4
    assert len({s.address for s in daemon.services}) == 4


async def test_an_idle_binding_refuses_calls(daemon: Daemon, pool: SlotPool) -> None:
    slot = await pool.acquire(KIND, A)
    served = daemon.services[0].handler
    assert isinstance(served(get_chunk()), Failure)  # nothing attached yet
    slot.attach(lambda call: Reply("data"), lambda reason: None)
    assert served(get_chunk()) == Reply("data")
    await pool.release(slot, A)
    outcome = served(get_chunk())
    assert isinstance(outcome, Failure)
    assert "InternalError" in outcome.error  # type: ignore[operator]


async def test_without_an_activity_a_released_binding_is_unbound(
    daemon: Daemon, pool: SlotPool
) -> None:
    slot = await pool.acquire(KIND, None)
    await pool.release(slot, None)
    assert daemon.services[0].closes == 1


async def test_a_binding_whose_socket_ended_is_not_kept(daemon: Daemon, pool: SlotPool) -> None:
    slot = await pool.acquire(KIND, A)
    ended: list[BaseException | None] = []
    slot.attach(lambda call: Reply(None), ended.append)
    lost = ConnectionError("socket gone")
    daemon.services[0].on_ended(lost)
    assert ended == [lost] and not slot.running
    await pool.release(slot, A)
    assert await pool.acquire(KIND, A) is not slot
    assert daemon.services[0].closes == 1


async def test_an_activitys_end_unbinds_what_it_left_and_what_it_still_holds(
    daemon: Daemon, pool: SlotPool
) -> None:
    idle = await pool.acquire(KIND, A)
    held = await pool.acquire(KIND, A)
    other = await pool.acquire(KIND, B)
    await pool.release(idle, A)
    await pool.release(other, B)
    await pool.activity_ended(A)
    assert daemon.services[0].closes == 1  # idle: at once
    await pool.release(held, A)
    assert daemon.services[1].closes == 1  # held: when released
    assert daemon.services[2].closes == 0  # B's stays
    await pool.close()
    assert daemon.services[2].closes == 1
    third = await pool.acquire(KIND, B)
    await pool.release(third, B)  # after close nothing is kept
    assert daemon.services[3].closes == 1


async def test_no_more_than_the_limit_is_kept_per_activity(daemon: Daemon) -> None:
    pool = SlotPool(daemon.start)
    slots: list[Slot] = [await pool.acquire(KIND, A) for _ in range(6)]
    for slot in slots:
        await pool.release(slot, A)
    assert [s.closes for s in daemon.services] == [0, 0, 0, 0, 1, 1]


@pytest.fixture
def node(daemon: Daemon, monkeypatch: pytest.MonkeyPatch) -> GolemNode:
    """A node (never started) whose pools bind on the fake daemon."""

    class Starter:
        def __init__(self, node: GolemNode) -> None:
            pass

        async def __call__(self, *args: Any) -> FakeService:
            return await daemon.start(*args)

        async def close(self) -> None:
            pass

    monkeypatch.setattr(slots, "ServiceStarter", Starter)
    return GolemNode(app_key="key", api_url="http://127.0.0.1:9")


async def test_a_nodes_pool_unbinds_an_activitys_idle_bindings_when_it_is_destroyed(
    daemon: Daemon, node: GolemNode
) -> None:
    pool = pool_for(node)
    assert pool_for(node) is pool
    for activity in (A, B):
        await pool.release(await pool.acquire(KIND, activity), activity)
    node.events.emit(ActivityDestroyed(activity_id=A, agreement_id=AgreementId("x")))
    await node.events.aclose()  # returns once the pool has seen the event
    assert [s.closes for s in daemon.services] == [1, 0]


async def test_a_file_that_did_not_finish_cleanly_does_not_hand_its_binding_on(
    daemon: Daemon, pool: SlotPool
) -> None:
    slot = await pool.acquire(KIND, A)
    await pool.release(slot, A, reusable=False)  # its transfer may still be running
    assert daemon.services[0].closes == 1
    assert await pool.acquire(KIND, A) is not slot


async def test_a_file_closed_after_its_node_is_unbound_without_a_new_pool(
    daemon: Daemon, node: GolemNode
) -> None:
    pool = pool_for(node)
    slot = await pool.acquire(KIND, A)
    await pool.close()  # the node closed
    await pool_for(node).release(slot, A)
    assert pool_for(node) is pool
    assert daemon.services[0].closes == 1
