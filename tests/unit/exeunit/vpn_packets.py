"""Ethernet frames for VPN tests: ARP and ICMP echo, built by hand (checksums included)."""

from __future__ import annotations

import struct
from ipaddress import IPv4Address

BROADCAST_MAC = b"\xff" * 6
# the requestor side's MAC prefix in yagna (A0:13 + its IPv4 address)
REQUESTOR_MAC_PREFIX = b"\xa0\x13"


def requestor_mac(ip: str) -> bytes:
    return REQUESTOR_MAC_PREFIX + IPv4Address(ip).packed


def ethernet(dst: bytes, src: bytes, ethertype: int, payload: bytes) -> bytes:
    return dst + src + struct.pack("!H", ethertype) + payload


def arp(op: int, sha: bytes, spa: str, tha: bytes, tpa: str, *, ptype: int = 0x0800) -> bytes:
    body = struct.pack("!HHBBH", 1, ptype, 6, 4, op)
    body += sha + IPv4Address(spa).packed + tha + IPv4Address(tpa).packed
    return ethernet(BROADCAST_MAC if op == 1 else tha, sha, 0x0806, body)


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total: int = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4(src: str, dst: str, protocol: int, payload: bytes, ident: int = 1) -> bytes:
    head = struct.pack(
        "!BBHHHBBH4s4s",
        0x45,
        0,
        20 + len(payload),
        ident,
        0,
        64,
        protocol,
        0,
        IPv4Address(src).packed,
        IPv4Address(dst).packed,
    )
    head = head[:10] + struct.pack("!H", checksum(head)) + head[12:]
    return head + payload


def icmp_echo(ident: int, seq: int, data: bytes, *, reply: bool = False) -> bytes:
    body = struct.pack("!BBHHH", 0 if reply else 8, 0, 0, ident, seq) + data
    return body[:2] + struct.pack("!H", checksum(body)) + body[4:]


def ipv4_frame(dst_mac: bytes, src_mac: bytes, packet: bytes) -> bytes:
    return ethernet(dst_mac, src_mac, 0x0800, packet)


def ipv6_frame(src: bytes, dst: bytes) -> bytes:
    """A minimal IPv6 header (no payload) between two 16-byte addresses."""
    head = struct.pack("!IHBB", 6 << 28, 0, 59, 64) + src + dst
    return ethernet(BROADCAST_MAC, b"\x02" * 6, 0x86DD, head)
