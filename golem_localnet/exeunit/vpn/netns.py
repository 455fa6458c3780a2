"""A network namespace of the activity's own, with a TAP device per VPN it joins.

The namespace is made by `unshare(CLONE_NEWNET)` in a short-lived thread of
ours (a namespace belongs to the thread that made it, so no other thread of the
exe-unit ever runs in it), and is kept alive only by file descriptors this
process holds (the namespace's and the TAPs') and by the commands running in
it. Nothing is pinned in /run/netns: when the exe-unit ends, however it ends,
the kernel removes the TAPs and, once its last command is gone, the namespace.

Commands enter it with `nsenter --net=/proc/<exe-unit pid>/fd/<fd>`, a prefix
that composes with any sandbox argv. Inside, each TAP is configured as the VM
runtime configures its VPN interface: its IPv4 address with the net's prefix,
MAC 90:13:<address>, MTU 1220, IPv6 off, link up; `lo` up.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import signal
import struct
import subprocess
from collections.abc import Sequence
from pathlib import Path

import attrs

from golem_localnet.exeunit.vpn.config import VPN_MTU, VpnNetwork

__all__ = [
    "Namespace",
    "NetnsError",
    "check_can_build",
    "create_namespace",
    "interface_name",
    "missing_capabilities",
]

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
TUN_DEVICE = "/dev/net/tun"
# capability bits (linux/capability.h) a namespace with a TAP in it needs
CAPABILITIES = {"CAP_NET_ADMIN": 12, "CAP_SYS_ADMIN": 21}


class NetnsError(Exception):
    """The activity's namespace or TAP could not be made; the text says what is missing."""


def interface_name(index: int) -> str:
    """The VPN interfaces are eth0, eth1... as a VM guest sees its VPN NIC."""
    return f"eth{index}"


@attrs.define
class Namespace:
    """The namespace (held open by `fd`) and one non-blocking TAP fd per network, in order."""

    fd: int
    taps: list[int]
    pid: int = attrs.field(factory=os.getpid)

    @property
    def path(self) -> str:
        return f"/proc/{self.pid}/fd/{self.fd}"

    def enter_argv(self, nsenter: str) -> tuple[str, ...]:
        return (nsenter, f"--net={self.path}", "--")

    def kill_inside(self, proc: str = "/proc") -> list[int]:
        """SIGKILL every process in the namespace (e.g. daemons that left their command's
        process group), so that it goes away with our hold on it; their pids."""
        if self.fd < 0:
            return []
        ours = os.fstat(self.fd)
        killed = []
        for name in filter(str.isdigit, os.listdir(proc)):
            try:
                theirs = os.stat(f"{proc}/{name}/ns/net")
                if (theirs.st_dev, theirs.st_ino) == (ours.st_dev, ours.st_ino):
                    os.kill(int(name), signal.SIGKILL)
                    killed.append(int(name))
            except OSError:  # gone meanwhile, or not ours to look at
                continue
        return killed

    def close(self) -> None:
        """Close the TAPs (the kernel removes them) and our hold on the namespace."""
        for fd in [*self.taps, self.fd]:
            with contextlib.suppress(OSError):
                os.close(fd)
        self.taps = []
        self.fd = -1


def missing_capabilities(effective: int) -> list[str]:
    """The capabilities a VPN needs that the effective set `effective` lacks."""
    return [name for name, bit in CAPABILITIES.items() if not effective >> bit & 1]


def effective_capabilities(status: str = "/proc/self/status") -> int:
    for line in Path(status).read_text(encoding="ascii").splitlines():
        if line.startswith("CapEff:"):
            return int(line.split()[1], 16)
    return 0


def check_can_build() -> tuple[str, str]:
    """`ip` and `nsenter` paths, once the capabilities and tools are known to be there."""
    missing = missing_capabilities(effective_capabilities())
    if missing:
        raise NetnsError(
            "joining a network needs root, or CAP_NET_ADMIN and CAP_SYS_ADMIN (the activity"
            " gets a network namespace and TAP devices of its own); this exe-unit lacks "
            + " and ".join(missing)
        )
    found = {name: shutil.which(name) for name in ("ip", "nsenter")}
    lacking = [name for name, path in found.items() if path is None]
    if lacking:
        raise NetnsError(f"joining a network needs {' and '.join(lacking)} on PATH")
    return found["ip"] or "", found["nsenter"] or ""


def create_namespace(networks: Sequence[VpnNetwork], ip: str) -> Namespace:
    """Make and configure the namespace in a thread of its own (blocking: run off the loop)."""
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="netns") as pool:
        return pool.submit(_build, networks, ip).result()


def _build(networks: Sequence[VpnNetwork], ip: str) -> Namespace:
    # this thread is in the new namespace from here on, and ends when the pool shuts down
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        code = ctypes.get_errno()
        why = os.strerror(code)
        if code in (errno.EPERM, errno.EACCES):
            why += " (needs root or CAP_SYS_ADMIN)"
        raise NetnsError(f"cannot make a network namespace: {why}")
    ns_fd = os.open("/proc/thread-self/ns/net", os.O_RDONLY)  # not inherited by commands
    namespace = Namespace(ns_fd, [])
    try:
        _ip(ip, "link", "set", "lo", "up")
        for index, network in enumerate(networks):
            name = interface_name(index)
            namespace.taps.append(_open_tap(name))
            _configure(ip, name, network)
    except BaseException:
        namespace.close()
        raise
    return namespace


def _open_tap(name: str) -> int:
    try:
        fd = os.open(TUN_DEVICE, os.O_RDWR | os.O_NONBLOCK)
    except OSError as exc:
        raise NetnsError(f"cannot open {TUN_DEVICE}: {exc.strerror}") from exc
    try:
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    except OSError as exc:
        os.close(fd)
        why = f"{exc.strerror} (needs root or CAP_NET_ADMIN)"
        raise NetnsError(f"cannot create the TAP device {name}: {why}") from exc
    return fd


def _configure(ip: str, name: str, network: VpnNetwork) -> None:
    _ip(ip, "link", "set", "dev", name, "address", network.mac_text, "mtu", str(VPN_MTU))
    # no IPv6 on the VPN interface (the VM runtime configures none; yagna drops its frames)
    switch = f"/proc/sys/net/ipv6/conf/{name}/disable_ipv6"
    with contextlib.suppress(OSError):  # a kernel without IPv6 has no such file
        Path(switch).write_text("1", encoding="ascii")
    _ip(ip, "addr", "add", network.cidr, "dev", name)
    _ip(ip, "link", "set", "dev", name, "up")


def _ip(ip: str, *args: str) -> None:
    done = subprocess.run([ip, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise NetnsError(f"`ip {' '.join(args)}` failed: {done.stderr.strip()}")
