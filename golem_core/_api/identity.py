"""Identity and version of the daemon, as our own snapshots."""

from __future__ import annotations

from typing import Any

import attrs

from golem_core._api import YagnaApi, call
from golem_core._api.json_calls import json_call, read_answer
from golem_core.ids import NodeId


@attrs.frozen
class IdentityInfo:
    node_id: NodeId
    name: str
    role: str


async def fetch_identity(api: YagnaApi, timeout: float = 10.0) -> IdentityInfo:
    op = "get_identity"
    client = api.identity.get_async_httpx_client()
    answer = await json_call(client, op, "get", "/me", call_timeout=timeout)
    return read_answer(op, identity_from_json, answer)


def identity_from_json(d: dict[str, Any]) -> IdentityInfo:
    """`{"identity": node id, "name": ..., "role": ...}`, as the generated `Identity` reads it."""
    node_id, name, role = d["identity"], d["name"], d["role"]
    if not all(isinstance(value, str) for value in (node_id, name, role)):
        raise TypeError(f"expected identity, name and role as strings, got {d!r:.200}")
    return IdentityInfo(node_id=NodeId(node_id), name=name, role=role)


async def fetch_version(api: YagnaApi, timeout: float = 10.0) -> str:
    from golem_rest_version.api.version import get_version
    from golem_rest_version.models import YagnaVersionResponse

    version = await call(get_version.asyncio_detailed, client=api.version, call_timeout=timeout)
    assert isinstance(version, YagnaVersionResponse)
    return version.current.version
