"""What a published file answers, chunk by chunk, and when a download counts."""

from __future__ import annotations

import pytest

from golem_core.transfer._gftp import CHUNK_SIZE, Refuse
from golem_core.transfer._publication import MAX_CHUNK, Publication, SendChunk, SendMetadata


def chunk(
    publication: Publication, offset: int, size: int = CHUNK_SIZE
) -> SendMetadata | SendChunk | Refuse:
    return publication.on_call("GetChunk", {"offset": offset, "size": size})


def completes(publication: Publication, offset: int) -> bool:
    sent = chunk(publication, offset)
    assert isinstance(sent, SendChunk)
    return sent.completes


def test_metadata_is_the_file_size() -> None:
    assert Publication(100).on_call("GetMetadata", {}) == SendMetadata(100, completes=False)


def test_chunks_are_as_asked_and_shorter_at_the_end() -> None:
    publication = Publication(100_000)
    assert chunk(publication, 0) == SendChunk(0, CHUNK_SIZE, completes=False)
    assert chunk(publication, 81_920) == SendChunk(81_920, 100_000 - 81_920, completes=False)
    assert chunk(publication, 99_999, 1) == SendChunk(99_999, 1, completes=False)
    assert chunk(publication, 3, 7) == SendChunk(3, 7, completes=False)


def test_at_the_end_a_chunk_is_empty_and_past_it_is_a_read_error() -> None:
    publication = Publication(10)
    assert chunk(publication, 10) == SendChunk(10, 0, completes=False)
    refused = chunk(publication, 11)
    assert isinstance(refused, Refuse) and refused.failure is None
    assert refused.error == {"ReadError": "offset 11 is past the end of the file (10 bytes)"}


def test_a_chunk_bigger_than_a_frame_is_refused_unless_the_file_ends_first() -> None:
    publication = Publication(10 * MAX_CHUNK)
    refused = chunk(publication, 0, MAX_CHUNK + 1)
    assert isinstance(refused, Refuse) and isinstance(refused.error, dict)
    assert "fit in one answer" in refused.error["ReadError"]
    assert chunk(publication, 0, MAX_CHUNK) == SendChunk(0, MAX_CHUNK, completes=False)
    # a huge size is fine when little is left
    assert chunk(publication, 10 * MAX_CHUNK - 5, 1 << 40) == SendChunk(
        10 * MAX_CHUNK - 5, 5, completes=False
    )


@pytest.mark.parametrize(
    "payload",
    [{}, {"offset": 0}, {"offset": -1, "size": 1}, {"offset": "0", "size": 1}, {"size": 1}],
)
def test_bad_chunk_requests_are_internal_errors(payload: dict[str, object]) -> None:
    refused = Publication(10).on_call("GetChunk", payload)  # type: ignore[arg-type]
    assert isinstance(refused, Refuse) and isinstance(refused.error, dict)
    assert refused.error["InternalError"].startswith("bad GetChunk")


def test_other_messages_are_refused() -> None:
    refused = Publication(10).on_call("UploadChunk", {})
    assert refused == Refuse({"InternalError": "a published file does not serve UploadChunk"})


def test_a_download_counts_once_every_byte_was_served_in_any_order() -> None:
    publication = Publication(3 * CHUNK_SIZE)
    assert not completes(publication, 2 * CHUNK_SIZE)
    assert not completes(publication, 0)
    assert not completes(publication, 0)  # a repeat adds nothing
    assert completes(publication, CHUNK_SIZE)
    assert publication.downloads == 1
    # the next download starts from nothing
    assert not completes(publication, CHUNK_SIZE)
    assert not completes(publication, 0)
    assert completes(publication, 2 * CHUNK_SIZE)
    assert publication.downloads == 2


def test_an_empty_file_is_downloaded_by_asking_its_size() -> None:
    publication = Publication(0)
    assert publication.on_call("GetMetadata", {}) == SendMetadata(0, completes=True)
    assert chunk(publication, 0) == SendChunk(0, 0, completes=False)
    assert publication.downloads == 1


def test_settled_after_a_whole_download_and_until_another_begins() -> None:
    publication = Publication(2 * CHUNK_SIZE)
    assert not publication.settled  # never downloaded
    publication.on_call("GetMetadata", {})
    assert not completes(publication, 0)
    assert not publication.settled  # half way
    assert completes(publication, CHUNK_SIZE)
    assert publication.settled
    publication.on_call("GetMetadata", {})
    assert not publication.settled  # a second download began
    assert not completes(publication, 0) and completes(publication, CHUNK_SIZE) is not False
    assert publication.settled


def test_an_empty_file_is_settled_once_its_size_was_asked() -> None:
    publication = Publication(0)
    publication.on_call("GetMetadata", {})
    assert publication.settled and publication.downloads == 1
