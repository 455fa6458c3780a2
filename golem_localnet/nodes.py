"""Ready-made daemon layouts: one standalone node, or a requestor hub plus providers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import attrs

from golem_localnet.daemon import DaemonConfig, YagnaDaemon, free_port
from golem_localnet.identities import PROVIDER_SECRETS, REQUESTOR_SECRET

__all__ = [
    "FAST_MARKET",
    "NO_CHAIN",
    "PATIENT_ACTIVITIES",
    "PROVIDER_APP_KEY",
    "REQUESTOR_APP_KEY",
    "TwoNodes",
    "requestor_and_provider",
    "standalone_config",
    "standalone_node",
]

REQUESTOR_APP_KEY = "golem-requestor-test-key"
PROVIDER_APP_KEY = "golem-provider-test-key"

# Offers reach demands in a fraction of a second instead of the public net's pace.
FAST_MARKET = {"OFFER_BROADCAST_DELAY": "200ms", "MEAN_CYCLIC_BCAST_INTERVAL": "10s"}
# Nobody runs a real exe-unit on a bare provider node; keep its activities alive.
PATIENT_ACTIVITIES = {"INACTIVITY_LIMIT_SECONDS": "3600", "UNRESPONSIVE_LIMIT_SECONDS": "3600"}
# Until the local chain exists, allocations skip the on-chain balance check.
NO_CHAIN = {"YAGNA_DEV_SKIP_ALLOCATION_VALIDATION": "1"}


@attrs.frozen
class TwoNodes:
    requestor: YagnaDaemon
    provider: YagnaDaemon


def standalone_config(extra_env: dict[str, str] | None = None) -> DaemonConfig:
    return DaemonConfig(
        app_key=REQUESTOR_APP_KEY,
        api_port=free_port(),
        gsb_port=free_port(),
        identity_secret=REQUESTOR_SECRET,
        extra_env={**FAST_MARKET, **NO_CHAIN, **(extra_env or {})},
    )


@contextmanager
def standalone_node(extra_env: dict[str, str] | None = None) -> Iterator[YagnaDaemon]:
    with YagnaDaemon(standalone_config(extra_env)) as daemon:
        yield daemon


@contextmanager
def requestor_and_provider(extra_env: dict[str, str] | None = None) -> Iterator[TwoNodes]:
    """A requestor node hosting the central net, and a provider node joined to it."""
    with ExitStack() as stack:
        requestor = stack.enter_context(YagnaDaemon(standalone_config(extra_env)))
        provider_config = DaemonConfig(
            app_key=PROVIDER_APP_KEY,
            api_port=free_port(),
            gsb_port=free_port(),
            central_net_host=requestor.config.gsb_host,
            identity_secret=PROVIDER_SECRETS[0],
            extra_env={**FAST_MARKET, **NO_CHAIN, **PATIENT_ACTIVITIES, **(extra_env or {})},
        )
        provider = stack.enter_context(YagnaDaemon(provider_config))
        yield TwoNodes(requestor=requestor, provider=provider)
