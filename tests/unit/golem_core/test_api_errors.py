"""The adapter's error paths, on scripted yagna replies (respx; no daemon).

The generated parsers would choke on most of these bodies (plain text, empty,
`null`), so each case also proves our response hook raises before they run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
import respx
from golem_rest_identity.api.identity import get_identity
from golem_rest_identity.models import Identity
from golem_rest_net.api.requestor import get_network
from golem_rest_payment.api.requestor import (
    create_allocation,
    get_allocation,
    get_allocations,
    get_demand_decorations,
    get_invoice_events,
    release_allocation,
)
from golem_rest_payment.models import NewAllocation
from golem_rest_version.api.version import get_version
from golem_rest_version.models import YagnaVersionResponse

from golem_core._api import LONG_POLL_GRACE, YagnaApi, call
from golem_core.exceptions import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    CallTimeoutError,
    ForbiddenError,
    GoneError,
    NotFoundError,
    RemoteProtocolError,
    ServerError,
    TransportError,
)

BASE = "http://yagna.test"
APP_KEY = "unit-test-app-key"
ME = {"identity": "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "name": "n", "role": "manager"}


@pytest.fixture
def router() -> respx.MockRouter:
    return respx.MockRouter(base_url=BASE, assert_all_mocked=True)


@pytest.fixture
async def api(router: respx.MockRouter) -> AsyncIterator[YagnaApi]:
    transport = httpx.MockTransport(router.async_handler)
    async with YagnaApi(BASE, APP_KEY, transport=transport) as client:
        yield client


Operation = Callable[..., Awaitable[Any]]
Client = Callable[[YagnaApi], Any]

ERROR_CASES: list[tuple[str, str, httpx.Response, Operation, Client, dict[str, Any],
                        type[ApiError], str]] = [
    ("GET", "/me",
     httpx.Response(401, text="Invalid application key"),
     get_identity.asyncio_detailed, lambda api: api.identity, {},
     AuthenticationError, "Invalid application key"),
    ("GET", "/payment-api/v1/allocations/a1",
     httpx.Response(404, json={"message": "Allocation a1 not found"}),
     get_allocation.asyncio_detailed, lambda api: api.payment, {"allocation_id": "a1"},
     NotFoundError, "Allocation a1 not found"),
    # a null message says nothing, so the raw body is kept
    ("GET", "/payment-api/v1/allocations/a1",
     httpx.Response(404, content=b'{"message":null}', headers={"content-type": "application/json"}),
     get_allocation.asyncio_detailed, lambda api: api.payment, {"allocation_id": "a1"},
     NotFoundError, '{"message":null}'),
    ("GET", "/payment-api/v1/allocations",
     httpx.Response(500),
     get_allocations.asyncio_detailed, lambda api: api.payment, {},
     ServerError, ""),
    ("POST", "/payment-api/v1/allocations",
     httpx.Response(400, text="Json deserialize error: missing field `totalAmount` at line 1"),
     create_allocation.asyncio_detailed, lambda api: api.payment,
     {"body": NewAllocation(total_amount="1")},
     BadRequestError, "Json deserialize error: missing field `totalAmount` at line 1"),
    ("DELETE", "/payment-api/v1/allocations/a1",
     httpx.Response(410, json={"message": "Allocation a1 has been already released"}),
     release_allocation.asyncio_detailed, lambda api: api.payment, {"allocation_id": "a1"},
     GoneError, "Allocation a1 has been already released"),
    ("GET", "/net-api/v1/net/n1",
     httpx.Response(403),
     get_network.asyncio_detailed, lambda api: api.net, {"network_id": "n1"},
     ForbiddenError, ""),
    # a status no spec lists
    ("GET", "/me",
     httpx.Response(418, text="teapot"),
     get_identity.asyncio_detailed, lambda api: api.identity, {},
     ServerError, "teapot"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "path", "reply", "operation", "client", "kwargs", "kind", "message"),
    ERROR_CASES,
    ids=["401-text", "404-json", "404-null", "500-empty", "400-text", "410", "403-empty", "418"],
)
async def test_each_error_reply_raises_the_matching_api_error(
    api: YagnaApi,
    router: respx.MockRouter,
    method: str,
    path: str,
    reply: httpx.Response,
    operation: Operation,
    client: Client,
    kwargs: dict[str, Any],
    kind: type[ApiError],
    message: str,
) -> None:
    router.route(method=method, path=path).mock(return_value=reply)
    with pytest.raises(kind) as raised:
        await call(operation, client=client(api), **kwargs)
    error = raised.value
    assert type(error) is kind
    assert error.status == reply.status_code
    assert error.operation == operation.__module__.rsplit(".", 1)[-1]
    assert error.message == message
    assert str(error) == f"{error.operation}: HTTP {error.status}: {message or '(empty body)'}"


async def test_a_2xx_returns_the_typed_model_and_sends_key_and_deadline(
    api: YagnaApi, router: respx.MockRouter
) -> None:
    route = router.get("/me").mock(return_value=httpx.Response(200, json=ME))
    me = await call(get_identity.asyncio_detailed, client=api.identity, call_timeout=3.0)
    assert isinstance(me, Identity)
    assert (me.identity, me.name, me.role) == (ME["identity"], "n", "manager")
    request = route.calls.last.request
    assert request.headers["authorization"] == f"Bearer {APP_KEY}"
    assert request.extensions["timeout"] == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}


async def test_a_long_poll_gets_its_server_timeout_plus_grace(
    api: YagnaApi, router: respx.MockRouter
) -> None:
    route = router.get("/payment-api/v1/invoiceEvents").mock(
        return_value=httpx.Response(200, json=[])
    )
    assert await call(get_invoice_events.asyncio_detailed, client=api.payment, timeout=7.0) == []
    request = route.calls.last.request
    assert request.url.params["timeout"] == "7.0"
    assert request.extensions["timeout"]["read"] == 7.0 + LONG_POLL_GRACE


async def test_version_is_asked_without_the_app_key(
    api: YagnaApi, router: respx.MockRouter
) -> None:
    info = {"version": "0.17.6", "name": "(x)", "seen": True, "releaseTs": "2015-10-13T15:43:00"}
    route = router.get("/version/get").mock(
        return_value=httpx.Response(200, json={"current": info, "pending": None})
    )
    answer = await call(get_version.asyncio_detailed, client=api.version)
    assert isinstance(answer, YagnaVersionResponse)
    assert answer.pending is None
    assert "authorization" not in route.calls.last.request.headers


async def test_a_read_timeout_becomes_our_call_timeout(
    api: YagnaApi, router: respx.MockRouter
) -> None:
    router.get("/payment-api/v1/invoiceEvents").mock(side_effect=httpx.ReadTimeout)
    with pytest.raises(CallTimeoutError) as late:
        await call(
            get_invoice_events.asyncio_detailed, client=api.payment, timeout=5.0, call_timeout=0.2
        )
    assert (late.value.operation, late.value.timeout) == ("get_invoice_events", 0.2)
    assert isinstance(late.value.__cause__, httpx.ReadTimeout)


async def test_a_refused_connection_becomes_a_transport_error(
    api: YagnaApi, router: respx.MockRouter
) -> None:
    router.get("/me").mock(side_effect=httpx.ConnectError("Connection refused"))
    with pytest.raises(TransportError) as unreachable:
        await call(get_identity.asyncio_detailed, client=api.identity)
    assert unreachable.value.operation == "get_identity"
    assert unreachable.value.detail == "Connection refused (at http://yagna.test)"
    assert isinstance(unreachable.value.__cause__, httpx.ConnectError)


async def test_a_daemon_that_drops_the_connection_mid_call_is_named(
    api: YagnaApi, router: respx.MockRouter
) -> None:
    # what httpx raises when the daemon dies between our request and its answer
    router.get("/me").mock(
        side_effect=httpx.RemoteProtocolError("Server disconnected without sending a response.")
    )
    with pytest.raises(TransportError) as dropped:
        await call(get_identity.asyncio_detailed, client=api.identity)
    assert str(dropped.value) == (
        "get_identity: cannot reach the yagna daemon: Server disconnected without sending a"
        " response. (at http://yagna.test)"
    )


async def test_an_error_outside_call_is_named_by_method_and_path(
    api: YagnaApi, router: respx.MockRouter
) -> None:
    # even a generated function used directly never hands back an error body
    router.get("/me").mock(return_value=httpx.Response(401, text="Invalid application key"))
    with pytest.raises(AuthenticationError) as refused:
        await get_identity.asyncio_detailed(client=api.identity)
    assert refused.value.operation == "GET /me"


async def test_allocation_ids_go_out_with_literal_commas(
    api: YagnaApi, router: respx.MockRouter
) -> None:
    decoration: dict[str, list[str]] = {"properties": [], "constraints": []}
    route = router.get("/payment-api/v1/demandDecorations").mock(
        return_value=httpx.Response(200, json=decoration)
    )
    await call(get_demand_decorations.asyncio_detailed, client=api.payment, allocation_ids="a,b")
    assert route.calls.last.request.url.query == b"allocationIds=a,b"


async def test_a_2xx_body_that_does_not_fit_the_spec_is_a_remote_protocol_error(
    api: YagnaApi, router: respx.MockRouter
) -> None:
    router.get("/me").mock(return_value=httpx.Response(200, json={"unexpected": True}))
    with pytest.raises(RemoteProtocolError, match="get_identity: cannot read the daemon's answer"):
        await call(get_identity.asyncio_detailed, client=api.identity)


async def test_a_wrong_argument_stays_our_own_type_error(
    api: YagnaApi, router: respx.MockRouter
) -> None:
    route = router.get("/me").mock(return_value=httpx.Response(200, json=ME))
    with pytest.raises(TypeError):
        await call(get_identity.asyncio_detailed, client=api.identity, no_such_argument=1)
    assert not route.called
