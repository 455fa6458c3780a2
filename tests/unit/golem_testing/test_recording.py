"""Recording through golem_core's own transport, against a real local server, then replaying."""

from __future__ import annotations

import json
from pathlib import Path

from golem_rest_identity.api.identity import get_identity
from golem_rest_identity.models import Identity

from golem_core._api import YagnaApi, call
from golem_core._api.daemon_transport import DaemonTransport
from golem_testing import record, replay
from golem_testing._files import cassette_paths
from tests.unit.golem_core.test_daemon_transport import ME, always, ok, serving


async def whoami(url: str, key: str) -> str:
    async with YagnaApi(url, key) as api:
        assert isinstance(api._transport, DaemonTransport)
        identity = await call(get_identity.asyncio_detailed, client=api.identity)
    assert isinstance(identity, Identity)
    return identity.identity


async def test_a_recording_through_the_daemon_transport_replays(tmp_path: Path) -> None:
    answer = always(ok(json.dumps(ME).encode(), b"Content-Type: application/json"))
    async with serving(answer) as server:
        with record("me", tmp_path, api_url=server.url, app_key="s3cret"):
            assert await whoami(server.url, "s3cret") == ME["identity"]
    assert len(server.received) == 1  # the request really went out, once
    yaml_path, _ = cassette_paths(tmp_path, "me")
    stored = yaml_path.read_text()
    assert "/me" in stored and "s3cret" not in stored
    with replay("me", tmp_path) as session:
        assert await whoami(session.api_url, session.app_key) == ME["identity"]
    assert session.problems == []
