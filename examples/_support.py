"""How the examples find a Golem network: the daemon you name, or a local one started for them.

With `--api-url` / `--app-key` (or `YAGNA_API_URL` / `YAGNA_APPKEY` in the
environment) an example talks to that daemon. With neither it starts a whole
Golem network on this machine (golem_localnet: a local chain, a requestor
daemon and providers, all on 127.0.0.1), points the environment at it, runs,
and stops the network again. The application code itself only reads the
environment, as a yapapi application does.

On the real Golem network, pay on `hoodi` for testing (`YAGNA_PAYMENT_NETWORK=hoodi`,
after `yagna payment fund --network hoodi`) or on `polygon` with real GLM: golem_hl,
like yapapi 0.13.1, defaults to `holesky`, which the local network poses as.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from golem_localnet.network import LocalNetwork

T = TypeVar("T")

# what vm.repo() reads to resolve an image hash (the local network serves a stand-in registry)
REPOSITORY_ENV = "GOLEM_REPOSITORY_URL"
# set to 1 for the live progress line, as --progress does
PROGRESS_ENV = "GOLEM_PROGRESS"
# how long an accepted invoice may take to be paid on the local chain (a few payment cycles)
SETTLE_TIMEOUT_S = 60.0


def parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--api-url", help="the requestor daemon's REST API (YAGNA_API_URL)")
    parser.add_argument("--app-key", help="the requestor daemon's app key (YAGNA_APPKEY)")
    parser.add_argument(
        "--subnet-tag", default=None, help="the providers' subnet (YAGNA_SUBNET, else 'public')"
    )
    parser.add_argument(
        "--providers",
        type=int,
        default=3,
        help="providers of the local network started when no daemon is given (default 3)",
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        default=os.environ.get(PROGRESS_ENV, "") not in ("", "0"),
        help=f"a live progress line when stderr is a terminal (or set {PROGRESS_ENV}=1)",
    )
    return parser


def progress_enabled(args: argparse.Namespace) -> bool | None:
    """For golem_hl.progress: on a terminal if asked for (None: when stderr is one), else off."""
    return None if getattr(args, "progress", False) else False


@asynccontextmanager
async def golem_network(args: argparse.Namespace) -> AsyncIterator[None]:
    """The environment points at a Golem network while this runs (started here if need be)."""
    if args.api_url:
        os.environ["YAGNA_API_URL"] = args.api_url
    if args.app_key:
        os.environ["YAGNA_APPKEY"] = args.app_key
    if "YAGNA_APPKEY" in os.environ or "YAGNA_API_URL" in os.environ:
        if args.subnet_tag is None:
            args.subnet_tag = os.environ.get("YAGNA_SUBNET", "public")
        yield
        return
    from golem_localnet.network import LocalNetwork

    print(f"No daemon given: starting a local Golem network with {args.providers} providers")
    async with LocalNetwork(providers=args.providers, subnet=args.subnet_tag or "public") as net:
        os.environ.update(net.requestor_env())
        os.environ[REPOSITORY_ENV] = net.image_repository_url
        args.subnet_tag = net.subnet
        before = _token_balances(net)
        try:
            yield
        finally:
            for name in (*net.requestor_env(), REPOSITORY_ENV):
                os.environ.pop(name, None)
        await _report_payments(net, before)


def _token_balances(net: LocalNetwork) -> dict[str, Decimal]:
    if net.chain is None:
        return {}
    return {p.node_id: net.chain.token_balance(p.node_id) for p in net.providers}


async def _report_payments(net: LocalNetwork, before: dict[str, Decimal]) -> None:
    """Wait until every accepted invoice is settled on the local chain; say who got what."""
    from golem_localnet.provider.history import AgentEventKind

    if net.chain is None:
        return
    for provider in net.providers:
        history = provider.agent.history
        for sent in history.of(AgentEventKind.INVOICE_SENT):
            if history.of(AgentEventKind.INVOICE_REJECTED, document_id=sent.document_id):
                continue
            try:
                await history.wait_for(
                    AgentEventKind.INVOICE_SETTLED,
                    document_id=sent.document_id,
                    timeout=SETTLE_TIMEOUT_S,
                )
            except TimeoutError as unsettled:
                print(f"not paid yet: {unsettled}")
    print("Paid on chain (local test token):")
    for provider in net.providers:
        gained = net.chain.token_balance(provider.node_id) - before[provider.node_id]
        print(f"  {provider.name} {provider.node_id}: {gained.normalize():f} tGLM")


def run_example(
    main: Callable[[argparse.Namespace], Awaitable[T]],
    options: argparse.ArgumentParser | str,
    argv: Sequence[str] | None = None,
) -> T:
    """Parse the command line (`options`: a parser, or a description); run `main` on a network."""
    if isinstance(options, str):
        options = parser(options)
    args = options.parse_args(argv)

    async def on_network() -> T:
        async with golem_network(args):
            return await main(args)

    return asyncio.run(on_network())
