"""Getting paid: debit notes while an activity runs, an invoice when the agreement ends.

Amounts come from `billing.py`: the agreed pricing applied to the usage the
exe-unit reported to the daemon, read back from the provider daemon's activity
usage. Documents go out through `golem_core.payment.provider`; what becomes of
an invoice (accepted, rejected, settled) is followed and written to the
agent's history.

Deadlines, as yagna 0.17.6's provider keeps them (agent/provider/src/payments/
payments.rs, `send_debit_note` and `DeadlineElapsed`): a debit note not accepted
within the agreed acceptance timeout, or a payable one not paid by its due date,
breaks the agreement (reasons `DebitNotesDeadline` / `DebitNoteNotPaid`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from golem_core._api.payment import DocumentStatus
from golem_core.exceptions import ApiError, CallTimeoutError, GolemError
from golem_core.ids import ActivityId
from golem_core.node import GolemNode
from golem_core.payment.documents import DebitNote, Invoice
from golem_core.payment.pricing import PricingError
from golem_core.payment.provider import (
    DECIDED,
    issue_debit_note,
    issue_invoice,
    send_invoice,
)
from golem_localnet.provider.billing import activity_total, debit_note_amount, invoice_amount
from golem_localnet.provider.faults import ProviderFaults
from golem_localnet.provider.history import AgentEvent, AgentEventKind, History
from golem_localnet.provider.records import ActivityRecord, AgreementRecord
from golem_localnet.provider.tasks import TaskSet

log = logging.getLogger(__name__)

# breaks an agreement whose requestor missed a debit-note deadline: (agreement, reason)
BreakAgreement = Callable[[AgreementRecord, str], Awaitable[None]]
# how yagna 0.17.6's requestor refuses an invoice naming an activity it has no record of
_UNKNOWN_ACTIVITY = re.compile(r"agreement id for activity: ([0-9a-f]+)")


def unknown_activity(message: str) -> ActivityId | None:
    """The activity a refused invoice named that the requestor's daemon does not know."""
    found = _UNKNOWN_ACTIVITY.search(message)
    return ActivityId(found.group(1)) if found else None


# how long the requestor has to pay an invoice
INVOICE_DUE = timedelta(hours=1)
# how long we follow an invoice, at most, until it is decided and settled
FOLLOW_INVOICE_S = 3600.0

_OUTCOMES = {
    DocumentStatus.ACCEPTED: AgentEventKind.INVOICE_ACCEPTED,
    DocumentStatus.REJECTED: AgentEventKind.INVOICE_REJECTED,
    DocumentStatus.SETTLED: AgentEventKind.INVOICE_SETTLED,
}


class Biller:
    def __init__(
        self,
        node: GolemNode,
        history: History,
        faults: ProviderFaults,
        tasks: TaskSet,
        break_agreement: BreakAgreement | None = None,
    ) -> None:
        self._node = node
        self._history = history
        self.faults = faults
        self._tasks = tasks
        self._break_agreement = break_agreement

    async def bill_while_running(
        self, agreement: AgreementRecord, activity: ActivityRecord
    ) -> None:
        """A debit note every agreed interval until the activity ends."""
        interval = agreement.terms.interval
        while True:
            try:
                await asyncio.wait_for(activity.ended.wait(), interval.total_seconds())
                return
            except asyncio.TimeoutError:
                pass
            try:
                await self._send_debit_note(agreement, activity)
            except (GolemError, PricingError) as error:
                log.warning("debit note for %s not sent: %s", activity.activity_id, error)

    async def _send_debit_note(
        self, agreement: AgreementRecord, activity: ActivityRecord, final: bool = False
    ) -> None:
        """Bill the activity's running total for the usage the daemon holds now."""
        async with activity.billing:
            await self._bill(agreement, activity, final)

    async def _bill(
        self, agreement: AgreementRecord, activity: ActivityRecord, final: bool
    ) -> None:
        pricing = agreement.terms.pricing
        counters = (await activity.activity.usage()).current_usage
        usage = pricing.usage(pricing.idle_usage() if counters is None else counters)
        total = activity_total(pricing, usage)
        if final:
            activity.final_total = total
        amount = debit_note_amount(total, self.faults.overcharge_factor)
        if final and amount == activity.last_billed:
            return  # the last note said it all
        now = datetime.now(timezone.utc)
        due = agreement.terms.payment_due(agreement.last_payable, now, final=final)
        note = await issue_debit_note(
            self._node,
            activity.activity_id,
            amount,
            usage=usage[:-1] if self.faults.short_usage else usage,
            payment_due=due,
        )
        if due is not None:
            agreement.last_payable = now
        activity.last_billed = note.data.total_amount_due
        what = "final usage" if final else "usage"
        payable = "" if due is None else f", payable by {due.isoformat()}"
        await self._history.record(
            AgentEvent(
                kind=AgentEventKind.DEBIT_NOTE_SENT,
                agreement_id=agreement.agreement_id,
                activity_id=activity.activity_id,
                document_id=note.id,
                amount=note.data.total_amount_due,
                detail=f"{what} [{', '.join(str(u) for u in usage)}]{payable}",
            )
        )
        if agreement.terms.accept_timeout is not None or due is not None:
            self._tasks.spawn(self._keep_deadlines(agreement, note, due), f"deadlines {note.id}")

    async def _keep_deadlines(
        self, agreement: AgreementRecord, note: DebitNote, due: datetime | None
    ) -> None:
        """Wait for the note's acceptance, then its payment; break the agreement if late."""
        accept_timeout = agreement.terms.accept_timeout
        paid = {DocumentStatus.SETTLED}
        try:
            if accept_timeout is not None:
                accepted = {DocumentStatus.ACCEPTED, DocumentStatus.SETTLED}
                if not await self._wait(agreement, note, accepted, accept_timeout):
                    why = f"DebitNotesDeadline: {note.id} not accepted within {accept_timeout}"
                    await self._missed(agreement, why)
                    return
            if due is not None:
                left = max(due - datetime.now(timezone.utc), timedelta(0))
                if not await self._wait(agreement, note, paid, left):
                    await self._missed(agreement, f"DebitNoteNotPaid: {note.id} not paid by {due}")
        except GolemError as error:
            log.warning("stopped following debit note %s: %s", note.id, error)

    async def _wait(
        self,
        agreement: AgreementRecord,
        note: DebitNote,
        statuses: set[DocumentStatus],
        timeout: timedelta,
    ) -> bool:
        """False when `timeout` passed first (an ended agreement waits for nothing)."""
        if note.data.status in statuses or agreement.ended:
            return True
        try:
            data = await note.wait_status(statuses, timeout.total_seconds())
        except CallTimeoutError:
            return False
        kind = (
            AgentEventKind.DEBIT_NOTE_SETTLED
            if data.status is DocumentStatus.SETTLED
            else AgentEventKind.DEBIT_NOTE_ACCEPTED
        )
        await self._history.record(
            AgentEvent(
                kind=kind,
                agreement_id=agreement.agreement_id,
                activity_id=data.activity_id,
                document_id=note.id,
                amount=data.total_amount_due,
            )
        )
        return True

    async def _missed(self, agreement: AgreementRecord, reason: str) -> None:
        if agreement.ended or agreement.deadline_elapsed or self._break_agreement is None:
            return
        agreement.deadline_elapsed = True
        log.warning("breaking %s: %s", agreement.agreement_id, reason)
        await self._break_agreement(agreement, reason)

    async def close_activity(self, agreement: AgreementRecord, activity: ActivityRecord) -> None:
        """Settle the final total of an activity that ended, and bill it in a last debit note.

        The invoice charges the final totals; the last note tells the requestor
        the usage behind them, which it may not have seen (usage still grows
        between the last regular note and the exe-unit's exit).
        """
        try:
            await self._send_debit_note(agreement, activity, final=True)
        except (GolemError, PricingError) as error:
            log.warning("final debit note of %s not sent: %s", activity.activity_id, error)
        if activity.final_total is None:  # no usage could be read: the start price
            activity.final_total = activity_total(agreement.terms.pricing, None)

    async def invoice(self, agreement: AgreementRecord) -> None:
        """Bill the whole agreement once it ended and all its activities are gone.

        The amount is the sum of the activities' final totals, but never less
        than their debit notes asked: the daemon refuses an invoice below that.
        An agreement under which nothing ran gets an invoice of 0, so the
        requestor can close its books on it.
        """
        activities = [a for a in agreement.activities.values() if a.exeunit is not None]
        if not self.faults.send_invoices:
            await self._withheld(agreement, "no-invoice fault")
            return
        amount = max(
            invoice_amount(a.final_total or Decimal(0) for a in activities),
            invoice_amount(a.last_billed for a in activities),
        )
        invoice = await self._deliver_invoice(
            agreement, amount, [a.activity_id for a in activities]
        )
        await self._history.record(
            AgentEvent(
                kind=AgentEventKind.INVOICE_SENT,
                agreement_id=agreement.agreement_id,
                document_id=invoice.id,
                amount=invoice.data.amount,
            )
        )
        self._tasks.spawn(self._follow(agreement, invoice), f"follow {invoice.id}")

    async def _deliver_invoice(
        self, agreement: AgreementRecord, amount: Decimal, activity_ids: list[ActivityId]
    ) -> Invoice:
        """Issue and send the invoice, leaving out activities the requestor never had.

        An exe-unit that dies while its activity is being created leaves an
        activity our daemon knows and the requestor's does not (its creation
        failed there). Its start was billed in a debit note, which the requestor
        accepts, but an invoice naming it is refused: the amount stands, the
        activity goes unnamed.
        """
        named = list(activity_ids)
        while True:
            invoice = await issue_invoice(
                self._node,
                agreement.agreement_id,
                amount,
                activity_ids=named,
                payment_due=INVOICE_DUE,
                send=False,
            )
            try:
                await send_invoice(invoice)
                return invoice
            except ApiError as error:
                unknown = unknown_activity(error.message)
                if unknown not in named:
                    raise
                # never delivered, so nothing to cancel at the requestor's: a new one follows
                named.remove(unknown)
                log.warning(
                    "invoice for %s: the requestor has no activity %s; sent without naming it",
                    agreement.agreement_id,
                    unknown,
                )

    async def _withheld(self, agreement: AgreementRecord, why: str) -> None:
        await self._history.record(
            AgentEvent(
                kind=AgentEventKind.INVOICE_WITHHELD,
                agreement_id=agreement.agreement_id,
                detail=why,
            )
        )

    async def _follow(self, agreement: AgreementRecord, invoice: Invoice) -> None:
        """Record the requestor's decision, then the payment, as they happen."""
        waiting_for = DECIDED
        while waiting_for:
            try:
                data = await invoice.wait_status(waiting_for, FOLLOW_INVOICE_S)
            except GolemError as error:
                log.warning("stopped following invoice %s: %s", invoice.id, error)
                return
            kind = _OUTCOMES.get(data.status)
            if kind is not None:
                await self._history.record(
                    AgentEvent(
                        kind=kind,
                        agreement_id=agreement.agreement_id,
                        document_id=invoice.id,
                        amount=data.amount,
                    )
                )
            # accepted: the payment is still to come; anything else is final
            if data.status is DocumentStatus.ACCEPTED:
                waiting_for = DECIDED - {DocumentStatus.ACCEPTED}
            else:
                waiting_for = frozenset()
