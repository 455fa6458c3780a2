"""Server-sent event decoding, line by line (no I/O)."""

from __future__ import annotations

from golem_core.activity.sse import SseDecoder, SseMessage, decode_lines

# The bytes yagna 0.17.6 wrote for two events and a keep-alive (seen running).
YAGNA = (
    'event: runtime\ndata: {"batch_id":"5b","index":0,"kind":{"stdout":"out1"}}\nid: 1\n\n'
    ":ping\n"
    'event: runtime\ndata: {"batch_id":"5b","index":0,"kind":{"stderr":"e"}}\nid: 2\n\n'
)


def test_yagnas_runtime_events_and_pings() -> None:
    assert decode_lines(YAGNA.split("\n")) == [
        SseMessage("runtime", '{"batch_id":"5b","index":0,"kind":{"stdout":"out1"}}', "1"),
        SseMessage("runtime", '{"batch_id":"5b","index":0,"kind":{"stderr":"e"}}', "2"),
    ]


def test_an_event_is_complete_only_at_the_blank_line() -> None:
    decoder = SseDecoder()
    assert decoder.feed_line("event: runtime") is None
    assert decoder.feed_line("data: {}") is None
    assert decoder.feed_line("") == SseMessage("runtime", "{}", None)
    assert decoder.feed_line("") is None  # nothing pending


def test_general_rules_of_the_format() -> None:
    lines = [
        "data: first",
        "data:second",  # the space after the colon is optional
        "data",  # a field with no colon has an empty value
        "",
        ": a comment",
        "retry: 1000",
        "unknown: field",
        "event: custom",
        "",  # no data: dropped, and the event name does not leak into the next event
        "data: after\r",
        "\r",
    ]
    assert decode_lines(lines) == [
        SseMessage("message", "first\nsecond\n", None),
        SseMessage("message", "after", None),
    ]


def test_the_last_event_id_carries_over() -> None:
    assert decode_lines(["id: 7", "data: a", "", "data: b", ""]) == [
        SseMessage("message", "a", "7"),
        SseMessage("message", "b", "7"),
    ]


def test_a_trailing_event_without_its_blank_line_is_not_delivered() -> None:
    assert decode_lines(["data: whole", "", "data: cut"]) == [SseMessage("message", "whole")]
