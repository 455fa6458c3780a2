"""The agent's bookkeeping: its agreements and their activities, while they last."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from decimal import Decimal

import attrs

from golem_core.activity import Activity
from golem_core.ids import ActivityId, AgreementId
from golem_core.market.agreement import Agreement
from golem_core.market.data import AgreementData
from golem_localnet.provider.billing import BillingTerms
from golem_localnet.provider.exeunits import ExeUnitProcess

__all__ = ["ActivityRecord", "AgreementRecord"]


@attrs.define(eq=False)
class ActivityRecord:
    activity: Activity
    exeunit: ExeUnitProcess | None = None
    # set once the exe-unit is gone and the final usage is read
    ended: asyncio.Event = attrs.field(factory=asyncio.Event)
    # what the activity cost in the end (its pricing applied to its last usage)
    final_total: Decimal | None = None
    # the amount of the last debit note sent for it
    last_billed: Decimal = Decimal(0)
    # the note that billed its final usage, if one was needed
    # one debit note at a time: the final one waits for a regular one under way
    billing: asyncio.Lock = attrs.field(factory=asyncio.Lock)

    @property
    def activity_id(self) -> ActivityId:
        return self.activity.id


@attrs.define(eq=False)
class AgreementRecord:
    data: AgreementData
    terms: BillingTerms
    # golem_core's handle, once we approved it
    agreement: Agreement | None = None
    activities: dict[ActivityId, ActivityRecord] = attrs.field(factory=dict)
    ended: bool = False
    invoiced: bool = False
    # when the last payable debit note went out (yagna starts counting at approval)
    last_payable: datetime = attrs.field(factory=lambda: datetime.now(timezone.utc))
    # a debit-note deadline passed and the agreement is being broken: once is enough
    deadline_elapsed: bool = False

    @property
    def agreement_id(self) -> AgreementId:
        return self.data.agreement_id

    @property
    def all_activities_ended(self) -> bool:
        return all(a.ended.is_set() for a in self.activities.values())
