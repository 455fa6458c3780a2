"""Serving activities: an exe-unit per activity, started and stopped on the daemon's events.

CreateActivity starts our exe-unit in a work directory of its own
(`<data dir>/activities/<agreement>/<activity>/`, the agreement beside it as
`agreement.json`); the exe-unit reports Initialized to the daemon itself.
DestroyActivity stops it (SIGTERM, then SIGKILL). However an exe-unit ends, the
activity must end Terminated on the daemon, or the requestor's destroy call
hangs: when the exe-unit did not say so itself (it crashed, was killed, or
never started) the agent records the state over REST.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from golem_core.activity import Activity, CreateActivity, State
from golem_core.activity.provider import set_state
from golem_core.exceptions import GolemError
from golem_core.market.data import AgreementData, DemandData, OfferData
from golem_core.node import GolemNode
from golem_localnet.provider.exeunits import ExeUnitLaunch, ExeUnitStarter
from golem_localnet.provider.faults import ProviderFaults
from golem_localnet.provider.history import AgentEvent, AgentEventKind, History
from golem_localnet.provider.payments import Biller
from golem_localnet.provider.records import ActivityRecord, AgreementRecord
from golem_localnet.provider.tasks import TaskSet

__all__ = ["ActivityHost", "OnEnded", "agreement_document"]

log = logging.getLogger(__name__)

OnEnded = Callable[[AgreementRecord], Awaitable[None]]


class ActivityHost:
    def __init__(
        self,
        node: GolemNode,
        *,
        gsb_url: str,
        data_dir: Path,
        faults: ProviderFaults,
        history: History,
        biller: Biller,
        tasks: TaskSet,
        on_ended: OnEnded,
        stop_grace: float,
        exeunits: ExeUnitStarter,
    ) -> None:
        self._node = node
        self._gsb_url = gsb_url
        self._data_dir = data_dir
        self.faults = faults
        self._history = history
        self._biller = biller
        self._tasks = tasks
        self._on_ended = on_ended
        self._stop_grace = stop_grace
        self._exeunits = exeunits

    async def start(self, agreement: AgreementRecord, request: CreateActivity) -> ActivityRecord:
        """Start the exe-unit of a new activity, or end the activity at once if we cannot."""
        activity = ActivityRecord(Activity(self._node, request.activity_id, request.agreement_id))
        agreement.activities[request.activity_id] = activity
        if agreement.ended:
            await self._not_started(agreement, activity, "the agreement has ended")
            return activity
        work_dir = self._data_dir / "activities" / request.agreement_id / request.activity_id
        agreement_file = work_dir.parent / "agreement.json"
        launch = ExeUnitLaunch(
            activity_id=request.activity_id,
            agreement_id=request.agreement_id,
            gsb_url=self._gsb_url,
            work_dir=work_dir,
            agreement_file=agreement_file,
            faults=self.faults.exeunit,
        )
        try:
            work_dir.mkdir(parents=True, exist_ok=True)
            agreement_file.write_text(json.dumps(agreement_document(agreement.data)))
            activity.exeunit = await self._exeunits.start(launch)
        except OSError as error:
            await self._not_started(agreement, activity, f"cannot start the exe-unit: {error}")
            return activity
        await self._history.record(
            AgentEvent(
                kind=AgentEventKind.ACTIVITY_STARTED,
                agreement_id=request.agreement_id,
                activity_id=request.activity_id,
                detail=f"pid {activity.exeunit.pid}, work dir {work_dir}",
            )
        )
        self._tasks.spawn(self._watch(agreement, activity), f"watch {request.activity_id}")
        self._tasks.spawn(
            self._biller.bill_while_running(agreement, activity), f"bill {request.activity_id}"
        )
        return activity

    async def stop(self, activity: ActivityRecord) -> None:
        """Stop the activity's exe-unit and wait until the activity is wound up."""
        if activity.exeunit is not None and activity.exeunit.returncode is None:
            await activity.exeunit.stop(self._stop_grace)
        await activity.ended.wait()

    async def refuse(self, request: CreateActivity, why: str) -> None:
        """An activity we will not serve (e.g. of an agreement we never approved)."""
        await self._history.record(
            AgentEvent(
                kind=AgentEventKind.ACTIVITY_NOT_STARTED,
                agreement_id=request.agreement_id,
                activity_id=request.activity_id,
                detail=why,
            )
        )
        await self._terminated(Activity(self._node, request.activity_id, request.agreement_id), why)

    async def _watch(self, agreement: AgreementRecord, activity: ActivityRecord) -> None:
        exeunit = activity.exeunit
        assert exeunit is not None
        code = await exeunit.exited
        requested = exeunit.stop_requested
        how = "stopped by the provider" if requested else "ended by itself"
        # a stopped exe-unit normally reports Terminated itself; one that died did not
        reason = f"exe-unit {how}, exit code {code}"
        await self._terminated(activity.activity, reason, only_if_alive=requested)
        await self._wind_up(agreement, activity, code, how)

    async def _not_started(
        self, agreement: AgreementRecord, activity: ActivityRecord, why: str
    ) -> None:
        await self._history.record(
            AgentEvent(
                kind=AgentEventKind.ACTIVITY_NOT_STARTED,
                agreement_id=agreement.agreement_id,
                activity_id=activity.activity_id,
                detail=why,
            )
        )
        await self._terminated(activity.activity, why)
        await self._wind_up(agreement, activity, None, why)

    async def _wind_up(
        self, agreement: AgreementRecord, activity: ActivityRecord, code: int | None, how: str
    ) -> None:
        if activity.exeunit is None:
            activity.final_total = Decimal(0)  # it never ran
        else:
            await self._biller.close_activity(agreement, activity)
        activity.ended.set()
        await self._history.record(
            AgentEvent(
                kind=AgentEventKind.ACTIVITY_ENDED,
                agreement_id=agreement.agreement_id,
                activity_id=activity.activity_id,
                exit_code=code,
                amount=activity.final_total,
                detail=how,
            )
        )
        await self._on_ended(agreement)

    async def _terminated(
        self, activity: Activity, reason: str, only_if_alive: bool = False
    ) -> None:
        """Record Terminated on the daemon (unless the exe-unit did), so a destroy returns."""
        try:
            if only_if_alive and (await activity.state()).current is State.TERMINATED:
                return
            error = None if only_if_alive else reason
            await set_state(
                self._node, activity.id, State.TERMINATED, reason=reason, error_message=error
            )
        except GolemError as failure:
            log.warning("could not mark %s Terminated: %s", activity.id, failure)


def agreement_document(agreement: AgreementData) -> dict[str, Any]:
    """The agreement as yagna's REST API shows it (camelCase), for the exe-unit to read."""
    document: dict[str, Any] = {
        "agreementId": agreement.agreement_id,
        "state": agreement.state.value,
        "timestamp": agreement.timestamp.isoformat(),
        "validTo": agreement.valid_to.isoformat(),
        "demand": _side(agreement.demand),
        "offer": _side(agreement.offer),
    }
    if agreement.approved_date is not None:
        document["approvedDate"] = agreement.approved_date.isoformat()
    return document


def _side(side: DemandData | OfferData) -> dict[str, Any]:
    if isinstance(side, DemandData):
        ids = {"demandId": side.demand_id, "requestorId": side.requestor_id}
    else:
        ids = {"offerId": side.offer_id, "providerId": side.provider_id}
    return {
        **ids,
        "properties": dict(side.properties),
        "constraints": side.constraints,
        "timestamp": side.timestamp.isoformat(),
    }
