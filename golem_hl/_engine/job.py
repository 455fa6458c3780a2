"""The job: one `execute_tasks` call, as events name it (`event.job`)."""

from __future__ import annotations

import itertools
from datetime import datetime

import attrs

__all__ = ["Job", "new_job_id"]

_ids = itertools.count(1)


def new_job_id() -> str:
    return str(next(_ids))


@attrs.define(eq=False)
class Job:
    """What consumers may read of a job: its id, deadline, and how its market went."""

    id: str
    expiration_time: datetime
    offers_collected: int = 0
    proposals_confirmed: int = 0

    def __repr__(self) -> str:
        return f"Job(id={self.id})"  # yapapi's form: `Job(id=1)`
