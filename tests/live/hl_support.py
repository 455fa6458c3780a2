"""Helpers for the golem_hl live tests: recording events, a Golem on a LocalNetwork."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from golem_core.activity import DEFAULT_DESTROY_TIMEOUT, DEFAULT_POLL_TIMEOUT
from golem_hl import Golem, events
from golem_hl.payload import vm
from golem_localnet.network import LocalNetwork

E = TypeVar("E", bound=events.Event)

# Cleanup after a cancellation must not wait out any timeout: stay under half the shortest
# one it could hit (a result poll's, an activity destroy's). A check that no step waits a
# timeout out, not a speed goal: how fast cleanup is, the log line of each test says.
CANCEL_WITHIN_S = min(DEFAULT_DESTROY_TIMEOUT, DEFAULT_POLL_TIMEOUT) / 2

IMAGE_HASH = "d646d7b93083d817846c2ae5c62c72ca0507782385a2e29291a3d376"


class Recorder:
    """An event consumer that keeps every event, with the monotonic time it arrived."""

    def __init__(self) -> None:
        self.events: list[events.Event] = []
        self.arrived: list[float] = []

    def __call__(self, event: events.Event) -> None:
        self.events.append(event)
        self.arrived.append(time.monotonic())

    def of(self, kind: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, kind)]

    def names(self) -> list[str]:
        return [type(e).__name__ for e in self.events]

    def first(self, kind: type[E]) -> E:
        found = self.of(kind)
        assert found, f"no {kind.__name__} among {self.names()}"
        return found[0]

    def story(self) -> str:
        """Agreement-level events, one per line (to explain a failed assertion)."""
        lines = []
        for event in self.events:
            if isinstance(event, (events.AgreementEvent, events.JobEvent)) and not isinstance(
                event, (events.ProposalEvent, events.ScriptEvent)
            ):
                provider = getattr(event, "provider_id", "")[:10]
                exception = f" {event.exception!r}" if event.exception else ""
                lines.append(
                    f"{event.timestamp:%H:%M:%S.%f} {type(event).__name__} {provider}{exception}"
                )
        return "\n".join(lines)

    def assert_invoices_accepted(self) -> None:
        """Every agreement that ran an activity had its invoice accepted."""
        ran = {e.agreement.id for e in self.of(events.ActivityCreated)}
        accepted = {e.agreement.id for e in self.of(events.InvoiceAccepted)}
        assert accepted == ran, self.story()

    def index(self, kind: type[events.Event], start: int = 0) -> int:
        for position in range(start, len(self.events)):
            if isinstance(self.events[position], kind):
                return position
        raise AssertionError(f"no {kind.__name__} after #{start} among {self.names()}")


def golem_on(
    network: LocalNetwork,
    recorder: Callable[[events.Event], None],
    budget: Decimal = Decimal(1),
    **options: Any,
) -> Golem:
    env = network.requestor_env()
    return Golem(
        budget=budget,
        subnet_tag=network.subnet,
        app_key=env["YAGNA_APPKEY"],
        api_url=env["YAGNA_API_URL"],
        event_consumer=recorder,
        **options,
    )


async def package_on(network: LocalNetwork) -> vm.VmPackage:
    return await vm.repo(image_hash=IMAGE_HASH, repository_url=network.image_repository_url)
