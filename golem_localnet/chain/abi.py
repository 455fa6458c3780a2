"""Hand-written ABI encoding for the few fixed calls the local chain makes.

Only static words (address, uint256) and one dynamic `bytes32[]` argument are
needed, so a general ABI codec (and a keccak dependency for selectors) would
be dead weight: the selectors are constants, cross-checked in the unit tests
against the method identifiers solc wrote into golem_localnet/chain/artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NewType

__all__ = [
    "MAX_UINT256",
    "SEL_ALLOWANCE",
    "SEL_APPROVE",
    "SEL_BALANCE_OF",
    "SEL_DIRECT",
    "SEL_DIRECT_PACKED",
    "SEL_GLM",
    "SEL_INDIRECT",
    "SEL_INDIRECT_PACKED",
    "SEL_MINT",
    "SEL_TRANSFER",
    "SEL_TRANSFER_FROM",
    "TRANSFER_TOPIC",
    "UINT96_LIMIT",
    "UINT256_LIMIT",
    "WORD",
    "ZERO_ADDRESS",
    "Address",
    "TxHash",
    "address_from_topic",
    "allowance",
    "approve",
    "balance_of",
    "call_data",
    "decode_address",
    "decode_uint",
    "deployment",
    "encode_address",
    "encode_bytes32_array",
    "encode_uint",
    "encode_word_array",
    "golem_transfer_direct",
    "golem_transfer_direct_packed",
    "golem_transfer_indirect",
    "golem_transfer_indirect_packed",
    "mint",
    "pack_payment",
    "to_address",
    "transfer",
    "unpack_payment",
]

# '0x' followed by 40 lower-case hex digits
Address = NewType("Address", str)
# '0x' followed by 64 lower-case hex digits
TxHash = NewType("TxHash", str)

ZERO_ADDRESS = Address("0x" + "00" * 20)
WORD = 32
UINT256_LIMIT = 2**256
UINT96_LIMIT = 2**96
MAX_UINT256 = UINT256_LIMIT - 1

# ERC-20
SEL_BALANCE_OF = bytes.fromhex("70a08231")  # balanceOf(address)
SEL_TRANSFER = bytes.fromhex("a9059cbb")  # transfer(address,uint256)
SEL_TRANSFER_FROM = bytes.fromhex("23b872dd")  # transferFrom(address,address,uint256)
SEL_APPROVE = bytes.fromhex("095ea7b3")  # approve(address,uint256)
SEL_ALLOWANCE = bytes.fromhex("dd62ed3e")  # allowance(address,address)
SEL_MINT = bytes.fromhex("40c10f19")  # mint(address,uint256), owner only
# multi-transfer
SEL_GLM = bytes.fromhex("8c338c86")  # GLM()
SEL_DIRECT_PACKED = bytes.fromhex("7c26640c")  # golemTransferDirectPacked(bytes32[])
SEL_INDIRECT_PACKED = bytes.fromhex("04f9153b")  # golemTransferIndirectPacked(bytes32[],uint256)
SEL_DIRECT = bytes.fromhex("51f29158")  # golemTransferDirect(address[],uint256[])
SEL_INDIRECT = bytes.fromhex("3d4c6a6b")  # golemTransferIndirect(address[],uint256[])
# event Transfer(address indexed from, address indexed to, uint256 value)
TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"

_ADDRESS_RE = re.compile(r"^0x[0-9a-fA-F]{40}$")


def to_address(value: str) -> Address:
    """Validate a hex address and normalise it to lower case (no checksum check)."""
    if not _ADDRESS_RE.match(value):
        raise ValueError(f"not a 20-byte hex address: {value!r}")
    return Address(value.lower())


def encode_uint(value: int) -> bytes:
    if not 0 <= value < UINT256_LIMIT:
        raise ValueError(f"{value} does not fit in uint256")
    return value.to_bytes(WORD, "big")


def encode_address(address: Address) -> bytes:
    return bytes(12) + bytes.fromhex(to_address(address)[2:])


def decode_uint(data: bytes) -> int:
    """The first word of a return value as uint256."""
    if len(data) < WORD:
        raise ValueError(f"expected at least one 32-byte word, got {len(data)} bytes")
    return int.from_bytes(data[:WORD], "big")


def decode_address(data: bytes) -> Address:
    word = data[:WORD]
    if len(word) != WORD or any(word[:12]):
        raise ValueError(f"not an ABI-encoded address: {data.hex()}")
    return Address("0x" + word[12:].hex())


def address_from_topic(topic: str) -> Address:
    return decode_address(bytes.fromhex(topic.removeprefix("0x")))


def pack_payment(recipient: Address, amount_wei: int) -> bytes:
    """One packed payment: the recipient in the high 160 bits, the amount in the low 96."""
    if not 0 <= amount_wei < UINT96_LIMIT:
        raise ValueError(f"{amount_wei} wei does not fit in the packed 96-bit amount")
    return bytes.fromhex(to_address(recipient)[2:]) + amount_wei.to_bytes(12, "big")


def unpack_payment(packed: bytes) -> tuple[Address, int]:
    if len(packed) != WORD:
        raise ValueError(f"a packed payment is 32 bytes, got {len(packed)}")
    return Address("0x" + packed[:20].hex()), int.from_bytes(packed[20:], "big")


def encode_bytes32_array(items: Sequence[bytes]) -> bytes:
    """The tail of a dynamic `bytes32[]`: its length, then the items."""
    for item in items:
        if len(item) != WORD:
            raise ValueError(f"bytes32 item of {len(item)} bytes")
    return encode_uint(len(items)) + b"".join(items)


def encode_word_array(words: Sequence[bytes]) -> bytes:
    """The tail of any dynamic array of static 32-byte items (address[], uint256[])."""
    return encode_bytes32_array(words)


def call_data(selector: bytes, *words: bytes) -> bytes:
    """Selector plus static, already-encoded argument words."""
    if len(selector) != 4:
        raise ValueError("a selector is 4 bytes")
    return selector + b"".join(words)


# -- the calls the local chain makes ------------------------------------------


def balance_of(owner: Address) -> bytes:
    return call_data(SEL_BALANCE_OF, encode_address(owner))


def allowance(owner: Address, spender: Address) -> bytes:
    return call_data(SEL_ALLOWANCE, encode_address(owner), encode_address(spender))


def transfer(to: Address, amount_wei: int) -> bytes:
    return call_data(SEL_TRANSFER, encode_address(to), encode_uint(amount_wei))


def approve(spender: Address, amount_wei: int) -> bytes:
    return call_data(SEL_APPROVE, encode_address(spender), encode_uint(amount_wei))


def mint(to: Address, amount_wei: int) -> bytes:
    return call_data(SEL_MINT, encode_address(to), encode_uint(amount_wei))


def golem_transfer_direct_packed(payments: Sequence[tuple[Address, int]]) -> bytes:
    """`golemTransferDirectPacked(bytes32[])`: one dynamic argument, so its offset is 0x20."""
    packed = [pack_payment(to, amount) for to, amount in payments]
    return call_data(SEL_DIRECT_PACKED, encode_uint(WORD)) + encode_bytes32_array(packed)


def golem_transfer_indirect_packed(
    payments: Sequence[tuple[Address, int]], total_wei: int
) -> bytes:
    """`golemTransferIndirectPacked(bytes32[],uint256)`: array offset 0x40, then the total."""
    packed = [pack_payment(to, amount) for to, amount in payments]
    head = encode_uint(2 * WORD) + encode_uint(total_wei)
    return call_data(SEL_INDIRECT_PACKED, head) + encode_bytes32_array(packed)


def _two_arrays(selector: bytes, payments: Sequence[tuple[Address, int]]) -> bytes:
    recipients = encode_word_array([encode_address(to) for to, _ in payments])
    amounts = encode_word_array([encode_uint(amount) for _, amount in payments])
    head = encode_uint(2 * WORD) + encode_uint(2 * WORD + len(recipients))
    return call_data(selector, head) + recipients + amounts


def golem_transfer_direct(payments: Sequence[tuple[Address, int]]) -> bytes:
    """`golemTransferDirect(address[],uint256[])`: the unpacked direct batch."""
    return _two_arrays(SEL_DIRECT, payments)


def golem_transfer_indirect(payments: Sequence[tuple[Address, int]]) -> bytes:
    """`golemTransferIndirect(address[],uint256[])`: the unpacked indirect batch."""
    return _two_arrays(SEL_INDIRECT, payments)


def deployment(bytecode: str, *constructor_words: bytes) -> bytes:
    """Creation code followed by ABI-encoded static constructor arguments."""
    return bytes.fromhex(bytecode.removeprefix("0x")) + b"".join(constructor_words)
