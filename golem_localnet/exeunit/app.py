"""The exe-unit's life: connect, serve, report Initialized, report usage, shut down.

Order as in the real exe-unit: bind the GSB services first, then report
`[Initialized, null]` (the requestor's CreateActivity waits for it), then
usage every second. SIGTERM/SIGINT/SIGQUIT shut down cleanly: `[S, Terminated]`,
stop all commands, `[Terminated, null]` with the reason, unregister, exit 0.
A lost router connection or a refused usage report also stops the exe-unit,
with exit status 1.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Callable
from typing import Any

from golem_core.gsb.router import GsbConnection
from golem_localnet.exeunit.config import ExeUnitConfig, FaultKind, load_agreement, usage_vector
from golem_localnet.exeunit.counters import UsageCounters
from golem_localnet.exeunit.executor import Executor
from golem_localnet.exeunit.images import image_for_agreement
from golem_localnet.exeunit.reporting import Reporter, ReportFailed
from golem_localnet.exeunit.runner import ProcessRunner
from golem_localnet.exeunit.sandbox import find_bwrap
from golem_localnet.exeunit.service import ExeUnitService
from golem_localnet.exeunit.state import INITIALIZED
from golem_localnet.exeunit.transfer import Transfers
from golem_localnet.exeunit.vpn import ActivityVpn
from golem_localnet.exeunit.vpn.config import offer_capabilities, offer_provider_id

log = logging.getLogger(__name__)

# exit status of the die-during-batch fault (an abrupt crash, nothing reported)
DIED_EXIT_CODE = 101
_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)
# logged once the services are bound and Initialized is reported (tests wait for it)
READY_MARKER = "exe-unit ready"


async def serve(config: ExeUnitConfig) -> int:
    """Run the exe-unit until a signal or a fatal error; returns the exit status."""
    agreement = load_agreement(config.agreement_file)
    dirs = config.dirs
    dirs.create()
    # the sandbox probe runs while we connect and report Initialized (a CreateActivity
    # waits for that); the first command waits for the probe
    bwrap = asyncio.create_task(_probe_sandbox(config))
    counters = UsageCounters(usage_vector(agreement))

    bus = await GsbConnection.connect(config.gsb_url, timeout=config.call_timeout)
    reporter = Reporter(bus, config.report_url, config.activity_id, config.call_timeout)
    runner = ProcessRunner(counters, config.kill_grace)
    transfers = Transfers(bus, dirs, net_prefix=config.gftp_net_prefix, timeout=config.call_timeout)

    def die() -> None:
        log.error("fault injected: dying during a batch")
        runner.kill_all_now()
        os._exit(DIED_EXIT_CODE)

    capabilities = offer_capabilities(agreement)
    vpn = ActivityVpn(
        bus, offer_provider_id(agreement), capabilities is None or "vpn" in capabilities
    )
    image = image_for_agreement(agreement)
    executor = Executor(config, runner, transfers, bwrap, reporter.set_state, die, vpn, image)
    service = ExeUnitService(config, executor, counters)

    loop = asyncio.get_running_loop()
    stop_reason: asyncio.Future[str] = loop.create_future()

    def request_stop(reason: str) -> None:
        if not stop_reason.done():
            stop_reason.set_result(reason)

    for sig in _SIGNALS:
        loop.add_signal_handler(sig, request_stop, f"Interrupted by signal: {int(sig)}")
    usage: asyncio.Task[None] | None = None
    try:
        await service.register(bus)
        await _initialize(config, executor)
        log.info("%s: serving %s", READY_MARKER, config.service_prefix)
        usage = asyncio.create_task(_report_usage(config, reporter, counters, request_stop))
        lost = asyncio.ensure_future(bus.wait_closed())
        waiting: set[asyncio.Future[Any]] = {stop_reason, lost}
        await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        lost.cancel()
        if bus.closed:
            log.error("GSB router connection lost; stopping all commands")
            await runner.stop_all()
            return 1
        reason = stop_reason.result()
        await executor.shutdown(reason)
        await service.unregister(bus)
        return 0 if reason.startswith("Interrupted by signal") else 1
    finally:
        for sig in _SIGNALS:
            loop.remove_signal_handler(sig)
        if usage is not None:
            usage.cancel()
            await asyncio.gather(usage, return_exceptions=True)
        await runner.stop_all()
        await vpn.close()
        await bus.aclose()
        bwrap.cancel()
        await asyncio.gather(bwrap, return_exceptions=True)


async def _probe_sandbox(config: ExeUnitConfig) -> str | None:
    """The bwrap to run commands with, or None (on the host); says which in the log."""
    bwrap = await asyncio.to_thread(find_bwrap, config.dirs) if config.sandbox == "auto" else None
    where = "in bwrap" if bwrap else "on the host"
    log.info("activity %s: commands run %s", config.activity_id, where)
    if bwrap is None and config.sandbox == "auto":
        log.warning("without bwrap, images are not mimicked: commands see the host's files")
    return bwrap


async def _initialize(config: ExeUnitConfig, executor: Executor) -> None:
    faults = config.faults
    if FaultKind.NO_INITIALIZED in faults:
        log.warning("fault injected: Initialized is never reported")
        return
    slow = faults.get(FaultKind.SLOW_INIT)
    if slow is not None and slow.value:
        await asyncio.sleep(slow.value)  # the fault's own delay, not a synchronisation
    await executor.set_state(INITIALIZED)


async def _report_usage(
    config: ExeUnitConfig,
    reporter: Reporter,
    counters: UsageCounters,
    request_stop: Callable[[str], None],
) -> None:
    until = asyncio.Event()
    stop_after = config.faults.get(FaultKind.STOP_USAGE_AFTER)
    if stop_after is not None and stop_after.value is not None:
        asyncio.get_running_loop().call_later(stop_after.value, until.set)
    try:
        await reporter.usage_loop(counters.current, config.report_interval, until)
    except ReportFailed as exc:
        log.error("%s", exc)
        request_stop(str(exc))
        return
    if until.is_set():  # else the loop ended because the exe-unit reported Terminated
        log.warning("fault injected: usage reports stopped")
