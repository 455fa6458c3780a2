"""`WorkContext`: the worker's handle on one provider's activity (yapapi's names).

Scripts are made with `new_script()`. The older style is kept too: `run`,
`send_*`, `download_*` add to a pending script that `commit()` hands over
(`yield ctx.commit()`). Usage, state and cost are read from the activity as
the daemon reports them now.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import attrs

from golem_core.activity import Activity, ActivityState, ActivityUsage, CaptureMode
from golem_core.payment import LinearPricing, PricingError
from golem_hl import events
from golem_hl._engine.emitter import EventEmitter
from golem_hl._engine.job import Job
from golem_hl.executor._script import Script
from golem_hl.executor._transfers import DEFAULT_DOWNLOAD_LIMIT, DEFAULT_FILE_LIMIT, OnDownload
from golem_hl.records import ActivityInfo, AgreementInfo

__all__ = ["UsageSnapshot", "WorkContext"]

E = TypeVar("E", bound=events.Event)

NODE_NAME = "golem.node.id.name"


@attrs.frozen
class UsageSnapshot:
    """Usage counters by name (e.g. `golem.usage.duration_sec`), as `get_usage` returns them."""

    current_usage: Mapping[str, float]
    timestamp: datetime | None = None


class WorkContext:
    def __init__(
        self,
        activity: Activity,
        agreement: AgreementInfo,
        pricing: LinearPricing,
        job: Job,
        emitter: EventEmitter,
    ) -> None:
        self._activity = activity
        self._agreement = agreement
        self._pricing = pricing
        self._job = job
        self._emitter = emitter
        self._pending: Script | None = None

    def __repr__(self) -> str:
        return f"WorkContext(id={self.id}, activity={self.activity}, provider={self.provider_id})"

    @property
    def id(self) -> str:
        """The activity's id: unique for each work context."""
        return self._activity.id

    @property
    def provider_id(self) -> str:
        return self._agreement.provider_id

    @property
    def provider_name(self) -> str | None:
        return self._agreement.details.provider_node_info.name

    @property
    def activity(self) -> ActivityInfo:
        return ActivityInfo(self._activity.id, self._activity.agreement_id)

    @property
    def agreement(self) -> AgreementInfo:
        return self._agreement

    def new_script(self, timeout: timedelta | None = None, wait_for_results: bool = True) -> Script:
        return Script(self, timeout, wait_for_results)

    # --- the pending script (yapapi's older style) --------------------------------------

    def _script(self) -> Script:
        if self._pending is None:
            self._pending = Script(self)
        return self._pending

    def commit(self, timeout: timedelta | None = None) -> Script:
        """The commands added since the last commit, as a script to yield."""
        script = self._script()
        script.timeout = timeout
        self._pending = None
        return script

    def deploy(self, **kwargs: Any) -> Awaitable[events.CommandExecuted]:
        return self._script().deploy(**kwargs)

    def start(self, *args: str) -> Awaitable[events.CommandExecuted]:
        return self._script().start(*args)

    def terminate(self) -> Awaitable[events.CommandExecuted]:
        return self._script().terminate()

    def run(
        self,
        cmd: str,
        *args: str,
        env: Mapping[str, str] | None = None,
        stderr: CaptureMode | None = None,
        stdout: CaptureMode | None = None,
    ) -> Awaitable[events.CommandExecuted]:
        return self._script().run(cmd, *args, env=env, stderr=stderr, stdout=stdout)

    def send_json(self, json_path: str, data: Any) -> Awaitable[events.CommandExecuted]:
        return self._script().upload_json(data, json_path)

    def send_bytes(self, dst_path: str, data: bytes) -> Awaitable[events.CommandExecuted]:
        return self._script().upload_bytes(data, dst_path)

    def send_file(self, src_path: str | Path, dst_path: str) -> Awaitable[events.CommandExecuted]:
        return self._script().upload_file(src_path, dst_path)

    def download_file(
        self, src_path: str, dst_path: str | Path, limit: int = DEFAULT_FILE_LIMIT
    ) -> Awaitable[events.CommandExecuted]:
        return self._script().download_file(src_path, dst_path, limit)

    def download_bytes(
        self, src_path: str, on_download: OnDownload, limit: int = DEFAULT_DOWNLOAD_LIMIT
    ) -> Awaitable[events.CommandExecuted]:
        return self._script().download_bytes(src_path, on_download, limit)

    def download_json(
        self, src_path: str, on_download: OnDownload, limit: int = DEFAULT_DOWNLOAD_LIMIT
    ) -> Awaitable[events.CommandExecuted]:
        return self._script().download_json(src_path, on_download, limit)

    # --- what the activity reports --------------------------------------------------------

    async def get_raw_usage(self) -> ActivityUsage:
        return await self._activity.usage()

    async def get_usage(self) -> UsageSnapshot:
        raw = await self._activity.usage()
        counters = raw.current_usage or ()
        return UsageSnapshot(
            dict(zip(self._pricing.usage_vector, counters, strict=False)), raw.timestamp
        )

    async def get_raw_state(self) -> ActivityState:
        return await self._activity.state()

    async def get_cost(self) -> float | None:
        """What the activity has cost so far by the agreed prices; None before any usage report.

        A float, as yapapi returns it (applications add it to floats); `get_exact_cost`
        gives the Decimal the engine computes with.
        """
        cost = await self.get_exact_cost()
        return None if cost is None else float(cost)

    async def get_exact_cost(self) -> Decimal | None:
        """`get_cost` without the rounding to float."""
        raw = await self._activity.usage()
        if raw.current_usage is None:
            return None
        try:
            return self._pricing.cost(raw.current_usage)
        except PricingError:
            return None

    # --- custom events ------------------------------------------------------------------

    def emit(self, event_class: type[E] | E, **kwargs: Any) -> E:
        """Emit an application's own event (yapapi's `emit(event_class, **kwargs)`).

        A class is built with this context's job, agreement and activity (where it
        has those fields) and `kwargs`; an event built already is emitted as it is.
        """
        if isinstance(event_class, type):
            fields = attrs.fields_dict(event_class)
            context = {"job": self._job, "agreement": self._agreement, "activity": self.activity}
            for name, value in context.items():
                if name in fields:
                    kwargs.setdefault(name, value)
            event = event_class(**kwargs)
        else:
            event = event_class
        self._emitter.emit(event)
        return event
