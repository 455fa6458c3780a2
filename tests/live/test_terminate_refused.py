"""yagna 0.17.6: a terminate whose answer is lost leaves the two daemons disagreeing for good.

The requestor's daemon tells the provider's of a terminate before it records it itself.
Here the provider's daemon is frozen while the terminate is on its way and our call is
cut short (as a Ctrl-C or a daemon restart cuts it in a chaos run): the provider's daemon
records the end once it runs again, the requestor's never does, and every later terminate
is refused ("Remote Terminate: ... internal error"). golem_core reports that refusal as
such, and the chaos audit reads the provider's side from its daemon.
"""

from __future__ import annotations

import os
import signal
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from bench.chaos.audit import RequestorView, provider_side_states
from golem_core.exceptions import TerminateRefusedError
from golem_core.market import AgreementEventKind, AgreementState, agreement_events
from golem_core.node import GolemNode
from golem_localnet.network import LocalNetwork
from tests.live.conftest import requestor_on

pytestmark = [pytest.mark.live, pytest.mark.asyncio(loop_scope="session")]

WAIT_S = 20.0


async def ended_on(node: GolemNode, agreement_id: str, since: datetime) -> bool:
    """Whether `node`'s daemon records the agreement's end within WAIT_S."""
    async for change in agreement_events(node, after=since, timeout=WAIT_S):
        if change.agreement_id == agreement_id and change.kind is AgreementEventKind.TERMINATED:
            return True
    return False


async def test_a_terminate_whose_answer_was_lost_is_refused_ever_after() -> None:
    async with LocalNetwork(providers=1, chain=False, subnet="terminate-refused") as network:
        [provider] = network.providers
        assert provider.daemon.pid is not None
        async with requestor_on(network) as requestor:
            agreement = await requestor.negotiate(provider, pay=False)
            since = datetime.now(timezone.utc) - timedelta(seconds=1)
            os.kill(provider.daemon.pid, signal.SIGSTOP)
            try:
                async with httpx.AsyncClient(
                    base_url=network.requestor_api_url,
                    headers={"Authorization": f"Bearer {network.requestor_app_key}"},
                    trust_env=False,
                ) as client:
                    with pytest.raises(httpx.TimeoutException):  # our call, cut short
                        await client.post(
                            f"/market-api/v1/agreements/{agreement.id}/terminate",
                            json={"message": "cut short"},
                            timeout=3.0,
                        )
            finally:
                os.kill(provider.daemon.pid, signal.SIGCONT)
            assert await ended_on(provider.node, agreement.id, since)  # the provider's daemon
            assert (await agreement.get()).state is AgreementState.APPROVED  # on ours
            with pytest.raises(TerminateRefusedError) as refused:
                await agreement.terminate("again", retry_for=30.0)
            assert "Remote Terminate" in refused.value.message
            view = RequestorView(network.requestor_api_url, network.requestor_app_key)
            try:
                daemons = {
                    provider.node_id: (
                        provider.daemon.config.api_url,
                        provider.daemon.config.app_key,
                    )
                }
                states = await provider_side_states(view, daemons, [agreement.id])
            finally:
                await view.aclose()
            assert states == {agreement.id: "Terminated"}
