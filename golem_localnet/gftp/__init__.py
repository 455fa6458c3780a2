"""A gftp-compatible command for requestors that need yagna's `gftp` binary (yapapi does).

`golem-gftp server` (or `python -m golem_localnet.gftp server`) speaks the binary's
JSON-RPC on stdin/stdout and serves files through the daemon's GSB router
(`$GSB_URL`), with golem_core.transfer's rules for what to answer:

- `golem_localnet.gftp.rpc`: the JSON-RPC lines (no I/O)
- `golem_localnet.gftp.files`: published files and upload targets on the router
- `golem_localnet.gftp.transfers`: downloading from and uploading to other nodes
- `golem_localnet.gftp.server`: the request loop; `golem_localnet.gftp.cli`: the command

Nothing is imported here: the command must start fast (yapapi waits for it).
"""

__all__ = []
