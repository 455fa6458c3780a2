"""Errors a job raises to the application, besides those of `golem_hl.exceptions`."""

from __future__ import annotations

from datetime import timedelta

from golem_core.exceptions import GolemError

__all__ = ["BudgetExhaustedError", "JobTimeoutError", "ProviderFailed"]


class ProviderFailed(GolemError):
    """The provider can no longer run our work (it ended the agreement, the activity died...)."""


class JobTimeoutError(GolemError, TimeoutError):
    """The job's tasks were not all computed within its `timeout`."""

    def __init__(self, job_id: str, timeout: timedelta, done: int, left: int) -> None:
        super().__init__(f"job {job_id} timed out after {timeout}: {done} task(s) done, {left} not")
        self.job_id = job_id
        self.timeout = timeout


class BudgetExhaustedError(GolemError):
    """What is left of the budget cannot pay for the remaining tasks, so they were not started."""

    def __init__(self, job_id: str, left: int, remaining_budget: object) -> None:
        super().__init__(
            f"job {job_id}: {left} task(s) not started, the budget cannot pay for them"
            f" ({remaining_budget} left)"
        )
        self.job_id = job_id
        self.tasks_left = left
