"""A minimal Ethereum JSON-RPC client over httpx, for a node on loopback."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

__all__ = ["JsonRpcClient", "RpcError"]


class RpcError(RuntimeError):
    """The node answered with a JSON-RPC error (a revert carries its reason in `message`)."""

    def __init__(self, method: str, code: int, message: str, data: object = None) -> None:
        super().__init__(f"{method}: {message} (code {code})")
        self.method = method
        self.code = code
        self.message = message
        self.data = data


class JsonRpcClient:
    """Synchronous: the local chain is set up from fixtures and scripts, not from event loops."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self.url = url
        # trust_env=False: never route loopback traffic through a proxy from the environment
        self._http = httpx.Client(timeout=timeout, trust_env=False)
        self._ids = itertools.count(1)

    def call(self, method: str, *params: Any) -> Any:
        request_id = next(self._ids)
        response = self._http.post(
            self.url,
            json={"jsonrpc": "2.0", "id": request_id, "method": method, "params": list(params)},
        )
        response.raise_for_status()
        body = response.json()
        if body.get("error") is not None:
            error = body["error"]
            raise RpcError(
                method, int(error.get("code", 0)), str(error.get("message")), error.get("data")
            )
        if body.get("id") != request_id:
            raise RpcError(method, 0, f"answer to request {body.get('id')}, expected {request_id}")
        return body.get("result")

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> JsonRpcClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
