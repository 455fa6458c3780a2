"""`Golem`: the entry point of the high-level API, with yapapi's names and meanings.

    async with Golem(budget=1.0, subnet_tag="public") as golem:
        async for task in golem.execute_tasks(worker, [Task(data=None)], payload=package):
            print(task.result)

`start()` connects to the daemon (`app_key` / `api_url`, else `YAGNA_APPKEY` /
`YAGNA_API_URL`), reserves the budget on the payment platform
(`NoPaymentAccountError` when the daemon has no account there) and starts
paying for whatever agreements jobs make. `stop()` (or leaving the `async
with`) ends running jobs, waits for the providers' invoices, releases what is
left of the budget and closes the connection, then emits `ShutdownFinished`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from types import TracebackType
from typing import Any, cast

import attrs

from golem_core.exceptions import ConfigurationError, GolemError
from golem_core.node import DEFAULT_API_URL
from golem_hl import events
from golem_hl._engine.emitter import EventConsumer, EventEmitter
from golem_hl._engine.engine import DEFAULT_INVOICE_TIMEOUT_S, Engine
from golem_hl._engine.settings import ENV_API_URL, ENV_APP_KEY, Settings, resolve_settings
from golem_hl._engine.shield import run_to_end
from golem_hl.exceptions import MissingConfiguration
from golem_hl.executor._job import DEFAULT_NO_PROPOSALS_TIMEOUT, JobRun, TaskData
from golem_hl.executor._task import D, R, Task
from golem_hl.executor._worker import WorkerFunction
from golem_hl.log import SummaryLogger, log_event_repr
from golem_hl.network import Network, NetworkSerialization, create_network, resume_network
from golem_hl.payload import Payload
from golem_hl.services import Cluster, ServiceSerialization, ServiceType
from golem_hl.services._run import resume_service, run_service
from golem_hl.strategy import BaseMarketStrategy, default_strategy

__all__ = [
    "ApiConfig",
    "D",
    "Golem",
    "R",
    "get_version",
    "windows_event_loop_fix",
]

# yapapi's lifecycle lines come from its engine module; ours keep that logger name
lifecycle = logging.getLogger("golem_hl.engine")


def _env(name: str) -> Callable[[], str | None]:
    return lambda: os.environ.get(name)


def _env_str(name: str, default: str | None = None) -> Callable[[], str]:
    # typed `str` as yapapi's fields are; a missing app key is refused after init
    return lambda: cast(str, os.environ.get(name, default))


@attrs.define
class ApiConfig:
    """Where the daemon is (yapapi's `ApiConfig`); unset fields come from the environment.

    Without an app key (argument or `YAGNA_APPKEY`) it raises `MissingConfiguration`
    when made, as yapapi's does. golem_hl talks to one daemon: the per-API URLs may
    be given, but only as that daemon's own (`{api_url}/market-api/v1`, ...).
    """

    app_key: str = attrs.field(factory=_env_str(ENV_APP_KEY))
    api_url: str = attrs.field(factory=_env_str(ENV_API_URL, DEFAULT_API_URL))
    market_url: str | None = attrs.field(factory=_env("YAGNA_MARKET_URL"))
    payment_url: str | None = attrs.field(factory=_env("YAGNA_PAYMENT_URL"))
    net_url: str | None = attrs.field(factory=_env("YAGNA_NET_URL"))
    activity_url: str | None = attrs.field(factory=_env("YAGNA_ACTIVITY_URL"))

    def __attrs_post_init__(self) -> None:
        if self.app_key is None:
            raise MissingConfiguration(ENV_APP_KEY, "API authentication token")
        base = self.api_url.rstrip("/")
        for api in ("market", "payment", "net", "activity"):
            url = getattr(self, f"{api}_url")
            if url is not None and url.rstrip("/") != f"{base}/{api}-api/v1":
                raise ConfigurationError(
                    f"{api}_url={url!r}: golem_hl reaches every API through api_url={base!r}"
                    f" (the {api} API at {base}/{api}-api/v1); separate API hosts are not supported"
                )


def get_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("golem-requestor")
    except PackageNotFoundError:
        return "0.0.0"


def windows_event_loop_fix() -> None:
    """Kept for yapapi applications: Python 3.8+ needs no fix, so this does nothing."""


class Golem:
    def __init__(
        self,
        *,
        budget: float | Decimal,
        strategy: BaseMarketStrategy | None = None,
        subnet_tag: str | None = None,
        payment_driver: str | None = None,
        payment_network: str | None = None,
        event_consumer: EventConsumer | None = None,
        stream_output: bool = False,
        api_config: Any = None,
        app_key: str | None = None,
        api_url: str | None = None,
        invoice_timeout: float = DEFAULT_INVOICE_TIMEOUT_S,
        no_proposals_timeout: timedelta = DEFAULT_NO_PROPOSALS_TIMEOUT,
    ) -> None:
        """`invoice_timeout` (how long `stop()` waits for invoices) and
        `no_proposals_timeout` (how often `NoProposalsConfirmed` repeats) are ours."""
        self._settings: Settings = resolve_settings(
            budget=budget,
            subnet_tag=subnet_tag,
            payment_driver=payment_driver,
            payment_network=payment_network,
            app_key=app_key,
            api_url=api_url,
            api_config=api_config,
            environ=os.environ,
        )
        self._emitter = EventEmitter()
        if event_consumer is None:
            summary = SummaryLogger(log_event_repr)  # what `log_summary(log_event_repr)` makes
            self._emitter.add_consumer(summary.log, passes_over=summary.passes_over)
        else:
            self._emitter.add_consumer(event_consumer)
        if strategy is None:
            strategy = default_strategy()
            self._emitter.add_consumer(
                strategy.on_event, ("AgreementConfirmed", "AgreementRejected")
            )
        self._strategy = strategy
        self._stream_output = stream_output
        self._invoice_timeout = invoice_timeout
        self._no_proposals_timeout = no_proposals_timeout
        self._engine: Engine | None = None
        self._jobs: dict[JobRun, AsyncGenerator[Task[Any, Any], None]] = {}
        self._clusters: set[Cluster[Any]] = set()

    def __repr__(self) -> str:
        state = "started" if self._engine is not None else "stopped"
        return f"Golem({self._settings.platform}, subnet={self.subnet_tag!r}, {state})"

    # --- settings ---------------------------------------------------------------------

    @property
    def budget(self) -> Decimal:
        return self._settings.budget

    @property
    def subnet_tag(self) -> str | None:
        return self._settings.subnet_tag

    @property
    def payment_driver(self) -> str:
        return self._settings.payment_driver

    @property
    def payment_network(self) -> str:
        return self._settings.payment_network

    @property
    def strategy(self) -> BaseMarketStrategy:
        return self._strategy

    @strategy.setter
    def strategy(self, strategy: BaseMarketStrategy) -> None:
        """Jobs started after this use the new strategy."""
        self._strategy = strategy
        if self._engine is not None:
            self._engine.strategy = strategy

    def add_event_consumer(
        self,
        event_consumer: EventConsumer,
        event_classes_or_names: Iterable[type[events.Event] | str] = (events.Event,),
    ) -> None:
        """Also pass events of these classes (or class names in golem_hl.events) to the consumer."""
        self._emitter.add_consumer(event_consumer, event_classes_or_names)

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        """Connect and reserve the budget; a second call while started does nothing."""
        if self._engine is not None:
            return
        engine = Engine(
            self._settings, self._strategy, self._emitter, invoice_timeout=self._invoice_timeout
        )
        self._engine = engine
        try:
            await engine.start()
        except BaseException:
            self._engine = None
            raise

    async def stop(self, wait_for_payments: bool = True) -> None:
        """End running jobs, wait for invoices (unless told not to), release the budget.

        A cancellation meanwhile (Ctrl-C as the app finishes) does not cut this short:
        it is raised once everything is ended and paid for (each step has its timeout).
        """
        engine, self._engine = self._engine, None
        if engine is None:
            return
        await run_to_end(self._stop(engine, wait_for_payments))

    async def _stop(self, engine: Engine, wait_for_payments: bool) -> None:
        exc_info: events.ExcInfo | None = None
        lifecycle.info("Golem is shutting down...")
        try:
            for job, results in list(self._jobs.items()):
                await self._end_job(job, results)
            lifecycle.info("All jobs have finished")
            await asyncio.gather(*(c.terminate() for c in self._clusters), return_exceptions=True)
            self._clusters.clear()
            if not wait_for_payments:
                engine.payments.close_timeout = 0.0
            lifecycle.info("Waiting for Golem services to finish...")
            await engine.stop()
        except BaseException:
            exc_info = sys.exc_info()  # type: ignore[assignment]
            raise
        finally:
            self._emitter.emit(events.ShutdownFinished(exc_info=exc_info))

    async def _end_job(self, job: JobRun, results: AsyncGenerator[Task[Any, Any], None]) -> None:
        try:
            await results.aclose()
        except RuntimeError:  # still being iterated by another task: stop it from outside
            await job.abort()
        self._jobs.pop(job, None)

    async def __aenter__(self) -> Golem:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None and exc is not None:
            self._emitter.emit(events.ExecutionInterrupted(exc_info=(exc_type, exc, tb)))
        await self.stop()

    def _running(self) -> Engine:
        if self._engine is None:
            raise GolemError("Golem is not started: use `async with Golem(...)` or `await start()`")
        return self._engine

    # --- work ---------------------------------------------------------------------------

    async def execute_tasks(
        self,
        worker: WorkerFunction,
        data: TaskData,
        payload: Payload,
        max_workers: int | None = None,
        timeout: timedelta | None = None,
        job_id: str | None = None,
        implicit_init: bool = True,
    ) -> AsyncIterator[Task[Any, Any]]:
        """Compute the tasks on providers; yields each task once its result is accepted.

        `worker(ctx, tasks)` is an async generator run once per provider: it takes
        tasks from `tasks` and yields scripts for the provider to run. With
        `implicit_init` the engine deploys and starts the payload first. Up to
        `max_workers` providers work at once. The first is signed alone; when
        `data` has a length (a list), another only while it would bring the job's
        end forward by more than its start-up takes, so quick tasks may all run
        on one provider.
        """
        job = JobRun(
            self._running(),
            worker,
            data,
            payload,
            max_workers=max_workers,
            timeout=timeout,
            job_id=job_id,
            implicit_init=implicit_init,
            stream_output=self._stream_output,
            no_proposals_timeout=self._no_proposals_timeout,
        )
        async with contextlib.aclosing(job.run()) as results:
            self._jobs[job] = results
            try:
                async for task in results:
                    yield task
            finally:
                self._jobs.pop(job, None)

    async def create_network(
        self,
        ip: str,
        owner_ip: str | None = None,
        mask: str | None = None,
        gateway: str | None = None,
    ) -> Network:
        """A virtual network between us and providers; removed at stop()."""
        return await create_network(self, ip, owner_ip, mask, gateway)

    async def resume_network(self, obj_dict: NetworkSerialization) -> Network:
        """A network made again from `Network.serialize()` (the old one ended with its Golem)."""
        return await resume_network(self, obj_dict)

    async def run_service(
        self,
        service_class: type[ServiceType],
        num_instances: int | None = None,
        instance_params: Iterable[Mapping[str, Any]] | None = None,
        payload: Payload | None = None,
        expiration: datetime | None = None,
        network: Network | None = None,
        network_addresses: Sequence[str] | None = None,
    ) -> Cluster[ServiceType]:
        """Run instances of a `Service` subclass on providers; they stop at stop()."""
        cluster = await run_service(
            self,
            service_class,
            num_instances,
            instance_params,
            payload,
            expiration,
            network,
            network_addresses,
            no_proposals_timeout=self._no_proposals_timeout,
        )
        self._clusters.add(cluster)
        return cluster

    async def resume_service(
        self,
        service_class: type[ServiceType],
        instances: list[ServiceSerialization],
        payload: Payload | None = None,
        expiration: datetime | None = None,
        network: Network | None = None,
    ) -> Cluster[ServiceType]:
        """Run instances again from `Cluster.serialize_instances()` records."""
        cluster = await resume_service(
            self,
            service_class,
            instances,
            payload,
            expiration,
            network,
            no_proposals_timeout=self._no_proposals_timeout,
        )
        self._clusters.add(cluster)
        return cluster
