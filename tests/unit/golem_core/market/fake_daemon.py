"""A scripted yagna for unit tests: canned JSON replies per route, and a log of requests."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from typing import Any

import attrs
import httpx

from golem_core.node import GolemNode

REQUESTOR = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"
PROVIDER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
WHEN = "2030-01-01T00:00:00.000Z"

Reply = httpx.Response | Callable[[httpx.Request], httpx.Response]


def reply(status: int, body: object = None) -> httpx.Response:
    if body is None:
        return httpx.Response(status)
    return httpx.Response(
        status, content=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )


def error(status: int, message: str) -> httpx.Response:
    return reply(status, {"message": message})


@attrs.define
class FakeDaemon:
    """Routes are `"METHOD /path"` (no API prefix, no query); each holds a queue of replies.

    The last reply of a route repeats; a route with no script answers 599 so a
    test notices calls it did not expect.
    """

    routes: dict[str, deque[Reply]] = attrs.field(factory=dict)
    requests: list[httpx.Request] = attrs.field(factory=list)

    def on(self, route: str, *replies: Reply) -> FakeDaemon:
        self.routes.setdefault(route, deque()).extend(replies)
        return self

    def calls(self, route: str) -> list[httpx.Request]:
        return [r for r in self.requests if _route(r) == route]

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        queue = self.routes.get(_route(request))
        if not queue:
            return error(599, f"unscripted {_route(request)}")
        answer = queue.popleft() if len(queue) > 1 else queue[0]
        return answer(request) if callable(answer) else answer

    def node(self, identity: str = REQUESTOR, app_session_id: str | None = None) -> GolemNode:
        self.on("GET /me", reply(200, {"identity": identity, "name": "n", "role": "manager"}))
        return GolemNode(
            app_key="key",
            api_url="http://127.0.0.1:1",
            transport=httpx.MockTransport(self.handle),
            app_session_id=app_session_id,
        )


def _route(request: httpx.Request) -> str:
    path = request.url.path
    for prefix in ("/market-api/v1",):
        path = path.removeprefix(prefix)
    return f"{request.method} {path}"


def proposal_json(
    proposal_id: str, state: str = "Initial", prev: str | None = None, issuer: str = PROVIDER
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "proposalId": proposal_id,
        "issuerId": issuer,
        "state": state,
        "timestamp": WHEN,
        "constraints": "()",
        "properties": {
            "golem.com.pricing.model.linear.coeffs": [0.001, 0.0],
            "golem.com.usage.vector": ["golem.usage.duration_sec"],
        },
    }
    if prev is not None:
        body["prevProposalId"] = prev
    return body


def agreement_json(agreement_id: str, state: str, **extra: Any) -> dict[str, Any]:
    return {
        "agreementId": agreement_id,
        "state": state,
        "timestamp": "2030-01-01T00:00:00Z",
        "validTo": "2030-01-01T00:05:00Z",
        "demand": {
            "demandId": "D-1",
            "requestorId": REQUESTOR,
            "timestamp": WHEN,
            "constraints": "()",
            "properties": {"golem.com.payment.chosen-platform": "erc20-holesky-tglm"},
        },
        "offer": {
            "offerId": "O-1",
            "providerId": PROVIDER,
            "timestamp": WHEN,
            "constraints": "()",
            "properties": {
                "golem.com.pricing.model.linear.coeffs": [0.001, 0.5],
                "golem.com.usage.vector": ["golem.usage.duration_sec"],
            },
        },
        **extra,
    }
