"""Agreements: create, confirm, wait for approval, watch and end them.

An `Agreement` registers a closer on its node as soon as it exists, so a
node that closes never leaves it in force: an approved agreement is
terminated, a pending one cancelled. Every state change we cause or observe
is emitted once on `node.events`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import suppress
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import attrs

from golem_core._api import market as market_api
from golem_core._uncut import not_cut_short
from golem_core.events import (
    AgreementApproved,
    AgreementCancelled,
    AgreementConfirmed,
    AgreementCreated,
    AgreementEvent,
    AgreementRejected,
    AgreementTerminated,
    now,
)
from golem_core.exceptions import (
    ApiTimeoutError,
    BadRequestError,
    CallTimeoutError,
    ConflictError,
    GoneError,
    LocalProtocolError,
    ServerError,
    TerminateRefusedError,
    TransportError,
)
from golem_core.ids import AgreementId, NodeId
from golem_core.market.agreement_stream import DEFAULT_APPROVAL_POLL as DEFAULT_APPROVAL_POLL
from golem_core.market.agreement_stream import agreement_events as agreement_events
from golem_core.market.agreement_stream import poll_left
from golem_core.market.data import (
    AgreementData,
    AgreementEventKind,
    AgreementState,
    AgreementStateChange,
    ProposalData,
    ProposalState,
    Reason,
)
from golem_core.market.termination import REFUSAL_WARNING, ask_again_until, refused_by_other_side
from golem_core.retry import Backoff

if TYPE_CHECKING:
    from golem_core.node import GolemNode

__all__ = ["DEFAULT_APPROVAL_POLL", "Agreement", "agreement_events"]

logger = logging.getLogger(__name__)

# How far before an agreement's creation we start reading its events (clock skew).
_EVENT_SLACK = timedelta(seconds=1)

_FINAL_KINDS = {
    AgreementEventKind.REJECTED: AgreementState.REJECTED,
    AgreementEventKind.CANCELLED: AgreementState.CANCELLED,
    AgreementEventKind.TERMINATED: AgreementState.TERMINATED,
}

# a provider that could not be reached now: its daemon restarting, the net reconnecting
_UNREACHED = (TransportError, CallTimeoutError, ApiTimeoutError, ServerError)
# how long closing the node asks an unreachable provider again to end an agreement
CLOSE_RETRY_S = 30.0


def _why(reason: str | Reason) -> Reason:
    return reason if isinstance(reason, Reason) else Reason(reason)


@attrs.define(eq=False)
class Agreement:
    node: GolemNode
    id: AgreementId
    provider_id: NodeId
    data: AgreementData | None = None
    app_session_id: str | None = None
    _emitted: set[type[AgreementEvent]] = attrs.field(factory=set, init=False)
    _closer: Callable[[], Awaitable[None]] = attrs.field(init=False)
    _open: bool = attrs.field(default=False, init=False)

    def __attrs_post_init__(self) -> None:
        self._closer = self._close

    @classmethod
    async def create(cls, node: GolemNode, proposal: ProposalData, valid_to: datetime) -> Agreement:
        """An agreement (state Proposal) from a provider's Draft, to be approved by `valid_to`."""
        if valid_to.tzinfo is None:
            raise ValueError("valid_to must be a timezone-aware datetime")
        if proposal.state is not ProposalState.DRAFT:
            # the daemon answers 400 too; say why before sending anything
            raise LocalProtocolError(
                "an agreement needs a negotiated (Draft) proposal, "
                f"not a {proposal.state.value} one"
            )
        agreement_id = await market_api.create_agreement(node.api, proposal.proposal_id, valid_to)
        agreement = cls(node, agreement_id, proposal.issuer_id)
        agreement._watch()
        agreement._emit(
            AgreementCreated(
                agreement_id=agreement_id,
                provider_id=proposal.issuer_id,
                proposal_id=proposal.proposal_id,
            )
        )
        return agreement

    @classmethod
    def attach(
        cls, node: GolemNode, data: AgreementData, app_session_id: str | None = None
    ) -> Agreement:
        """Take charge of an existing agreement (e.g. one a provider just approved)."""
        agreement = cls(node, data.agreement_id, data.provider_id, data, app_session_id)
        agreement._watch()
        return agreement

    @property
    def is_provider(self) -> bool:
        """Whether our node is the provider side of this agreement."""
        return self.node.node_id == self.provider_id

    def _watch(self) -> None:
        self._open = True
        self.node.add_closer(f"agreement {self.id}", self._closer)

    def _finish(self) -> None:
        if self._open:
            self._open = False
            self.node.remove_closer(self._closer)

    def _emit(self, event: AgreementEvent) -> None:
        """Each kind of event once per agreement, whichever call noticed it first."""
        if type(event) not in self._emitted:
            self._emitted.add(type(event))
            self.node.events.emit(event)

    async def get(self) -> AgreementData:
        self.data = await market_api.get_agreement(self.node.api, self.id)
        return self.data

    async def confirm(self, app_session_id: str | None = None) -> None:
        """Sign and send the agreement to the provider (state Pending), in the node's session."""
        app_session_id = app_session_id or self.node.app_session_id
        await market_api.confirm_agreement(self.node.api, self.id, app_session_id)
        self.app_session_id = app_session_id
        self._emit(AgreementConfirmed(agreement_id=self.id, provider_id=self.provider_id))

    async def wait_for_approval(
        self, timeout: float, *, poll_timeout: float = DEFAULT_APPROVAL_POLL
    ) -> AgreementState:
        """The provider's decision: APPROVED, or the state that ended the agreement.

        PENDING means `timeout` passed without a decision (wait again, or cancel).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            try:
                await market_api.wait_for_approval(
                    self.node.api, self.id, timeout=poll_left(loop, deadline, poll_timeout)
                )
            except ApiTimeoutError:
                if loop.time() >= deadline:
                    return AgreementState.PENDING
                continue
            except (GoneError, BadRequestError) as error:
                data = await self.get()
                if data.state is AgreementState.PROPOSAL:
                    raise LocalProtocolError(
                        f"agreement {self.id} must be confirmed before waiting for approval"
                    ) from error
                if data.state is AgreementState.PENDING:
                    raise
                await self._ended(data)
                return data.state
            self._emit(AgreementApproved(agreement_id=self.id, provider_id=self.provider_id))
            return AgreementState.APPROVED

    async def _ended(self, data: AgreementData) -> None:
        """Emit what ended the agreement, with the reason from the daemon's event log."""
        if data.state is AgreementState.APPROVED:
            self._emit(AgreementApproved(agreement_id=self.id, provider_id=self.provider_id))
            return
        kinds = {state: kind for kind, state in _FINAL_KINDS.items()}
        kind = kinds.get(data.state)
        change = None
        if kind is not None:
            changes = await market_api.collect_agreement_events(
                self.node.api,
                data.timestamp - _EVENT_SLACK,
                timeout=0,
                max_events=100,
                app_session_id=self.app_session_id,
            )
            change = next(
                (c for c in changes if c.agreement_id == self.id and c.kind is kind), None
            )
        if change is not None:
            self._observe(change)
        elif kind is not None:
            self._observe(AgreementStateChange(kind=kind, agreement_id=self.id, event_date=now()))
        self._finish()

    def _observe(self, change: AgreementStateChange) -> None:
        ids = self.id, self.provider_id
        message = change.reason.message if change.reason else ""
        when = change.event_date
        if change.kind is AgreementEventKind.APPROVED:
            self._emit(AgreementApproved(agreement_id=ids[0], provider_id=ids[1], timestamp=when))
            return
        if change.kind is AgreementEventKind.REJECTED:
            self._emit(
                AgreementRejected(
                    agreement_id=ids[0], provider_id=ids[1], reason=message, timestamp=when
                )
            )
        elif change.kind is AgreementEventKind.CANCELLED:
            self._emit(
                AgreementCancelled(
                    agreement_id=ids[0], provider_id=ids[1], reason=message, timestamp=when
                )
            )
        else:
            self._emit(
                AgreementTerminated(
                    agreement_id=ids[0],
                    provider_id=ids[1],
                    terminator=change.terminator or "",
                    reason=message,
                    timestamp=when,
                )
            )
        self._finish()

    async def events(
        self, *, poll_timeout: float = DEFAULT_APPROVAL_POLL, timeout: float | None = None
    ) -> AsyncIterator[AgreementStateChange]:
        """This agreement's state changes; ends after the one that ends the agreement."""
        data = self.data or await self.get()
        async for change in agreement_events(
            self.node,
            after=data.timestamp - _EVENT_SLACK,
            poll_timeout=poll_timeout,
            timeout=timeout,
            max_events=100,
        ):
            if change.agreement_id != self.id:
                continue
            self._observe(change)
            yield change
            if change.kind in _FINAL_KINDS:
                return

    async def terminate(
        self,
        reason: str | Reason = "work finished",
        *,
        retry_for: float = 0.0,
        backoff: Backoff | None = None,
    ) -> bool:
        """End the approved agreement; False if it was already terminated.

        Until both sides end it, an agreement goes on costing money, so with
        `retry_for` (seconds) a provider that cannot be reached now (its daemon
        restarting, the net reconnecting) is asked again, backing off, that long;
        one that keeps refusing, briefly (then `TerminateRefusedError`).
        """
        why = _why(reason)
        backoff = backoff if backoff is not None else Backoff(initial=0.5, cap=5.0)
        give_up = backoff.clock() + retry_for
        refused_since: float | None = None
        while True:
            try:
                await self._terminate_once(why)
                break
            except GoneError:
                if (await self.get()).state is AgreementState.TERMINATED:
                    self._finish()
                    return False
                raise
            except _UNREACHED as error:
                at = backoff.clock()
                until = ask_again_until(error, now=at, give_up=give_up, refused_since=refused_since)
                if at + backoff.delay(backoff.attempts) > until:
                    if refused_by_other_side(error):
                        raise self._refused(error) from error
                    raise
                if refused_by_other_side(error) and refused_since is None:
                    refused_since = at
                await backoff.wait()
        self._terminated(why)
        return True

    async def _terminate_once(self, why: Reason) -> None:
        """One terminate call, not cut short: yagna records it on our side only after the
        other side did, so a cut call leaves it Approved here (see `TerminateRefusedError`)."""
        call = market_api.terminate_agreement(self.node.api, self.id, why)
        await not_cut_short(call, lambda _: self._terminated(why))

    def _terminated(self, why: Reason) -> None:
        self._emit(
            AgreementTerminated(
                agreement_id=self.id,
                provider_id=self.provider_id,
                terminator="Provider" if self.is_provider else "Requestor",
                reason=why.message,
            )
        )
        self._finish()

    def _refused(self, refusal: ServerError) -> TerminateRefusedError:
        """Nothing this side can call ends the agreement now: it counts as closed here."""
        logger.warning(REFUSAL_WARNING, self.id, refusal.message)
        self._finish()
        return TerminateRefusedError(self.id, refusal)

    async def cancel(self, reason: str | Reason = "no longer needed") -> bool:
        """Withdraw a confirmed agreement the provider has not decided on; False if already so."""
        why = _why(reason)
        try:
            await market_api.cancel_agreement(self.node.api, self.id, why)
        except GoneError:
            if (await self.get()).state is AgreementState.CANCELLED:
                self._finish()
                return False
            raise
        self._emit(
            AgreementCancelled(
                agreement_id=self.id, provider_id=self.provider_id, reason=why.message
            )
        )
        self._finish()
        return True

    async def abandon(
        self,
        reason: str | Reason = "no longer needed",
        *,
        retry_for: float = 0.0,
        backoff: Backoff | None = None,
    ) -> bool:
        """Leave the agreement in a final state, whatever it is now; True if it was approved.

        A call that failed while confirming or waiting for approval (the daemon
        restarting, say) does not tell whether the provider approved: ask the
        daemon (again, backing off, while it cannot be reached, up to `retry_for`
        seconds), then cancel it if pending, terminate it if approved. True means
        the provider may bill it.
        """
        backoff = backoff if backoff is not None else Backoff(initial=0.5, cap=5.0)
        give_up = backoff.clock() + retry_for
        while True:
            try:
                state = (await self.get()).state
                if state is AgreementState.PENDING:
                    with suppress(GoneError, ConflictError):
                        await self.cancel(reason)
                    continue  # cancelled, or approved meanwhile: look again
                if state is AgreementState.APPROVED:
                    left = max(0.0, give_up - backoff.clock())
                    await self.terminate(reason, retry_for=left, backoff=backoff)
                    return True
                if state.is_final:
                    self._finish()
                return False
            except TerminateRefusedError:
                raise
            except _UNREACHED:
                if backoff.clock() + backoff.delay(backoff.attempts) > give_up:
                    raise
                await backoff.wait()

    async def _close(self) -> None:
        """Leave nothing in force: cancel if pending, terminate if approved."""
        data = await self.get()
        if data.state is AgreementState.PENDING and not self.is_provider:
            with suppress(GoneError, ConflictError):
                await self.cancel("the requestor is shutting down")
            data = await self.get()  # the provider may have approved meanwhile
        if data.state is AgreementState.APPROVED:
            # the last chance to end it: a provider briefly away is asked again
            with suppress(TerminateRefusedError):  # warned of; nothing more to do here
                await self.terminate("shutting down", retry_for=CLOSE_RETRY_S)
        self._finish()
