"""The `gftp server` JSON-RPC 2.0 protocol on stdin/stdout, without I/O.

One request per line in, one reply per line out (ended `\\r\\n`), as yagna's
gftp prints them: the full envelope `{"jsonrpc": "2.0", "id": ..., "result": ...}`
or `{..., "error": {"code": ..., "message": ...}}`. Requests may be answered out
of order, so clients match replies by `id`. The method is adjacently tagged:
`{"method": "publish", "params": {"files": [...]}}`; `params` may be left out
for methods without arguments. A request without an `id` is still answered
(with `"id": null`), as yagna's gftp does.

Methods and results (what yapapi's GftpProvider sends and expects):
- `version` {} -> a string whose first word is a semver
- `publish` {files: [path]} -> [{file, url}] (an empty list is an error)
- `close` {urls: [url]} -> ["ok" | "error", ...] (an empty list is an error)
- `download` {url, output_file} -> {file: output_file, url}
- `receive` {output_file} -> {file: output_file, url}
- `upload` {url, file} -> {file, url}
- `shutdown` {} -> "ok"
"""

from __future__ import annotations

import enum
import json
from typing import Any, TypeAlias

import attrs
import cattrs

__all__ = [
    "JSONRPC_VERSION",
    "LINE_END",
    "METHODS",
    "BadRequest",
    "Close",
    "Download",
    "ErrorCode",
    "FileLink",
    "Method",
    "Publish",
    "Receive",
    "Request",
    "Result",
    "RpcError",
    "RpcId",
    "Shutdown",
    "Status",
    "Upload",
    "Version",
    "error_line",
    "parse_line",
    "result_line",
]

JSONRPC_VERSION = "2.0"
LINE_END = "\r\n"

RpcId: TypeAlias = "int | float | str | None"


class ErrorCode(enum.IntEnum):
    PARSE_ERROR = -32700
    INVALID_REQUEST = -32600
    METHOD_NOT_FOUND = -32601
    INVALID_PARAMS = -32602
    INTERNAL_ERROR = -32603
    # every failure while carrying a request out (yagna's gftp uses this one)
    SERVER_ERROR = -32000


class RpcError(Exception):
    """A request answered with an error object instead of a result."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# --- methods and their params ---------------------------------------------------------


@attrs.frozen
class Version:
    pass


@attrs.frozen
class Publish:
    files: list[str]


@attrs.frozen
class Close:
    urls: list[str]


@attrs.frozen
class Download:
    url: str
    output_file: str


@attrs.frozen
class Receive:
    output_file: str


@attrs.frozen
class Upload:
    url: str
    file: str


@attrs.frozen
class Shutdown:
    pass


Method: TypeAlias = "Version | Publish | Close | Download | Receive | Upload | Shutdown"
METHODS: dict[str, type[Method]] = {
    "version": Version,
    "publish": Publish,
    "close": Close,
    "download": Download,
    "receive": Receive,
    "upload": Upload,
    "shutdown": Shutdown,
}


@attrs.frozen
class Request:
    id: RpcId
    method: Method


@attrs.frozen
class BadRequest:
    """A line that cannot be carried out: answer it with this error."""

    id: RpcId
    error: RpcError


# --- results ----------------------------------------------------------------------------


@attrs.frozen
class FileLink:
    """A local file and its gftp URL."""

    file: str
    url: str


class Status(str, enum.Enum):
    OK = "ok"
    ERROR = "error"


Result: TypeAlias = "str | Status | FileLink | list[FileLink] | list[Status]"


# --- parsing ----------------------------------------------------------------------------


def _strict_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _strict_str_list(value: object, _: object) -> list[str]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list of strings, got {type(value).__name__}")
    return [_strict_str(item, None) for item in value]


_converter = cattrs.Converter()
_converter.register_structure_hook(str, _strict_str)
_converter.register_structure_hook_func(lambda t: t == list[str], _strict_str_list)


def _valid_id(value: object) -> bool:
    return value is None or (isinstance(value, (int, float, str)) and not isinstance(value, bool))


def parse_line(line: str) -> Request | BadRequest | None:
    """The request on one input line; None for a blank line (skipped, as gftp does)."""
    if not line.strip():
        return None
    try:
        message = json.loads(line)
    except ValueError as error:
        return BadRequest(None, RpcError(ErrorCode.PARSE_ERROR, f"not JSON: {error}"))
    if not isinstance(message, dict):
        return BadRequest(None, RpcError(ErrorCode.INVALID_REQUEST, "a request must be an object"))
    request_id = message.get("id")
    if not _valid_id(request_id):
        return BadRequest(None, RpcError(ErrorCode.INVALID_REQUEST, "bad request id"))
    if message.get("jsonrpc") != JSONRPC_VERSION:
        text = f'"jsonrpc" must be "{JSONRPC_VERSION}"'
        return BadRequest(request_id, RpcError(ErrorCode.INVALID_REQUEST, text))
    name = message.get("method")
    if not isinstance(name, str):
        text = "a request needs a method name"
        return BadRequest(request_id, RpcError(ErrorCode.INVALID_REQUEST, text))
    method_type = METHODS.get(name)
    if method_type is None:
        text = f"unknown method {name!r}"
        return BadRequest(request_id, RpcError(ErrorCode.METHOD_NOT_FOUND, text))
    params = message.get("params")
    if params is None:
        params = {}
    if not isinstance(params, dict):
        text = f"params of {name} must be an object"
        return BadRequest(request_id, RpcError(ErrorCode.INVALID_PARAMS, text))
    try:
        method = _converter.structure(params, method_type)
    except Exception as error:  # cattrs reports bad input with several exception types
        detail = "; ".join(cattrs.transform_error(error))
        text = f"bad params for {name}: {detail}"
        return BadRequest(request_id, RpcError(ErrorCode.INVALID_PARAMS, text))
    return Request(request_id, method)


# --- replies ----------------------------------------------------------------------------


def result_line(request_id: RpcId, result: Result) -> str:
    return _line({"jsonrpc": JSONRPC_VERSION, "id": request_id, "result": _plain(result)})


def error_line(request_id: RpcId, error: RpcError) -> str:
    body = {"code": int(error.code), "message": error.message}
    return _line({"jsonrpc": JSONRPC_VERSION, "id": request_id, "error": body})


def _plain(result: Result) -> Any:
    if isinstance(result, Status):
        return result.value
    if isinstance(result, list):
        return [_plain(item) for item in result]
    return _converter.unstructure(result)


def _line(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False) + LINE_END
