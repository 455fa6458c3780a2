"""The activity's VPN: joined at Deploy, entered by every command, left at the end.

yagna's exe-unit enables VPN only when the agreement's offer lists the "vpn"
runtime capability, and then joins the Deploy's `net` networks. Here a Deploy
with networks builds the activity's namespace (`netns.py`) and one bridge per
network (`bridge.py`); every Run afterwards starts inside it. A Deploy without
networks leaves commands in the exe-unit's own network, as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from golem_core.activity.commands import Network
from golem_core.gsb.calls import GsbError, GsbRegisterError
from golem_core.gsb.router import GsbConnection
from golem_localnet.exeunit.vpn.bridge import VpnBridge
from golem_localnet.exeunit.vpn.config import VpnConfigError, parse_networks
from golem_localnet.exeunit.vpn.netns import (
    Namespace,
    NetnsError,
    check_can_build,
    create_namespace,
)

__all__ = ["ActivityVpn", "VpnError"]

log = logging.getLogger(__name__)


class VpnError(Exception):
    """Joining the Deploy's networks failed; the text is the command's error message."""


class ActivityVpn:
    """The namespace and bridges of one activity (none until a Deploy brings networks)."""

    def __init__(self, bus: GsbConnection, caller: str | None, enabled: bool = True) -> None:
        self._bus = bus
        self._caller = caller
        self._enabled = enabled
        self.namespace: Namespace | None = None
        self.bridges: list[VpnBridge] = []
        self._nsenter = ""

    @property
    def active(self) -> bool:
        """Whether commands run in the activity's own namespace (a sandbox must keep it)."""
        return self.namespace is not None

    async def deploy(self, entries: Sequence[Network]) -> None:
        """Join `entries` (leaving any networks of an earlier Deploy); VpnError if it cannot."""
        await self.close()
        if not entries:
            return
        if not self._enabled:
            log.warning("the offer has no 'vpn' capability: networks of the Deploy ignored")
            return
        try:
            networks = parse_networks(entries)
            ip, self._nsenter = check_can_build()
            self.namespace = await asyncio.to_thread(create_namespace, networks, ip)
        except (VpnConfigError, NetnsError) as exc:
            raise VpnError(f"VPN error: {exc}") from exc
        try:
            for network, tap in zip(networks, self.namespace.taps, strict=True):
                bridge = VpnBridge(self._bus, network, tap, self._caller)
                self.bridges.append(bridge)
                await bridge.start()
        except GsbRegisterError as exc:
            await self.close()
            raise VpnError(
                f"VPN error: {exc.prefix} is served already: one activity per provider"
                " node may join a network (as with yagna's exe-unit)"
            ) from exc
        except GsbError as exc:
            await self.close()
            raise VpnError(f"VPN error: {exc}") from exc
        log.info(
            "joined %s", ", ".join(f"{n.id} as {n.cidr} (gateway {n.gateway})" for n in networks)
        )

    def wrap(self, argv: Sequence[str]) -> tuple[str, ...]:
        """`argv` started inside the activity's namespace (unchanged when there is none)."""
        if self.namespace is None:
            return tuple(argv)
        return (*self.namespace.enter_argv(self._nsenter), *argv)

    async def close(self) -> None:
        """Leave every network: unregister, kill what still runs in the namespace, close the
        TAPs and our hold on it."""
        bridges, self.bridges = self.bridges, []
        for bridge in bridges:
            await bridge.close()
        if self.namespace is not None:
            killed = self.namespace.kill_inside()
            if killed:
                log.info("killed %d processes left in the activity's namespace", len(killed))
            self.namespace.close()
            self.namespace = None
