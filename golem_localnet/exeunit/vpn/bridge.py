"""Frames between one TAP device and yagna's VPN over the GSB router.

Ingress: the provider daemon delivers each frame for network N as a raw call
to `/public/vpn/N/raw` (caller = the sending node); it is written to the TAP
unchanged and answered at once with an empty reply (under yagna's central net
the sender waits for that reply before its next frame). Egress: each frame the
activity's kernel writes to the TAP is routed by `NodeTable` and pushed, without
a reply, to `/udp/net/<node>/vpn/N/raw`, as yagna's exe-unit does. The TAP is
read by the event loop; sending never blocks reading (a bounded queue between
them drops frames when the router falls behind, as a NIC would).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os

from golem_core.flexbuffers import CodecError, Flex, ok
from golem_core.gsb.calls import GsbError, Handler, IncomingCall, RawReply, ServiceError
from golem_core.gsb.router import GsbConnection
from golem_localnet.exeunit.vpn.config import VpnNetwork
from golem_localnet.exeunit.vpn.frames import NodeTable, VpnControlError

__all__ = ["UDP_NET_PREFIX", "VpnBridge", "vpn_prefix"]

log = logging.getLogger(__name__)

UDP_NET_PREFIX = "/udp/net"
_MAX_FRAME = 65536
_QUEUE_FRAMES = 1024
# frames read from the TAP per wake-up, so a burst cannot hold the event loop
_READ_BURST = 64
_EMPTY = RawReply(b"")


def vpn_prefix(network_id: str) -> str:
    return f"/public/vpn/{network_id}"


class VpnBridge:
    """Serves one network's GSB addresses and moves frames to and from its TAP."""

    def __init__(
        self, bus: GsbConnection, network: VpnNetwork, tap: int, caller: str | None
    ) -> None:
        self.network = network
        self.table = NodeTable(network.id, network.address, network.nodes)
        self._bus = bus
        self._tap = tap
        self._caller = caller
        self._outgoing: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue(_QUEUE_FRAMES)
        self._pump: asyncio.Task[None] | None = None
        self._registered: list[str] = []
        self._closed = False  # the TAP fd may be closed (and its number reused) after this
        self.dropped = 0

    @property
    def addresses(self) -> dict[str, Handler]:
        prefix = vpn_prefix(self.network.id)
        return {f"{prefix}/raw": self._raw, f"{prefix}/VpnControl": self._control}

    async def start(self) -> None:
        """Register the network's addresses, then start moving frames."""
        for address, handler in self.addresses.items():
            await self._bus.register(address, handler)
            self._registered.append(address)
        loop = asyncio.get_running_loop()
        self._pump = asyncio.create_task(self._send_loop(), name=f"vpn {self.network.id}")
        loop.add_reader(self._tap, self._read_tap)

    async def close(self) -> None:
        """Stop reading, unregister (best effort), stop sending. The TAP fd is not ours."""
        self._closed = True
        with contextlib.suppress(ValueError, OSError):
            asyncio.get_running_loop().remove_reader(self._tap)
        if self._pump is not None:
            self._pump.cancel()
            await asyncio.gather(self._pump, return_exceptions=True)
        for address in self._registered:
            try:
                await self._bus.unregister(address)
            except GsbError as exc:
                log.debug("unregister %s: %r", address, exc)
        self._registered = []

    # --- ingress --------------------------------------------------------------------

    async def _raw(self, call: IncomingCall) -> RawReply:
        learnt = self.table.learn(call.caller, call.data)
        if learnt is not None:
            log.debug("network %s: learnt %s is %s", self.network.id, learnt, call.caller)
        if self._closed:
            return _EMPTY
        try:
            os.write(self._tap, call.data)
        except BlockingIOError:
            self.dropped += 1
        except OSError as exc:
            log.warning("network %s: frame not written to the TAP: %r", self.network.id, exc)
        return _EMPTY

    async def _control(self, call: IncomingCall) -> dict[str, Flex]:
        try:
            self.table.apply_control(call.body)
        except (CodecError, VpnControlError) as exc:
            raise ServiceError(f"Bad content: {exc}") from exc
        log.info("network %s: members now %s", self.network.id, self.table.nodes)
        return ok(None)

    # --- egress ---------------------------------------------------------------------

    def _read_tap(self) -> None:
        for _ in range(_READ_BURST):
            try:
                frame = os.read(self._tap, _MAX_FRAME)
            except BlockingIOError:
                return
            except OSError as exc:
                log.warning("network %s: TAP read failed: %r", self.network.id, exc)
                asyncio.get_running_loop().remove_reader(self._tap)
                return
            if not frame:
                return
            for node in self.table.destinations(frame):
                address = f"{UDP_NET_PREFIX}/{node}/vpn/{self.network.id}/raw"
                try:
                    self._outgoing.put_nowait((address, frame))
                except asyncio.QueueFull:
                    self.dropped += 1

    async def _send_loop(self) -> None:
        while True:
            address, frame = await self._outgoing.get()
            try:
                await self._bus.send_raw(address, frame, caller=self._caller)
            except GsbError as exc:
                log.warning("network %s: frame not sent: %r", self.network.id, exc)
                return
