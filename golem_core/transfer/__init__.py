"""File transfer with gftp, served by the requestor's own daemon (no gftp binary).

`publish*` serves bytes or a file for providers to download; `receive*` opens
a target that a provider uploads to. Both hand out a `gftp://<node>/<name>`
URL for exe-script Transfer commands, and stay bound until closed (explicitly,
with `async with`, or when the GolemNode closes).

Names load on first use (PEP 562): gftp's wire facts (`golem_core.transfer._gftp`)
then come without the node and REST clients, for an exe-unit or the gftp command.
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING

from golem_core._lazy import lazy_exports as _lazy_exports

if _TYPE_CHECKING:
    from golem_core.transfer._errors import (
        ChecksumMismatch,
        IncompleteTransfer,
        TransferClosed,
        TransferError,
        TransferLimitExceeded,
        TransferProtocolError,
        TransferTimeoutError,
    )
    from golem_core.transfer._gftp import CHUNK_SIZE, GftpUrl, parse_gftp_url, sha3_256_hex
    from golem_core.transfer._publish import (
        ForActivity,
        PublishedFile,
        publish,
        publish_bytes,
        publish_file,
        publish_json,
    )
    from golem_core.transfer._receive import (
        IncomingFile,
        receive,
        receive_bytes,
        receive_file,
        receive_json,
    )

# public name -> the module that defines it
_EXPORTS = {
    "ChecksumMismatch": "golem_core.transfer._errors",
    "IncompleteTransfer": "golem_core.transfer._errors",
    "TransferClosed": "golem_core.transfer._errors",
    "TransferError": "golem_core.transfer._errors",
    "TransferLimitExceeded": "golem_core.transfer._errors",
    "TransferProtocolError": "golem_core.transfer._errors",
    "TransferTimeoutError": "golem_core.transfer._errors",
    "CHUNK_SIZE": "golem_core.transfer._gftp",
    "GftpUrl": "golem_core.transfer._gftp",
    "parse_gftp_url": "golem_core.transfer._gftp",
    "sha3_256_hex": "golem_core.transfer._gftp",
    "ForActivity": "golem_core.transfer._publish",
    "PublishedFile": "golem_core.transfer._publish",
    "publish": "golem_core.transfer._publish",
    "publish_bytes": "golem_core.transfer._publish",
    "publish_file": "golem_core.transfer._publish",
    "publish_json": "golem_core.transfer._publish",
    "IncomingFile": "golem_core.transfer._receive",
    "receive": "golem_core.transfer._receive",
    "receive_bytes": "golem_core.transfer._receive",
    "receive_file": "golem_core.transfer._receive",
    "receive_json": "golem_core.transfer._receive",
}


__getattr__, __dir__ = _lazy_exports(__name__, _EXPORTS, globals())

__all__ = [
    "CHUNK_SIZE",
    "ChecksumMismatch",
    "ForActivity",
    "GftpUrl",
    "IncomingFile",
    "IncompleteTransfer",
    "PublishedFile",
    "TransferClosed",
    "TransferError",
    "TransferLimitExceeded",
    "TransferProtocolError",
    "TransferTimeoutError",
    "parse_gftp_url",
    "publish",
    "publish_bytes",
    "publish_file",
    "publish_json",
    "receive",
    "receive_bytes",
    "receive_file",
    "receive_json",
    "sha3_256_hex",
]
