"""golem_hl services on the local Golem network: instances, messages, stops, restarts, networks.

The session's `local_network` (3 good providers, paid on the local chain) runs
the clean paths; a module network of 3 providers (provider-0 dies during the
start script, provider-1 ends every agreement 8 s into its activity, provider-2
behaves) runs the failures. A strategy that ranks providers by name decides
where the first instance lands, so each failure is met on purpose.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import httpx
import pytest
import pytest_asyncio

from golem_hl import Golem, Script, events
from golem_hl.payload import Payload, vm
from golem_hl.proxies import ByteStream, HttpProxyService, LocalHttpProxy, SocketProxy
from golem_hl.services import Cluster, Service, ServiceState, run_service
from golem_hl.services.service_state import State
from golem_hl.strategy import BaseMarketStrategy, WrappingMarketStrategy, default_strategy
from golem_hl.strategy.base import OfferLike
from golem_localnet.network import LocalNetwork
from tests.live.hl_support import CANCEL_WITHIN_S

pytestmark = pytest.mark.live
# the local networks' agents live in the session's event loop
in_session_loop = pytest.mark.asyncio(loop_scope="session")

IMAGE = "d646d7b93083d817846c2ae5c62c72ca0507782385a2e29291a3d376"
S = ServiceState
CLEAN_LIFE = [
    (S.pending, S.starting),
    (S.starting, S.running),
    (S.running, S.stopping),
    (S.stopping, S.terminated),
]


class Recorder:
    """Every event, and a way to wait for a condition on them without polling."""

    def __init__(self) -> None:
        self.events: list[events.Event] = []
        self._changed = asyncio.Event()

    def __call__(self, event: events.Event) -> None:
        self.events.append(event)
        self._changed.set()

    def of(self, kind: type[events.Event]) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]

    async def wait_for(self, condition: Callable[[], bool], timeout: float) -> None:
        async def until() -> None:
            while not condition():
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(until(), timeout)

    def history(self, service: Service) -> list[tuple[State, State]]:
        return [(e.old, e.new) for e in self.of(events.ServiceStateChanged) if e.service is service]

    def confirmed_providers(self) -> set[str]:
        return {e.provider_id for e in self.of(events.ProposalConfirmed)}


class Greeter(Service):
    """Greets whoever a message names, with the greeting it wrote at start."""

    def __init__(self, greeting: str = "hello") -> None:
        super().__init__()
        self.greeting = greeting
        self.shutdown_output: str | None = None
        self.resets = 0

    async def start(self) -> AsyncGenerator[Script, Any]:
        async for script in super().start():
            yield script
        script = self._work_context().new_script()
        script.run("/bin/sh", "-c", f"echo {shlex.quote(self.greeting)} > /golem/work/greeting")
        yield script

    async def run(self) -> AsyncGenerator[Script, Any]:
        while True:
            signal = await self._listen()
            script = self._work_context().new_script()
            name = shlex.quote(str(signal.message))
            result = script.run("/bin/sh", "-c", f'printf "%s, %s" "$(cat greeting)" {name}')
            yield script
            await self._respond((await result).stdout, response_to=signal)

    async def shutdown(self) -> AsyncGenerator[Script, Any]:
        script = self._work_context().new_script()
        said = script.run("/bin/sh", "-c", "echo bye")
        yield script
        self.shutdown_output = (await said).stdout

    async def reset(self) -> None:
        self.resets += 1


class Resilient(Greeter):
    """Restarted whenever it ends by itself, not only when it never started."""

    @property
    def restart_condition(self) -> bool:
        return True


class Ranked(WrappingMarketStrategy):
    """The default strategy, with providers ranked by the given node ids, best first."""

    def __init__(self, ranking: Sequence[str]) -> None:
        super().__init__(default_strategy())
        self.ranking = [r.lower() for r in ranking]

    async def score_offer(self, offer: OfferLike) -> float:
        base = await super().score_offer(offer)
        issuer = offer.issuer.lower()
        if base < 0:
            return base
        if issuer not in self.ranking:
            return 0.0  # acceptable, after every ranked one
        return 10.0 - self.ranking.index(issuer)


async def package(network: LocalNetwork) -> Payload:
    return await vm.repo(image_hash=IMAGE, repository_url=network.image_repository_url)


def golem_on(
    network: LocalNetwork, recorder: Recorder, strategy: BaseMarketStrategy | None = None
) -> Golem:
    return Golem(
        budget=1.0,
        subnet_tag=network.subnet,
        event_consumer=recorder,
        strategy=strategy,
        app_key=network.requestor_app_key,
        api_url=network.requestor_api_url,
    )


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def failing_network() -> AsyncIterator[LocalNetwork]:
    async with LocalNetwork(
        providers=3,
        chain=False,
        faults={0: ["die-during-batch=1"], 1: ["terminate-during-activity=8"]},
        subnet="hl-services-faults",
    ) as network:
        yield network


# --- the clean life -------------------------------------------------------------------


@in_session_loop
async def test_instances_start_answer_messages_stop_and_are_paid(
    local_network: LocalNetwork,
) -> None:
    recorder = Recorder()
    payload = await package(local_network)
    async with golem_on(local_network, recorder) as golem:
        cluster = await golem.run_service(
            Greeter,
            instance_params=[{"greeting": "hello"}, {"greeting": "ahoj"}],
            payload=payload,
        )
        first, second = cluster.instances
        assert (first.greeting, second.greeting) == ("hello", "ahoj")
        assert first.state is S.pending and not first.is_available
        await cluster.wait_for_state(S.running, timeout=60)
        assert first.is_available
        assert first.provider_id != second.provider_id
        assert {first.provider_name, second.provider_name} <= {
            p.name for p in local_network.providers
        }

        await first.send_message("alice")
        second.send_message_nowait("bob")
        answers = [await asyncio.wait_for(i.receive_message(), 30) for i in (first, second)]
        assert [a.message for a in answers] == ["hello, alice", "ahoj, bob"]
        assert answers[0].response_to is not None
        assert answers[0].response_to.message == "alice"
        assert first.receive_message_nowait() is None and first._listen_nowait() is None

        cluster.stop_instance(first)
        await cluster.wait_for_state(S.terminated, instances=[first], timeout=30)
        assert second.state is S.running
        assert first.shutdown_output == "bye\n"

        began = time.monotonic()
        await cluster.terminate()
        assert [i.state for i in cluster.instances] == [S.terminated, S.terminated]
    stopped_in = time.monotonic() - began

    assert stopped_in < 5, f"terminate and shutdown took {stopped_in:.1f} s"
    assert recorder.history(first) == CLEAN_LIFE
    assert recorder.history(second) == CLEAN_LIFE
    assert second.shutdown_output == "bye\n"
    terminated = recorder.of(events.AgreementTerminated)
    assert len(terminated) == 2
    assert all(e.reason["golem.requestor.code"] == "Success" for e in terminated)
    paid = {e.agr_id for e in recorder.of(events.InvoiceAccepted)}
    assert paid == {e.agr_id for e in terminated}
    finished = recorder.of(events.ServiceFinished)
    assert [e.service for e in finished] == [first, second]
    assert all(e.exc_info is None for e in finished)
    kinds = [type(e) for e in recorder.events]
    assert kinds.index(events.JobFinished) < kinds.index(events.ShutdownFinished)


@in_session_loop
async def test_an_interrupted_application_stops_its_services_and_pays_within_5_s(
    local_network: LocalNetwork,
) -> None:
    recorder = Recorder()
    payload = await package(local_network)
    up = asyncio.Event()
    clusters: list[Cluster[Greeter]] = []

    async def application() -> None:
        async with golem_on(local_network, recorder) as golem:
            cluster = await golem.run_service(Greeter, num_instances=2, payload=payload)
            clusters.append(cluster)
            async with cluster:  # Golem.stop() does this once run_service is wired into Golem
                await cluster.wait_for_state(S.running, timeout=60)
                up.set()
                await asyncio.get_running_loop().create_future()  # until Ctrl-C

    app = asyncio.create_task(application())
    started = asyncio.ensure_future(up.wait())
    await asyncio.wait({app, started}, timeout=90, return_when=asyncio.FIRST_COMPLETED)
    assert up.is_set(), app.exception() if app.done() else "the services did not start"
    interrupted = time.monotonic()
    app.cancel()  # what asyncio.run does on Ctrl-C
    with pytest.raises(asyncio.CancelledError):
        await app
    took = time.monotonic() - interrupted

    print(f"services stopped {took:.2f} s after the interrupt")
    assert took < CANCEL_WITHIN_S, f"stopping after the interrupt took {took:.1f} s"
    (cluster,) = clusters
    for instance in cluster.instances:
        assert recorder.history(instance) == CLEAN_LIFE  # shutdown() ran
        assert instance.shutdown_output == "bye\n"
    terminated = {e.agr_id for e in recorder.of(events.AgreementTerminated)}
    assert len(terminated) == 2
    assert {e.agr_id for e in recorder.of(events.InvoiceAccepted)} == terminated
    assert isinstance(recorder.events[-1], events.ShutdownFinished)


# --- failures -------------------------------------------------------------------------


@in_session_loop
async def test_an_instance_whose_start_fails_is_restarted_on_another_provider(
    failing_network: LocalNetwork,
) -> None:
    dying, _, good = (p.node_id for p in failing_network.providers)
    recorder = Recorder()
    payload = await package(failing_network)
    async with golem_on(failing_network, recorder, Ranked([dying, good])) as golem:
        cluster = await golem.run_service(Greeter, num_instances=0, payload=payload)
        assert cluster.instances == []
        all_three = {p.node_id for p in failing_network.providers}
        await recorder.wait_for(lambda: recorder.confirmed_providers() >= all_three, 30)
        cluster.spawn_instances(1)
        (instance,) = cluster.instances
        await cluster.wait_for_state(S.running, timeout=60)
        assert instance.provider_id == good
        assert instance.resets == 1
        await cluster.terminate()

    assert recorder.history(instance) == [
        (S.pending, S.starting),
        (S.starting, S.terminated),  # the activity died: no shutdown()
        (S.terminated, S.pending),
        *CLEAN_LIFE,
    ]
    ended = {
        e.provider_id: e.reason["golem.requestor.code"]
        for e in recorder.of(events.AgreementTerminated)
    }
    assert ended == {dying: "Failure", good: "Success"}
    failed = [e for e in recorder.of(events.ServiceFinished) if e.exc_info is not None]
    assert [e.provider_id for e in failed] == [dying]


@in_session_loop
async def test_a_provider_ending_the_agreement_of_a_running_instance_is_replaced(
    failing_network: LocalNetwork,
) -> None:
    _, terminating, good = (p.node_id for p in failing_network.providers)
    recorder = Recorder()
    payload = await package(failing_network)
    async with golem_on(failing_network, recorder, Ranked([terminating, good])) as golem:
        cluster = await golem.run_service(Resilient, num_instances=0, payload=payload)
        wanted = {terminating, good}
        await recorder.wait_for(lambda: recorder.confirmed_providers() >= wanted, 30)
        cluster.spawn_instances(1)
        (instance,) = cluster.instances

        def running_on_good() -> bool:
            return instance.state is S.running and instance.provider_id == good

        await recorder.wait_for(running_on_good, 60)
        await instance.send_message("carol")
        answer = await asyncio.wait_for(instance.receive_message(), 30)
        assert answer.message == "hello, carol"
        await cluster.terminate()

    assert recorder.history(instance) == [
        (S.pending, S.starting),
        (S.starting, S.running),
        (S.running, S.terminated),  # the agreement ended under it: no shutdown()
        (S.terminated, S.pending),
        *CLEAN_LIFE,
    ]
    assert instance.resets == 1
    by_provider = [
        e for e in recorder.of(events.AgreementTerminated) if e.provider_id == terminating
    ]
    assert by_provider[0].reason["terminator"] == "Provider"


class Flaky(Resilient):
    """Says its activity stopped answering when told to; healthy again after a restart."""

    healthy = True

    async def is_activity_responsive(self) -> bool:
        return self.healthy and await super().is_activity_responsive()

    async def reset(self) -> None:
        await super().reset()
        self.healthy = True


@in_session_loop
async def test_an_instance_whose_health_check_fails_is_replaced(
    local_network: LocalNetwork,
) -> None:
    recorder = Recorder()
    payload = await package(local_network)
    async with golem_on(local_network, recorder) as golem:
        cluster = await run_service(
            golem, Flaky, num_instances=1, payload=payload, health_check_interval=0.2
        )
        (instance,) = cluster.instances
        await cluster.wait_for_state(S.running, timeout=60)
        first_provider = instance.provider_id
        assert await instance.is_activity_responsive()
        instance.healthy = False

        def running_elsewhere() -> bool:
            return instance.state is S.running and instance.provider_id != first_provider

        await recorder.wait_for(running_elsewhere, 60)
        await cluster.terminate()

    assert recorder.history(instance) == [
        (S.pending, S.starting),
        (S.starting, S.running),
        (S.running, S.unresponsive),  # no shutdown() for an activity that does not answer
        (S.unresponsive, S.pending),
        *CLEAN_LIFE,
    ]
    codes = {
        e.provider_id: e.reason["golem.requestor.code"]
        for e in recorder.of(events.AgreementTerminated)
    }
    assert codes == {first_provider: "Failure", instance.provider_id: "Success"}


# --- networks and proxies ---------------------------------------------------------------


class Web(HttpProxyService):
    """A web server in the VPN that was never started: the instance refuses connections."""


@in_session_loop
async def test_instances_join_the_network_and_an_unreachable_port_is_a_502(
    local_network: LocalNetwork,
) -> None:
    recorder = Recorder()
    payload = await package(local_network)
    async with golem_on(local_network, recorder) as golem:
        network = await golem.create_network("192.168.77.0/24")
        cluster = await golem.run_service(
            Web,
            instance_params=[{"remote_port": 80}, {"remote_port": 80}],
            payload=payload,
            network=network,
            network_addresses=["192.168.77.10"],
        )
        await cluster.wait_for_state(S.running, timeout=60)
        first, second = cluster.instances
        assert first.network is network
        assert first.network_node is not None and second.network_node is not None
        assert first.network_node.ip == "192.168.77.10"
        assert second.network_node.ip == "192.168.77.2"  # .1 is the requestor's
        assert network.nodes_dict["192.168.77.10"] == first.provider_id
        deploys = [
            e.command
            for e in recorder.of(events.CommandExecuted)
            if repr(e.command).startswith("deploy")
        ]
        assert len(deploys) == 2
        for deploy in deploys:
            (entry,) = deploy.kwargs["net"]
            assert entry["id"] == network.network_id
            assert entry["nodeIp"] in {"192.168.77.10", "192.168.77.2"}

        proxy = LocalHttpProxy(cluster, 0)
        sockets = SocketProxy(ports=[0])
        await proxy.run()
        server = await sockets.run_server(first, 22)
        assert sockets.get_server(first, 22) is server and server.local_port > 0
        try:
            async with httpx.AsyncClient(trust_env=False) as client:
                answer, closed = await asyncio.gather(
                    client.get(f"http://127.0.0.1:{proxy.port}/index.html", timeout=30),
                    _connect_and_read(server.local_port),
                )
        finally:
            await proxy.stop()
            await sockets.stop()
        assert answer.status_code == 502
        # the instance's kernel answered the SYN with a RST (on its own VPN address)
        assert "HTTP 400: Socket closed" in answer.text
        assert closed == b""
        await cluster.terminate()
    assert network.removed


async def _connect_and_read(port: int) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        return await asyncio.wait_for(reader.read(), 30)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


class _LoopbackStream:
    """A TCP connection on this machine in the shape of golem_core's TcpStream."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader, self._writer = reader, writer

    async def receive(self, max_bytes: int = 65536) -> bytes:
        return await self._reader.read(max_bytes)

    async def send(self, data: bytes) -> None:
        self._writer.write(data)
        await self._writer.drain()


@in_session_loop
async def test_the_http_proxy_serves_real_clients_through_a_connector() -> None:
    """No VPN here, so a connector to a loopback server stands in for the instance's port."""
    requests: list[bytes] = []

    async def web_server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        requests.append(await reader.readuntil(b"\r\n\r\n"))
        body = b"served by the instance"
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(web_server, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]

    @contextlib.asynccontextmanager
    async def loopback(service: Service, remote_port: int) -> AsyncIterator[ByteStream]:
        assert remote_port == 8080
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            yield _LoopbackStream(reader, writer)
        finally:
            writer.close()

    instance = Web(remote_port=8080, remote_host="service.local")
    instance.service_instance.service_state.current_state_value = "running"

    one_instance = cast(Cluster[Web], SimpleNamespace(instances=[instance]))
    proxy = LocalHttpProxy(one_instance, 0, connector=loopback)
    await proxy.run()
    try:
        async with httpx.AsyncClient(trust_env=False) as client:
            answers = [
                await client.get(f"http://127.0.0.1:{proxy.port}/page?{n}") for n in range(3)
            ]
    finally:
        await proxy.stop()
        server.close()
        await server.wait_closed()
    assert [a.text for a in answers] == ["served by the instance"] * 3
    assert len(requests) == 3
    assert requests[0].startswith(b"GET /page?0 HTTP/1.1\r\nHost: service.local\r\n")
    assert b"Connection: close\r\n" in requests[0]


# --- the examples, as a user runs them ----------------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_example(name: str, *args: str, cwd: Path) -> str:
    """Run an example in a fresh process with no daemon named: it starts its own network."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("YAGNA_", "GOLEM_REPOSITORY", "GSB_", "GOLEM_LOCALNET"))
    }
    finished = subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return finished.stdout + finished.stderr


def test_the_service_example(tmp_path: Path) -> None:
    out = run_example("service.py", "--instances", "2", "--rounds", "2", cwd=tmp_path)
    assert len(re.findall(r"^\w{8} is running on provider-\d$", out, re.MULTILINE)) == 2, out
    # every instance answered every round with the date its provider wrote
    answers = re.findall(r"^round (\d): provider-\d says .*\d\d:\d\d:\d\d .*20\d\d$", out, re.M)
    assert sorted(answers) == ["1", "1", "2", "2"], out
    assert len(re.findall(r"^\w{8} is terminated$", out, re.MULTILINE)) == 2, out
    assert "(2 invoices accepted)" in out and "Golem engine has shut down" in out, out


def test_the_network_example(tmp_path: Path) -> None:
    out = run_example("network.py", "--port", "0", cwd=tmp_path)
    assert "the requestor is 192.168.0.1" in out, out
    assert re.search(r"is 192\.168\.0\.10; its Deploy joined network \w+ as 192\.168\.0\.10", out)
    assert re.search(r"is 192\.168\.0\.2; its Deploy joined network \w+ as 192\.168\.0\.2", out)
    assert len(re.findall(r"GET http://127\.0\.0\.1:\d+/index\.html -> 200 OK", out)) == 2, out
    # each instance's web server answered, on its own VPN address
    for ip in ("192.168.0.10", "192.168.0.2"):
        assert f"<html><body>Hello from {ip} on a Golem provider</body></html>" in out, out
    assert "(2 invoices accepted)" in out, out
