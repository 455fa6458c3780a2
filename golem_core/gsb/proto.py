"""The GSB router's wire packets: hand-written proto3 for the `GSB_API.Packet` oneof.

Pure functions, no I/O. A frame is a 4-byte big-endian length followed by one
protobuf `Packet`, whose single oneof member is a length-delimited field whose
number is the packet kind. proto3 leaves zero values out, so a missing `code`
decodes as 0 (OK) and a missing `reply_type` as FULL; empty members such as
`Ping` are still written (`00000002 7200`).
"""

from __future__ import annotations

import enum
import struct
from collections.abc import Callable

import attrs

from golem_core.gsb.protobuf import (
    LEN,
    VARINT,
    ProtoError,
    as_int32,
    decode_varint,
    encode_varint,
    iter_fields,
    len_field,
    tag,
)

__all__ = [
    "DEFAULT_MAX_FRAME",
    "FRAME_HEADER",
    "PACKET_NUMBERS",
    "PACKET_TYPES",
    "BroadcastReply",
    "BroadcastRequest",
    "CallReply",
    "CallReplyCode",
    "CallRequest",
    "FrameDecoder",
    "Hello",
    "Message",
    "Packet",
    "Ping",
    "Pong",
    "ProtoError",
    "RegisterCode",
    "RegisterReply",
    "RegisterRequest",
    "ReplyType",
    "SubscribeReply",
    "SubscribeRequest",
    "UnknownPacket",
    "UnregisterCode",
    "UnregisterReply",
    "UnregisterRequest",
    "UnsubscribeReply",
    "UnsubscribeRequest",
    "decode_message",
    "decode_packet",
    "decode_varint",
    "encode_frame",
    "encode_message",
    "encode_packet",
    "encode_varint",
]

FRAME_HEADER = struct.Struct(">I")
# Far above any real GSB message (gftp chunks are 40 KiB); a length beyond this
# means the stream is corrupt, not that a huge message is coming.
DEFAULT_MAX_FRAME = 64 * 1024 * 1024


class RegisterCode(enum.IntEnum):
    OK = 0
    BAD_REQUEST = 400
    CONFLICT = 409


class UnregisterCode(enum.IntEnum):
    OK = 0
    NOT_REGISTERED = 404


class CallReplyCode(enum.IntEnum):
    OK = 0
    BAD_REQUEST = 400
    SERVICE_FAILURE = 500


class ReplyType(enum.IntEnum):
    FULL = 0
    PARTIAL = 1


@attrs.frozen
class Hello:
    name: str = ""
    version: str = ""
    instance_id: bytes = b""


@attrs.frozen
class RegisterRequest:
    service_id: str = ""


@attrs.frozen
class RegisterReply:
    code: int = RegisterCode.OK
    message: str = ""


@attrs.frozen
class UnregisterRequest:
    service_id: str = ""


@attrs.frozen
class UnregisterReply:
    code: int = UnregisterCode.OK


@attrs.frozen
class CallRequest:
    caller: str = ""
    address: str = ""
    request_id: str = ""
    data: bytes = b""
    no_reply: bool = False


@attrs.frozen
class CallReply:
    request_id: str = ""
    code: int = CallReplyCode.OK
    reply_type: int = ReplyType.FULL
    data: bytes = b""


@attrs.frozen
class SubscribeRequest:
    topic: str = ""


@attrs.frozen
class SubscribeReply:
    code: int = 0
    message: str = ""


@attrs.frozen
class UnsubscribeRequest:
    topic: str = ""


@attrs.frozen
class UnsubscribeReply:
    code: int = 0


@attrs.frozen
class BroadcastRequest:
    caller: str = ""
    data: bytes = b""
    topic: str = ""


@attrs.frozen
class BroadcastReply:
    code: int = 0
    message: str = ""


@attrs.frozen
class Ping:
    pass


@attrs.frozen
class Pong:
    pass


@attrs.frozen
class UnknownPacket:
    """A oneof member this code does not know; kept so a reader can skip it."""

    number: int
    body: bytes


Message = (
    Hello
    | RegisterRequest
    | RegisterReply
    | UnregisterRequest
    | UnregisterReply
    | CallRequest
    | CallReply
    | SubscribeRequest
    | SubscribeReply
    | UnsubscribeRequest
    | UnsubscribeReply
    | BroadcastRequest
    | BroadcastReply
    | Ping
    | Pong
)
Packet = Message | UnknownPacket

# oneof field number of each packet kind
PACKET_NUMBERS: dict[type[Message], int] = {
    Hello: 1,
    RegisterRequest: 2,
    RegisterReply: 3,
    UnregisterRequest: 4,
    UnregisterReply: 5,
    CallRequest: 6,
    CallReply: 7,
    SubscribeRequest: 8,
    SubscribeReply: 9,
    UnsubscribeRequest: 10,
    UnsubscribeReply: 11,
    BroadcastRequest: 12,
    BroadcastReply: 13,
    Ping: 14,
    Pong: 15,
}
PACKET_TYPES: dict[int, type[Message]] = {num: cls for cls, num in PACKET_NUMBERS.items()}

# Field layout of each message: (field number, attribute name, kind), in
# field-number order. kind is one of "string", "bytes", "enum", "bool".
_FIELDS: dict[type[Message], tuple[tuple[int, str, str], ...]] = {
    Hello: ((1, "name", "string"), (2, "version", "string"), (3, "instance_id", "bytes")),
    RegisterRequest: ((1, "service_id", "string"),),
    RegisterReply: ((1, "code", "enum"), (2, "message", "string")),
    UnregisterRequest: ((1, "service_id", "string"),),
    UnregisterReply: ((1, "code", "enum"),),
    CallRequest: (
        (1, "caller", "string"),
        (2, "address", "string"),
        (3, "request_id", "string"),
        (4, "data", "bytes"),
        (5, "no_reply", "bool"),
    ),
    CallReply: (
        (1, "request_id", "string"),
        (2, "code", "enum"),
        (3, "reply_type", "enum"),
        (4, "data", "bytes"),
    ),
    SubscribeRequest: ((1, "topic", "string"),),
    SubscribeReply: ((1, "code", "enum"), (2, "message", "string")),
    UnsubscribeRequest: ((1, "topic", "string"),),
    UnsubscribeReply: ((1, "code", "enum"),),
    BroadcastRequest: ((1, "caller", "string"), (2, "data", "bytes"), (3, "topic", "string")),
    BroadcastReply: ((1, "code", "enum"), (2, "message", "string")),
    Ping: (),
    Pong: (),
}

# --- messages -----------------------------------------------------------------


def encode_message(message: Message) -> bytes:
    """The protobuf body of one message (without the Packet wrapper)."""
    out = bytearray()
    for number, name, kind in _FIELDS[type(message)]:
        value = getattr(message, name)
        if kind == "string":
            if value:
                out += len_field(number, value.encode("utf-8"))
        elif kind == "bytes":
            if value:
                out += len_field(number, bytes(value))
        elif value:  # enum or bool; proto3 leaves zero out
            out += tag(number, VARINT) + encode_varint(int(value))
    return bytes(out)


def decode_message(cls: type[Message], body: bytes) -> Message:
    """Parse one message body; unknown fields are skipped, as proto3 requires."""
    layout = {number: (name, kind) for number, name, kind in _FIELDS[cls]}
    values: dict[str, object] = {}
    for number, wire_type, raw in iter_fields(body):
        if number not in layout:
            continue
        name, kind = layout[number]
        expected = LEN if kind in ("string", "bytes") else VARINT
        if wire_type != expected:
            raise ProtoError(f"{cls.__name__}.{name}: wire type {wire_type}")
        if kind == "string":
            assert isinstance(raw, bytes)
            try:
                values[name] = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ProtoError(f"{cls.__name__}.{name}: invalid UTF-8") from exc
        elif kind == "bytes":
            values[name] = raw
        elif kind == "bool":
            values[name] = bool(raw)
        else:
            assert isinstance(raw, int)
            values[name] = as_int32(raw)
    construct: Callable[..., Message] = cls
    return construct(**values)


def encode_packet(message: Message) -> bytes:
    """A `Packet` with `message` as its oneof member; empty members are still written."""
    return len_field(PACKET_NUMBERS[type(message)], encode_message(message))


def decode_packet(data: bytes) -> Packet:
    """Parse a `Packet`; if the oneof appears more than once, the last one wins."""
    found: tuple[int, bytes] | None = None
    for number, wire_type, raw in iter_fields(data):
        if wire_type != LEN:
            raise ProtoError(f"packet field {number}: wire type {wire_type}")
        assert isinstance(raw, bytes)
        found = (number, raw)
    if found is None:
        raise ProtoError("packet without a member")
    number, body = found
    cls = PACKET_TYPES.get(number)
    if cls is None:
        return UnknownPacket(number=number, body=body)
    return decode_message(cls, body)


def encode_frame(message: Message) -> bytes:
    """Length-prefixed packet, ready to write to the router socket."""
    packet = encode_packet(message)
    return FRAME_HEADER.pack(len(packet)) + packet


class FrameDecoder:
    """Cuts a byte stream into packet bodies; feed it whatever the socket gave.

    It returns bodies, not packets, so one undecodable packet costs only itself:
    the length prefix keeps the stream in step.
    """

    def __init__(self, max_frame: int = DEFAULT_MAX_FRAME) -> None:
        self._buf = bytearray()
        self._max_frame = max_frame

    def feed(self, data: bytes) -> list[bytes]:
        """Packet bodies completed by `data`; a partial frame waits for more bytes."""
        self._buf += data
        bodies: list[bytes] = []
        while len(self._buf) >= FRAME_HEADER.size:
            (size,) = FRAME_HEADER.unpack_from(self._buf)
            if size > self._max_frame:
                raise ProtoError(f"frame of {size} bytes exceeds the limit of {self._max_frame}")
            end = FRAME_HEADER.size + size
            if len(self._buf) < end:
                break
            bodies.append(bytes(self._buf[FRAME_HEADER.size : end]))
            del self._buf[:end]
        return bodies

    @property
    def pending(self) -> int:
        """Bytes held back, waiting for the rest of their frame."""
        return len(self._buf)
