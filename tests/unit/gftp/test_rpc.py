"""`gftp server`'s JSON-RPC lines: what is accepted, what each error is, what replies look like."""

from __future__ import annotations

import json

import pytest

from golem_localnet.gftp.rpc import (
    BadRequest,
    Close,
    Download,
    ErrorCode,
    FileLink,
    Publish,
    Receive,
    Request,
    RpcError,
    Shutdown,
    Status,
    Upload,
    Version,
    error_line,
    parse_line,
    result_line,
)


def line(method: str, params: object = None, **extra: object) -> str:
    message: dict[str, object] = {"jsonrpc": "2.0", "id": 7, "method": method, **extra}
    if params is not None:
        message["params"] = params
    return json.dumps(message)


@pytest.mark.parametrize(
    ("method", "params", "expected"),
    [
        ("version", {}, Version()),
        ("publish", {"files": ["/a", "/b"]}, Publish(["/a", "/b"])),
        ("close", {"urls": ["gftp://0x1/x"]}, Close(["gftp://0x1/x"])),
        ("download", {"url": "u", "output_file": "/o"}, Download("u", "/o")),
        ("receive", {"output_file": "/o"}, Receive("/o")),
        ("upload", {"url": "u", "file": "/f"}, Upload("u", "/f")),
        ("shutdown", {}, Shutdown()),
    ],
)
def test_every_method_yapapi_sends(method: str, params: object, expected: object) -> None:
    assert parse_line(line(method, params)) == Request(7, expected)  # type: ignore[arg-type]


def test_params_may_be_left_out_and_extra_keys_are_ignored() -> None:
    assert parse_line(line("version")) == Request(7, Version())
    assert parse_line(line("receive", {"output_file": "/o", "x": 1})) == Request(7, Receive("/o"))


@pytest.mark.parametrize("request_id", ["abc", 1.5, None, 2**62])
def test_ids_of_any_json_rpc_kind_come_back(request_id: object) -> None:
    message = {"jsonrpc": "2.0", "id": request_id, "method": "version", "params": {}}
    parsed = parse_line(json.dumps(message))
    assert isinstance(parsed, Request) and parsed.id == request_id


def test_blank_lines_are_skipped() -> None:
    assert parse_line("  \r\n") is None


def error_of(text: str) -> tuple[object, ErrorCode]:
    parsed = parse_line(text)
    assert isinstance(parsed, BadRequest), parsed
    return parsed.id, parsed.error.code


def test_malformed_lines() -> None:
    assert error_of("{not json") == (None, ErrorCode.PARSE_ERROR)
    assert error_of("[1, 2]") == (None, ErrorCode.INVALID_REQUEST)
    assert error_of('{"jsonrpc": "2.0", "id": true, "method": "version"}') == (
        None,
        ErrorCode.INVALID_REQUEST,
    )
    assert error_of(line("version", jsonrpc="1.0")) == (7, ErrorCode.INVALID_REQUEST)
    assert error_of('{"jsonrpc": "2.0", "id": 7}') == (7, ErrorCode.INVALID_REQUEST)
    assert error_of(line("frobnicate", {})) == (7, ErrorCode.METHOD_NOT_FOUND)


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("publish", ["/a"]),  # positional params: gftp takes named ones only
        ("publish", {}),
        ("publish", {"files": "/abc"}),  # a string is not a list of one path per letter
        ("publish", {"files": ["/a", 3]}),
        ("download", {"url": "u", "output_file": 3}),
        ("upload", {"url": "u"}),
    ],
)
def test_bad_params(method: str, params: object) -> None:
    assert error_of(line(method, params)) == (7, ErrorCode.INVALID_PARAMS)


def test_replies_are_full_envelopes_ending_in_crlf() -> None:
    text = result_line(3, [FileLink("/a", "gftp://0x1/h")])
    assert text.endswith("\r\n") and "\n" not in text[:-2]
    assert json.loads(text) == {
        "jsonrpc": "2.0",
        "id": 3,
        "result": [{"file": "/a", "url": "gftp://0x1/h"}],
    }
    assert json.loads(result_line("x", [Status.OK, Status.ERROR]))["result"] == ["ok", "error"]
    assert json.loads(result_line(None, Status.OK))["result"] == "ok"
    assert json.loads(result_line(1, FileLink("/f", "u")))["result"] == {"file": "/f", "url": "u"}
    assert json.loads(error_line(4, RpcError(ErrorCode.SERVER_ERROR, "boom"))) == {
        "jsonrpc": "2.0",
        "id": 4,
        "error": {"code": -32000, "message": "boom"},
    }
