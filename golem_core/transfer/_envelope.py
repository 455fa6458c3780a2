"""The messages on a GSB API WebSocket, without I/O.

The daemon sends one FlexBuffers map per call, `{id, component, payload}`,
where `payload` is the message's fields as a map (an empty map for messages
without fields). We answer with `{id, payload}` for a result (which may be
null) or `{id, error}` for an error value; the daemon checks `error` first and
closes the socket (1008) on anything else. A frame above 64 KiB makes the
daemon close the socket without answering the caller, so an encoded answer
that would be larger is refused here and replaced by an error answer.
"""

from __future__ import annotations

import attrs

from golem_core.flexbuffers import CodecError, Flex, FlexValue, decode, encode

# The daemon's WebSocket frame limit (actix's default codec size).
MAX_FRAME = 64 * 1024


class EnvelopeError(ValueError):
    """A frame from the daemon that is not a GSB call; `call_id` is set when it could be read."""

    def __init__(self, message: str, call_id: str | None = None) -> None:
        super().__init__(message)
        self.call_id = call_id


class FrameTooLarge(ValueError):
    """An answer whose frame the daemon would refuse."""


@attrs.frozen
class GsbCall:
    """One call delivered on the socket: `component` is the called message's name."""

    id: str
    component: str
    payload: dict[str, FlexValue]


@attrs.frozen
class Reply:
    """Answer the call with this result (serialized as the callee's Ok value)."""

    payload: Flex


@attrs.frozen
class Failure:
    """Answer the call with this error value (the Err value, e.g. `{"ReadError": "..."}`)."""

    error: Flex


Outcome = Reply | Failure


def parse_call(frame: bytes) -> GsbCall:
    try:
        value = decode(frame)
    except CodecError as error:
        raise EnvelopeError(f"not a FlexBuffers frame: {error}") from error
    if not isinstance(value, dict):
        raise EnvelopeError(f"a GSB call must be a map, got {type(value).__name__}")
    call_id = value.get("id")
    if not isinstance(call_id, str) or not call_id:
        raise EnvelopeError(f"GSB call without an id: {value!r:.200}")
    component = value.get("component")
    if not isinstance(component, str):
        raise EnvelopeError(f"GSB call {call_id} without a component", call_id)
    payload = value.get("payload")
    if payload is None:
        payload = {}  # a message without fields may also come as Null
    if not isinstance(payload, dict):
        raise EnvelopeError(
            f"GSB call {call_id} ({component}) has a {type(payload).__name__} payload", call_id
        )
    return GsbCall(id=call_id, component=component, payload=payload)


def encode_answer(call_id: str, outcome: Outcome, max_frame: int = MAX_FRAME) -> bytes:
    """The frame answering `call_id`; FrameTooLarge if the daemon would refuse it."""
    if isinstance(outcome, Failure):
        if outcome.error is None:
            raise ValueError("an error answer needs a non-null error value")
        frame = encode({"id": call_id, "error": outcome.error})
    else:
        frame = encode({"id": call_id, "payload": outcome.payload})
    if len(frame) > max_frame:
        raise FrameTooLarge(f"answer to {call_id} is {len(frame)} bytes, over {max_frame}")
    return frame
