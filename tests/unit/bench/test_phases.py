"""The requestor daemon's CPU split by a run's phases, and the sampler that reads it."""

from __future__ import annotations

import itertools

import pytest

from bench.metrics import RunRecord
from bench.phases import CpuSampler, Sample, cpu_at, format_phases, split_by_phase


def run(**changes: object) -> RunRecord:
    fields: dict[str, object] = {
        "library": "golem_hl",
        "workload": "echo",
        "tasks": 2,
        "size": 0,
        "providers": ["0x1"],
        "wall_t0": 100.0,
        "started": {0: 1.0, 1: 2.0},  # the first task handed out at 101
        "results": {0: 2.0, 1: 4.0},  # the last result at 104
    }
    fields.update(changes)
    return RunRecord(**fields)  # type: ignore[arg-type]


# 0.1 s of daemon CPU a second until 101, 1 s a second while the tasks run, then 0.1 again
SAMPLES = [
    Sample(99.0, 0.0),
    Sample(101.0, 0.2),
    Sample(104.0, 3.2),
    Sample(106.0, 3.4),
]


def test_cpu_is_interpolated_between_samples_and_clamped_outside() -> None:
    assert cpu_at(SAMPLES, 100.0) == pytest.approx(0.1)
    assert cpu_at(SAMPLES, 102.5) == pytest.approx(1.7)
    assert cpu_at(SAMPLES, 104.0) == pytest.approx(3.2)
    assert cpu_at(SAMPLES, 50.0) == 0.0
    assert cpu_at(SAMPLES, 200.0) == pytest.approx(3.4)


def test_a_run_is_split_at_its_first_task_and_its_last_result() -> None:
    phases = split_by_phase(SAMPLES, start=99.0, end=106.0, record=run())
    assert phases is not None
    assert phases.before_tasks_ms == pytest.approx(200)
    assert phases.during_tasks_ms == pytest.approx(3000)
    assert phases.after_tasks_ms == pytest.approx(200)
    assert (phases.before_tasks_s, phases.during_tasks_s, phases.after_tasks_s) == (2, 3, 2)
    # the three phases are the whole run
    whole = (cpu_at(SAMPLES, 106.0) - cpu_at(SAMPLES, 99.0)) * 1000
    total = phases.before_tasks_ms + phases.during_tasks_ms + phases.after_tasks_ms
    assert total == pytest.approx(whole)


def test_moments_outside_the_process_life_are_kept_inside_it() -> None:
    # a record stamped before the harness saw the process start, and a result after its end
    phases = split_by_phase(SAMPLES, 101.5, 103.0, run())
    assert phases is not None
    assert phases.before_tasks_s == 0
    assert phases.after_tasks_s == 0
    assert phases.during_tasks_ms == pytest.approx(1500)


def test_no_split_without_tasks_or_samples() -> None:
    assert split_by_phase(SAMPLES, 99.0, 106.0, run(started={}, results={})) is None
    assert split_by_phase(SAMPLES, 99.0, 106.0, run(wall_t0=None)) is None
    assert split_by_phase([], 99.0, 106.0, run()) is None


def test_the_table_gives_each_phase_and_the_cost_per_task() -> None:
    phases = split_by_phase(SAMPLES, 99.0, 106.0, run())
    text = format_phases([("echo 2", "golem_hl", 2, phases), ("echo 2", "yapapi", 2, None)])
    lines = text.splitlines()
    assert len(lines) == 3  # header, rule, golem_hl's run (yapapi's has no split)
    assert "200 ms / 2.00 s" in lines[2]
    assert "3000 ms / 3.00 s" in lines[2]
    assert "1500.00 ms" in lines[2]
    assert format_phases([("echo 2", "yapapi", 2, None)]) == ""


def test_the_sampler_reads_at_start_and_at_stop_in_time_order() -> None:
    clock = itertools.count(1000.0)
    readings = itertools.count(0.0, 0.5)
    sampler = CpuSampler(lambda: next(readings), every=3600.0, clock=lambda: next(clock))
    samples = sampler.start().stop()
    assert [s.cpu_s for s in samples] == [0.0, 0.5]
    assert samples[0].at < samples[1].at


def test_the_sampler_stops_reading_a_process_that_is_gone() -> None:
    def gone() -> float:
        raise ProcessLookupError("no such process")

    assert CpuSampler(gone, every=0.0).start().stop() == []
