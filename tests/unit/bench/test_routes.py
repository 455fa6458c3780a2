"""The per-endpoint table of REST requests (bench/routes.py)."""

from __future__ import annotations

from bench.routes import RouteRow, format_routes, route_rows

EXEC = "POST /activity-api/v1/activity/{id}/exec"
EVENTS = "GET /market-api/v1/agreementEvents"
ME = "GET /me"


def test_rows_pair_the_libraries_and_put_golem_hls_excess_first() -> None:
    rows = route_rows(
        [
            ("echo 1", "yapapi", {EXEC: 100, ME: 1}),
            ("echo 1", "golem_hl", {EXEC: 100, EVENTS: 5}),
            ("echo 5", "golem_hl", {EXEC: 104}),
        ]
    )
    assert rows == [
        RouteRow("echo 1", EVENTS, 0, 5),
        RouteRow("echo 1", EXEC, 100, 100),
        RouteRow("echo 1", ME, 1, 0),
        RouteRow("echo 5", EXEC, None, 104),
    ]
    assert rows[0].difference == 5 and rows[2].difference == -1
    assert rows[3].difference is None


def test_a_library_that_did_not_run_shows_a_dash_not_zeros() -> None:
    text = format_routes(route_rows([("echo 5", "golem_hl", {EXEC: 104})]))
    assert text.splitlines()[2].split()[-3:] == ["-", "104", "-"]


def test_the_table_lines_up() -> None:
    text = format_routes([RouteRow("echo 1", EVENTS, 0, 5), RouteRow("echo 1", ME, 1, 0)])
    lines = text.splitlines()
    assert lines[0].split() == ["workload", "route", "yapapi", "golem_hl", "+/-"]
    assert lines[2].endswith("0         5   +5")
    assert lines[3].endswith("1         0   -1")
    assert len({len(line) for line in lines[1:]}) == 1
