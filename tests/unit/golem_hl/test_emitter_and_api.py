"""Event consumers (by class or by name), and golem_hl's public names."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest

import golem_hl
import golem_hl.executor
import golem_hl.script
from golem_hl import events
from golem_hl._engine.emitter import EventEmitter, resolve_event_classes
from golem_hl._engine.job import Job
from golem_hl.records import AgreementInfo

JOB = Job("1", datetime(2026, 1, 1, tzinfo=timezone.utc))
AGREEMENT = AgreementInfo.create("agreement", "0xprovider", {"golem.node.id.name": "p"})


def test_event_classes_by_class_or_by_name() -> None:
    assert resolve_event_classes(["AgreementConfirmed", events.JobEvent]) == (
        events.AgreementConfirmed,
        events.JobEvent,
    )
    for wrong in (["NoSuchEvent"], ["Job"], [int]):
        with pytest.raises(ValueError):
            resolve_event_classes(wrong)  # type: ignore[arg-type]


def test_consumers_get_what_they_asked_for_in_order() -> None:
    emitter = EventEmitter()
    everything: list[events.Event] = []
    agreements: list[events.Event] = []
    emitter.add_consumer(everything.append)
    emitter.add_consumer(agreements.append, ["AgreementEvent"])
    emitted = [
        events.JobStarted(job=JOB),
        events.AgreementConfirmed(job=JOB, agreement=AGREEMENT),
        events.JobFinished(job=JOB),
    ]
    for event in emitted:
        emitter.emit(event)
    assert everything == emitted
    assert agreements == [emitted[1]]


def test_a_failing_consumer_stops_nobody(caplog: pytest.LogCaptureFixture) -> None:
    emitter = EventEmitter()
    seen: list[events.Event] = []

    def broken(event: events.Event) -> None:
        raise RuntimeError("consumer bug")

    emitter.add_consumer(broken)
    emitter.add_consumer(seen.append)
    with caplog.at_level(logging.ERROR):
        emitter.emit(events.JobStarted(job=JOB))
        emitter.emit(events.JobFinished(job=JOB))
    assert len(seen) == 2
    failures = [r for r in caplog.records if r.name == "golem_hl._engine.emitter"]
    assert len(failures) == 2 and all(r.exc_info for r in failures)


def test_the_public_names_are_sorted_and_importable() -> None:
    assert golem_hl.__all__ == sorted(golem_hl.__all__)
    for name in golem_hl.__all__:
        assert getattr(golem_hl, name) is not None, name
    # what yapapi applications import from the top level
    for name in (
        "Golem",
        "Task",
        "WorkContext",
        "Script",
        "NoPaymentAccountError",
        "Executor",
        "windows_event_loop_fix",
        "__version__",
    ):
        assert name in golem_hl.__all__
    assert golem_hl.executor.__all__ == sorted(golem_hl.executor.__all__)
    assert golem_hl.script.__all__ == sorted(golem_hl.script.__all__)


def test_golem_reads_its_settings_without_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YAGNA_SUBNET", "from-env")
    monkeypatch.setenv("YAGNA_APPKEY", "from-env")
    monkeypatch.delenv("YAGNA_PAYMENT_NETWORK", raising=False)
    seen: list[events.Event] = []
    golem = golem_hl.Golem(budget=2, event_consumer=seen.append, payment_driver="erc20")
    assert (golem.subnet_tag, golem.payment_driver, golem.payment_network) == (
        "from-env",
        "erc20",
        "holesky",
    )
    assert golem.budget == 2
    assert "stopped" in repr(golem)
    # the default strategy learns from agreement events
    assert isinstance(golem.strategy, golem_hl.strategy.DecreaseScoreForUnconfirmedAgreement)
    golem.add_event_consumer(seen.append, ["ShutdownFinished"])
    with pytest.raises(ValueError):
        golem.add_event_consumer(seen.append, ["NotAnEvent"])
