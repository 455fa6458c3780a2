"""`Executor`: runs one kind of task on a started engine (yapapi 0.13's `Executor`).

yapapi 0.13 builds it inside `Golem.execute_tasks`; applications that use it
directly pass the running engine::

    executor = Executor(_engine=golem._engine, payload=package, implicit_init=True)
    async for task in executor.submit(worker, tasks, job_id="render"):
        ...

The pre-0.7 form, where the executor starts its own engine, is kept for the
requestor tutorial (`examples/yapapi_tutorial.py`)::

    async with Executor(package=package, budget=10.0, max_workers=3) as executor:
        async for task in executor.submit(worker, tasks):
            ...
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from datetime import timedelta
from decimal import Decimal
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from golem_core.exceptions import ConfigurationError
from golem_hl._engine.emitter import EventConsumer
from golem_hl._engine.engine import Engine
from golem_hl.executor._job import (
    DEFAULT_JOB_TIMEOUT,
    DEFAULT_NO_PROPOSALS_TIMEOUT,
    JobRun,
    TaskData,
)
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
        _engine: Engine | None = None,
        payload: Payload | None = None,
        implicit_init: bool = True,
        max_workers: int = 5,
        timeout: timedelta = DEFAULT_JOB_TIMEOUT,
        package: Payload | None = None,
        budget: float | Decimal | None = None,
        strategy: BaseMarketStrategy | None = None,
        subnet_tag: str | None = None,
        driver: str | None = None,
        network: str | None = None,
        event_consumer: EventConsumer | None = None,
        stream_output: bool = False,
        app_key: str | None = None,
        api_url: str | None = None,
    ) -> None:
        """yapapi 0.13: `_engine`, `payload`, `implicit_init`, `max_workers`, `timeout`.

        Without `_engine`, the pre-0.7 form: `package` and `budget` (and the
        `Golem` settings after them) make an engine this executor starts and stops.
        """
        self._payload = payload or package
        if self._payload is None:
            raise ConfigurationError("Executor needs a payload (`payload=`, or `package=`)")
        self._implicit_init = implicit_init
        self._max_workers = max_workers
        self._timeout = timeout
        self._stream_output = stream_output
        self._no_proposals_timeout = DEFAULT_NO_PROPOSALS_TIMEOUT
        self._engine = _engine
        self._golem: Golem | None = None
        if _engine is None:
            if budget is None:
                raise ConfigurationError(
                    "Executor needs `_engine=` (a started engine) or `budget=`"
                )
            from golem_hl.golem import Golem

            self._golem = Golem(
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

    def _owned(self) -> Golem:
        if self._golem is None:
            raise ConfigurationError("this Executor runs on an engine it was given; it owns none")
        return self._golem

    @property
    def driver(self) -> str:
        return self._settings_engine().settings.payment_driver

    @property
    def network(self) -> str:
        return self._settings_engine().settings.payment_network

    @property
    def subnet_tag(self) -> str | None:
        return self._settings_engine().settings.subnet_tag

    @property
    def strategy(self) -> BaseMarketStrategy:
        if self._golem is not None:
            return self._golem.strategy
        assert self._engine is not None
        return self._engine.strategy

    def _settings_engine(self) -> Engine:
        if self._engine is not None:
            return self._engine
        return self._owned()._running()

    async def __aenter__(self) -> Executor:
        golem = self._owned()
        await golem.start()
        self._engine = golem._running()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._engine = None
        await self._owned().__aexit__(exc_type, exc, tb)

    async def submit(
        self, worker: WorkerFunction, data: TaskData, job_id: str | None = None
    ) -> AsyncIterator[Task[Any, Any]]:
        """Compute the tasks; yields each one once its result is accepted."""
        if self._golem is not None:
            golem_results = cast(
                AsyncGenerator[Task[Any, Any], None],
                self._golem.execute_tasks(
                    worker,
                    data,
                    self._payload_or_fail(),
                    max_workers=self._max_workers,
                    timeout=self._timeout,
                    job_id=job_id,
                    implicit_init=self._implicit_init,
                ),
            )
            async with contextlib.aclosing(golem_results):
                async for task in golem_results:
                    yield task
            return
        if self._engine is None:
            raise ConfigurationError("the engine is not started")
        job = JobRun(
            self._engine,
            worker,
            data,
            self._payload_or_fail(),
            max_workers=self._max_workers,
            timeout=self._timeout,
            job_id=job_id,
            implicit_init=self._implicit_init,
            stream_output=self._stream_output,
            no_proposals_timeout=self._no_proposals_timeout,
        )
        async with contextlib.aclosing(job.run()) as results:
            async for task in results:
                yield task

    def _payload_or_fail(self) -> Payload:
        assert self._payload is not None
        return self._payload
