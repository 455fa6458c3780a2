"""Identity and version of the daemon, as our own snapshots."""

from __future__ import annotations

import attrs

from golem_core._api import YagnaApi, call
from golem_core.ids import NodeId


@attrs.frozen
class IdentityInfo:
    node_id: NodeId
    name: str
    role: str


async def fetch_identity(api: YagnaApi, timeout: float = 10.0) -> IdentityInfo:
    from golem_rest_identity.api.identity import get_identity
    from golem_rest_identity.models import Identity

    identity = await call(get_identity.asyncio_detailed, client=api.identity, call_timeout=timeout)
    assert isinstance(identity, Identity)
    return IdentityInfo(node_id=NodeId(identity.identity), name=identity.name, role=identity.role)


async def fetch_version(api: YagnaApi, timeout: float = 10.0) -> str:
    from golem_rest_version.api.version import get_version
    from golem_rest_version.models import YagnaVersionResponse

    version = await call(get_version.asyncio_detailed, client=api.version, call_timeout=timeout)
    assert isinstance(version, YagnaVersionResponse)
    return version.current.version
