"""What a failed terminate says: ask the other side again, or it has refused for good.

Pure decisions for `Agreement.terminate`; no I/O.
"""

from __future__ import annotations

from typing import TypeGuard

from golem_core.exceptions import GolemError, ServerError

__all__ = ["REFUSAL_WARNING", "REFUSED_RETRY_S", "ask_again_until", "refused_by_other_side"]

# How long a refusal is asked again: the same answer also covers a database error on the
# other side, which may pass; a Terminated copy there never changes.
REFUSED_RETRY_S = 5.0
# logged with the agreement id and the daemon's words when the refusal is given up on
REFUSAL_WARNING = (
    "agreement %s: the other side's daemon refuses to record its end (%s); it most likely "
    "holds it terminated already (an earlier terminate reached it, its answer was lost), "
    "while our daemon keeps it Approved; not asking again"
)


def refused_by_other_side(error: GolemError) -> TypeGuard[ServerError]:
    """yagna 0.17.6's answer when the other side's daemon cannot record the end.

    It comes when the other side's copy is not Approved any more (most often: a terminate
    of ours reached it and its answer was lost) or its database failed.
    """
    if not isinstance(error, ServerError):
        return False
    text = error.message
    return "Remote Terminate" in text and "due to internal error" in text


def ask_again_until(
    error: GolemError, *, now: float, give_up: float, refused_since: float | None
) -> float:
    """The moment after which a failed terminate is not asked again.

    An unreachable provider is asked again until `give_up` (the caller's `retry_for`);
    a refusal only for `REFUSED_RETRY_S` from the first one (`refused_since`), and never
    past `give_up`.
    """
    if not refused_by_other_side(error):
        return give_up
    first = now if refused_since is None else refused_since
    return min(give_up, first + REFUSED_RETRY_S)
