"""`Executor`: yapapi's older entry point (the requestor tutorial uses it), over `Golem`.

async with Executor(package=package, max_workers=3, budget=10.0, ...) as executor:
    async for task in executor.submit(worker, tasks):
        ...
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from types import TracebackType
from typing import TYPE_CHECKING, Any

from golem_hl._engine.emitter import EventConsumer
from golem_hl.executor._job import DEFAULT_JOB_TIMEOUT, TaskData
from golem_hl.executor._task import Task
from golem_hl.executor._worker import WorkerFunction
from golem_hl.payload import Payload
from golem_hl.strategy import BaseMarketStrategy

if TYPE_CHECKING:
    from golem_hl.golem import Golem

__all__ = ["Executor"]


class Executor:
    def __init__(
        self,
        *,
        package: Payload,
        max_workers: int = 5,
        timeout: timedelta = DEFAULT_JOB_TIMEOUT,
        budget: float | Decimal,
        strategy: BaseMarketStrategy | None = None,
        subnet_tag: str | None = None,
        driver: str | None = None,
        network: str | None = None,
        event_consumer: EventConsumer | None = None,
        stream_output: bool = False,
        app_key: str | None = None,
        api_url: str | None = None,
    ) -> None:
        from golem_hl.golem import Golem

        self._golem: Golem = Golem(
            budget=budget,
            strategy=strategy,
            subnet_tag=subnet_tag,
            payment_driver=driver,
            payment_network=network,
            event_consumer=event_consumer,
            stream_output=stream_output,
            app_key=app_key,
            api_url=api_url,
        )
        self._package = package
        self._max_workers = max_workers
        self._timeout = timeout

    @property
    def driver(self) -> str:
        return self._golem.payment_driver

    @property
    def network(self) -> str:
        return self._golem.payment_network

    @property
    def subnet_tag(self) -> str | None:
        return self._golem.subnet_tag

    @property
    def strategy(self) -> BaseMarketStrategy:
        return self._golem.strategy

    async def __aenter__(self) -> Executor:
        await self._golem.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._golem.__aexit__(exc_type, exc, tb)

    def submit(self, worker: WorkerFunction, data: TaskData) -> AsyncIterator[Task[Any, Any]]:
        """Compute the tasks; yields each one once its result is accepted."""
        return self._golem.execute_tasks(
            worker, data, self._package, max_workers=self._max_workers, timeout=self._timeout
        )
