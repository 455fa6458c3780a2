"""GSB API WebSocket envelopes: reading calls, writing answers, the frame limit."""

from __future__ import annotations

import pytest

from golem_core.flexbuffers import decode, encode
from golem_core.transfer._envelope import (
    MAX_FRAME,
    EnvelopeError,
    Failure,
    FrameTooLarge,
    GsbCall,
    Reply,
    encode_answer,
    parse_call,
)

CALL_ID = "4cf2ce4b-50e3-4ff0-82d4-21e9e0a4f3f6"


def test_a_call_as_the_daemon_sends_it() -> None:
    frame = encode({"id": CALL_ID, "component": "GetChunk", "payload": {"offset": 0, "size": 3}})
    assert parse_call(frame) == GsbCall(CALL_ID, "GetChunk", {"offset": 0, "size": 3})


def test_a_message_without_fields_has_an_empty_payload_whether_map_or_null() -> None:
    as_map = encode({"id": CALL_ID, "component": "GetMetadata", "payload": {}})
    as_null = encode({"id": CALL_ID, "component": "GetMetadata", "payload": None})
    assert parse_call(as_map).payload == parse_call(as_null).payload == {}


@pytest.mark.parametrize(
    ("value", "call_id", "text"),
    [
        ([1, 2], None, "must be a map"),
        ({"component": "GetChunk", "payload": {}}, None, "without an id"),
        ({"id": "", "component": "GetChunk"}, None, "without an id"),
        ({"id": CALL_ID, "payload": {}}, CALL_ID, "without a component"),
        ({"id": CALL_ID, "component": "GetChunk", "payload": [1]}, CALL_ID, "list payload"),
    ],
)
def test_calls_that_are_not_calls_are_reported_with_the_id_when_known(
    value: object, call_id: str | None, text: str
) -> None:
    with pytest.raises(EnvelopeError, match=text) as caught:
        parse_call(encode(value))  # type: ignore[arg-type]
    assert caught.value.call_id == call_id


def test_bytes_that_are_not_flexbuffers_are_an_envelope_error() -> None:
    with pytest.raises(EnvelopeError, match="not a FlexBuffers frame"):
        parse_call(b"\x01")


def test_answers_carry_the_id_and_either_payload_or_error() -> None:
    assert decode(encode_answer(CALL_ID, Reply(None))) == {"id": CALL_ID, "payload": None}
    chunk = decode(encode_answer(CALL_ID, Reply({"offset": 5, "content": b"\x00\xff"})))
    assert chunk == {"id": CALL_ID, "payload": {"offset": 5, "content": b"\x00\xff"}}
    failure = decode(encode_answer(CALL_ID, Failure({"ReadError": "nope"})))
    assert failure == {"id": CALL_ID, "error": {"ReadError": "nope"}}
    integrity = decode(encode_answer(CALL_ID, Failure("IntegrityError")))
    assert integrity == {"id": CALL_ID, "error": "IntegrityError"}


def test_an_error_answer_needs_an_error_value() -> None:
    with pytest.raises(ValueError, match="non-null"):
        encode_answer(CALL_ID, Failure(None))


def test_an_answer_over_the_daemon_frame_limit_is_refused_before_sending() -> None:
    fits = encode_answer(CALL_ID, Reply({"offset": 0, "content": bytes(MAX_FRAME - 200)}))
    assert len(fits) <= MAX_FRAME
    with pytest.raises(FrameTooLarge, match=CALL_ID):
        encode_answer(CALL_ID, Reply({"offset": 0, "content": bytes(MAX_FRAME)}))
