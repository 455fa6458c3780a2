"""The Service base class: messages, placement, defaults, and run_service's argument checks."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any, cast

import pytest

from golem_hl._engine.engine import Engine
from golem_hl.executor import WorkContext
from golem_hl.network import Node
from golem_hl.services import Service, ServiceSignal, ServiceState, start_cluster


class FakeScript:
    def __init__(self) -> None:
        self.commands: list[tuple[str, Any]] = []

    def deploy(self, **kwargs: Any) -> None:
        self.commands.append(("deploy", kwargs))

    def start(self, *args: str) -> None:
        self.commands.append(("start", args))

    def terminate(self) -> None:
        self.commands.append(("terminate", None))


class FakeContext:
    provider_name = "provider-7"
    provider_id = "0x07"
    id = "act-1"
    agreement = SimpleNamespace(id="agr-1")

    def __init__(self, state_error: Exception | None = None) -> None:
        self.state_error = state_error

    def new_script(self) -> FakeScript:
        return FakeScript()

    async def get_raw_state(self) -> object:
        if self.state_error is not None:
            raise self.state_error
        return object()


class FakeNetwork:
    network_id = "n1"


class FakeNode:
    network = FakeNetwork()
    node_id = "0x07"
    ip = "10.0.0.2"

    def get_deploy_args(self) -> dict[str, Any]:
        return {"net": [{"id": "n1", "nodeIp": "10.0.0.2"}]}


def placed(service: Service, context: FakeContext | None = None) -> Service:
    service._set_ctx(cast(WorkContext, context or FakeContext()))
    return service


async def test_messages_go_to_the_handlers_and_answers_come_back_as_in_yapapi() -> None:
    service = Service()
    await service.send_message("ping")
    service.send_message_nowait({"n": 2})
    assert service.receive_message_nowait() is None  # nothing answered yet
    first = await service._listen()
    assert first == ServiceSignal("ping")
    assert service._listen_nowait() == ServiceSignal({"n": 2})
    assert service._listen_nowait() is None

    await service._respond("pong", response_to=first)
    service._respond_nowait("again")
    assert await service.receive_message() == ServiceSignal("pong", response_to=first)
    assert service.receive_message_nowait() == ServiceSignal("again")
    assert service.receive_message_nowait() is None


def test_an_instance_before_and_on_a_provider() -> None:
    service = Service()
    assert str(uuid.UUID(service.id)) == service.id and Service().id != service.id
    assert Service(_id="mine").id == "mine"
    assert service.state is ServiceState.pending and not service.is_available
    assert service.exc_info == (None, None, None)
    assert service.provider_name is None and service.provider_id is None
    assert service.network is None and service.network_node is None
    assert service.get_deploy_args() == {}
    assert repr(service) == "<Service pending>"
    placed(service)
    service.service_instance.service_state.lifecycle()
    assert service.state is ServiceState.starting and service.is_available
    assert (service.provider_name, service.provider_id) == ("provider-7", "0x07")
    assert repr(service) == "<Service starting on provider-7 [ 0x07 ]>"
    service._set_network_node(cast(Node, FakeNode()))
    assert service.get_deploy_args() == {"net": [{"id": "n1", "nodeIp": "10.0.0.2"}]}
    assert repr(service) == "<Service starting on provider-7 [ 0x07 ] @ 10.0.0.2>"
    assert service.network is FakeNode.network
    service._clear_network_node()
    assert service.network_node is None


def test_an_instance_serializes_what_resuming_it_needs() -> None:
    service = Service(_id="svc-1")
    assert service.serialize() == {
        "params": {"_id": "svc-1"},
        "activity_id": None,
        "agreement_id": None,
        "state": "pending",
        "network_node": None,
    }
    placed(service)
    service._set_network_node(cast(Node, FakeNode()))
    record = service.serialize()
    assert (record["activity_id"], record["agreement_id"]) == ("act-1", "agr-1")
    assert record["network_node"] == {"network_id": "n1", "node_id": "0x07", "ip": "10.0.0.2"}


async def test_the_default_handlers_deploy_and_start_then_terminate() -> None:
    service = placed(Service())
    service._set_network_node(cast(Node, FakeNode()))
    started = [cast(FakeScript, s).commands async for s in service.start()]
    assert started == [
        [("deploy", {"net": [{"id": "n1", "nodeIp": "10.0.0.2"}]}), ("start", ())],
    ]
    stopped = [cast(FakeScript, s).commands async for s in service.shutdown()]
    assert stopped == [[("terminate", None)]]
    assert await Service.get_payload() is None
    await service.reset()


async def test_a_handler_without_a_provider_says_so() -> None:
    with pytest.raises(RuntimeError, match="not running on a provider"):
        await Service().start().__anext__()


def test_by_default_only_an_instance_that_failed_to_start_is_restarted() -> None:
    service = Service()
    machine = service.service_instance.service_state
    machine.lifecycle()
    assert not service.restart_condition  # nothing failed
    service._exc_info = (ValueError, ValueError("boom"), None)
    assert service.restart_condition  # failed before start() finished
    machine.lifecycle()  # running
    assert service.service_instance.started_successfully
    assert not service.restart_condition  # failed later
    assert service.service_instance.visited_states == [ServiceState.starting, ServiceState.running]


async def test_responsiveness_is_whether_the_activity_state_can_be_read() -> None:
    assert not await Service().is_activity_responsive()
    assert await placed(Service()).is_activity_responsive()
    silent = placed(Service(), FakeContext(state_error=TimeoutError("no answer")))
    assert not await silent.is_activity_responsive()


class NoPayload(Service):
    pass


async def test_run_service_refuses_bad_arguments_before_publishing_anything() -> None:
    nothing = cast(Engine, None)  # never reached
    with pytest.raises(ValueError, match="no payload"):
        await start_cluster(nothing, NoPayload)
    payload = cast(Any, object())
    with pytest.raises(ValueError, match="need a network"):
        await start_cluster(nothing, Service, payload=payload, network_addresses=["10.0.0.2"])
    with pytest.raises(ValueError, match="as many instance_params"):
        await start_cluster(nothing, Service, 2, [{}], payload=payload)
