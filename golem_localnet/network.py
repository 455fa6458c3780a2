"""The whole local Golem network in one object: chain, requestor node, providers and their agents.

    async with LocalNetwork(providers=3) as net:
        node = GolemNode(app_key=net.requestor_app_key, api_url=net.requestor_api_url)

Start order: anvil with our token and multi-transfer contract (the requestor
gets tokens; anvil pre-funds its gas), the requestor's yagna (it hosts the
central net), the provider daemons (in parallel), then one GolemNode and one
`ProviderAgent` per provider. Every process listens on 127.0.0.1 only (the
providers' GSB routers on Unix sockets, see `provider_config`); every file lives
under one directory that is removed at the end. Whatever was started
is stopped in reverse order, also when starting fails half way.

A stand-in image registry (`image_repository_url`) lets yapapi's `vm.repo`
resolve any image; providers never download one.

`chain=False` skips anvil: allocations are then not checked against a balance
(YAGNA_DEV_SKIP_ALLOCATION_VALIDATION) and invoices are never paid.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, AsyncExitStack, ExitStack
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import attrs

from golem_core.market import Demand, DemandBuilder
from golem_core.node import GolemNode
from golem_core.payment.networks import payment_network as payment_network_named
from golem_localnet.chain import LocalChain, PaymentTiming, daemon_on_chain, local_chain
from golem_localnet.chain.yagna_env import posable_chain_id
from golem_localnet.daemon import MAX_SOCKET_PATH, DaemonConfig, YagnaDaemon, free_port
from golem_localnet.identities import (
    PROVIDER_NODE_IDS,
    PROVIDER_SECRETS,
    REQUESTOR_NODE_ID,
    REQUESTOR_SECRET,
)
from golem_localnet.nodes import FAST_MARKET, NO_CHAIN, PROVIDER_APP_KEY, REQUESTOR_APP_KEY
from golem_localnet.provider import AgentConfig, OfferSpec, ProviderAgent, ProviderFaults
from golem_localnet.provider.image_repository import ImageRepository

__all__ = [
    "DEFAULT_SUBNET",
    "MAX_PROVIDERS",
    "PAYMENT_NETWORK",
    "REQUESTOR_TOKENS",
    "WATCHER_LIFETIME",
    "LocalNetwork",
    "OnProcess",
    "ProviderNode",
    "provider_config",
    "short_socket_dir",
]

# how long the market watcher's demand lasts (see LocalNetwork._watch_market)
WATCHER_LIFETIME = timedelta(days=1)

log = logging.getLogger(__name__)

MAX_PROVIDERS = len(PROVIDER_SECRETS)
DEFAULT_SUBNET = "public"  # what yapapi and golem-js ask for unless told otherwise
REQUESTOR_TOKENS = Decimal(1000)
# what the local chain poses as by default: yapapi 0.13.1's default network (also golem_hl's)
PAYMENT_NETWORK = "holesky"

# called with a label and the PID of each process as it starts (for the CLI's state file)
OnProcess = Callable[[str, int], None]


def provider_config(index: int, hub: str, sockets: Path) -> DaemonConfig:
    """Provider `index`'s daemon: joins the central net at `hub`; its GSB router on a Unix socket.

    A Unix socket, as a provider on Linux has by default: over loopback TCP, yagna's bus
    connection between its own services and its router (no TCP_NODELAY on either end) held
    the reply to an exe-unit's state report ~40 ms whenever the requestor's results call
    crossed it, so a task took ~60 ms instead of ~20 in about half the runs.
    """
    return DaemonConfig(
        app_key=PROVIDER_APP_KEY,
        api_port=free_port(),
        gsb_socket=str(sockets / f"provider-{index}.sock"),
        central_net_host=hub,
        identity_secret=PROVIDER_SECRETS[index],
        extra_env=dict(FAST_MARKET),
    )


def short_socket_dir(root: Path) -> Path | None:
    """`root/gsb` if every provider's socket path there fits a Unix socket address, else None."""
    longest = root / "gsb" / f"provider-{MAX_PROVIDERS}.sock"
    return root / "gsb" if len(os.fsencode(longest)) <= MAX_SOCKET_PATH else None


@attrs.frozen
class ProviderNode:
    index: int
    name: str
    node_id: str
    daemon: YagnaDaemon
    node: GolemNode
    agent: ProviderAgent


def keep_daemon_dirs(root: Path, keep: Path) -> None:
    """Copy `root/<node>/yagna` (log, databases; no sockets) to `keep/<node>`, and each
    exe-unit's log to `keep/<node>/exeunits/<agreement>/<activity>.log` (not its files)."""
    for data_dir in sorted(root.glob("*/yagna")):
        shutil.copytree(
            data_dir,
            keep / data_dir.parent.name,
            ignore=shutil.ignore_patterns("*.sock", "*.ipc"),
            ignore_dangling_symlinks=True,
            dirs_exist_ok=True,
        )
    for log in sorted(root.glob("*/work/activities/*/*.log")):
        node, agreement = log.parents[3].name, log.parent.name
        target = keep / node / "exeunits" / agreement / log.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(log, target)


class LocalNetwork:
    def __init__(
        self,
        providers: int = 3,
        *,
        chain: bool = True,
        faults: Mapping[int, Sequence[str]] | None = None,
        subnet: str = DEFAULT_SUBNET,
        root: Path | None = None,
        requestor_api_port: int | None = None,
        requestor_tokens: Decimal = REQUESTOR_TOKENS,
        timing: PaymentTiming | None = None,
        on_process: OnProcess | None = None,
        payment_network: str = PAYMENT_NETWORK,
        keep_daemons: Path | None = None,
    ) -> None:
        """`payment_network`: what the chain poses as, `holesky` or `hoodi` (Golem's now).

        `keep_daemons`: copy each daemon's directory (its log and databases) under
        this one once the daemons have stopped, so a run can be looked into later.
        """
        if not 0 <= providers <= MAX_PROVIDERS:
            raise ValueError(f"between 0 and {MAX_PROVIDERS} providers, not {providers}")
        posable_chain_id(payment_network)
        self.payment_network = payment_network
        self.payment_platform = payment_network_named(payment_network).platform
        self.provider_count = providers
        self.use_chain = chain
        self.faults = {i: ProviderFaults.parse(f) for i, f in (faults or {}).items()}
        if unknown := set(self.faults) - set(range(providers)):
            raise ValueError(f"faults for providers that do not exist: {sorted(unknown)}")
        self.subnet = subnet
        self._root = root
        self._requestor_api_port = requestor_api_port
        self._requestor_tokens = requestor_tokens
        self._timing = timing or PaymentTiming()
        self._on_process = on_process or (lambda label, pid: None)
        self._keep_daemons = keep_daemons
        self._stack = AsyncExitStack()
        self.chain: LocalChain | None = None
        self.requestor: YagnaDaemon | None = None
        self.providers: list[ProviderNode] = []
        self.root: Path | None = None
        self.images: ImageRepository | None = None
        self.started_in_s: float | None = None

    # --- what a requestor needs -----------------------------------------------------------

    @property
    def requestor_app_key(self) -> str:
        return REQUESTOR_APP_KEY

    @property
    def requestor_node_id(self) -> str:
        return REQUESTOR_NODE_ID

    @property
    def requestor_api_url(self) -> str:
        return self._started_requestor().config.api_url

    @property
    def image_repository_url(self) -> str:
        """Pass as yapapi's `vm.repo(..., repository_url=)`: it resolves any image here."""
        if self.images is None:
            raise RuntimeError("the local network is not started: use `async with`")
        return self.images.url

    def requestor_env(self) -> dict[str, str]:
        """The environment a requestor app (ours, yapapi, golem-js) needs to use this network."""
        daemon = self._started_requestor()
        return {
            "YAGNA_APPKEY": daemon.config.app_key,
            "YAGNA_API_URL": daemon.config.api_url,
            "GSB_URL": daemon.config.gsb_url,
            "YAGNA_SUBNET": self.subnet,
            "YAGNA_PAYMENT_NETWORK": self.payment_network,
            "GOLEM_REPOSITORY_URL": self.image_repository_url,
        }

    def _started_requestor(self) -> YagnaDaemon:
        if self.requestor is None:
            raise RuntimeError("the local network is not started: use `async with`")
        return self.requestor

    # --- lifecycle ----------------------------------------------------------------------

    async def __aenter__(self) -> LocalNetwork:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        began = time.monotonic()
        try:
            await self._start()
        except BaseException:
            await self.stop()
            raise
        self.started_in_s = time.monotonic() - began
        log.info(
            "local network up in %.1f s: requestor %s, %d providers, subnet %s",
            self.started_in_s,
            self.requestor_api_url,
            len(self.providers),
            self.subnet,
        )

    async def stop(self) -> None:
        """Stop everything started (reverse order) and remove the network's directory."""
        await self._stack.aclose()

    async def _start(self) -> None:
        root = self._root or Path(tempfile.mkdtemp(prefix="golem-localnet-"))
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self._stack.callback(shutil.rmtree, root, True)
        if self._keep_daemons is not None:  # runs after every daemon stopped, before the rmtree
            self._stack.callback(keep_daemon_dirs, root, self._keep_daemons)
        self.images = self._stack.enter_context(ImageRepository())
        if self.use_chain:
            self.chain = await self._start_chain()
        requestor = DaemonConfig(
            app_key=REQUESTOR_APP_KEY,
            api_port=self._requestor_api_port or free_port(),
            gsb_port=free_port(),
            identity_secret=REQUESTOR_SECRET,
            extra_env=dict(FAST_MARKET),
        )
        [self.requestor] = await self._start_daemons([("requestor", requestor)])
        await self._watch_market(self.requestor)
        hub = self.requestor.config.gsb_host
        sockets = self._socket_dir(root)
        providers = [
            (f"provider-{i}", provider_config(i, hub, sockets)) for i in range(self.provider_count)
        ]
        daemons = await self._start_daemons(providers)
        self.providers = list(
            await asyncio.gather(*(self._start_agent(i, d) for i, d in enumerate(daemons)))
        )

    def _socket_dir(self, root: Path) -> Path:
        """Where the providers' GSB sockets go: under `root`, or a short temp dir if too long."""
        directory = short_socket_dir(root)
        if directory is not None:
            directory.mkdir(exist_ok=True)  # a crashed run's may be left
            return directory
        directory = Path(tempfile.mkdtemp(prefix="golem-gsb-"))
        self._stack.callback(shutil.rmtree, directory, True)
        return directory

    async def _watch_market(self, requestor: YagnaDaemon) -> None:
        """Keep a demand on the requestor node for the network's lifetime.

        yagna fetches broadcast offers only while the node has a demand; the
        offers the providers publish at start-up would otherwise reach a later
        demand only at the next cyclic broadcast, seconds later. With this
        demand in place they are stored at once and every later demand meets
        them straight away.
        """
        node = GolemNode(app_key=requestor.config.app_key, api_url=requestor.config.api_url)
        await node.start()
        self._stack.push_async_callback(node.close)
        watcher = DemandBuilder().subnet(self.subnet).payment(self.payment_platform, node.node_id)
        watcher.expiration(datetime.now(timezone.utc) + WATCHER_LIFETIME)
        await Demand.subscribe(node, watcher.build())

    async def _start_chain(self) -> LocalChain:
        stack = ExitStack()
        self._stack.push_async_callback(asyncio.to_thread, stack.close)
        posing = local_chain(network=self.payment_network)
        chain = await asyncio.to_thread(stack.enter_context, posing)
        if chain.anvil.pid is not None:
            self._on_process("anvil", chain.anvil.pid)
        await asyncio.to_thread(chain.fund, REQUESTOR_NODE_ID, self._requestor_tokens)
        return chain

    def _daemon_run(self, name: str, config: DaemonConfig) -> AbstractContextManager[YagnaDaemon]:
        """Running a daemon with its data under the network's directory, on the chain if any."""
        assert self.root is not None
        data_dir = self.root / name / "yagna"
        data_dir.mkdir(parents=True)
        if self.chain is None:
            no_chain = attrs.evolve(config, extra_env={**NO_CHAIN, **config.extra_env})
            return YagnaDaemon(no_chain, data_dir)
        return daemon_on_chain(self.chain, config, self._timing, data_dir=data_dir)

    async def _start_daemons(
        self, configs: Sequence[tuple[str, DaemonConfig]]
    ) -> list[YagnaDaemon]:
        """Start the named daemons side by side; each stops with the network."""
        runs = [self._daemon_run(name, config) for name, config in configs]
        stacks = [ExitStack() for _ in runs]
        for stack in stacks:
            self._stack.push_async_callback(asyncio.to_thread, stack.close)
        starting = asyncio.gather(
            *(
                asyncio.to_thread(stack.enter_context, run)
                for stack, run in zip(stacks, runs, strict=True)
            ),
            return_exceptions=True,
        )
        try:
            outcomes = await asyncio.shield(starting)
        except asyncio.CancelledError:
            # a thread cannot be stopped half way: let them finish, so stop() finds their daemons
            await asyncio.wait({starting})
            raise
        daemons: list[YagnaDaemon] = []
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
            daemons.append(outcome)
        for (name, _), daemon in zip(configs, daemons, strict=True):
            if daemon.pid is not None:
                self._on_process(f"yagna {name}", daemon.pid)
        return daemons

    async def _start_agent(self, index: int, daemon: YagnaDaemon) -> ProviderNode:
        name = f"provider-{index}"
        node = GolemNode(app_key=daemon.config.app_key, api_url=daemon.config.api_url)
        await node.start()
        self._stack.push_async_callback(node.close)
        config = AgentConfig(
            offer=OfferSpec(
                node_id=node.node_id,
                name=name,
                subnet=self.subnet,
                platforms=(self.payment_platform,),
            ),
            gsb_url=daemon.config.gsb_url,
            data_dir=daemon.data_dir.parent / "work",
            faults=self.faults.get(index, ProviderFaults()),
        )
        agent = ProviderAgent(node, config)
        await agent.start()
        self._stack.push_async_callback(agent.aclose)
        assert node.node_id == PROVIDER_NODE_IDS[index], "identities.py is out of step"
        return ProviderNode(index, name, node.node_id, daemon, node, agent)
