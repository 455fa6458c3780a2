"""One service instance's life: on a provider, through its handlers, and again elsewhere if it must.

    pending --(agreement, activity)--> starting: start() --> running: run()
            --> stopping: shutdown() --> terminated   [--restart--> pending ...]
    starting / running / stopping --suspend--> suspended

    events: WorkerStarted, ActivityCreated, ServiceStateChanged (each move),
    the handlers' scripts, ServiceFinished, WorkerFinished, AgreementTerminated
    (ServiceStateChanged names the instance's latest activity, so an instance
    stopped before it ever had one changes state without an event)

Each handler is driven like a task worker: every Script it yields runs as one
batch, and the generator is resumed with the results (or the error, which it
may catch). While a handler runs, four things can cut it short, each waited
on, not polled: a stop request (`Cluster.stop_instance`, `terminate`, the
cluster's expiration), a suspension (`Cluster.suspend_instance`: the instance
lets go of its activity and agreement, which stay until the cluster ends), the
provider ending the agreement (the engine's agreement watch), and the health
check (`_health`). `shutdown()` gets `shutdown_timeout`, then the activity is
destroyed and the agreement ended however the instance ended.

A provider that failed the instance (activity not created, activity gone,
agreement ended, unresponsive) gets no more work in this cluster; one whose
run merely raised is only avoided by this instance when it restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections.abc import AsyncGenerator, Awaitable
from typing import TYPE_CHECKING, Any

from golem_core.activity import Activity
from golem_core.exceptions import GolemError
from golem_hl import events
from golem_hl._engine.agreements import Lease
from golem_hl._engine.emitter import exc_info_of
from golem_hl.exceptions import NetworkError, ServiceRunnerError
from golem_hl.executor._context import WorkContext
from golem_hl.executor._driving import ScriptGenerator, drive_scripts
from golem_hl.executor._errors import ProviderFailed
from golem_hl.executor._running import ScriptEnv, run_script
from golem_hl.records import ActivityInfo
from golem_hl.services._health import Health, activity_alive, watch_health
from golem_hl.services._leases import DESTROY_TIMEOUT_S
from golem_hl.services._plan import InstanceSpec
from golem_hl.services.service import Service
from golem_hl.services.service_state import FINAL_STATES, ServiceState, Transition

if TYPE_CHECKING:
    from golem_hl.services.cluster import Cluster

__all__ = ["InstanceRun"]

logger = logging.getLogger(__name__)


class _StopRequested(Exception):
    """The instance was asked to stop while we waited for its activity."""


class _Outcome(enum.Enum):
    DONE = "the handler finished"
    FAILED = "the handler failed"
    STOPPED = "the instance was asked to stop"
    LOST = "the activity or agreement ended"
    UNRESPONSIVE = "the provider does not answer for the activity"
    SUSPENDED = "the instance was suspended"


_TRANSITION = {
    _Outcome.DONE: Transition.LIFECYCLE,
    _Outcome.FAILED: Transition.ERROR_OR_STOP,
    _Outcome.STOPPED: Transition.ERROR_OR_STOP,
    _Outcome.LOST: Transition.TERMINATE,
    _Outcome.UNRESPONSIVE: Transition.MARK_UNRESPONSIVE,
    _Outcome.SUSPENDED: Transition.SUSPEND,
}
# where an instance's life on one provider ends
_ENDS = FINAL_STATES | {ServiceState.suspended}


class InstanceRun:
    def __init__(self, cluster: Cluster[Any], instance: Service, spec: InstanceSpec) -> None:
        self.cluster = cluster
        self.instance = instance
        self.spec = spec
        self.stop_requested = asyncio.Event()
        self.suspend_requested = asyncio.Event()
        # providers this instance failed on for its own reasons: not used for it again
        self.excluded: set[str] = set()
        self.task: asyncio.Task[None] | None = None
        # the agreement and activity of the last run on a provider: events about the
        # instance name them, also once it left them (e.g. when it is restarted)
        self._lease: Lease | None = None
        self._activity: Activity | None = None
        # a failure that restarting cannot cure (e.g. a network address that is taken)
        self._fatal = False
        # whether the current run on a provider failed (the instance's exc_info says why)
        self._failed = False
        # the address the instance had in the VPN on its last provider
        self._last_address: str | None = None

    def __repr__(self) -> str:
        return f"<InstanceRun {self.instance!r}>"

    def request_stop(self) -> None:
        self.stop_requested.set()
        self.cluster.changes.notify()

    def request_suspend(self) -> None:
        """Stop driving the instance, leaving its activity and agreement as they are."""
        self.suspend_requested.set()
        self.stop_requested.set()  # one still looking for a provider stops looking
        self.cluster.changes.notify()

    def _fail(self, error: BaseException) -> None:
        self._failed = True
        self.instance._exc_info = (type(error), error, error.__traceback__)

    # --- the whole life -----------------------------------------------------------------

    async def run(self) -> None:
        instance = self.instance
        try:
            while True:
                lease = await self.cluster.leases.acquire(self)
                if lease is None:  # stopped before it had a provider
                    self._move(Transition.ABANDON)
                    return
                await self._run_on(lease)
                if instance.state not in _ENDS:
                    continue  # no activity on that provider: still pending, try another
                if instance.state is ServiceState.suspended:
                    return
                if self._fatal or self.stop_requested.is_set() or not instance.restart_condition:
                    return
                logger.info("restarting %r", instance)
                await instance.reset()
                self._move(Transition.RESTART)
                self._failed = False
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a bug of ours or in reset(): end this instance, say why
            logger.exception("running %r failed", instance)
            self._fail(error)
            if instance.state not in _ENDS:
                instance.service_instance.service_state.current_state_value = "terminated"
        finally:
            self.cluster.changes.notify()

    def _move(self, transition: Transition) -> None:
        instance = self.instance
        old = instance.state
        new = instance.service_instance.service_state._apply(transition)
        lease, activity = self._lease, self._activity
        if lease is not None and activity is not None:
            self.cluster.emit(
                events.ServiceStateChanged(
                    job=self.cluster.job,
                    agreement=lease.info,
                    activity=ActivityInfo(activity.id, activity.agreement_id),
                    service=instance,
                    old=old,
                    new=new,
                )
            )
        self.cluster.changes.notify()

    # --- one provider ---------------------------------------------------------------------

    async def _run_on(self, lease: Lease) -> None:
        cluster = self.cluster
        cluster.emit(events.WorkerStarted(job=cluster.job, agreement=lease.info))
        try:
            activity = await self._guard(lease, Activity.create(cluster.node, lease.agreement.id))
        except (GolemError, ProviderFailed) as error:
            cluster.emit(
                events.ActivityCreateFailed(
                    job=cluster.job, agreement=lease.info, exc_info=exc_info_of(error)
                )
            )
            await cluster.leases.end(lease, f"no activity: {error}", provider_failed=True)
            return
        except _StopRequested:  # still pending: the run ends it
            await cluster.leases.end(lease, "Service stopped")
            return
        except BaseException:
            await cluster.leases.end(lease, "Service stopped")
            raise
        self._lease, self._activity = lease, activity
        lease.activity = activity
        outcome = _Outcome.DONE
        try:
            info = ActivityInfo(activity.id, activity.agreement_id)
            cluster.emit(
                events.ActivityCreated(job=cluster.job, agreement=lease.info, activity=info)
            )
            outcome = await self._serve(lease, activity)
        except Exception as error:
            self._fail(error)
            raise
        finally:
            await self._leave(lease, activity, outcome)

    async def _serve(self, lease: Lease, activity: Activity) -> _Outcome:
        """Move the instance through its handlers on this activity; what ended it."""
        cluster, instance = self.cluster, self.instance
        instance._set_ctx(
            WorkContext(activity, lease.info, lease.terms.pricing, cluster.job, cluster.emitter)
        )
        env = ScriptEnv(
            cluster.node,
            activity,
            cluster.job,
            lease.info,
            cluster.emitter,
            cluster.stream_output,
            cluster.deadline,
        )
        outcome = _Outcome.DONE
        if not await self._join_network(lease):
            outcome = _Outcome.FAILED
            self._move(Transition.ABANDON)
        else:
            self._move(Transition.LIFECYCLE)  # pending -> starting
        while instance.state not in _ENDS:
            outcome, failure = await self._phase(lease, activity, env)
            if failure is not None:
                self._fail(failure)
            self._move(_TRANSITION[outcome])
        return outcome

    async def _join_network(self, lease: Lease) -> bool:
        network, instance = self.cluster.network, self.instance
        if network is None:
            return True
        address = self.spec.address
        if address is not None and self._last_address == address:
            # restarted: golem_core.net cannot take the old provider's node out of the
            # network, so the address stays its; the instance gets the next free one
            logger.warning("%r restarts at a new address: %s is still taken", instance, address)
            address = None
        try:
            node = await network.add_node(lease.provider_id, address)
        except (NetworkError, GolemError) as error:
            logger.error("%r cannot join %r: %s", instance, network, error)
            self._fail(error)
            self._fatal = isinstance(error, NetworkError)
            return False
        instance._set_network_node(node)
        self._last_address = node.ip
        return True

    async def _leave(self, lease: Lease, activity: Activity, outcome: _Outcome) -> None:
        cluster, instance = self.cluster, self.instance
        failed = self._failed
        error = instance.exc_info[1]
        exc_info = exc_info_of(error) if failed and error is not None else None
        info = ActivityInfo(activity.id, activity.agreement_id)
        context: dict[str, Any] = {"job": cluster.job, "agreement": lease.info, "activity": info}
        cluster.emit(events.ServiceFinished(**context, service=instance, exc_info=exc_info))
        cluster.emit(events.WorkerFinished(**context, exc_info=exc_info))
        if outcome is _Outcome.SUSPENDED:
            return  # the activity and agreement stay as they are, until the cluster ends
        instance._clear_network_node()
        try:
            await activity.destroy(timeout=DESTROY_TIMEOUT_S)
        except GolemError as error:
            logger.info("destroying %s: %s", activity.id, error)
        lease.activity = None
        provider_failed = outcome in (_Outcome.LOST, _Outcome.UNRESPONSIVE)
        if failed and not provider_failed:
            self.excluded.add(lease.provider_id)
        message = f"Service failed: {error or outcome.value}" if failed else "Service finished"
        await cluster.leases.end(
            lease, message, provider_failed=provider_failed, failed=failed or provider_failed
        )

    # --- one handler ----------------------------------------------------------------------

    async def _phase(
        self, lease: Lease, activity: Activity, env: ScriptEnv
    ) -> tuple[_Outcome, BaseException | None]:
        """Run the handler of the current state until it ends or something cuts it short."""
        instance, cluster = self.instance, self.cluster
        state = instance.state
        handlers = {
            ServiceState.starting: instance.start,
            ServiceState.running: instance.run,
            ServiceState.stopping: instance.shutdown,
        }
        generator = handlers[state]()
        if not isinstance(generator, AsyncGenerator):
            error = TypeError(f"{type(instance).__name__}.{state.value} handler must yield Scripts")
            return _Outcome.FAILED, error
        driver = asyncio.create_task(self._drive(generator, env, activity), name=f"{instance!r}")
        lost = asyncio.ensure_future(lease.lost.wait())
        health = asyncio.create_task(
            watch_health(
                activity,
                instance.is_activity_responsive,
                cluster.health_check_interval,
                cluster.health_check_retries,
            )
        )
        # a stop request does not cut a shutdown short; the shutdown timeout does
        stopping = state is ServiceState.stopping
        stop = None if stopping else asyncio.ensure_future(self.stop_requested.wait())
        suspend = asyncio.ensure_future(self.suspend_requested.wait())
        waits = [w for w in (driver, lost, health, suspend, stop) if w is not None]
        try:
            done, _ = await asyncio.wait(
                waits,
                timeout=cluster.shutdown_timeout if stopping else None,
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            for waiting in waits:
                waiting.cancel()
            await asyncio.gather(*waits, return_exceptions=True)
        if driver in done:
            if driver.cancelled():  # the handler cancelled itself
                return _Outcome.FAILED, ServiceRunnerError(
                    f"{instance!r}: the handler was cancelled"
                )
            return await self._ended(driver.exception(), activity)
        if lost in done:
            return _Outcome.LOST, ProviderFailed(lease.lost_reason or _Outcome.LOST.value)
        if health in done:
            verdict = health.result()
            outcome = _Outcome.LOST if verdict is Health.GONE else _Outcome.UNRESPONSIVE
            return outcome, ProviderFailed(outcome.value)
        if suspend in done:
            return _Outcome.SUSPENDED, None
        if stop in done:
            return _Outcome.STOPPED, None
        error = ServiceRunnerError(
            f"{instance!r}: shutdown() did not finish within {cluster.shutdown_timeout} s"
        )
        return _Outcome.FAILED, error

    async def _ended(
        self, error: BaseException | None, activity: Activity
    ) -> tuple[_Outcome, BaseException | None]:
        if error is None:
            return _Outcome.DONE, None
        if isinstance(error, ProviderFailed) or await activity_alive(activity) is False:
            return _Outcome.LOST, error
        return _Outcome.FAILED, error

    async def _drive(self, generator: ScriptGenerator, env: ScriptEnv, activity: Activity) -> None:
        """Send the handler's scripts; resume it with their results or throw their errors in."""
        try:
            await drive_scripts(
                generator,
                lambda script: run_script(env, script),
                lambda: activity_alive(activity),
                "a service handler",
            )
        finally:
            with contextlib.suppress(RuntimeError):  # still running: the cancellation ends it
                await generator.aclose()

    async def _guard(self, lease: Lease, work: Awaitable[Activity]) -> Activity:
        """Await `work` unless the provider ends the agreement (ProviderFailed) or we stop."""
        running = asyncio.ensure_future(work)
        lost = asyncio.ensure_future(lease.lost.wait())
        stop = asyncio.ensure_future(self.stop_requested.wait())
        try:
            await asyncio.wait({running, lost, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in (running, lost, stop):
                waiting.cancel()
            await asyncio.gather(running, lost, stop, return_exceptions=True)
        if not running.cancelled():
            return running.result()
        if lost.done() and not lost.cancelled():
            raise ProviderFailed(lease.lost_reason or "the agreement was lost")
        raise _StopRequested
