"""File transfer with gftp, served by the requestor's own daemon (no gftp binary).

`publish*` serves bytes or a file for providers to download; `receive*` opens
a target that a provider uploads to. Both hand out a `gftp://<node>/<name>`
URL for exe-script Transfer commands, and stay bound until closed (explicitly,
with `async with`, or when the GolemNode closes).
"""

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
