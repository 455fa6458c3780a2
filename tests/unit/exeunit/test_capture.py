"""Capture buffers: head, tail, head+tail, stream limits, formats, empty output."""

from __future__ import annotations

from golem_localnet.exeunit.capture import CapturedOutput, bytes_to_text
from golem_localnet.exeunit.script import AtEnd, CaptureFormat, Stream

BIN = CaptureFormat.BIN


def feed(out: CapturedOutput, *chunks: bytes) -> list[object]:
    return [out.write(chunk) for chunk in chunks]


def test_at_end_keeps_everything_and_streams_nothing() -> None:
    out = CapturedOutput.for_mode(AtEnd())
    assert feed(out, b"ab", b"", b"cd") == [None, None, None]
    assert out.output() == "abcd"


def test_head_keeps_the_first_bytes() -> None:
    out = CapturedOutput.for_mode(AtEnd(head=5, format=BIN))
    feed(out, b"\x00", b"\x01", bytes(range(2, 11)), bytes(range(11, 17)))
    assert out.output() == [0, 1, 2, 3, 4]


def test_tail_is_a_ring() -> None:
    out = CapturedOutput.for_mode(AtEnd(tail=5, format=BIN))
    steps = [
        (b"\x00", [0]),
        (bytes([1, 2, 3, 4]), [0, 1, 2, 3, 4]),
        (b"\x05", [1, 2, 3, 4, 5]),
        (bytes(3), [4, 5, 0, 0, 0]),
        (bytes(range(6, 15)), [10, 11, 12, 13, 14]),
    ]
    for chunk, kept in steps:
        out.write(chunk)
        assert out.output() == kept


def test_head_tail_splits_the_limit_rounding_the_head_up() -> None:
    out = CapturedOutput.for_mode(AtEnd(head_tail=5))
    feed(out, b"abcdefghij")
    # one write goes into both parts: head "abc", tail "ij"
    assert out.output() == "abcij"


def test_zero_limits_keep_nothing() -> None:
    for mode in (AtEnd(head=0), AtEnd(tail=0), Stream(limit=0)):
        out = CapturedOutput.for_mode(mode)
        assert feed(out, b"abc") == [None]
        assert out.output() is None


def test_stream_emits_what_it_keeps_up_to_the_limit() -> None:
    out = CapturedOutput.for_mode(Stream(limit=4))
    assert feed(out, b"ab", b"cdef", b"gh") == ["ab", "cd", None]
    assert out.output() == "abcd"
    binary = CapturedOutput.for_mode(Stream(format=BIN))
    assert feed(binary, b"\xff") == [[255]]


def test_no_capture_and_other_commands() -> None:
    silent = CapturedOutput.for_mode(None)
    assert feed(silent, b"x") == [None]
    assert silent.output() is None
    everything = CapturedOutput.everything()
    assert feed(everything, b"x") == ["x"]
    assert everything.output() == "x"


def test_empty_output_is_none_and_bad_utf8_falls_back_per_byte() -> None:
    assert CapturedOutput.for_mode(AtEnd()).output() is None
    out = CapturedOutput.for_mode(AtEnd())
    out.write(b"caf\xe9")
    assert out.output() == "caf\u00e9"
    assert bytes_to_text("żółw".encode()) == "żółw"
    streamed = CapturedOutput.for_mode(Stream())
    assert streamed.write(b"\xe9") == "\ufffd"  # streamed text is decoded lossily
