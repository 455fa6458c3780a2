"""CPU per REST call on the app's side: httpx's own transport against golem_core's.

`python -m bench.http_micro [--transport httpx|daemon] [--calls N]` starts a tiny
keep-alive HTTP server in a child process (its CPU is not counted), then reads
the daemon's identity N times through `YagnaApi` and `call`, as golem_core
does, and prints the app's CPU per call. With `--url` it talks to a running
daemon instead (`--app-key` then needed). Run it under
`valgrind --tool=callgrind` with a small N for instruction counts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time

import httpx

from golem_core._api import YagnaApi
from golem_core._api.daemon_transport import DaemonTransport
from golem_core._api.identity import fetch_identity

_BODY = json.dumps({"identity": "0x" + "ab" * 20, "name": "requestor", "role": "manager"})
_SERVER = f"""
import asyncio, sys
BODY = {_BODY.encode()!r}
ANSWER = (b"HTTP/1.1 200 OK\\r\\ncontent-type: application/json\\r\\n"
          b"content-length: %d\\r\\n\\r\\n" % len(BODY)) + BODY
async def serve(reader, writer):
    while True:
        try:
            head = await reader.readuntil(b"\\r\\n\\r\\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            break
        for line in head.split(b"\\r\\n"):
            if line.lower().startswith(b"content-length:"):
                await reader.readexactly(int(line.split(b":")[1]))
        writer.write(ANSWER)
    writer.close()
async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()
asyncio.run(main())
"""


async def _measure(url: str, app_key: str, transport_name: str, calls: int) -> float:
    transport: httpx.AsyncBaseTransport = (
        DaemonTransport() if transport_name == "daemon" else httpx.AsyncHTTPTransport(retries=0)
    )
    async with YagnaApi(url, app_key, transport=transport) as api:
        for _ in range(20):  # connections, caches and imports warm
            await fetch_identity(api)
        started = time.process_time()
        for _ in range(calls):
            await fetch_identity(api)
        return (time.process_time() - started) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transport", choices=("httpx", "daemon"), default="daemon")
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--url", help="a running daemon's API URL (default: a local stub)")
    parser.add_argument("--app-key", default="key")
    args = parser.parse_args()
    server = None
    url = args.url
    if url is None:
        server = subprocess.Popen(
            [sys.executable, "-c", _SERVER], stdout=subprocess.PIPE, text=True
        )
        assert server.stdout is not None
        url = f"http://127.0.0.1:{server.stdout.readline().strip()}"
    try:
        per_call = asyncio.run(_measure(url, args.app_key, args.transport, args.calls))
    finally:
        if server is not None:
            server.kill()
            server.wait()
    print(f"{args.transport}: {per_call * 1e6:.0f} us CPU per call ({args.calls} calls)")


if __name__ == "__main__":
    main()
