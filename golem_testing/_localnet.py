"""A local Golem network in a thread of its own, for tests in any event loop.

golem_localnet's LocalNetwork keeps its provider agents on the event loop it
was started in. A session fixture cannot share a loop with every test (each
pytest-asyncio test may have its own), so the network gets a thread with its
own loop; tests reach it over HTTP like any requestor would. Its traffic
stays out of recordings, which only keep the recording thread's requests.

golem_localnet (and yagna) are imported only here, and only when a network is
really started: replays never need them.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import attrs

__all__ = ["CANONICAL_GSB_URL", "CANONICAL_IMAGE_REPOSITORY", "LocalNetworkHandle", "started"]

# What the other local-network addresses become in a cassette (the API's is CANONICAL_API_URL).
CANONICAL_IMAGE_REPOSITORY = "http://127.0.0.1:7470"
CANONICAL_GSB_URL = "tcp://127.0.0.1:7464"
START_TIMEOUT = 180.0
STOP_TIMEOUT = 120.0


@attrs.frozen
class LocalNetworkHandle:
    """What a requestor needs to use the network, and what a cassette canonicalises."""

    app_key: str
    api_url: str
    node_id: str
    subnet: str
    image_repository_url: str
    env: dict[str, str]

    @property
    def canonical_origins(self) -> dict[str, str]:
        """Origins besides the API that recordings keep, and what they show instead."""
        return {
            self.image_repository_url: CANONICAL_IMAGE_REPOSITORY,
            self.env["GSB_URL"]: CANONICAL_GSB_URL,
        }


@contextlib.contextmanager
def started(
    *, providers: int, subnet: str | None = None, chain: bool = True
) -> Iterator[LocalNetworkHandle]:
    """Start a LocalNetwork in a new thread; stop it (and everything it started) on exit.

    Raises (never skips) when it cannot start.
    """
    from golem_localnet.network import DEFAULT_SUBNET, LocalNetwork

    ready = threading.Event()
    state: dict[str, Any] = {}

    async def serve() -> None:
        stop = asyncio.Event()
        state["stop"] = (asyncio.get_running_loop(), stop)
        try:
            network = LocalNetwork(providers, chain=chain, subnet=subnet or DEFAULT_SUBNET)
            async with network:
                env = network.requestor_env()
                # what golem_hl's vm.repo() asks for images (as the examples' _support sets)
                env.setdefault("GOLEM_REPOSITORY_URL", network.image_repository_url)
                state["handle"] = LocalNetworkHandle(
                    app_key=network.requestor_app_key,
                    api_url=network.requestor_api_url,
                    node_id=network.requestor_node_id,
                    subnet=network.subnet,
                    image_repository_url=network.image_repository_url,
                    env=env,
                )
                ready.set()
                await stop.wait()
        except BaseException as error:
            state["error"] = error
            raise
        finally:
            ready.set()

    def run() -> None:
        with contextlib.suppress(BaseException):
            asyncio.run(serve())

    thread = threading.Thread(target=run, name="golem-local-network", daemon=True)
    thread.start()
    try:
        if not ready.wait(START_TIMEOUT):
            raise RuntimeError(f"the local Golem network did not start in {START_TIMEOUT:.0f} s")
        if "handle" not in state:
            raise RuntimeError("the local Golem network failed to start") from state.get("error")
        yield state["handle"]
    finally:
        if "stop" in state:
            loop, stop = state["stop"]
            with contextlib.suppress(RuntimeError):  # the loop already ended
                loop.call_soon_threadsafe(stop.set)
        thread.join(STOP_TIMEOUT)
