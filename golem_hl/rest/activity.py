"""yapapi's low-level activity façade (`rest.activity`), over golem_core's Activity and Batch.

`ActivityService(client).new_activity(agreement_id)` starts an activity;
`Activity.send(script)` runs an exe-script given as yapapi's list of command
dicts (`[{"deploy": {}}, {"start": {}}, {"run": {...}}]`) and returns a batch
whose async iteration yields `(events.CommandExecuted, kwargs)` per command, as
yapapi's batches do: a failed command is yielded with `success=False`, the
batch then ends. Commands are parsed by golem_core (`command_from_json`), so a
malformed one is refused before anything is sent.
"""

from __future__ import annotations

import abc
import dataclasses
import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from types import TracebackType
from typing import Any

from golem_core import exceptions as core
from golem_core.activity import Activity as CoreActivity
from golem_core.activity import ActivityState, ActivityUsage, command_from_json
from golem_core.activity import Batch as CoreBatch
from golem_core.activity.results import output_text
from golem_core.ids import ActivityId, AgreementId
from golem_hl import events
from golem_hl.exceptions import BatchError, BatchTimeoutError, CommandExecutionError
from golem_hl.rest.configuration import ApiClient

__all__ = [
    "Activity",
    "ActivityService",
    "Batch",
    "BatchError",
    "BatchTimeoutError",
    "CommandEventData",
    "CommandExecutionError",
    "PollingBatch",
    "Result",
    "StreamingBatch",
]

logger = logging.getLogger(__name__)

CommandEventData = tuple[type[events.CommandEvent], dict[str, Any]]

# a batch without a deadline: yapapi's "in a thousand years"
_NO_DEADLINE = timedelta(days=365000)


class ActivityService:
    """Activities of one client (`Configuration(...).activity()`)."""

    def __init__(self, api_client: ApiClient) -> None:
        self._client = api_client

    async def new_activity(self, agreement_id: str, stream_events: bool = False) -> Activity:
        """Start an activity under an approved agreement."""
        activity = await CoreActivity.create(self._client.node, AgreementId(agreement_id))
        return Activity(activity, stream_events)

    async def use_activity(self, activity_id: str, stream_events: bool = False) -> Activity:
        """An activity that already runs (started by someone else, or earlier)."""
        # the agreement is not known here; golem_core uses it only to label events
        core_activity = CoreActivity(self._client.node, ActivityId(activity_id), AgreementId(""))
        await core_activity.state()  # fails now, with the daemon's error, if it does not exist
        return Activity(core_activity, stream_events)


class Activity:
    """A running activity; `async with` destroys it on exit."""

    def __init__(self, activity: CoreActivity, stream_events: bool = False) -> None:
        self._activity = activity
        self._stream_events = stream_events

    @property
    def id(self) -> str:
        return str(self._activity.id)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id})"

    async def state(self) -> ActivityState:
        """golem_core's state pair (`current`, `pending`, `reason`, `error_message`)."""
        return await self._activity.state()

    async def usage(self) -> ActivityUsage:
        return await self._activity.usage()

    async def send(self, script: list[dict[str, Any]], deadline: datetime | None = None) -> Batch:
        """Run an exe-script of yapapi's command dicts; ValueError names a malformed command."""
        commands = [command_from_json(command) for command in script]
        batch = await self._activity.exec(commands)
        kind = StreamingBatch if self._stream_events else PollingBatch
        return kind(self, batch, len(commands), deadline)

    async def destroy(self) -> None:
        """End the activity; failures are logged, as yapapi's are."""
        try:
            await self._activity.destroy()
        except core.GolemError:
            logger.debug("destroying activity %s failed", self.id, exc_info=True)

    async def __aenter__(self) -> Activity:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.destroy()


@dataclasses.dataclass
class Result:
    idx: int
    message: str | None


class Batch(abc.ABC):  # noqa: B024 -- abstract as yapapi's: the two kinds are used
    """The commands of one `send`, iterated as `(event class, kwargs)` per finished command."""

    def __init__(
        self,
        activity: Activity,
        batch: CoreBatch,
        batch_size: int,
        deadline: datetime | None = None,
    ) -> None:
        self._activity = activity
        self._batch = batch
        self._size = batch_size
        self._deadline = deadline or datetime.now(timezone.utc) + _NO_DEADLINE

    @property
    def id(self) -> str:
        return str(self._batch.id)

    def seconds_left(self) -> float:
        return (self._deadline - datetime.now(timezone.utc)).total_seconds()

    async def __aiter__(self) -> AsyncIterator[CommandEventData]:
        if self.seconds_left() <= 0:
            raise BatchTimeoutError(self._activity.id, self.id, 0.0)
        try:
            async for result in self._batch.iter_results(timeout=self.seconds_left()):
                yield (
                    events.CommandExecuted,
                    {
                        "cmd_idx": result.index,
                        "message": result.message,
                        "stdout": output_text(result.stdout),
                        "stderr": output_text(result.stderr),
                        "success": result.ok,
                    },
                )
        except core.BatchError as failed:
            yield (
                events.CommandExecuted,
                {
                    "cmd_idx": failed.index,
                    "message": failed.message,
                    "stdout": output_text(failed.stdout),
                    "stderr": output_text(failed.stderr),
                    "success": False,
                },
            )
        except core.BatchTimeoutError as late:
            raise BatchTimeoutError.from_core(late) from late
        except core.ActivityTerminatedError as ended:
            raise BatchError("Activity terminated by provider", str(ended)) from ended


class PollingBatch(Batch):
    """Results read by polling the daemon (golem_core's long-polled results)."""


class StreamingBatch(Batch):
    """Asked for with `stream_events=True`; results are read as for `PollingBatch`.

    golem_core streams a batch's runtime events (`Batch.stream_events`) for
    those who want the output as it comes; here the per-command results are what
    yapapi's iteration gives, so both batch kinds read them the same way.
    """
