"""A short chaos run: jobs on 5 providers while seeded faults hit them, judged from the
daemons and the chain. `python -m bench.chaos --seed N --minutes M` is the long form."""

from __future__ import annotations

import pytest

from bench.chaos.run import ChaosConfig, chaos

pytestmark = pytest.mark.live


@pytest.mark.timeout(600)
async def test_a_short_chaos_run_loses_nothing_and_pays_exactly() -> None:
    # every kind, as the 10-minute runs of 2026-12-06 survived (bench/README.md, "Chaos")
    tally = await chaos(ChaosConfig(seed=1, minutes=1.0))
    assert tally.jobs >= 2 and tally.faults >= 3, tally.line()
    assert tally.clean, "\n".join([*tally.problems(), tally.line()])
