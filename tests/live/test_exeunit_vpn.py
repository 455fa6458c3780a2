"""The exe-unit's VPN against the real daemon's GSB router (session `yagna` fixture).

The test plays the requestor's side of yagna's VPN itself: it sends Ethernet
frames to `/public/vpn/<net>/raw` as the daemon delivers them, and serves
`/udp/net/<requestor>/vpn/<net>/raw` (a longer prefix than the daemon's own
`/udp/net`, so the router hands it what the exe-unit sends to that node).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest

from golem_core.flexbuffers import Flex
from golem_core.gsb import GsbCallError, GsbConnection, HandlerResult, IncomingCall
from golem_core.gsb.calls import RawReply
from golem_localnet.daemon import YagnaDaemon
from tests.live.test_exeunit import (
    TIMEOUT,
    ExeUnit,
    ReportSink,
    batch_results,
    exec_batch,
    run,
    start_exeunit,
)
from tests.unit.exeunit.vpn_packets import arp, icmp_echo, ipv4, ipv4_frame, requestor_mac

pytestmark = pytest.mark.live

OUR_IP, REQUESTOR_IP = "10.77.0.5", "10.77.0.1"
OUR_MAC = bytes.fromhex("90130a4d0005")
AT_END: Flex = {"stdout": {"atEnd": {}}, "stderr": {"atEnd": {}}}


def node_id() -> str:
    return "0x" + secrets.token_hex(20)


def deploy_with_network(network_id: str, requestor: str) -> list[Flex]:
    net: Flex = {
        "id": network_id,
        "ip": "10.77.0.0",
        "mask": "255.255.255.0",
        "nodeIp": OUR_IP,
        "nodes": {REQUESTOR_IP: requestor, OUR_IP: node_id()},
    }
    return [{"deploy": {"net": [net]}}, {"start": {}}]


class Frames:
    """What the exe-unit sends to one node of one network."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[bytes] = asyncio.Queue()

    async def handle(self, call: IncomingCall) -> HandlerResult:
        await self.queue.put(call.data)
        return RawReply(b"")

    async def next(self, ethertype: int) -> bytes:
        """The next frame of that type (the kernel may send others, e.g. its own ARP)."""
        while True:
            frame = await asyncio.wait_for(self.queue.get(), TIMEOUT)
            if int.from_bytes(frame[12:14], "big") == ethertype:
                return frame


@pytest.fixture
async def bus(yagna: YagnaDaemon) -> AsyncIterator[GsbConnection]:
    async with await GsbConnection.connect(yagna.config.gsb_url) as connection:
        yield connection


@pytest.fixture
async def sink(bus: GsbConnection) -> ReportSink:
    reports = ReportSink(f"/test/activity-{uuid.uuid4().hex}")
    await bus.register(reports.prefix, reports.handle)
    return reports


def namespace_users(inode: str) -> list[str]:
    """Every /proc entry (a process's namespace or an open fd) that refers to `inode`."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        links = [f"/proc/{pid}/ns/net"]
        try:
            links += [f"/proc/{pid}/fd/{fd}" for fd in os.listdir(f"/proc/{pid}/fd")]
        except OSError:
            continue
        for link in links:
            try:
                if os.readlink(link) == inode:
                    found.append(link)
            except OSError:
                continue
    return found


async def outputs(bus: GsbConnection, unit: ExeUnit, script: Sequence[Flex]) -> list[str]:
    results = await batch_results(bus, unit, await exec_batch(bus, unit, script))
    assert [r["result"] for r in results] == ["Ok"] * len(script), results
    return [str(r["stdout"]) for r in results]


async def test_an_activity_on_a_network_gets_its_own_namespace_and_a_bridged_tap(
    yagna: YagnaDaemon, bus: GsbConnection, sink: ReportSink, tmp_path: Path
) -> None:
    network_id, requestor = uuid.uuid4().hex, node_id()
    frames = Frames()
    await bus.register(f"/udp/net/{requestor}/vpn/{network_id}/raw", frames.handle)
    unit = await start_exeunit(yagna, tmp_path / "activity", "--report-url", sink.prefix)
    try:
        script = [
            *deploy_with_network(network_id, requestor),
            run("ip", "-o", "-4", "addr", "show", capture=AT_END),
            run("ip", "-o", "link", "show", "dev", "eth0", capture=AT_END),
            run("readlink", "/proc/self/ns/net", capture=AT_END),
            # a daemon that leaves its command's process group (and so escapes its stop)
            run("/bin/sh", "-c", "setsid sleep 600 >/dev/null 2>&1 &"),
        ]
        _, _, addresses, link, namespace, _ = await outputs(bus, unit, script)
        assert namespace.strip() != os.readlink("/proc/self/ns/net")
        assert sorted(line.split()[1:4] for line in addresses.splitlines()) == [
            ["eth0", "inet", f"{OUR_IP}/24"],
            ["lo", "inet", "127.0.0.1/8"],
        ]
        assert "mtu 1220" in link and "90:13:0a:4d:00:05" in link and ",UP" in link

        # the requestor's ARP request in; the kernel's reply out to the requestor's node
        raw = f"/public/vpn/{network_id}/raw"
        their_mac = requestor_mac(REQUESTOR_IP)
        who_has = arp(1, their_mac, REQUESTOR_IP, b"\0" * 6, OUR_IP)
        assert await bus.call_raw(raw, who_has, timeout=TIMEOUT, caller=requestor) == b""
        reply = await frames.next(0x0806)
        assert reply[:6] == their_mac and reply[6:12] == OUR_MAC
        assert reply[14:] == arp(2, OUR_MAC, OUR_IP, their_mac, REQUESTOR_IP)[14:]

        # a ping to our address is answered over the same path
        data = b"through the tap"
        ping = ipv4(REQUESTOR_IP, OUR_IP, 1, icmp_echo(7, 1, data))
        await bus.call_raw(raw, ipv4_frame(OUR_MAC, their_mac, ping), timeout=TIMEOUT)
        pong = (await frames.next(0x0800))[14:]
        assert pong[12:20] == ping[16:20] + ping[12:16]  # source and destination swapped
        assert pong[20:] == icmp_echo(7, 1, data, reply=True)
    finally:
        await unit.stop()
    assert unit.process.returncode == 0
    assert namespace_users(namespace.strip()) == []
    with pytest.raises(GsbCallError) as gone:  # unregistered when it left the network
        await bus.call_raw(raw, who_has, timeout=TIMEOUT, caller=requestor)
    assert gone.value.code == 400


async def test_a_killed_exe_unit_leaves_no_namespace_behind(
    yagna: YagnaDaemon, bus: GsbConnection, sink: ReportSink, tmp_path: Path
) -> None:
    unit = await start_exeunit(yagna, tmp_path / "activity", "--report-url", sink.prefix)
    try:
        script = [
            *deploy_with_network(uuid.uuid4().hex, node_id()),
            run("readlink", "/proc/self/ns/net", capture=AT_END),
        ]
        namespace = (await outputs(bus, unit, script))[-1].strip()
        assert namespace_users(namespace)  # held by the exe-unit alone
        unit.process.kill()
        assert await unit.wait_exit() == -9
    finally:
        await unit.stop()
    assert namespace_users(namespace) == []


async def test_without_net_admin_a_deploy_with_networks_fails_saying_so(
    yagna: YagnaDaemon, bus: GsbConnection, sink: ReportSink, tmp_path: Path
) -> None:
    activity_id = f"test-activity-{uuid.uuid4().hex}"
    process = await asyncio.create_subprocess_exec(
        *("setpriv", "--bounding-set=-net_admin", "--inh-caps=-net_admin"),
        *(sys.executable, "-m", "golem_localnet.exeunit", "--activity-id", activity_id),
        *("--gsb-url", yagna.config.gsb_url, "--work-dir", str(tmp_path / "activity")),
        *("--report-url", sink.prefix),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    unit = ExeUnit(process, activity_id, tmp_path / "activity")
    try:
        await unit.wait_ready()
        script = deploy_with_network(uuid.uuid4().hex, node_id())
        batch_id = await exec_batch(bus, unit, script)
        # (a batch that failed early would keep the call waiting for the rest until its timeout)
        results = await batch_results(bus, unit, batch_id, command_index=0)
    finally:
        await unit.stop()
    assert [r["result"] for r in results] == ["Error"]
    assert results[0]["message"] == (
        "VPN error: joining a network needs root, or CAP_NET_ADMIN and CAP_SYS_ADMIN (the"
        " activity gets a network namespace and TAP devices of its own); this exe-unit lacks"
        " CAP_NET_ADMIN"
    )
