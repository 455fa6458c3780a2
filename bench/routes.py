"""REST requests by endpoint, both libraries side by side. Pure functions, no I/O.

The proxy counts each run's requests by route (`GET /payment-api/v1/invoices/{id}`,
ids folded). Totals say how far apart the libraries are; this table says where:
for each workload, every route either library used, with both counts and their
difference, the routes that cost golem_hl most first. A library that did not run
in a workload (`--libraries`) shows "-", not zeros.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from bench.metrics import text_table

__all__ = ["RouteRow", "format_routes", "route_rows"]


@attrs.frozen
class RouteRow:
    workload: str
    route: str
    yapapi: int | None
    golem_hl: int | None

    @property
    def difference(self) -> int | None:
        if self.yapapi is None or self.golem_hl is None:
            return None
        return self.golem_hl - self.yapapi


def route_rows(
    runs: Iterable[tuple[str, str, Mapping[str, int]]],
) -> list[RouteRow]:
    """One row per workload and route from `(workload, library, routes)` triples.

    Within a workload: the largest excess of golem_hl first, then by route.
    """
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for workload, library, routes in runs:
        counts.setdefault(workload, {})[library] = dict(routes)
    rows = []
    for workload, libraries in counts.items():
        theirs, ours = libraries.get("yapapi"), libraries.get("golem_hl")
        used = set(theirs or ()) | set(ours or ())
        rows_here = [
            RouteRow(workload, route, _count(theirs, route), _count(ours, route)) for route in used
        ]
        rows.extend(sorted(rows_here, key=lambda r: (-(r.difference or 0), r.route)))
    return rows


def _count(routes: Mapping[str, int] | None, route: str) -> int | None:
    return None if routes is None else routes.get(route, 0)


def _cell(value: int | None, signed: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+d}" if signed else str(value)


def format_routes(rows: Sequence[RouteRow]) -> str:
    """A plain-text table: workload, route, yapapi, golem_hl, difference."""
    header = ("workload", "route", "yapapi", "golem_hl", "+/-")
    lines = [header] + [
        (r.workload, r.route, _cell(r.yapapi), _cell(r.golem_hl), _cell(r.difference, signed=True))
        for r in rows
    ]
    return text_table(lines)
