"""From what a run recorded to the numbers in the table. Pure functions, no I/O.

Definitions (times in seconds since `t0`, taken in the run just before `Golem`
is built, so start-up and market negotiation count):
- tasks/s: tasks / time of the last result
- time to first result: time of the first result
- latency of a task: from the moment a worker got it to the moment its result
  came out of `execute_tasks`; p50 and p95 over all tasks (linear interpolation)
- transfer throughput: bytes uploaded plus bytes downloaded, divided by the
  time from the first task handed to a worker to the last result
- shutdown: from the last result until `async with Golem` has exited; it
  counts as "every invoice accepted" only when every agreement of the run had
  its invoice accepted by then (`invoices_accepted` says how many)
- peak memory: the requestor process's peak RSS (`ru_maxrss`; yapapi's gftp
  child is reported apart, as `children_peak_rss_kib`)
- REST requests per task: requests counted on the wire by the proxy, over tasks
- app CPU per task: user + system CPU of the run's process from `t0` until
  `async with Golem` has exited, over tasks (children, e.g. yapapi's gftp, apart)
- daemon CPU per task: user + system CPU the requestor's yagna used while the
  run's process lived (from /proc), over tasks
- memory growth after 1,000 results: resident memory when the run ended, less
  resident memory after the 1,000th result (runs of at least 2,000 tasks)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs


@attrs.frozen
class RunRecord:
    """The JSON a workload run writes (bench/workload.py)."""

    library: str
    workload: str
    tasks: int
    size: int
    providers: list[str]
    version: str = "?"
    wall_t0: float | None = None
    t_engine_up: float | None = None
    t_last_yield: float | None = None
    t_exit: float | None = None
    started: dict[int, float] = attrs.field(factory=dict)
    results: dict[int, float] = attrs.field(factory=dict)
    wrong: list[str] = attrs.field(factory=list)
    errors: list[str] = attrs.field(factory=list)
    peak_rss_kib: int = 0
    children_peak_rss_kib: int = 0
    python: str = "?"
    cpu_s: float | None = None
    children_cpu_s: float | None = None
    rss_end_kib: int | None = None
    # resident memory after every 1,000th result, by results so far
    rss_kib: dict[int, int] = attrs.field(factory=dict)

    @property
    def correct(self) -> bool:
        """Every task came back, right, and the run ended without an error."""
        return not self.errors and not self.wrong and len(self.results) == self.tasks


@attrs.frozen
class Invoices:
    agreements: int
    accepted: int
    # invoices the provider never managed to send (the requestor's daemon refused them)
    undelivered: int = 0
    # accepted invoices seen paid before the next run began (the harness waits for them)
    settled: int = 0

    @property
    def all_accepted(self) -> bool:
        return self.accepted == self.agreements


@attrs.frozen
class Metrics:
    tasks_per_s: float | None
    first_result_s: float | None
    latency_p50_s: float | None
    latency_p95_s: float | None
    throughput_mb_s: float | None
    shutdown_s: float | None
    peak_rss_mib: float
    rest_per_task: float | None
    app_cpu_ms_per_task: float | None = None
    # the app's child processes too (yapapi's `gftp server`, doing what golem_hl does in-process)
    app_and_children_cpu_ms_per_task: float | None = None
    daemon_cpu_ms_per_task: float | None = None
    rss_growth_after_1000_mib: float | None = None


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The value below which `fraction` of `values` lie (linear between neighbours)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latencies(run: RunRecord) -> list[float]:
    return [run.results[i] - run.started[i] for i in run.results if i in run.started]


def per_task_ms(cpu_s: float | None, tasks: int) -> float | None:
    return cpu_s * 1000 / tasks if cpu_s is not None and tasks else None


def with_children(run: RunRecord) -> float | None:
    """The app's CPU from t0 plus all its children's (reaped before the run process ended)."""
    if run.cpu_s is None or run.children_cpu_s is None:
        return None
    return run.cpu_s + run.children_cpu_s


def rss_growth_mib(run: RunRecord) -> float | None:
    """Resident memory at the end less that after the 1,000th result (2,000 tasks or more)."""
    after_1000 = run.rss_kib.get(1000)
    if run.tasks < 2000 or after_1000 is None or run.rss_end_kib is None:
        return None
    return (run.rss_end_kib - after_1000) / 1024


def measure(
    run: RunRecord, rest_requests: int, invoices: Invoices, daemon_cpu_s: float | None = None
) -> Metrics:
    done = sorted(run.results.values())
    last = done[-1] if done else None
    lat = latencies(run)
    throughput = None
    if run.workload == "transfer" and done and run.started:
        span = done[-1] - min(run.started.values())
        moved = 2 * run.size * len(done)  # each task uploads and downloads `size` bytes
        throughput = moved / span / 1e6 if span > 0 else None
    shutdown = None
    if run.t_exit is not None and last is not None:
        shutdown = run.t_exit - last
    return Metrics(
        tasks_per_s=len(done) / last if last else None,
        first_result_s=done[0] if done else None,
        latency_p50_s=percentile(lat, 0.50),
        latency_p95_s=percentile(lat, 0.95),
        throughput_mb_s=throughput,
        shutdown_s=shutdown,
        peak_rss_mib=run.peak_rss_kib / 1024,
        rest_per_task=rest_requests / run.tasks if run.tasks else None,
        app_cpu_ms_per_task=per_task_ms(run.cpu_s, run.tasks),
        app_and_children_cpu_ms_per_task=per_task_ms(with_children(run), run.tasks),
        daemon_cpu_ms_per_task=per_task_ms(daemon_cpu_s, run.tasks),
        rss_growth_after_1000_mib=rss_growth_mib(run),
    )


# --- the table -------------------------------------------------------------------------

# metric attribute, label, which way is better; None rows are skipped where not measured
ECHO_ROWS = (
    ("tasks_per_s", "tasks/s", "higher"),
    ("first_result_s", "time to first result (s)", "lower"),
    ("latency_p50_s", "p50 latency (s)", "lower"),
    ("latency_p95_s", "p95 latency (s)", "lower"),
)
TRANSFER_ROWS = (("throughput_mb_s", "throughput up+down (MB/s)", "higher"),)
COMMON_ROWS = (
    ("shutdown_s", "last result -> ended, invoices accepted (s)", "lower"),
    ("peak_rss_mib", "requestor peak memory (MiB)", "lower"),
    ("rest_per_task", "REST requests per task", "lower"),
    ("app_cpu_ms_per_task", "app CPU per task (ms)", "lower"),
    ("app_and_children_cpu_ms_per_task", "app + its children's CPU per task (ms)", "lower"),
    ("daemon_cpu_ms_per_task", "requestor daemon CPU per task (ms)", "lower"),
    ("rss_growth_after_1000_mib", "memory growth after 1,000 results (MiB)", "lower"),
)


# rows shown only where measured (memory growth needs a long run)
OPTIONAL_ROWS = frozenset({"rss_growth_after_1000_mib"})


@attrs.frozen
class Row:
    workload: str
    metric: str
    better: str
    yapapi: float | None
    golem_hl: float | None
    # golem_hl / yapapi
    ratio: float | None
    # a value that does not mean what it says (a failed run, invoices left unaccepted)
    note: str = ""


def rows_for(
    title: str, workload: str, yapapi: Metrics | None, ours: Metrics | None, notes: str = ""
) -> list[Row]:
    chosen = ECHO_ROWS if workload == "echo" else TRANSFER_ROWS
    rows = []
    for attribute, label, better in (*chosen, *COMMON_ROWS):
        theirs = getattr(yapapi, attribute) if yapapi else None
        mine = getattr(ours, attribute) if ours else None
        if theirs is None and mine is None and attribute in OPTIONAL_ROWS:
            continue
        ratio = mine / theirs if theirs and mine is not None else None
        rows.append(Row(title, label, better, theirs, mine, ratio, notes))
    return rows


def _cell(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "-"
    if value == 0 or abs(value) >= 100:
        return f"{value:.0f}" if abs(value) >= 100 else "0"
    return f"{value:.{digits}g}"


def text_table(lines: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell (the first two left, the rest right), header ruled."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = []
    for number, line in enumerate(lines):
        padded = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(padded).rstrip())
        if number == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def format_table(rows: Sequence[Row], yapapi_label: str, ours_label: str) -> str:
    """A plain-text table, one line per metric grouped by workload; notes as footnotes."""
    header = ("workload", "metric", yapapi_label, ours_label, "ratio", "better")
    lines = [header]
    footnotes: dict[str, int] = {}
    for row in rows:
        workload = row.workload
        if row.note:
            mark = footnotes.setdefault(row.note, len(footnotes) + 1)
            workload = f"{workload} [{mark}]"
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        lines.append(
            (workload, row.metric, _cell(row.yapapi), _cell(row.golem_hl), ratio, row.better)
        )
    out = [text_table(lines)]
    out.extend(f"[{mark}] {note}" for note, mark in footnotes.items())
    return "\n".join(out)
