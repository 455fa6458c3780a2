"""Per-command options in yapapi's forms: output capture for `run`, progress for transfers.

Each turns into golem_core's own setting when the command is sent.
"""

from __future__ import annotations

import re
from datetime import timedelta

import attrs

from golem_core import activity as core
from golem_core.activity import AtEnd, CaptureFormat, CaptureMode, Stream

__all__ = ["CaptureContext", "ProgressArgs"]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}


class CaptureContext:
    """yapapi's capture settings for `run`: `CaptureContext.build(mode, limit, fmt)`.

    `mode` is "all" (default), "head", "tail", "headTail" or "stream"; `fmt`
    is "str" or "bin".
    """

    @staticmethod
    def build(
        mode: str | None = None, limit: int | None = None, fmt: str | None = None
    ) -> CaptureMode:
        format_ = CaptureFormat(fmt) if fmt else None
        if mode in (None, "all"):
            return AtEnd(format=format_)
        if mode == "head":
            return AtEnd(head=limit, format=format_)
        if mode == "tail":
            return AtEnd(tail=limit, format=format_)
        if mode == "headTail":
            return AtEnd(head_tail=limit, format=format_)
        if mode == "stream":
            return Stream(limit=limit, format=format_)
        raise ValueError(f"unknown capture mode {mode!r}")


def _interval(text: str | None) -> timedelta | None:
    """yapapi's human durations ('5s', '10min', '500ms'); a bare number is seconds."""
    if text is None:
        return None
    found = _DURATION.match(text)
    if found is None:
        raise ValueError(f"updateInterval {text!r} is not a duration like '5s' or '10min'")
    return timedelta(seconds=float(found[1]) * _UNIT_SECONDS[found[2] or "s"])


@attrs.frozen
class ProgressArgs:
    """Ask for `CommandProgress` events while a deploy or transfer runs (yapapi's fields)."""

    updateInterval: str | None = None
    updateStep: int | None = None

    def to_core(self) -> core.ProgressArgs:
        return core.ProgressArgs(
            update_interval=_interval(self.updateInterval), update_step=self.updateStep
        )
