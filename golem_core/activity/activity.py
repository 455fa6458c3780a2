"""An activity: the work a provider runs for us under an agreement.

`Activity.create` waits until the provider reports the new activity
Initialized (the daemon holds the call), and registers a closer on the node so
an activity nobody destroyed is destroyed when the node closes. Commands go in
batches (`exec`), whose results are read through the returned `Batch`.

A creation cancelled half-way is finished, not dropped: yagna records the
activity only when the call completes, and a provider cannot invoice an
activity the requestor's daemon never recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, Iterable
from typing import TYPE_CHECKING

from golem_core._api import activity as activity_api
from golem_core.activity.batch import Batch
from golem_core.activity.commands import Command
from golem_core.activity.data import ActivityState, ActivityUsage
from golem_core.events import ActivityCreated, ActivityDestroyed, BatchSent
from golem_core.exceptions import GolemError, NotFoundError
from golem_core.ids import ActivityId, AgreementId

if TYPE_CHECKING:
    from golem_core.node import GolemNode

__all__ = [
    "DEFAULT_CREATE_TIMEOUT",
    "DEFAULT_DESTROY_TIMEOUT",
    "DEFAULT_EXEC_TIMEOUT",
    "DEFAULT_STATE_TIMEOUT",
    "Activity",
]

# Server-side waits: the provider has this long to report Initialized / Terminated.
DEFAULT_CREATE_TIMEOUT = 30.0
DEFAULT_DESTROY_TIMEOUT = 10.0
# For the daemon to ask the provider (state, usage) or hand a batch to the exe-unit.
DEFAULT_STATE_TIMEOUT = 5.0
DEFAULT_EXEC_TIMEOUT = 10.0

logger = logging.getLogger(__name__)


class Activity:
    """One activity on a provider; `latest_state` is the last state we read."""

    def __init__(self, node: GolemNode, activity_id: ActivityId, agreement_id: AgreementId) -> None:
        self.node = node
        self.id = activity_id
        self.agreement_id = agreement_id
        self.latest_state: ActivityState | None = None
        self.destroyed = False
        # one bound method, so remove_closer finds the object add_closer got
        self._closer = self._destroy_on_close

    def __repr__(self) -> str:
        return (
            f"Activity(id={self.id!r}, agreement_id={self.agreement_id!r}, "
            f"destroyed={self.destroyed})"
        )

    @classmethod
    async def create(
        cls,
        node: GolemNode,
        agreement_id: AgreementId,
        timeout: float = DEFAULT_CREATE_TIMEOUT,
    ) -> Activity:
        """Start an activity under an approved agreement; returns once the provider runs it."""
        creating = asyncio.ensure_future(activity_api.create(node.api, agreement_id, timeout))
        try:
            activity_id = await asyncio.shield(creating)
        except asyncio.CancelledError:
            await _finish_then_destroy(cls, node, agreement_id, creating)
            raise
        return cls._created(node, activity_id, agreement_id)

    @classmethod
    def _created(
        cls, node: GolemNode, activity_id: ActivityId, agreement_id: AgreementId
    ) -> Activity:
        activity = cls(node, activity_id, agreement_id)
        node.add_closer(f"activity {activity_id}", activity._closer)
        node.events.emit(ActivityCreated(activity_id=activity_id, agreement_id=agreement_id))
        return activity

    async def state(self, timeout: float = DEFAULT_STATE_TIMEOUT) -> ActivityState:
        """The current state; for a live activity the requestor's daemon asks the provider."""
        self.latest_state = await activity_api.get_state(self.node.api, self.id, timeout)
        return self.latest_state

    async def read_state(self, timeout: float = DEFAULT_STATE_TIMEOUT) -> ActivityState | None:
        """The current state, or None when the daemon cannot tell now (logged, not raised)."""
        try:
            return await self.state(timeout)
        except GolemError as error:
            logger.debug("state of activity %s: %s", self.id, error)
            return None

    async def watch_state(
        self, interval: float, timeout: float = DEFAULT_STATE_TIMEOUT
    ) -> AsyncGenerator[ActivityState | None, None]:
        """The state every `interval` s (first after one interval), None when unreadable.

        The daemon has no activity events for requestors, so this is the one
        place that polls the state; callers stop when they have seen enough.
        """
        while True:
            await asyncio.sleep(interval)  # a poll interval: there is nothing to wait on
            yield await self.read_state(timeout)

    async def usage(self, timeout: float = DEFAULT_STATE_TIMEOUT) -> ActivityUsage:
        return await activity_api.get_usage(self.node.api, self.id, timeout)

    async def exec(
        self,
        commands: Iterable[Command],
        timeout: float = DEFAULT_EXEC_TIMEOUT,
        *,
        per_command: bool = True,
    ) -> Batch:
        """Hand a batch of commands to the exe-unit; read what they do through the Batch.

        `per_command=False`: one results poll per batch rather than per command (see Batch).
        """
        script = tuple(commands)
        if not script:
            raise ValueError("a batch needs at least one command")
        batch_id = await activity_api.exec_batch(self.node.api, self.id, script, timeout)
        if self.node.events.wants(BatchSent):
            self.node.events.emit(
                BatchSent(
                    activity_id=self.id,
                    agreement_id=self.agreement_id,
                    batch_id=batch_id,
                    command_count=len(script),
                )
            )
        return Batch(self, batch_id, script, per_command=per_command)

    async def destroy(self, timeout: float = DEFAULT_DESTROY_TIMEOUT) -> None:
        """End the activity; returns once the provider reports it Terminated.

        An activity that already ended is fine: the daemon acknowledges it at
        once, and one it no longer knows (404) counts as gone too.
        """
        if self.destroyed:
            return
        with contextlib.suppress(NotFoundError):
            await activity_api.destroy(self.node.api, self.id, timeout)
        self.destroyed = True
        self.node.remove_closer(self._closer)
        self.node.events.emit(
            ActivityDestroyed(activity_id=self.id, agreement_id=self.agreement_id)
        )

    async def _destroy_on_close(self) -> None:
        await self.destroy()


async def _finish_then_destroy(
    cls: type[Activity],
    node: GolemNode,
    agreement_id: AgreementId,
    creating: asyncio.Future[ActivityId],
) -> None:
    """Let a cancelled creation complete, and destroy what it made.

    Bounded by the creation's own deadline and the destroy timeout; a further
    cancellation meanwhile does not cut it short (the caller's cancellation is
    re-raised once this returns).
    """

    async def cleanup() -> None:
        try:
            activity_id = await creating
        except (GolemError, asyncio.CancelledError):
            return  # nothing was created, or the daemon cannot tell us what
        activity = cls._created(node, activity_id, agreement_id)
        try:
            await activity.destroy()
        except GolemError as error:
            logger.warning(
                "activity %s, created as we cancelled, not destroyed: %s", activity_id, error
            )

    cleaning = asyncio.ensure_future(cleanup())
    while not cleaning.done():
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(cleaning)
