"""The benchmark command end to end, tiny: correctness only, no timing is asserted.

`python -m bench --smoke` starts its own local network, installs yapapi 0.13.1
into its virtualenv if needed, and runs 3 echo tasks on 1 provider plus one
upload/download with each library. Also: the counting proxy against a small
loopback HTTP server.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bench.wire import CountingProxy

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[2]
SMOKE_TIMEOUT_S = 900


async def _answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A keep-alive HTTP/1.1 server answering every request with its body (chunked)."""
    try:
        while head := await reader.readuntil(b"\r\n\r\n"):
            length = 0
            for line in head.decode().split("\r\n"):
                if line.lower().startswith("content-length:"):
                    length = int(line.split(":")[1])
            body = await reader.readexactly(length)
            writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            for piece in (body[:1], body[1:]):
                if piece:
                    writer.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            writer.write(b"0\r\n\r\n")
            await writer.drain()
    except asyncio.IncompleteReadError:
        pass
    finally:
        writer.close()


@pytest.fixture
async def upstream() -> AsyncIterator[int]:
    server = await asyncio.start_server(_answer, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


async def test_the_proxy_counts_every_request_and_passes_bytes_through(upstream: int) -> None:
    async with (
        CountingProxy(upstream) as proxy,
        httpx.AsyncClient(base_url=proxy.url, trust_env=False) as client,
    ):
        invoice = "0f8e2b4c-9d1a-4e55-8c3b-5a6d7e8f9a0b"
        for index in range(3):  # one kept-alive connection
            reply = await client.post(f"/payment-api/v1/invoices/{invoice}/accept", json=index)
            assert reply.status_code == 200 and reply.json() == index
        assert (await client.get("/me")).content == b""
        counts = proxy.take()
        assert counts == {"POST /payment-api/v1/invoices/{id}/accept": 3, "GET /me": 1}
        assert proxy.total == 0  # take() starts from zero
        await client.get("/me")
        assert proxy.total == 1


@pytest.mark.timeout(SMOKE_TIMEOUT_S + 60)  # may install yapapi first
def test_the_benchmark_command_runs_both_libraries(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    finished = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", f"--json={out}"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT_S,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-5000:]
    document = json.loads(out.read_text())

    runs = document["runs"]
    assert {(r["library"], r["workload"]["kind"]) for r in runs} == {
        (library, kind) for library in ("yapapi", "golem_hl") for kind in ("echo", "transfer")
    }
    for run in runs:
        record = run["record"]
        assert run["correct"], (run["library"], run["title"], record["errors"], record["wrong"])
        assert len(record["results"]) == run["workload"]["tasks"]
        # invoices were looked up; whether each was accepted is a number the benchmark
        # reports (the libraries' own tests pin their payment behaviour down)
        assert run["invoices"]["agreements"] >= 1
        assert run["rest_requests"] > 0  # yapapi's requests went through the proxy too
    assert document["meta"]["versions"]["yapapi"] == "0.13.1"

    # every metric of every workload has a value in both columns
    for row in document["table"]:
        assert row["yapapi"] is not None and row["golem_hl"] is not None, row
        assert row["ratio"] is not None, row
        assert "failed" not in row["note"], row
    header = finished.stdout.splitlines()[0]
    assert "yapapi 0.13.1" in header and "golem_hl" in header and "ratio" in header
    for title in {r["title"] for r in runs}:
        assert title in finished.stdout
