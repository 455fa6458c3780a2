"""A scripted requestor daemon's payment API, served through `httpx.MockTransport`.

It keeps documents and their events the way yagna 0.17.6 does (JSON shapes,
long polls that wait for news, 501 on debit-note rejection, accept needing
the exact amount), so the manager's loops run for real without a daemon.
Tests play the provider with `deliver_debit_note` / `deliver_invoice`.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

REQUESTOR = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"
PROVIDER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
PLATFORM = "erc20-holesky-tglm"
API_URL = "http://127.0.0.1:7465"


def stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


class FakeYagna:
    def __init__(self) -> None:
        self.stalled_long_polls: set[str] = set()
        self._unstall = asyncio.Event()  # never set: stalled polls end when cancelled
        self.debit_notes: dict[str, dict[str, Any]] = {}
        self.invoices: dict[str, dict[str, Any]] = {}
        self.allocations: dict[str, dict[str, Any] | None] = {}
        self.events: dict[str, list[dict[str, Any]]] = {"debitNote": [], "invoice": []}
        self.requests: list[httpx.Request] = []
        # scripted failures: (method, path suffix) -> (status, body)
        self.failures: dict[tuple[str, str], tuple[int, Any]] = {}
        self._news = asyncio.Event()
        self._last_date = datetime.now(timezone.utc)

    def stall_long_polls(self, kind: str) -> None:
        self.stalled_long_polls.add(kind)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    # --- what the provider does -----------------------------------------------------

    def deliver_debit_note(
        self, agreement_id: str, activity_id: str, amount: str, usage: list[float] | None
    ) -> str:
        note_id = str(uuid.uuid4())
        self.debit_notes[note_id] = {
            "debitNoteId": note_id,
            "issuerId": PROVIDER,
            "recipientId": REQUESTOR,
            "payeeAddr": PROVIDER,
            "payerAddr": REQUESTOR,
            "paymentPlatform": PLATFORM,
            "timestamp": stamp(datetime.now(timezone.utc)),
            "agreementId": agreement_id,
            "activityId": activity_id,
            "totalAmountDue": amount,
            "status": "RECEIVED",
            **({} if usage is None else {"usageCounterVector": usage}),
        }
        self.add_event("debitNote", "DebitNoteReceivedEvent", note_id)
        return note_id

    def deliver_invoice(self, agreement_id: str, activity_ids: list[str], amount: str) -> str:
        invoice_id = str(uuid.uuid4())
        now = datetime.now(timezone.utc)
        self.invoices[invoice_id] = {
            "invoiceId": invoice_id,
            "issuerId": PROVIDER,
            "recipientId": REQUESTOR,
            "payeeAddr": PROVIDER,
            "payerAddr": REQUESTOR,
            "paymentPlatform": PLATFORM,
            "timestamp": stamp(now),
            "agreementId": agreement_id,
            "activityIds": activity_ids,
            "amount": amount,
            "paymentDueDate": stamp(now + timedelta(days=1)),
            "status": "RECEIVED",
        }
        self.add_event("invoice", "InvoiceReceivedEvent", invoice_id)
        return invoice_id

    def add_event(self, kind: str, event_type: str, document_id: str, **extra: Any) -> None:
        date = max(datetime.now(timezone.utc), self._last_date + timedelta(microseconds=1))
        self._last_date = date
        self.events[kind].append(
            {"eventType": event_type, "eventDate": stamp(date), f"{kind}Id": document_id, **extra}
        )
        self._news.set()

    # --- the API ------------------------------------------------------------------------

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        method = request.method
        for (fail_method, suffix), (status, body) in self.failures.items():
            if method == fail_method and path.endswith(suffix):
                return httpx.Response(status, json=body)
        if path == "/me":
            return httpx.Response(200, json={"identity": REQUESTOR, "name": "r", "role": "manager"})
        prefix = "/payment-api/v1"
        assert path.startswith(prefix), path
        parts = path[len(prefix) + 1 :].split("/")
        if parts[0] == "allocations":
            return self._allocation(request, parts)
        if parts[0] == "demandDecorations":
            return self._decorations(request)
        if parts[0] in ("debitNoteEvents", "invoiceEvents"):
            return await self._poll(
                request, "debitNote" if parts[0] == "debitNoteEvents" else "invoice"
            )
        store, kind = (
            (self.debit_notes, "debitNote")
            if parts[0] == "debitNotes"
            else (self.invoices, "invoice")
        )
        document = store.get(parts[1])
        if document is None:
            return httpx.Response(404, json={"message": None})
        if len(parts) == 2:
            return httpx.Response(200, json=document)
        return self._act(request, kind, document, parts[2])

    def _allocation(self, request: httpx.Request, parts: list[str]) -> httpx.Response:
        if request.method == "POST":
            body = json.loads(request.content)
            allocation_id = str(uuid.uuid4())
            now = stamp(datetime.now(timezone.utc))
            allocation = {
                "allocationId": allocation_id,
                "address": body.get("address", REQUESTOR),
                "paymentPlatform": body.get("paymentPlatform", PLATFORM),
                "totalAmount": body["totalAmount"],
                "spentAmount": "0",
                "remainingAmount": body["totalAmount"],
                "timestamp": now,
                "createdTs": now,
                "updatedTs": now,
                "makeDeposit": False,
            }
            self.allocations[allocation_id] = allocation
            return httpx.Response(201, json=allocation)
        allocation_id = parts[1]
        if request.method == "DELETE":
            if allocation_id not in self.allocations:
                return httpx.Response(404, json={"message": None})
            if self.allocations[allocation_id] is None:
                message = f"Allocation {allocation_id} has been already released"
                return httpx.Response(410, json={"message": message})
            self.allocations[allocation_id] = None
            return httpx.Response(200, json=None)
        found = self.allocations.get(allocation_id)
        if found is None:
            return httpx.Response(404, json={"message": None})
        return httpx.Response(200, json=found)

    def _decorations(self, request: httpx.Request) -> httpx.Response:
        raw = request.url.query.decode()
        if "%2C" in raw:
            return httpx.Response(400, text="Query deserialize error: expected a borrowed string")
        ids = raw.removeprefix("allocationIds=").split(",")
        key = f"golem.com.payment.platform.{PLATFORM}.address"
        return httpx.Response(
            200,
            json={
                "properties": [{"key": key, "value": REQUESTOR} for _ in ids]
                + [{"key": "golem.com.payment.protocol.version", "value": "3"}],
                "constraints": [f"({key}=*)", "(golem.com.payment.protocol.version>1)"],
            },
        )

    async def _poll(self, request: httpx.Request, kind: str) -> httpx.Response:
        params = request.url.params
        after = datetime.fromisoformat(params["afterTimestamp"])
        timeout = float(params.get("timeout", 5))
        if kind in self.stalled_long_polls and timeout > 0:
            # a long poll that lags behind the other feed (only a zero-timeout poll sees news)
            await asyncio.wait({asyncio.ensure_future(self._unstall.wait())})
        header = request.headers.get("X-Requestor-Events", "RECEIVED,CANCELLED")
        wanted = {self._kind_of(name) for name in header.split(",")}

        def fresh() -> list[dict[str, Any]]:
            return [
                e
                for e in self.events[kind]
                if datetime.fromisoformat(e["eventDate"].replace("Z", "+00:00")) > after
                and self._token_of(e["eventType"], kind) in wanted
            ]

        found = fresh()
        if not found:
            self._news.clear()
            # asyncio.wait, unlike wait_for before 3.12, never swallows a cancellation
            news = asyncio.ensure_future(self._news.wait())
            try:
                await asyncio.wait({news}, timeout=timeout)
            finally:
                news.cancel()
            found = fresh()
        return httpx.Response(200, json=found[: int(params.get("maxEvents", 10))])

    @staticmethod
    def _kind_of(token: str) -> str:
        return token.strip()

    @staticmethod
    def _token_of(event_type: str, kind: str) -> str:
        name = event_type.removeprefix("DebitNote" if kind == "debitNote" else "Invoice")
        name = name.removesuffix("Event")
        return {"PaymentStatus": "PAYMENT_EVENT", "PaymentOk": "PAYMENT_OK"}.get(name, name.upper())

    def _act(
        self, request: httpx.Request, kind: str, document: dict[str, Any], action: str
    ) -> httpx.Response:
        body = json.loads(request.content)
        name = "DebitNote" if kind == "debitNote" else "Invoice"
        amount_key = "totalAmountDue" if kind == "debitNote" else "amount"
        if action == "accept":
            if body["totalAmountAccepted"] != document[amount_key]:
                return httpx.Response(400, json={"message": "Invalid amount accepted"})
            document["status"] = "ACCEPTED"
            self.add_event(kind, f"{name}AcceptedEvent", document[f"{kind}Id"])
            return httpx.Response(200, json=None)
        if action == "reject":
            if kind == "debitNote":
                return httpx.Response(501, json={"message": None})
            document["status"] = "REJECTED"
            self.add_event(kind, f"{name}RejectedEvent", document[f"{kind}Id"], rejection=body)
            return httpx.Response(200, json=None)
        raise AssertionError(f"unexpected action {action}")

    def settle(self, invoice_id: str) -> None:
        self.invoices[invoice_id]["status"] = "SETTLED"
        self.add_event("invoice", "InvoiceSettledEvent", invoice_id)

    def cancel(self, invoice_id: str) -> None:
        self.invoices[invoice_id]["status"] = "CANCELLED"
        self.add_event("invoice", "InvoiceCancelledEvent", invoice_id)
