"""The job: one `execute_tasks` call, as events name it (`event.job`)."""

from __future__ import annotations

import itertools
from datetime import datetime

import attrs

__all__ = ["Job", "claim_job_id", "new_job_id"]

_ids = itertools.count(1)
# ids given to jobs in this process: events and summary lines tell jobs apart by id
_used: set[str] = set()


def new_job_id() -> str:
    """The next free id ("1", "2", ...), skipping ids applications chose."""
    job_id = next(i for i in map(str, _ids) if i not in _used)
    _used.add(job_id)
    return job_id


def claim_job_id(job_id: str | None) -> str:
    """`job_id` if given and unused in this process (else ValueError, as yapapi), or a new one."""
    if not job_id:
        return new_job_id()
    if job_id in _used:
        raise ValueError(f"job id {job_id!r} is taken: another job in this process has it")
    _used.add(job_id)
    return job_id


@attrs.define(eq=False)
class Job:
    """What consumers may read of a job: its id, deadline, and how its market went."""

    id: str
    expiration_time: datetime
    offers_collected: int = 0
    proposals_confirmed: int = 0

    def __repr__(self) -> str:
        return f"Job(id={self.id})"  # yapapi's form: `Job(id=1)`
