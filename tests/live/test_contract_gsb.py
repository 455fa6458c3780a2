"""Contract: binding and releasing GSB services over REST on the real daemon."""

from __future__ import annotations

import base64
import uuid

import pytest
from golem_rest_gsb.api.services import bind_services, unbind_services
from golem_rest_gsb.models import ServicesListen, ServicesRequest, ServicesResponse

from golem_core._api import YagnaApi, call
from golem_core.exceptions import BadRequestError, NotFoundError

pytestmark = pytest.mark.live

CALL_TIMEOUT = 10.0


def fresh_prefix() -> str:
    return f"/public/contract-{uuid.uuid4().hex}"


async def bind(api: YagnaApi, prefix: str, components: list[str]) -> ServicesResponse | None:
    request = ServicesRequest(listen=ServicesListen(on=prefix, components=components))
    bound = await call(
        bind_services.asyncio_detailed, client=api.gsb, body=request, call_timeout=CALL_TIMEOUT
    )
    assert bound is None or isinstance(bound, ServicesResponse)
    return bound


async def unbind(api: YagnaApi, services_id: str) -> object:
    return await call(
        unbind_services.asyncio_detailed,
        client=api.gsb,
        services_id=services_id,
        call_timeout=CALL_TIMEOUT,
    )


async def test_bind_duplicate_unbind_and_unbind_again(api: YagnaApi) -> None:
    prefix = fresh_prefix()
    bound = await bind(api, prefix, ["GetMetadata", "GetChunk"])
    assert isinstance(bound, ServicesResponse)
    unbound = False
    try:
        assert isinstance(bound.listen, ServicesListen)
        assert (bound.listen.on, bound.listen.components) == (prefix, ["GetMetadata", "GetChunk"])
        # the id is the prefix in URL-safe base64 without padding
        expected_id = base64.urlsafe_b64encode(prefix.encode()).decode().rstrip("=")
        assert bound.services_id == expected_id
        assert bound.additional_properties == {}

        with pytest.raises(BadRequestError) as duplicate:
            await bind(api, prefix, ["GetMetadata"])
        assert duplicate.value.status == 400
        assert duplicate.value.operation == "bind_services"
        assert duplicate.value.message == f"Duplicated service address prefix: {prefix}"

        assert await unbind(api, bound.services_id) is None  # 200 with a JSON `null` body
        unbound = True
        with pytest.raises(NotFoundError) as missing:
            await unbind(api, bound.services_id)
        assert missing.value.operation == "unbind_services"
        assert missing.value.message == f"Service prefix not found: Cannot find service: {prefix}"
    finally:
        if not unbound:
            await unbind(api, bound.services_id)


async def test_a_released_prefix_can_be_bound_again(api: YagnaApi) -> None:
    prefix = fresh_prefix()
    first = await bind(api, prefix, ["Ping"])
    assert first is not None
    await unbind(api, first.services_id)
    second = await bind(api, prefix, ["Ping", "Pong"])
    assert second is not None
    try:
        assert second.services_id == first.services_id
        assert second.listen.components == ["Ping", "Pong"]
    finally:
        await unbind(api, second.services_id)


async def test_a_services_id_that_is_not_base64_is_a_bad_request(api: YagnaApi) -> None:
    with pytest.raises(BadRequestError) as refused:
        await unbind(api, "!!!")
    assert refused.value.message.startswith("Service address should be encoded in base64.")
