"""Where an exe-unit finds a `gftp://<node>/<name>` file: through its transfer channel.

The publisher serves `/public/gftp/<name>`; the real exe-unit reaches it as
`/transfer/net/<node>/gftp/<name>` (our tests may use another prefix). The
transfer itself is the gftp client's (`golem_localnet.gftp.transfers`), with
8 chunks in flight each way, like the real exe-unit.
"""

from __future__ import annotations

from golem_core.ids import NodeId

CONCURRENCY = 8


def gftp_address(prefix: str, node: NodeId, name: str) -> str:
    return f"{prefix}/{node}/gftp/{name}"
