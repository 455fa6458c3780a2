"""What an upload target does with UploadChunk and UploadFinished, and how it fails."""

from __future__ import annotations

import pytest

from golem_core.transfer._errors import (
    ChecksumMismatch,
    IncompleteTransfer,
    TransferError,
    TransferLimitExceeded,
    TransferProtocolError,
)
from golem_core.transfer._gftp import Refuse, sha3_256_hex
from golem_core.transfer._reception import (
    Accept,
    Reception,
    ReceptionState,
    Verify,
    Write,
)

URL = "gftp://0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266/target"


def upload(reception: Reception, offset: int, content: bytes) -> Write | Verify | Refuse:
    return reception.on_call("UploadChunk", {"chunk": {"offset": offset, "content": content}})


def finish(reception: Reception, claimed: str | None) -> Write | Verify | Refuse:
    return reception.on_call("UploadFinished", {"hash": claimed})


def test_chunks_in_any_order_then_a_matching_hash_is_accepted() -> None:
    data = b"hello, gftp!"
    reception = Reception(URL, limit_bytes=len(data))
    assert upload(reception, 6, data[6:]) == Write(6, data[6:])
    assert upload(reception, 0, data[:6]) == Write(0, data[:6])
    assert finish(reception, sha3_256_hex(data).upper()) == Verify(len(data))
    assert reception.conclude(sha3_256_hex(data)) == Accept(len(data), sha3_256_hex(data))
    assert reception.state is ReceptionState.FINISHED and reception.failure is None


def test_without_any_hash_whatever_arrived_is_accepted() -> None:
    reception = Reception(URL, limit_bytes=10)
    assert reception.on_call("UploadFinished", {}) == Verify(0)
    assert reception.conclude(sha3_256_hex(b"")) == Accept(0, sha3_256_hex(b""))


def test_a_chunk_ending_exactly_at_the_limit_is_fine_one_byte_more_fails_everything() -> None:
    reception = Reception(URL, limit_bytes=10)
    assert upload(reception, 5, b"12345") == Write(5, b"12345")
    refused = upload(reception, 6, b"12345")
    assert isinstance(refused, Refuse)
    assert isinstance(refused.failure, TransferLimitExceeded)
    assert (refused.failure.limit_bytes, refused.failure.end) == (10, 11)
    assert refused.error == {"WriteError": str(refused.failure)}
    assert "limit of 10 bytes" in str(refused.failure) and URL in str(refused.failure)
    assert reception.state is ReceptionState.FAILED and reception.failure is refused.failure
    # everything after is refused, and the failure stays the first one
    later = upload(reception, 0, b"1")
    assert isinstance(later, Refuse) and later.failure is None
    assert reception.failure is refused.failure


def test_a_hash_from_the_uploader_that_does_not_match_is_an_integrity_error() -> None:
    reception = Reception(URL, limit_bytes=10)
    upload(reception, 0, b"abc")
    assert finish(reception, "00" * 32) == Verify(3)
    refused = reception.conclude(sha3_256_hex(b"abc"))
    assert isinstance(refused, Refuse) and refused.error == "IntegrityError"
    assert isinstance(refused.failure, ChecksumMismatch)
    assert (refused.failure.expected, refused.failure.actual) == ("00" * 32, sha3_256_hex(b"abc"))


def test_our_own_expectation_is_checked_even_when_the_uploader_agrees_with_itself() -> None:
    expected = sha3_256_hex(b"what we asked for")
    reception = Reception(URL, limit_bytes=100, expected_sha3=expected.upper())
    upload(reception, 0, b"other")
    assert finish(reception, sha3_256_hex(b"other")) == Verify(5)
    refused = reception.conclude(sha3_256_hex(b"other"))
    assert isinstance(refused, Refuse) and isinstance(refused.failure, ChecksumMismatch)
    assert refused.failure.expected == expected


def test_finishing_with_a_hole_fails_with_the_missing_range() -> None:
    reception = Reception(URL, limit_bytes=100)
    upload(reception, 0, b"a" * 10)
    upload(reception, 20, b"b" * 10)
    refused = finish(reception, None)
    assert isinstance(refused, Refuse) and isinstance(refused.failure, IncompleteTransfer)
    assert (refused.failure.gap_start, refused.failure.gap_end) == (10, 20)


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"chunk": None},
        {"chunk": {"offset": 0}},
        {"chunk": {"offset": -1, "content": b"x"}},
        {"chunk": {"offset": 0, "content": "text"}},
    ],
)
def test_a_malformed_chunk_fails_the_reception(payload: dict[str, object]) -> None:
    reception = Reception(URL, limit_bytes=100)
    refused = reception.on_call("UploadChunk", payload)  # type: ignore[arg-type]
    assert isinstance(refused, Refuse) and isinstance(refused.failure, TransferProtocolError)
    assert reception.state is ReceptionState.FAILED


def test_content_as_a_vector_of_ints_is_accepted() -> None:
    reception = Reception(URL, limit_bytes=100)
    written = reception.on_call("UploadChunk", {"chunk": {"offset": 1, "content": [104, 105]}})
    assert written == Write(1, b"hi")


def test_a_non_string_hash_fails_the_reception() -> None:
    reception = Reception(URL, limit_bytes=100)
    refused = reception.on_call("UploadFinished", {"hash": 5})
    assert isinstance(refused, Refuse) and isinstance(refused.failure, TransferProtocolError)


def test_after_finishing_nothing_more_is_accepted() -> None:
    reception = Reception(URL, limit_bytes=100)
    finish(reception, None)
    late = upload(reception, 0, b"x")
    assert isinstance(late, Refuse) and late.failure is None
    assert late.error == {"InternalError": f"upload to {URL} is already verifying"}
    assert isinstance(reception.conclude(sha3_256_hex(b"")), Accept)
    assert isinstance(finish(reception, None), Refuse)
    with pytest.raises(RuntimeError):
        reception.conclude(sha3_256_hex(b""))


def test_an_outside_failure_is_kept_and_answered_as_a_write_error() -> None:
    reception = Reception(URL, limit_bytes=100)
    failure = TransferError("disk full")
    refused = reception.fail(failure)
    assert refused == Refuse({"WriteError": "disk full"}, failure)
    assert reception.failure is failure


def test_other_messages_are_refused_without_failing() -> None:
    reception = Reception(URL, limit_bytes=100)
    refused = reception.on_call("GetChunk", {})
    assert isinstance(refused, Refuse) and refused.failure is None
    assert reception.state is ReceptionState.RECEIVING
