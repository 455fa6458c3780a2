"""The Service base class: messages, placement, defaults, and run_service's argument checks."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest

from golem_hl._engine.engine import Engine
from golem_hl.executor import WorkContext
from golem_hl.network import Node
from golem_hl.services import Service, ServiceSignal, ServiceState, start_cluster
from golem_hl.services._service import MESSAGE_QUEUE_SIZE


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

    def __init__(self, state_error: Exception | None = None) -> None:
        self.state_error = state_error

    def new_script(self) -> FakeScript:
        return FakeScript()

    async def get_raw_state(self) -> object:
        if self.state_error is not None:
            raise self.state_error
        return object()


class FakeNode:
    def get_deploy_args(self) -> dict[str, Any]:
        return {"net": [{"id": "n1", "nodeIp": "10.0.0.2"}]}


def placed(service: Service, context: FakeContext | None = None) -> Service:
    service._ctx = cast(WorkContext, context or FakeContext())
    return service


async def test_messages_go_to_the_instance_and_answers_come_back() -> None:
    service = Service()
    await service.send_message("ping")
    service.send_message_nowait({"n": 2})
    first = await service.receive_message()
    assert first == ServiceSignal("ping")
    assert service.receive_message_nowait() == ServiceSignal({"n": 2})
    assert service.receive_message_nowait() is None

    await service._respond("pong", response_to=first)
    service._respond_nowait("again")
    assert await service._listen() == ServiceSignal("pong", response_to=first)
    assert service._listen_nowait() == ServiceSignal("again")
    assert service._listen_nowait() is None


def test_a_full_channel_refuses_more_without_waiting() -> None:
    service = Service()
    for n in range(MESSAGE_QUEUE_SIZE):
        service.send_message_nowait(n)
    with pytest.raises(asyncio.QueueFull):
        service.send_message_nowait("one too many")


def test_an_instance_before_and_on_a_provider() -> None:
    service = Service()
    assert len(service.id) == 32 and Service().id != service.id
    assert Service(_id="mine").id == "mine"
    assert service.state is ServiceState.pending and not service.is_available
    assert service.provider_name is None and service.provider_id is None
    assert service.network is None and service.network_node is None
    assert service.get_deploy_args() == {}
    assert repr(service) == f"<Service {service.id} pending>"
    placed(service)
    service._state = ServiceState.running
    assert service.is_available
    assert (service.provider_name, service.provider_id) == ("provider-7", "0x07")
    assert repr(service) == f"<Service {service.id} running on provider-7>"
    service._network_node = cast(Node, FakeNode())
    assert service.get_deploy_args() == {"net": [{"id": "n1", "nodeIp": "10.0.0.2"}]}


async def test_the_default_handlers_deploy_and_start_then_terminate() -> None:
    service = placed(Service())
    service._network_node = cast(Node, FakeNode())
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
    assert not service.restart_condition  # ended cleanly
    service._failed = True
    assert service.restart_condition  # failed before start() finished
    service._started_successfully = True
    assert not service.restart_condition  # failed later


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
