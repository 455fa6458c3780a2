"""From a run's timings to the table's numbers."""

from __future__ import annotations

import attrs
import pytest

from bench.metrics import (
    Invoices,
    RunRecord,
    format_table,
    measure,
    percentile,
    rows_for,
)


def echo_run(**changes: object) -> RunRecord:
    fields: dict[str, object] = {
        "library": "yapapi",
        "workload": "echo",
        "tasks": 4,
        "size": 0,
        "providers": ["0x1"],
        "started": {0: 2.0, 1: 2.0, 2: 3.0, 3: 3.0},
        "results": {0: 2.5, 1: 3.0, 2: 4.0, 3: 5.0},
        "t_exit": 7.0,
        "peak_rss_kib": 2048,
    }
    fields.update(changes)
    return RunRecord(**fields)  # type: ignore[arg-type]


def test_percentiles_interpolate() -> None:
    assert percentile([], 0.5) is None
    assert percentile([3.0], 0.95) == 3.0
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.5
    assert percentile([float(i) for i in range(101)], 0.95) == pytest.approx(95.0)


def test_echo_metrics() -> None:
    metrics = measure(echo_run(), rest_requests=40, invoices=Invoices(1, 1))
    assert metrics.tasks_per_s == pytest.approx(4 / 5.0)
    assert metrics.first_result_s == 2.5
    # latencies 0.5, 1.0, 1.0, 2.0
    assert metrics.latency_p50_s == pytest.approx(1.0)
    assert metrics.latency_p95_s == pytest.approx(1.85)
    assert metrics.shutdown_s == pytest.approx(2.0)
    assert metrics.peak_rss_mib == 2.0
    assert metrics.rest_per_task == 10.0
    assert metrics.throughput_mb_s is None


def test_transfer_throughput_counts_both_directions() -> None:
    run = echo_run(workload="transfer", size=1_000_000)
    metrics = measure(run, rest_requests=0, invoices=Invoices(1, 1))
    # 4 tasks x 2 MB from the first start (2.0) to the last result (5.0)
    assert metrics.throughput_mb_s == pytest.approx(8 / 3)


def test_a_run_without_results_has_no_timings() -> None:
    run = echo_run(results={}, t_exit=None, errors=["boom"])
    assert not run.correct
    metrics = measure(run, rest_requests=5, invoices=Invoices(0, 0))
    assert metrics.tasks_per_s is None and metrics.first_result_s is None
    assert metrics.shutdown_s is None and metrics.latency_p50_s is None


def test_correct_needs_every_task_right() -> None:
    assert echo_run().correct
    assert not echo_run(wrong=["task 1: bad"]).correct
    assert not echo_run(results={0: 1.0}).correct


def test_table_has_both_columns_and_the_ratio() -> None:
    theirs = measure(echo_run(), 40, Invoices(1, 1))
    ours = measure(echo_run(results={0: 2.1, 1: 2.2, 2: 3.1, 3: 3.2}), 20, Invoices(1, 1))
    rows = rows_for("echo 4, 1 provider", "echo", theirs, ours)
    by_metric = {row.metric: row for row in rows}
    assert by_metric["REST requests per task"].ratio == pytest.approx(0.5)
    assert by_metric["tasks/s"].better == "higher"
    text = format_table(rows, "yapapi 0.13.1", "golem_hl 0.1.0")
    header, rule, *lines = text.splitlines()
    assert "yapapi 0.13.1" in header and "golem_hl 0.1.0" in header and "ratio" in header
    assert set(rule) <= {"-", " "}
    assert len(lines) == len(rows)
    rest = next(line for line in lines if "REST requests per task" in line)
    assert rest.split()[-4:] == ["10", "5", "0.50x", "lower"]


def test_a_missing_library_leaves_its_column_empty() -> None:
    rows = rows_for("t", "transfer", None, measure(echo_run(), 1, Invoices(0, 0)), "note")
    assert all(row.yapapi is None and row.ratio is None and row.note == "note" for row in rows)


def test_notes_become_footnotes() -> None:
    metrics = measure(echo_run(), 1, Invoices(1, 1))
    rows = [
        *rows_for("a", "transfer", metrics, metrics, "yapapi: 0/1 invoices accepted"),
        *rows_for("b", "transfer", metrics, metrics),
    ]
    lines = format_table(rows, "y", "g").splitlines()
    assert lines[2].startswith("a [1] ") and lines[-1] == "[1] yapapi: 0/1 invoices accepted"
    assert not any(line.startswith("b [") for line in lines)


def test_cpu_is_per_task_in_milliseconds() -> None:
    metrics = measure(echo_run(cpu_s=0.02), 8, Invoices(1, 1), daemon_cpu_s=0.04)
    assert metrics.app_cpu_ms_per_task == pytest.approx(5.0)
    assert metrics.daemon_cpu_ms_per_task == pytest.approx(10.0)
    unmeasured = measure(echo_run(), 8, Invoices(1, 1))
    assert unmeasured.app_cpu_ms_per_task is None and unmeasured.daemon_cpu_ms_per_task is None


def test_app_cpu_with_children_adds_the_children_s_cpu_when_both_were_measured() -> None:
    # yapapi's gftp child does the transfer work golem_hl does in its own process
    run = attrs.evolve(echo_run(cpu_s=0.02), children_cpu_s=0.06)
    assert measure(run, 8, Invoices(1, 1)).app_and_children_cpu_ms_per_task == pytest.approx(20.0)
    unmeasured = measure(echo_run(cpu_s=0.02), 8, Invoices(1, 1))
    assert unmeasured.app_and_children_cpu_ms_per_task is None


def test_memory_growth_counts_from_the_thousandth_result_of_a_long_run() -> None:
    long_run = echo_run(tasks=3000, rss_kib={1000: 50 * 1024, 2000: 55 * 1024})
    grown = measure(attrs.evolve(long_run, rss_end_kib=62 * 1024), 0, Invoices(1, 1))
    assert grown.rss_growth_after_1000_mib == pytest.approx(12.0)
    short = echo_run(tasks=1500, rss_kib={1000: 1024}, rss_end_kib=2048)
    assert measure(short, 0, Invoices(1, 1)).rss_growth_after_1000_mib is None


def test_memory_growth_row_only_where_measured() -> None:
    short = measure(echo_run(), 8, Invoices(1, 1))
    labels = [row.metric for row in rows_for("echo 4", "echo", short, short)]
    assert "app CPU per task (ms)" in labels
    assert not any("memory growth" in label for label in labels)
    long_run = echo_run(tasks=2000, rss_kib={1000: 1024}, rss_end_kib=3072)
    grown = measure(long_run, 0, Invoices(1, 1))
    rows = rows_for("echo 2000", "echo", grown, grown)
    assert [r.ratio for r in rows if "memory growth" in r.metric] == [pytest.approx(1.0)]
