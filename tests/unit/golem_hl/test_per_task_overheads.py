"""What the per-task shortcuts must keep: the same answers as the longer ways they replace."""

from __future__ import annotations

import abc
import ast
import asyncio
import gc
import inspect
import logging
import sys
import textwrap
from typing import Any, cast

import attrs
import pytest

from golem_hl import _summary, events
from golem_hl._engine.agreements import Lease
from golem_hl._engine.emitter import EventEmitter
from golem_hl.executor._commands import Run
from golem_hl.executor._running import _side_by_side
from golem_hl.executor._signals import Alarm, Changes, Preempted, unless_news, wait_event


def _chain(function: Any) -> list[str]:
    """The `events.X` classes a handler compares the event's `kind` with, in source order."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return [
        f"events.{node.comparators[0].attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and getattr(node.left, "id", None) == "kind"
        and isinstance(node.ops[0], ast.Is)
        and isinstance(node.comparators[0], ast.Attribute)
    ]


def _names(kinds: tuple[type, ...]) -> list[str]:
    return [f"events.{kind.__name__}" for kind in kinds]


@pytest.mark.parametrize(
    ("handler", "kinds"),
    [
        (_summary.SummaryLogger._handle, _summary._HANDLED),
        (_summary.SummaryLogger._agreement_event, _summary._AGREEMENT_KINDS),
    ],
)
def test_the_summary_skips_only_events_its_chain_would_pass_over(
    handler: Any, kinds: tuple[type, ...]
) -> None:
    assert _names(kinds) == _chain(handler)


def test_the_summary_kind_of_an_event_is_the_first_class_it_is_an_instance_of() -> None:
    for name in events.__all__:
        kind = getattr(events, name)
        if not isinstance(kind, type) or not issubclass(kind, events.Event):
            continue
        event = object.__new__(kind)
        for order in (_summary._HANDLED, _summary._AGREEMENT_KINDS):
            first = next((k for k in order if isinstance(event, k)), None)
            assert _summary._kind(event, order) is first
            assert _summary._kind(event, order) is first  # (the second time from memory)


def test_an_event_class_seen_first_is_told_apart_without_abc_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a negative isinstance against an ABC walks its subclasses recursively: the first event
    # of each class went through ~20 of them, about a tenth of a run's fixed CPU
    samples = [
        object.__new__(kind)
        for name in events.__all__
        if isinstance(kind := getattr(events, name), type) and issubclass(kind, events.Event)
    ]
    checks: list[type] = []
    instance_check, subclass_check = abc.ABCMeta.__instancecheck__, abc.ABCMeta.__subclasscheck__

    def counting_instance(cls: abc.ABCMeta, instance: object) -> bool:
        checks.append(cls)
        return instance_check(cls, instance)

    def counting_subclass(cls: abc.ABCMeta, subclass: type) -> bool:
        checks.append(cls)
        return subclass_check(cls, subclass)

    monkeypatch.setattr(_summary, "_KINDS", {})
    monkeypatch.setattr(abc.ABCMeta, "__instancecheck__", counting_instance)
    monkeypatch.setattr(abc.ABCMeta, "__subclasscheck__", counting_subclass)
    found = [
        _summary._kind(event, order)
        for event in samples
        for order in (_summary._HANDLED, _summary._AGREEMENT_KINDS)
    ]
    monkeypatch.undo()
    assert checks == []
    assert any(kind is not None for kind in found)


def test_each_consumer_gets_the_events_of_its_classes_every_time() -> None:
    emitter = EventEmitter()
    everything: list[events.Event] = []
    agreements: list[events.Event] = []
    emitter.add_consumer(everything.append)
    emitter.add_consumer(agreements.append, ["AgreementEvent"])
    job_event = cast(events.Event, object.__new__(events.JobStarted))
    task_event = cast(events.Event, object.__new__(events.TaskStarted))
    for _ in range(2):
        emitter.emit(job_event)
        emitter.emit(task_event)
    assert everything == [job_event, task_event] * 2
    assert agreements == [task_event] * 2


async def test_waiting_for_an_event() -> None:
    event = asyncio.Event()
    assert await wait_event(event, 0) is False
    event.set()
    assert await wait_event(event, 0) is True
    assert await wait_event(event, None) is True
    event.clear()
    waiting = asyncio.ensure_future(wait_event(event, 3600))
    await asyncio.sleep(0)
    event.set()
    assert await waiting is True


async def test_a_wait_for_an_event_passes_the_callers_cancellation_on() -> None:
    event = asyncio.Event()
    waiting = asyncio.ensure_future(wait_event(event, 3600))
    await asyncio.sleep(0)
    event.set()  # set just as the caller is cancelled: the cancellation still wins
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting


def _lease() -> Lease:
    info = cast(Any, attrs.make_class("Info", ["id", "provider_id"])("agr", "0xprovider"))
    return Lease(cast(Any, None), info, cast(Any, None))


async def test_the_news_of_a_lost_lease_is_one_shared_future() -> None:
    lease = _lease()
    news = lease.lost_news()
    assert lease.lost_news() is news and not news.done()
    lease.mark_lost("gone")
    assert news.done() and lease.lost_news() is news
    later = _lease()
    later.mark_lost("gone before anyone asked")
    assert later.lost_news().done()


async def test_steps_side_by_side_report_each_ones_failure() -> None:
    ran: list[str] = []

    async def step(name: str, error: Exception | None = None) -> None:
        ran.append(name)
        if error is not None:
            raise error

    failure = ValueError("b")
    assert await _side_by_side([]) == []
    assert await _side_by_side([step("a")]) == [None]
    assert await _side_by_side([step("b", failure)]) == [failure]
    assert await _side_by_side([step("c"), step("d", failure)]) == [None, failure]
    assert ran == ["a", "b", "c", "d"]
    with pytest.raises(KeyboardInterrupt):
        await _side_by_side([step("e", cast(Exception, KeyboardInterrupt()))])


def test_a_task_s_events_reach_the_summary_without_abc_isinstance_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # events are ABCs, whose isinstance runs Python code: once an event class is known
    # (`_kind` keeps it), its events are told apart by identity
    from tests.unit.golem_hl.test_progress import ACT_A, JOB, A, Task

    logger = _summary.SummaryLogger()
    task = Task(1)
    script: list[events.Event] = [
        events.AgreementCreated(JOB, A),
        events.AgreementConfirmed(JOB, A),
        events.TaskStarted(JOB, A, ACT_A, task),
        events.TaskFinished(JOB, A, ACT_A, task),
        events.TaskAccepted(JOB, A, ACT_A, task),
    ]
    for event in script:
        logger.log(event)
    checks: list[type] = []
    original = abc.ABCMeta.__instancecheck__
    assert type(events.Event) is abc.ABCMeta

    def counting(cls: abc.ABCMeta, instance: object) -> bool:
        checks.append(cls)
        return original(cls, instance)

    monkeypatch.setattr(abc.ABCMeta, "__instancecheck__", counting)
    for event in script:
        logger.log(event)
    monkeypatch.undo()
    assert checks == []
    assert logger.confirmed_agreements[JOB.id] == {A.id}


def _no_cancel_pending(task: asyncio.Task[Any] | None) -> bool:
    """No cancellation left to deliver to `task` (counted from 3.11 only)."""
    assert task is not None
    if sys.version_info >= (3, 11):
        return task.cancelling() == 0
    return True


@pytest.mark.skipif(sys.version_info < (3, 11), reason="3.10 runs the work in a task")
async def test_work_unless_news_gives_the_work_s_answer_without_a_task() -> None:
    loop = asyncio.get_running_loop()
    news: asyncio.Future[None] = loop.create_future()
    made: list[object] = []
    factory = loop.get_task_factory()

    def counting(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> Any:
        made.append(coro)
        return asyncio.Task(coro, loop=loop, **kwargs)

    async def work() -> int:
        await asyncio.sleep(0)
        return 7

    loop.set_task_factory(counting)
    try:
        assert await unless_news(work(), news) == 7
    finally:
        loop.set_task_factory(factory)
    assert made == []
    news.set_result(None)  # heard of too late: cancels nothing
    await asyncio.sleep(0)
    current = asyncio.current_task()
    assert _no_cancel_pending(current)


async def test_news_first_cancels_the_work_and_preempts() -> None:
    news: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    seen: list[str] = []

    async def work() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            seen.append("cancelled")
            raise

    asyncio.get_running_loop().call_soon(news.set_result, None)
    with pytest.raises(Preempted):
        await unless_news(work(), news)
    current = asyncio.current_task()
    assert seen == ["cancelled"] and _no_cancel_pending(current)
    with pytest.raises(Preempted):  # news already there: the work never starts
        await unless_news(work(), news)
    assert seen == ["cancelled"]


async def test_work_that_ends_anyway_after_the_news_still_counts() -> None:
    news: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def stubborn() -> str:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            return "done anyway"
        return "slept"

    asyncio.get_running_loop().call_soon(news.set_result, None)
    assert await unless_news(stubborn(), news) == "done anyway"
    current = asyncio.current_task()
    assert _no_cancel_pending(current)


async def test_the_caller_s_cancellation_is_not_taken_for_the_news() -> None:
    news: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    started = asyncio.Event()

    async def work() -> None:
        started.set()
        await asyncio.sleep(10)

    async def guarded() -> None:
        await unless_news(work(), news)

    task = asyncio.create_task(guarded())
    await started.wait()
    task.cancel()
    news.set_result(None)  # both at once: the caller's cancellation wins
    with pytest.raises(asyncio.CancelledError):
        await task
    assert task.cancelled()


async def test_an_alarm_sets_its_event_once_its_time_comes() -> None:
    loop = asyncio.get_running_loop()
    event = asyncio.Event()
    alarm = Alarm(event, loop.time() + 0.01)
    assert not alarm.rang
    await event.wait()
    assert alarm.rang
    event.clear()
    assert alarm.rang  # it stays rung
    quiet = Alarm(event, loop.time())
    quiet.cancel()
    await asyncio.sleep(0.01)
    assert not quiet.rang and not event.is_set()


def test_event_reprs_are_logged_only_when_debug_is_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from golem_hl import log
    from tests.unit.golem_hl.test_progress import JOB, A

    calls: list[object] = []
    event = events.AgreementCreated(JOB, A)
    with monkeypatch.context() as patched:
        patched.setattr(log.event_logger, "debug", lambda *args, **kwargs: calls.append(args))
        patched.setattr(log.event_logger, "isEnabledFor", lambda level: False)
        log.log_event_repr(event)
    assert calls == []  # (most apps log no DEBUG: each task's ~8 events cost a call less)
    with caplog.at_level(logging.DEBUG, logger=log.event_logger.name):
        log.log_event_repr(event)
    assert caplog.messages == [repr(event)]


def test_events_the_summary_has_no_branch_for_skip_its_handler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.unit.golem_hl.test_progress import ACT_A, JOB, A, Task

    handled: list[str] = []
    original = _summary.SummaryLogger._handle

    def spy(self: _summary.SummaryLogger, event: events.Event) -> None:
        handled.append(type(event).__name__)
        original(self, event)

    monkeypatch.setattr(_summary.SummaryLogger, "_handle", spy)
    logger = _summary.SummaryLogger()
    task = Task(1)
    script: list[events.Event] = [
        events.TaskStarted(JOB, A, ACT_A, task),
        events.TaskAccepted(JOB, A, ACT_A, task),
        events.TaskFinished(JOB, A, ACT_A, task),
        events.TaskAccepted(JOB, A, ACT_A, task),
    ]
    for logged in script:
        logger.log(logged)
    assert handled == ["TaskStarted", "TaskFinished"]
    # skipped exactly when the chain would pass it over
    for name in events.__all__:
        kind = getattr(events, name)
        if isinstance(kind, type) and issubclass(kind, events.Event):
            sample = object.__new__(kind)
            first = _summary._kind(sample, _summary._HANDLED)
            if first is events.AgreementEvent:
                first = _summary._kind(sample, _summary._AGREEMENT_KINDS)
            assert _summary._passed_over(sample) is (first is None)


async def test_a_listener_hears_changes_only_while_inside() -> None:
    changes = Changes()
    with changes.listener() as first, changes.listener() as second:
        changes.notify()
        assert first.is_set() and second.is_set()
        first.clear()
    changes.notify()  # nobody listens now
    assert not first.is_set()
    with changes.listener() as third:
        assert not third.is_set()
        changes.notify()
        assert third.is_set()


async def test_a_first_listener_wakes_before_the_others_and_its_change_wakes_nobody_again() -> None:
    """The job's feed listens first: what it queues on waking is seen in the others' same wake."""
    changes = Changes()
    woke: list[str] = []

    async def listen(name: str, first: bool, wakes: int) -> None:
        with changes.listener(first=first) as changed:
            for _ in range(wakes):
                changed.clear()
                await changed.wait()
                woke.append(name)
                if name == "feed":
                    changes.notify()  # it queued a task

    other = asyncio.create_task(listen("results", False, 2))
    await asyncio.sleep(0)
    feed = asyncio.create_task(listen("feed", True, 1))
    await asyncio.sleep(0)  # both wait now
    changes.notify()
    await feed
    for _ in range(3):
        await asyncio.sleep(0)
    assert woke == ["feed", "results"]  # the feed's notify found the results' event still set
    assert not other.done()  # so it was not woken a second time
    other.cancel()


async def test_a_command_s_end_schedules_no_callback_on_the_loop() -> None:
    """Its future has no done callback: one call of the loop's fewer at every command's end."""
    loop = asyncio.get_running_loop()
    command = Run("/bin/true")
    future = command._future()
    ready = len(loop._ready)  # type: ignore[attr-defined]
    command._resolve(cast(events.CommandExecuted, object()))
    assert future.done()
    assert len(loop._ready) == ready  # type: ignore[attr-defined]


async def test_a_failed_command_nobody_awaits_is_not_logged_but_an_await_still_raises(
    caplog: pytest.LogCaptureFixture,
) -> None:
    never_awaited = Run("/bin/true")
    never_awaited._fail(RuntimeError("lost"))
    awaited = Run("/bin/true")
    awaited._fail(RuntimeError("seen"))
    with pytest.raises(RuntimeError, match="seen"):
        await awaited.outcome
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        del never_awaited
        gc.collect()
    assert "never retrieved" not in caplog.text


class _Script:
    id = "1"


def _line_only_samples() -> list[events.Event]:
    from tests.unit.golem_hl.test_progress import ACT_A, JOB, A, Task

    return [
        events.AgreementRejected(JOB, A),
        events.AgreementTerminated(JOB, A, {"golem.requestor.code": "Cancelled"}),
        events.TaskStarted(JOB, A, ACT_A, Task(1)),
        events.ScriptSent(JOB, A, ACT_A, _Script()),
        events.ScriptFinished(JOB, A, ACT_A, _Script()),
        events.WorkerStarted(JOB, A),
    ]


def test_the_summary_s_line_only_branches_keep_nothing(caplog: pytest.LogCaptureFixture) -> None:
    # what lets `log` skip them when their line's level is off: their branch, run anyway,
    # leaves the summary as it was (but for the provider it caches per agreement)
    samples = _line_only_samples()
    assert sorted(type(e).__name__ for e in samples) == sorted(
        k.__name__ for k in _summary._LINE_ONLY
    )
    for event in samples:
        logger = _summary.SummaryLogger()
        before = repr({k: v for k, v in vars(logger).items() if k != "agreement_provider"})
        with caplog.at_level(logging.WARNING, logger="golem_hl.summary"):
            logger._handle(event)
        after = repr({k: v for k, v in vars(logger).items() if k != "agreement_provider"})
        assert before == after, type(event).__name__


def test_a_line_only_event_skips_its_branch_only_while_its_level_is_off(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    handled: list[str] = []
    original = _summary.SummaryLogger._handle

    class Own(_summary.SummaryLogger):
        def _handle(self, event: events.Event) -> None:
            super()._handle(event)

    logger = _summary.SummaryLogger()

    def spy(event: events.Event) -> None:
        handled.append(type(event).__name__)
        original(logger, event)

    monkeypatch.setattr(logger, "_handle", spy)
    samples = _line_only_samples()
    with caplog.at_level(logging.WARNING, logger="golem_hl.summary"):
        for event in samples:
            logger.log(event)
    assert handled == []
    with caplog.at_level(logging.DEBUG, logger="golem_hl.summary"):
        for event in samples:
            logger.log(event)
    assert handled == [type(e).__name__ for e in samples]
    assert "Task started on provider 'a', task data: 1" in caplog.text
    assert "Script '1' sent to provider 'a'" in caplog.text
    # a subclass's branches may do more than ours: they always run
    assert logger._plain and not Own()._plain


def _event_classes() -> list[type[events.Event]]:
    return [
        kind
        for kind in (getattr(events, name) for name in events.__all__)
        if isinstance(kind, type) and issubclass(kind, events.Event)
    ]


def test_the_default_consumer_is_not_given_the_events_it_would_do_nothing_with(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import golem_hl

    caplog.set_level(logging.WARNING, logger="golem_hl")
    golem = golem_hl.Golem(budget=1, app_key="k")
    emitter = golem._emitter
    # a task's events: made only for a consumer that acts on them
    assert not emitter.wants(events.CommandStarted)
    assert not emitter.wants(events.TaskStarted)  # a line at INFO
    assert not emitter.wants(events.ScriptSent)  # a line at DEBUG
    assert emitter.wants(events.TaskFinished)  # counted for the summary
    caplog.set_level(logging.INFO, logger="golem_hl.summary")
    assert emitter.wants(events.TaskStarted)
    assert not emitter.wants(events.ScriptSent)
    caplog.set_level(logging.DEBUG, logger="golem_hl.events")  # every event's repr
    assert emitter.wants(events.CommandStarted) and emitter.wants(events.ScriptSent)
    # an application's consumer gets every event
    seen: list[events.Event] = []
    assert golem_hl.Golem(budget=1, app_key="k", event_consumer=seen.append)._emitter.wants(
        events.CommandStarted
    )


def test_a_summary_passes_over_an_event_class_only_when_its_log_would_do_nothing(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from golem_hl.log import log_event_repr

    caplog.set_level(logging.WARNING, logger="golem_hl")
    handled: list[type] = []
    monkeypatch.setattr(
        _summary.SummaryLogger, "_handle", lambda self, event: handled.append(type(event))
    )
    wrapped: list[events.Event] = []
    for summary, quiet_wrapped in [
        (_summary.SummaryLogger(), True),
        (_summary.SummaryLogger(log_event_repr), True),
        (_summary.SummaryLogger(wrapped.append), False),  # we cannot tell what it does
    ]:
        for kind in _event_classes():
            handled.clear()
            summary.log(object.__new__(kind))
            if summary.passes_over(kind):
                assert quiet_wrapped and handled == [], kind
            elif quiet_wrapped:
                assert handled == [kind], kind
    failed = _summary.SummaryLogger(log_event_repr)
    failed.error_occurred = True  # it stopped: nothing but its wrapped consumer
    assert all(failed.passes_over(kind) for kind in _event_classes())


def test_an_emitter_wants_an_event_class_while_any_consumer_of_it_may_act() -> None:
    emitter = EventEmitter()
    assert not emitter.wants(events.TaskStarted)
    emitter.add_consumer(lambda event: None, ["AgreementConfirmed"])
    assert not emitter.wants(events.TaskStarted)
    assert emitter.wants(events.AgreementConfirmed)
    quiet = {events.TaskStarted}
    emitter.add_consumer(lambda event: None, passes_over=lambda kind: kind in quiet)
    assert not emitter.wants(events.TaskStarted)
    assert emitter.wants(events.TaskFinished)
    quiet.clear()  # asked every time: a consumer's answer may change (logging levels)
    assert emitter.wants(events.TaskStarted)
