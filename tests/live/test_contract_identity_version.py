"""Contract: the identity and version specs decode what the real daemon sends."""

from __future__ import annotations

import pytest
from golem_rest_identity.api.identity import get_identity
from golem_rest_identity.models import Identity
from golem_rest_version.api.version import get_version
from golem_rest_version.models import YagnaVersionInfo, YagnaVersionResponse

from golem_core._api import YagnaApi, call
from golem_localnet.identities import REQUESTOR_NODE_ID

pytestmark = pytest.mark.live

CALL_TIMEOUT = 10.0


async def test_me_names_the_fixed_identity_behind_the_app_key(api: YagnaApi) -> None:
    me = await call(get_identity.asyncio_detailed, client=api.identity, call_timeout=CALL_TIMEOUT)
    assert isinstance(me, Identity)
    assert me.identity == REQUESTOR_NODE_ID
    # the key made from YAGNA_AUTOCONF_APPKEY at start-up
    assert (me.name, me.role) == ("autoconfigured", "manager")
    assert me.additional_properties == {}


async def test_version_is_the_pinned_release_with_nothing_pending(api: YagnaApi) -> None:
    answer = await call(get_version.asyncio_detailed, client=api.version, call_timeout=CALL_TIMEOUT)
    assert isinstance(answer, YagnaVersionResponse)
    assert isinstance(answer.current, YagnaVersionInfo)
    assert answer.current.version == "0.17.6"
    assert answer.current.seen is True
    # "(<git revision> <build date>)" for the running build
    assert answer.current.name.startswith("(") and answer.current.name.endswith(")")
    # offline the release check fails, so the daemon sends `"pending": null`
    assert answer.pending is None
    assert answer.additional_properties == {}
