"""gftp files served over the daemon's GSB router (an in-memory router: no socket, no daemon)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

import golem_core.transfer._bus as bus_module
from golem_core._api.identity import IdentityInfo
from golem_core.flexbuffers import decode, encode
from golem_core.gsb.calls import IncomingCall, RequestId
from golem_core.gsb.proto import (
    CallReply,
    CallRequest,
    RegisterReply,
    RegisterRequest,
    UnregisterReply,
    UnregisterRequest,
)
from golem_core.gsb.router import GsbConnection
from golem_core.ids import NodeId
from golem_core.node import DEFAULT_GSB_URL, GolemNode, resolve_gsb_url
from golem_core.transfer import TransferClosed, publish, receive
from golem_core.transfer._bus import (
    ROUTER_MAX_CHUNK,
    RouterBus,
    answer_of,
    to_gsb_call,
    why_not_ours,
)
from golem_core.transfer._envelope import Failure, GsbCall, Reply
from golem_core.transfer._gftp import PUBLISH_COMPONENTS
from golem_core.transfer._publication import MAX_CHUNK
from golem_testing._patch import router_off
from tests.unit.gsb.fake_router import WAIT, FakeRouter

NODE = NodeId("0x" + "12" * 20)
OTHER = NodeId("0x" + "34" * 20)
MIB = 1024 * 1024


def incoming(address: str, body: object, prefix: str = "/public/gftp/f") -> IncomingCall:
    return IncomingCall("0xcaller", address, RequestId("7"), encode(body), False, prefix)  # type: ignore[arg-type]


def test_a_router_call_becomes_a_handler_call() -> None:
    call = to_gsb_call(incoming("/public/gftp/f/GetChunk", {"offset": 0, "size": 5}), ("GetChunk",))
    assert call == GsbCall(id="7", component="GetChunk", payload={"offset": 0, "size": 5})
    # a message without fields is Null on the router, an empty map for the handlers
    metadata = to_gsb_call(incoming("/public/gftp/f/GetMetadata", None), PUBLISH_COMPONENTS)
    assert isinstance(metadata, GsbCall) and metadata.payload == {}


def test_what_is_not_served_or_not_a_map_is_refused() -> None:
    other = to_gsb_call(incoming("/public/gftp/f/UploadChunk", {}), PUBLISH_COMPONENTS)
    assert isinstance(other, Failure) and "UploadChunk" in str(other.error)
    scalar = to_gsb_call(incoming("/public/gftp/f/GetChunk", 5), PUBLISH_COMPONENTS)
    assert isinstance(scalar, Failure)


def test_answers_are_the_callees_ok_and_err_values() -> None:
    assert answer_of(Reply({"fileSize": 3})) == {"Ok": {"fileSize": 3}}
    assert answer_of(Reply(None)) == {"Ok": None}
    assert answer_of(Failure({"ReadError": "x"})) == {"Err": {"ReadError": "x"}}


def test_which_router_a_node_tries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GSB_URL", "tcp://127.0.0.1:7777")
    assert resolve_gsb_url(None, custom_transport=False) == "tcp://127.0.0.1:7777"
    assert resolve_gsb_url("unix:/x.sock", custom_transport=True) == "unix:/x.sock"
    assert resolve_gsb_url("", custom_transport=False) is None  # turned off
    assert resolve_gsb_url(None, custom_transport=True) is None  # a test seam: REST only
    monkeypatch.delenv("GSB_URL")
    assert resolve_gsb_url(None, custom_transport=False) == DEFAULT_GSB_URL


def test_cassettes_keep_gftp_off_the_router() -> None:
    node = GolemNode(app_key="key", api_url="http://127.0.0.1:9", gsb_url="unix:/x.sock")
    with router_off():
        assert bus_module.router_url(node) is None
    assert bus_module.router_url(node) == "unix:/x.sock"


async def answer_identity(router: FakeRouter, node_id: NodeId) -> None:
    call = await router.receive_call()
    assert call.address == "/local/identity/Get" and decode(call.data) == "byDefault"
    identity = {"alias": None, "nodeId": node_id, "isLocked": False, "isDefault": True}
    router.send(CallReply(call.request_id, 0, 0, encode({"Ok": identity})))


@pytest.mark.parametrize(("default", "ours"), [(NODE, True), (OTHER, False)])
async def test_a_router_is_used_only_when_its_daemon_speaks_for_the_node(
    conn: GsbConnection, router: FakeRouter, default: NodeId, ours: bool
) -> None:
    asking = asyncio.create_task(why_not_ours(conn, NODE))
    await answer_identity(router, default)
    reason = await asking
    assert (reason is None) == ours
    if not ours:
        assert reason is not None and OTHER in reason


@pytest.fixture
async def node(conn: GsbConnection, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[GolemNode]:
    """A node (never started) whose gftp files are served on the in-memory router."""

    async def open_router_bus(node: GolemNode) -> RouterBus:
        return RouterBus(conn)

    monkeypatch.setattr(bus_module, "open_router_bus", open_router_bus)
    node = GolemNode(app_key="key", api_url="http://127.0.0.1:9")
    node._identity = IdentityInfo(node_id=NODE, name="test", role="manager")
    yield node
    node._closers.clear()  # the router is gone with the test; nothing to unbind


async def registered(router: FakeRouter) -> str:
    request = await router.receive()
    assert isinstance(request, RegisterRequest)
    router.send(RegisterReply())
    return request.service_id


async def call(router: FakeRouter, address: str, body: object, request_id: str) -> object:
    router.send(CallRequest("0xprovider", address, request_id, encode(body)))  # type: ignore[arg-type]
    reply = await router.receive_reply()
    assert reply.request_id == request_id
    return decode(reply.data)


async def test_a_file_on_the_router_is_served_in_one_chunk_of_a_mib(
    node: GolemNode, router: FakeRouter
) -> None:
    data = bytes(i % 251 for i in range(MIB))
    publishing = asyncio.create_task(publish(node, data))
    prefix = await registered(router)
    published = await publishing
    assert prefix == f"/public/gftp/{published.name}"
    assert published.url == f"gftp://{NODE}/{published.name}"

    assert await call(router, f"{prefix}/GetMetadata", None, "1") == {"Ok": {"fileSize": MIB}}
    # more than one GSB API frame carries (MAX_CHUNK): the router takes it in one answer
    chunk = await call(router, f"{prefix}/GetChunk", {"offset": 0, "size": MIB}, "2")
    assert chunk == {"Ok": {"offset": 0, "content": data}}
    assert published.downloads == 1 and MAX_CHUNK < MIB <= ROUTER_MAX_CHUNK

    closing = asyncio.create_task(published.close())
    assert await router.receive() == UnregisterRequest(prefix)
    router.send(UnregisterReply())
    await closing


async def test_an_upload_target_on_the_router_fails_when_the_connection_drops(
    node: GolemNode, conn: GsbConnection, router: FakeRouter
) -> None:
    receiving = asyncio.create_task(receive(node, limit_bytes=10))
    prefix = await registered(router)
    incoming = await receiving
    assert await call(
        router, f"{prefix}/UploadChunk", {"chunk": {"offset": 0, "content": b"abc"}}, "3"
    ) == {"Ok": None}
    router.close()  # the daemon went away
    with pytest.raises(TransferClosed, match="router"):
        await incoming.result(timeout=WAIT)
