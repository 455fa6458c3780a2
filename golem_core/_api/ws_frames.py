"""RFC 6455 WebSocket frames for the client side, without I/O.

golem_core's sockets to the daemon (the GSB API's calls, the net API's TCP
tunnels) carry one small message after another, and a pure-Python general
library spends more per message than the message itself is worth. This codec
does only what a client needs: `ClientCodec.feed` takes the bytes the server
sent and returns whole messages, pings, pongs and the close; `message`,
`ping`, `pong` and `close` give the bytes to send, masked as a client must.

The upgrade's own checks (the key, `Sec-WebSocket-Accept`) are here too, so the
whole protocol is tested byte by byte without a socket.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct

import attrs

__all__ = [
    "ClientCodec",
    "Close",
    "HandshakeError",
    "Message",
    "Ping",
    "Pong",
    "WebSocketProtocolError",
    "accept_for",
    "handshake_key",
    "mask",
]

OP_CONTINUATION = 0x0
OP_TEXT = 0x1
OP_BINARY = 0x2
OP_CLOSE = 0x8
OP_PING = 0x9
OP_PONG = 0xA
_DATA_OPS = frozenset((OP_TEXT, OP_BINARY))
_CONTROL_OPS = frozenset((OP_CLOSE, OP_PING, OP_PONG))

NORMAL_CLOSURE = 1000
PROTOCOL_ERROR = 1002
NO_STATUS = 1005
ABNORMAL_CLOSURE = 1006
INVALID_DATA = 1007
MESSAGE_TOO_BIG = 1009
MAX_CONTROL_PAYLOAD = 125
_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
# codes a peer may put in a close frame (RFC 6455 7.4; 1005, 1006 and 1015 never go on the wire)
_SENDABLE_CODES = frozenset((*range(1000, 1004), *range(1007, 1015)))


class WebSocketProtocolError(Exception):
    """The server broke the protocol; `code` is the close code to answer with."""

    def __init__(self, message: str, code: int = PROTOCOL_ERROR) -> None:
        super().__init__(message)
        self.code = code


class HandshakeError(Exception):
    """The server's answer to the upgrade is not a valid WebSocket handshake."""


@attrs.frozen
class Message:
    data: bytes
    is_text: bool = False


@attrs.frozen
class Ping:
    payload: bytes


@attrs.frozen
class Pong:
    payload: bytes


@attrs.frozen
class Close:
    """The server's close frame: 1005 when it gave no code."""

    code: int
    reason: str


Event = Message | Ping | Pong | Close


def handshake_key() -> str:
    """A fresh `Sec-WebSocket-Key`: 16 random bytes, base64."""
    return base64.b64encode(os.urandom(16)).decode("ascii")


def accept_for(key: str) -> str:
    """The `Sec-WebSocket-Accept` a server must answer `key` with."""
    digest = hashlib.sha1(key.encode("ascii") + _GUID).digest()
    return base64.b64encode(digest).decode("ascii")


def check_handshake(
    status: int, headers: list[tuple[str, str]], key: str, offered: tuple[str, ...]
) -> str | None:
    """The subprotocol the server chose; HandshakeError if the answer is not an upgrade to `key`."""
    if status != 101:
        raise HandshakeError(f"expected 101 Switching Protocols, got {status}")
    found: dict[str, str] = {}
    for name, value in headers:
        lowered = name.lower()
        found[lowered] = f"{found[lowered]}, {value}" if lowered in found else value
    if found.get("upgrade", "").strip().lower() != "websocket":
        raise HandshakeError(f"Upgrade header is {found.get('upgrade')!r}, not websocket")
    tokens = {t.strip().lower() for t in found.get("connection", "").split(",")}
    if "upgrade" not in tokens:
        raise HandshakeError(f"Connection header is {found.get('connection')!r}, not upgrade")
    if found.get("sec-websocket-accept", "").strip() != accept_for(key):
        raise HandshakeError("Sec-WebSocket-Accept does not match the key sent")
    if "sec-websocket-extensions" in found:
        raise HandshakeError(f"extension {found['sec-websocket-extensions']!r} was not offered")
    chosen = found.get("sec-websocket-protocol")
    if chosen is None:
        return None
    chosen = chosen.strip()
    if chosen not in offered:
        raise HandshakeError(f"subprotocol {chosen!r} was not offered")
    return chosen


# Each byte value XOR k, by k, made when first needed (all 256 would cost ~5 ms at import).
_XOR_TABLES: dict[int, bytes] = {}
# Below this, one big-integer XOR beats four lanes of slicing.
_LANES_FROM = 512


def mask(data: bytes, key: bytes) -> bytes:
    """`data` XOR the repeated 4-byte `key`, in C loops rather than byte by byte in Python.

    Large payloads go as four lanes (every fourth byte meets the same key
    byte): each lane is one `translate` through that byte's XOR table, about
    twice as fast as converting the payload to one big integer and back.
    """
    size = len(data)
    if size >= _LANES_FROM:
        out = bytearray(size)
        for lane in range(4):
            table = _XOR_TABLES.get(key[lane])
            if table is None:
                table = _XOR_TABLES[key[lane]] = bytes(v ^ key[lane] for v in range(256))
            out[lane::4] = data[lane::4].translate(table)
        return bytes(out)
    if not size:
        return b""
    repeated = key * ((size + 3) // 4)
    if len(repeated) != size:
        repeated = repeated[:size]
    value = int.from_bytes(data, "little") ^ int.from_bytes(repeated, "little")
    return value.to_bytes(size, "little")


def _frame(opcode: int, payload: bytes, fin: bool, key: bytes) -> bytes:
    size = len(payload)
    first = (0x80 if fin else 0) | opcode
    if size < 126:
        head = struct.pack("!BB", first, 0x80 | size)
    elif size < 65536:
        head = struct.pack("!BBH", first, 0xFE, size)
    else:
        head = struct.pack("!BBQ", first, 0xFF, size)
    return b"".join((head, key, mask(payload, key)))


class ClientCodec:
    """One client connection's frames: what came in as events, what goes out as bytes.

    `max_message` bounds a whole incoming message (after reassembly);
    `max_frame` splits outgoing messages into frames of at most that payload.
    Once a close was sent or received, only the close handshake remains.
    """

    def __init__(self, *, max_message: int = 16 * 1024 * 1024, max_frame: int = 64 * 1024) -> None:
        if max_frame < 1:
            raise ValueError("max_frame must be positive")
        self.max_message = max_message
        self.max_frame = max_frame
        self.close_sent = False
        self.close_received = False
        self._buffer = bytearray()
        self._parts: list[bytes] = []
        self._parts_size = 0
        self._text: bool | None = None  # the opcode of the message being reassembled
        self._failed: WebSocketProtocolError | None = None
        self._random = os.urandom

    # --- incoming ----------------------------------------------------------------------------

    def feed(self, data: bytes) -> list[Event]:
        """The events `data` completed; WebSocketProtocolError if the server broke the rules."""
        if self._failed is not None:
            raise self._failed
        buffer = self._buffer
        if buffer:
            buffer += data
            view: bytes | bytearray = buffer
        else:
            view = data
        events: list[Event] = []
        position = 0
        end = len(view)
        try:
            while not self.close_received:
                parsed = self._one_frame(view, position, end, events)
                if parsed < 0:
                    break
                position = parsed
        except WebSocketProtocolError as error:
            self._failed = error
            raise
        if buffer:
            del buffer[:position]
        elif position < end:
            buffer += view[position:]
        if self.close_received:
            buffer.clear()  # nothing after a close counts
        return events

    def _one_frame(self, view: bytes | bytearray, at: int, end: int, events: list[Event]) -> int:
        """Parses the frame at `at`; its end, or -1 while it is incomplete."""
        if end - at < 2:
            return -1
        first = view[at]
        second = view[at + 1]
        if second & 0x80:
            raise WebSocketProtocolError("the server masked a frame")
        size = second & 0x7F
        start = at + 2
        if size == 126:
            if end - at < 4:
                return -1
            size = (view[at + 2] << 8) | view[at + 3]
            start = at + 4
            if size < 126:
                raise WebSocketProtocolError("frame length not in its shortest form")
        elif size == 127:
            if end - at < 10:
                return -1
            (size,) = struct.unpack_from("!Q", view, at + 2)
            start = at + 10
            if size >> 63:
                raise WebSocketProtocolError("frame length with the top bit set")
            if size < 65536:
                raise WebSocketProtocolError("frame length not in its shortest form")
        if first & 0x70:
            raise WebSocketProtocolError("reserved bits set (no extension was agreed)")
        opcode = first & 0x0F
        fin = bool(first & 0x80)
        if opcode in _CONTROL_OPS:
            if not fin:
                raise WebSocketProtocolError("fragmented control frame")
            if size > MAX_CONTROL_PAYLOAD:
                raise WebSocketProtocolError(f"control frame of {size} bytes (at most 125)")
        elif opcode not in _DATA_OPS and opcode != OP_CONTINUATION:
            raise WebSocketProtocolError(f"unknown opcode {opcode:#x}")
        elif self._parts_size + size > self.max_message:
            raise WebSocketProtocolError(
                f"message over {self.max_message} bytes", code=MESSAGE_TOO_BIG
            )
        stop = start + size
        if stop > end:
            return -1
        if type(view) is bytes:
            payload = view[start:stop]
        else:
            with memoryview(view) as whole:
                payload = bytes(whole[start:stop])
        if opcode in (OP_BINARY, OP_TEXT):
            if self._text is not None:
                raise WebSocketProtocolError("a new message began before the last one ended")
            if fin:
                events.append(
                    Message(
                        _checked_text(payload) if opcode == OP_TEXT else payload, opcode == OP_TEXT
                    )
                )
            else:
                self._text = opcode == OP_TEXT
                self._parts = [payload]
                self._parts_size = size
        elif opcode == OP_CONTINUATION:
            if self._text is None:
                raise WebSocketProtocolError("a continuation frame with no message to continue")
            self._parts.append(payload)
            self._parts_size += size
            if fin:
                data = b"".join(self._parts)
                events.append(Message(_checked_text(data) if self._text else data, self._text))
                self._text = None
                self._parts = []
                self._parts_size = 0
        elif opcode == OP_PING:
            events.append(Ping(payload))
        elif opcode == OP_PONG:
            events.append(Pong(payload))
        else:
            events.append(_close_event(payload))
            self.close_received = True
        return stop

    # --- outgoing ----------------------------------------------------------------------------

    def message(self, data: bytes, *, text: bool = False) -> bytes:
        """The frames of one message (text must be UTF-8 bytes), split at `max_frame`."""
        if self.close_sent:
            raise RuntimeError("the close was already sent")
        opcode = OP_TEXT if text else OP_BINARY
        limit = self.max_frame
        if len(data) <= limit:
            return _frame(opcode, data, True, self._random(4))
        pieces = []
        for offset in range(0, len(data), limit):
            piece = data[offset : offset + limit]
            last = offset + limit >= len(data)
            pieces.append(
                _frame(opcode if offset == 0 else OP_CONTINUATION, piece, last, self._random(4))
            )
        return b"".join(pieces)

    def ping(self, payload: bytes = b"") -> bytes:
        return self._control(OP_PING, payload)

    def pong(self, payload: bytes = b"") -> bytes:
        return self._control(OP_PONG, payload)

    def close(self, code: int = NORMAL_CLOSURE, reason: str = "") -> bytes:
        """Our close frame (once; 1005 sends none of a code, as the RFC asks)."""
        if self.close_sent:
            raise RuntimeError("the close was already sent")
        if code == NO_STATUS:
            payload = b""
        else:
            if code not in _SENDABLE_CODES and not 3000 <= code < 5000:
                raise ValueError(f"close code {code} cannot be sent")
            payload = struct.pack("!H", code) + reason.encode("utf-8")
            if len(payload) > MAX_CONTROL_PAYLOAD:
                payload = payload[:MAX_CONTROL_PAYLOAD]  # a reason is a courtesy: cut it
                payload = payload[:2] + payload[2:].decode("utf-8", "ignore").encode("utf-8")
        frame = self._control(OP_CLOSE, payload)
        self.close_sent = True
        return frame

    def _control(self, opcode: int, payload: bytes) -> bytes:
        if len(payload) > MAX_CONTROL_PAYLOAD:
            raise ValueError(f"control payload of {len(payload)} bytes (at most 125)")
        if self.close_sent:
            raise RuntimeError("the close was already sent")
        return _frame(opcode, payload, True, self._random(4))


def _checked_text(data: bytes) -> bytes:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise WebSocketProtocolError("text message is not UTF-8", code=INVALID_DATA) from None
    return data


def _close_event(payload: bytes) -> Close:
    if not payload:
        return Close(NO_STATUS, "")
    if len(payload) == 1:
        raise WebSocketProtocolError("close frame with a one-byte payload")
    (code,) = struct.unpack_from("!H", payload)
    if code not in _SENDABLE_CODES and not 3000 <= code < 5000:
        raise WebSocketProtocolError(f"close code {code} is not allowed on the wire")
    try:
        reason = payload[2:].decode("utf-8")
    except UnicodeDecodeError:
        raise WebSocketProtocolError("close reason is not UTF-8", code=INVALID_DATA) from None
    return Close(code, reason)
