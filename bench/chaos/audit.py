"""Facts for the verdict, asked of the daemons and the chain, never of the library under test."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from golem_localnet.chain import LocalChain
from golem_localnet.provider.history import AgentEventKind, History

__all__ = [
    "RequestorView",
    "chain_balances",
    "ended_by_provider",
    "live_pids",
    "process_start",
    "provider_side_states",
    "unbilled_without_reason",
    "wait_until_settled",
]

PAYMENT = "/payment-api/v1"
MARKET = "/market-api/v1"
ACTIVITY = "/activity-api/v1"
MAX_ITEMS = 10_000


class RequestorView:
    """The requestor daemon's documents, through its REST API with plain HTTP."""

    def __init__(self, api_url: str, app_key: str) -> None:
        self._client = httpx.AsyncClient(
            base_url=api_url,
            headers={"Authorization": f"Bearer {app_key}"},
            timeout=30.0,
            trust_env=False,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _get(self, path: str, *, wait_s: float = 0.0, **params: Any) -> Any:
        response = await self._client.get(path, params=params, timeout=30.0 + wait_s)
        response.raise_for_status()
        return response.json()

    async def invoices(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = await self._get(f"{PAYMENT}/invoices", maxItems=MAX_ITEMS)
        return found

    async def debit_notes(self, since: datetime) -> list[dict[str, Any]]:
        """Every debit note the daemon received since `since`, found through its events.

        The daemon's listing leaves out notes for activities it has no record of
        (one whose creation failed as its exe-unit died), though it accepts and
        pays them; its events name them all.
        """
        ids: dict[str, None] = {}
        after = since
        while True:
            page = await self._get(
                f"{PAYMENT}/debitNoteEvents",
                afterTimestamp=after.isoformat(),
                timeout=0,
                maxEvents=1000,
            )
            if not page:
                break
            ids.update((event["debitNoteId"], None) for event in page)
            after = max(after, *(_parse_time(event["eventDate"]) for event in page))
        return [await self._get(f"{PAYMENT}/debitNotes/{note_id}") for note_id in ids]

    async def knows_activity(self, activity_id: str) -> bool:
        """Whether the daemon has a record of the activity: its creation completed."""
        response = await self._client.get(f"{ACTIVITY}/activity/{activity_id}/agreement")
        return response.status_code == 200

    async def payments(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = await self._get(f"{PAYMENT}/payments", maxItems=MAX_ITEMS)
        return found

    async def allocations(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = await self._get(f"{PAYMENT}/allocations")
        return found

    async def open_agreements(self) -> list[str]:
        """Agreements the requestor signed that nobody ended."""
        found = await self._get(f"{MARKET}/agreements", state="Approved")
        return [entry["id"] for entry in found if entry.get("role") == "Requestor"]

    async def provider_of(self, agreement_id: str) -> str | None:
        """The provider's node id, from the requestor daemon's copy of the agreement."""
        found = await self._get(f"{MARKET}/agreements/{agreement_id}")
        provider: str | None = (found.get("offer") or {}).get("providerId")
        return provider

    async def invoice_events_after(self, after: datetime, timeout_s: float) -> list[Any]:
        """Invoice events after `after`, waiting up to `timeout_s` for one (a long poll)."""
        found: list[Any] = await self._get(
            f"{PAYMENT}/invoiceEvents",
            wait_s=timeout_s,
            afterTimestamp=after.isoformat(),
            timeout=timeout_s,
        )
        return found


async def wait_until_settled(
    view: RequestorView, deadline_s: float, owed: Callable[[dict[str, Any]], bool]
) -> list[dict[str, Any]]:
    """Wait, on the daemon's invoice events, until no accepted invoice is left `owed`.

    Returns the invoices still owed when the deadline passed.
    """
    end = time.monotonic() + deadline_s
    while True:
        since = datetime.now(timezone.utc)
        pending = [i for i in await view.invoices() if i["status"] == "ACCEPTED" and owed(i)]
        left = end - time.monotonic()
        if not pending or left <= 0:
            return pending
        await view.invoice_events_after(since, min(left, 5.0))


async def provider_side_states(
    view: RequestorView, daemons: Mapping[str, tuple[str, str]], agreement_ids: Iterable[str]
) -> dict[str, str | None]:
    """Each agreement's state on its provider's daemon (None: that daemon has no copy).

    `daemons`: provider node id -> (REST API URL, app key) of its daemon. yagna records
    a terminate on the other side before its own side, so the two copies can differ.
    """
    states: dict[str, str | None] = {}
    for agreement_id in agreement_ids:
        provider = await view.provider_of(agreement_id)
        if provider is None or provider not in daemons:
            states[agreement_id] = None
            continue
        url, app_key = daemons[provider]
        async with httpx.AsyncClient(
            base_url=url, headers={"Authorization": f"Bearer {app_key}"}, trust_env=False
        ) as client:
            response = await client.get(f"{MARKET}/agreements/{agreement_id}", timeout=30.0)
        if response.status_code == 404:
            states[agreement_id] = None
            continue
        response.raise_for_status()
        states[agreement_id] = response.json().get("state")
    return states


def _parse_time(text: str) -> datetime:
    """yagna's event dates: ISO 8601 with `Z` and up to nanoseconds."""
    head, _, fraction = text.rstrip("Z").partition(".")
    micro = (fraction + "000000")[:6] if fraction else "0"
    return datetime.fromisoformat(f"{head}.{micro}+00:00")


def chain_balances(chain: LocalChain, addresses: Iterable[str]) -> dict[str, Decimal]:
    return {address: chain.token_balance(address) for address in addresses}


def unbilled_without_reason(
    histories: Mapping[str, list[History]], crashed: Mapping[str, list[History]]
) -> list[str]:
    """Provider-side agreement ids approved, never invoiced, with no reason the provider gave.

    An agent that crashed (`crashed`) cannot bill what it approved: that is explained.
    """
    found = []
    for provider_id, incarnations in histories.items():
        for history in incarnations:
            if history in crashed.get(provider_id, []):
                continue
            for approved in history.of(AgentEventKind.AGREEMENT_APPROVED):
                agreement_id = approved.agreement_id
                billed = history.of(AgentEventKind.INVOICE_SENT, agreement_id=agreement_id)
                held = history.of(AgentEventKind.INVOICE_WITHHELD, agreement_id=agreement_id)
                if not billed and not held:
                    found.append(f"{agreement_id} ({history.name})")
    return found


def ended_by_provider(histories: Mapping[str, list[History]]) -> frozenset[str]:
    """Agreement ids some provider agent ended (it then bills them, or says why not)."""
    return frozenset(
        event.agreement_id
        for incarnations in histories.values()
        for history in incarnations
        for event in history.of(AgentEventKind.AGREEMENT_ENDED)
        if event.agreement_id is not None
    )


def process_start(pid: int) -> int | None:
    """When `pid` started (clock ticks since boot), or None when it has gone or is a zombie.

    With pid_max at 32768 and ~150 new processes a second in a run, a pid noted early
    may name another process by the audit; a pid and its start time do not."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    if not fields or fields[0] == "Z":
        return None
    return int(fields[19])  # field 22 of proc(5): starttime


def live_pids(pids: Iterable[int], started: Mapping[int, int] | None = None) -> list[int]:
    """Those of `pids` still running (zombies count as gone); with `started`, only where the
    process under the pid is the one noted then (same start time)."""
    alive = []
    for pid in pids:
        start = process_start(pid)
        if start is None or (started is not None and started.get(pid, start) != start):
            continue
        alive.append(pid)
    return alive
