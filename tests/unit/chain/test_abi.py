"""Hand-written ABI encoding, checked against solc's selectors and by hand-built words."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from golem_localnet.chain import abi
from golem_localnet.chain.abi import Address
from golem_localnet.chain.contracts import (
    MULTI_TRANSFER_CONTRACT,
    TOKEN_CONTRACT,
    load_artifact,
)

ALICE = Address("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")
BOB = Address("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc")


@pytest.mark.parametrize(
    ("contract", "signature", "selector"),
    [
        (TOKEN_CONTRACT, "balanceOf(address)", abi.SEL_BALANCE_OF),
        (TOKEN_CONTRACT, "transfer(address,uint256)", abi.SEL_TRANSFER),
        (TOKEN_CONTRACT, "transferFrom(address,address,uint256)", abi.SEL_TRANSFER_FROM),
        (TOKEN_CONTRACT, "approve(address,uint256)", abi.SEL_APPROVE),
        (TOKEN_CONTRACT, "allowance(address,address)", abi.SEL_ALLOWANCE),
        (TOKEN_CONTRACT, "mint(address,uint256)", abi.SEL_MINT),
        (MULTI_TRANSFER_CONTRACT, "GLM()", abi.SEL_GLM),
        (MULTI_TRANSFER_CONTRACT, "golemTransferDirectPacked(bytes32[])", abi.SEL_DIRECT_PACKED),
        (
            MULTI_TRANSFER_CONTRACT,
            "golemTransferIndirectPacked(bytes32[],uint256)",
            abi.SEL_INDIRECT_PACKED,
        ),
        (MULTI_TRANSFER_CONTRACT, "golemTransferDirect(address[],uint256[])", abi.SEL_DIRECT),
        (MULTI_TRANSFER_CONTRACT, "golemTransferIndirect(address[],uint256[])", abi.SEL_INDIRECT),
    ],
)
def test_selectors_match_what_solc_computed(contract: str, signature: str, selector: bytes) -> None:
    assert load_artifact(contract).method_identifiers[signature] == selector.hex()


def test_the_multi_contract_has_all_four_entry_points_yagna_knows() -> None:
    # selectors as read in yagna's erc20 library (shared notes, local-chain.md)
    expected = {
        "golemTransferDirectPacked(bytes32[])": "7c26640c",
        "golemTransferIndirectPacked(bytes32[],uint256)": "04f9153b",
        "golemTransferDirect(address[],uint256[])": "51f29158",
        "golemTransferIndirect(address[],uint256[])": "3d4c6a6b",
        "GLM()": "8c338c86",
    }
    assert load_artifact(MULTI_TRANSFER_CONTRACT).method_identifiers == expected


def test_addresses_are_validated_and_lower_cased() -> None:
    assert abi.to_address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8") == ALICE
    for bad in ("70997970c51812dc3a010c7d01b50e0d17dc79c8", "0x1234", "0x" + "g" * 40):
        with pytest.raises(ValueError):
            abi.to_address(bad)


def test_words_are_32_bytes_big_endian() -> None:
    assert abi.encode_uint(1) == bytes(31) + b"\x01"
    assert abi.encode_uint(abi.MAX_UINT256) == b"\xff" * 32
    assert abi.encode_address(ALICE) == bytes(12) + bytes.fromhex(ALICE[2:])
    for bad in (-1, abi.UINT256_LIMIT):
        with pytest.raises(ValueError):
            abi.encode_uint(bad)


def test_decoding_reads_the_first_word() -> None:
    assert abi.decode_uint(abi.encode_uint(10**18) + b"\xff" * 32) == 10**18
    assert abi.decode_address(abi.encode_address(BOB)) == BOB
    with pytest.raises(ValueError):
        abi.decode_uint(b"\x01" * 31)  # "not a valid ERC20" answers must not pass
    with pytest.raises(ValueError):
        abi.decode_address(b"\x01" + bytes(31))  # dirty high bytes


def test_a_packed_payment_puts_the_address_high_and_the_amount_low() -> None:
    packed = abi.pack_payment(ALICE, 1500 * 10**15)
    assert len(packed) == 32
    assert packed[:20] == bytes.fromhex(ALICE[2:])
    assert int.from_bytes(packed[20:], "big") == 1500 * 10**15
    # the same number the contract sees: address(uint160(word >> 96)), word % 2**96
    word = int.from_bytes(packed, "big")
    assert word >> 96 == int(ALICE, 16)
    assert word % 2**96 == 1500 * 10**15
    assert abi.unpack_payment(packed) == (ALICE, 1500 * 10**15)


def test_a_packed_amount_must_fit_96_bits() -> None:
    assert abi.unpack_payment(abi.pack_payment(ALICE, 2**96 - 1))[1] == 2**96 - 1
    # yagna's own check lets exactly 2**96 through, where it would wrap to 0; we refuse it
    with pytest.raises(ValueError):
        abi.pack_payment(ALICE, 2**96)
    with pytest.raises(ValueError):
        abi.pack_payment(ALICE, -1)


def test_direct_packed_call_data_layout() -> None:
    data = abi.golem_transfer_direct_packed([(ALICE, 1), (BOB, 2)])
    assert data[:4] == bytes.fromhex("7c26640c")
    words = [data[4 + i * 32 : 4 + (i + 1) * 32] for i in range((len(data) - 4) // 32)]
    assert (len(data) - 4) % 32 == 0
    assert int.from_bytes(words[0], "big") == 0x20  # offset of the only (dynamic) argument
    assert int.from_bytes(words[1], "big") == 2  # array length
    assert abi.unpack_payment(words[2]) == (ALICE, 1)
    assert abi.unpack_payment(words[3]) == (BOB, 2)


def _words(data: bytes) -> list[int]:
    assert (len(data) - 4) % 32 == 0
    return [int.from_bytes(data[i : i + 32], "big") for i in range(4, len(data), 32)]


def test_indirect_packed_call_data_layout() -> None:
    data = abi.golem_transfer_indirect_packed([(ALICE, 1), (BOB, 2)], 3)
    assert data[:4] == abi.SEL_INDIRECT_PACKED
    words = _words(data)
    assert words[:3] == [0x40, 3, 2]  # array offset, total, array length
    assert words[3] == int.from_bytes(abi.pack_payment(ALICE, 1), "big")
    assert words[4] == int.from_bytes(abi.pack_payment(BOB, 2), "big")


@pytest.mark.parametrize("encode", [abi.golem_transfer_direct, abi.golem_transfer_indirect])
def test_unpacked_call_data_has_two_arrays(encode: Callable[..., bytes]) -> None:
    words = _words(encode([(ALICE, 5), (BOB, 6)]))
    # offsets of the two arrays, then recipients (length, items), then amounts
    assert words == [0x40, 0xA0, 2, int(ALICE, 16), int(BOB, 16), 2, 5, 6]


def test_static_calls() -> None:
    assert abi.balance_of(ALICE) == abi.SEL_BALANCE_OF + abi.encode_address(ALICE)
    assert abi.mint(BOB, 5) == abi.SEL_MINT + abi.encode_address(BOB) + abi.encode_uint(5)
    assert abi.approve(BOB, abi.MAX_UINT256)[-32:] == b"\xff" * 32
    assert len(abi.transfer(ALICE, 7)) == 4 + 64
    assert len(abi.allowance(ALICE, BOB)) == 4 + 64
    with pytest.raises(ValueError):
        abi.call_data(b"\x01\x02", b"")


def test_deployment_appends_constructor_words_to_the_creation_code() -> None:
    code = abi.deployment("0x6080", abi.encode_address(ALICE))
    assert code == bytes.fromhex("6080") + abi.encode_address(ALICE)


def test_bytes32_arrays_reject_other_sizes() -> None:
    with pytest.raises(ValueError):
        abi.encode_bytes32_array([b"\x00" * 31])
