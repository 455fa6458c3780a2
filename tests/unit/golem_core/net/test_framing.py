"""TCP bytes in WebSocket frames."""

from __future__ import annotations

import pytest

from golem_core.net._framing import MAX_FRAME, ReceiveBuffer, split_frames


def test_outgoing_data_is_cut_at_the_daemon_frame_limit() -> None:
    data = bytes(range(256)) * 600  # 153600 bytes
    frames = split_frames(data)
    assert [len(f) for f in frames] == [MAX_FRAME, MAX_FRAME, len(data) - 2 * MAX_FRAME]
    assert b"".join(frames) == data
    assert split_frames(b"") == []
    assert split_frames(memoryview(b"abcde"), 2) == [b"ab", b"cd", b"e"]
    with pytest.raises(ValueError):
        split_frames(b"x", 0)


def test_incoming_frames_come_out_in_order_at_most_max_bytes_at_a_time() -> None:
    buffer = ReceiveBuffer()
    assert buffer.take(10) is None  # nothing yet: wait
    buffer.feed(b"hello ")
    buffer.feed(b"world")
    assert buffer.take(3) == b"hel"
    assert buffer.take(100) == b"lo world"
    assert buffer.take(1) is None


def test_the_end_of_the_stream_comes_after_the_buffered_bytes() -> None:
    buffer = ReceiveBuffer()
    buffer.feed(b"tail")
    buffer.feed_eof()
    assert buffer.take(2) == b"ta"
    assert buffer.take(2) == b"il"
    assert buffer.take(2) == b""
    assert buffer.take(2) == b""
    with pytest.raises(ValueError):
        buffer.feed(b"late")
    with pytest.raises(ValueError):
        buffer.take(0)
