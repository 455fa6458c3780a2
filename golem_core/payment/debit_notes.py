"""The debit notes of registered agreements: decided while the agreement is in use.

Once the caller is done with an agreement (`PaymentManager.agreement_ended`),
its notes, the final one sent as its activity ends among them, go unanswered:
its invoice covers everything and is checked against the usage seen. While no
agreement is in use a note's event is not even fetched (`following.py`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from golem_core._api.payment import (
    DocumentEventData,
    DocumentEventKind,
    DocumentStatus,
)
from golem_core.events import DebitNoteReceived, DebitNoteSettled
from golem_core.exceptions import GolemError
from golem_core.ids import AgreementId, DebitNoteId
from golem_core.payment.answer import send_decision
from golem_core.payment.approval import ask_cap
from golem_core.payment.checks import Accept, DebitNoteClaim
from golem_core.payment.documents import DebitNote, DocumentType
from golem_core.payment.following import DebitNoteFollowing
from golem_core.payment.inbox import DocumentInbox

if TYPE_CHECKING:
    from golem_core.payment.manager import PaymentManager

__all__ = ["DebitNoteDesk"]

logger = logging.getLogger(__name__)


class DebitNoteDesk:
    """Handles the manager's debit-note events (one at a time, from its worker)."""

    def __init__(
        self, manager: PaymentManager, following: DebitNoteFollowing, inbox: DocumentInbox
    ) -> None:
        self._m = manager
        self._following = following
        self._inbox = inbox
        # the agreement of each note decided, for its later events
        self.agreements: dict[DebitNoteId, AgreementId] = {}
        self._decided: set[DebitNoteId] = set()

    async def event(self, event: DocumentEventData) -> None:
        note_id = DebitNoteId(event.document_id)
        if event.kind is DocumentEventKind.SETTLED:
            agreement_id = self.agreements.get(note_id)
            if agreement_id is not None:
                self._m.node.events.emit(
                    DebitNoteSettled(debit_note_id=note_id, agreement_id=agreement_id)
                )
        elif event.kind is DocumentEventKind.PAYMENT_PROBLEM:
            logger.warning("paying debit note %s is stuck: %s", note_id, event.problem)
        elif event.kind is DocumentEventKind.RECEIVED and note_id not in self._decided:
            # (an invoice's catch-up probe and the feed both deliver a final note's event)
            if not self._following.is_wanted:
                # of an agreement we are done with, or of one not registered yet
                self._following.skip(event)
                return
            note = await DebitNote.get(self._m.node, note_id)
            agreement_id = note.data.agreement_id
            if not self._m.ledger.knows(agreement_id):
                self._inbox.set_aside(agreement_id, (DocumentType.DEBIT_NOTE, event))
            elif not self._m.ledger.wants_debit_notes(agreement_id):
                logger.debug(
                    "debit note %s of ended agreement %s left to its invoice", note_id, agreement_id
                )
            elif note.data.status is DocumentStatus.RECEIVED:
                await self._decide(note)

    async def _decide(self, note: DebitNote) -> None:
        data = note.data
        self.agreements[note.id] = data.agreement_id
        self._m.node.events.emit(
            DebitNoteReceived(
                debit_note_id=note.id,
                agreement_id=data.agreement_id,
                activity_id=data.activity_id,
                provider_id=data.issuer_id,
                total_amount_due=data.total_amount_due,
            )
        )
        claim = DebitNoteClaim(data.total_amount_due, data.usage, received_at=data.timestamp)
        cap = await ask_cap(self._m.approver, lambda a: a.debit_note(data), note.id)
        ledger = self._m.ledger
        decision = ledger.decide_debit_note(data.agreement_id, data.activity_id, claim, cap=cap)
        try:
            await send_decision(
                note, decision, self._m.allocation.id, ack_timeout=self._m.ack_timeout
            )
        except GolemError as error:
            self._m.failed(note.id, data.agreement_id, decision, error)
            return
        accepted = isinstance(decision, Accept)
        self._m.ledger.record_debit_note(
            data.agreement_id, data.activity_id, claim, accepted=accepted
        )
        self._decided.add(note.id)
