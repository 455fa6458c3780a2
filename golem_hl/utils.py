"""Small helpers yapapi apps import from `yapapi.utils`: time, flags, deprecation, job loggers."""

from __future__ import annotations

import asyncio
import contextlib
import enum
import functools
import logging
import warnings
from collections.abc import Callable, MutableMapping
from datetime import datetime, timezone, tzinfo
from types import TracebackType
from typing import Any

__all__ = [
    "AsyncWrapper",
    "Deprecated",
    "explode_dict",
    "get_local_timezone",
    "get_logger",
    "strtobool",
    "utc_now",
    "warn_deprecated",
    "warn_deprecated_msg",
]

logger = logging.getLogger(__name__)


class AsyncWrapper:
    """Calls a plain callable from a task of its own, in the order `async_call` queued them.

    Results are dropped and exceptions logged: it is meant for consumers such as
    event loggers, which must not slow down or break the code that emits.
    """

    def __init__(self, wrapped: Callable[..., Any]) -> None:
        self._wrapped = wrapped
        self._queue: asyncio.Queue[tuple[tuple[Any, ...], dict[str, Any]]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> AsyncWrapper:
        self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def closed(self) -> bool:
        return self._task is None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._worker())

    async def stop(self) -> None:
        """Finish the queued calls, then stop; later `async_call`s raise."""
        task, self._task = self._task, None
        if task is None:
            return
        await self._queue.join()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _worker(self) -> None:
        while True:
            args, kwargs = await self._queue.get()
            try:
                self._wrapped(*args, **kwargs)
            except Exception:
                logger.exception("%r raised", self._wrapped)
            finally:
                self._queue.task_done()

    def async_call(self, *args: Any, **kwargs: Any) -> None:
        if self.closed:
            raise RuntimeError("AsyncWrapper is closed")
        self._queue.put_nowait((args, kwargs))


class Deprecated(enum.Enum):
    module = "module"
    parameter = "parameter"
    property = "property"


def warn_deprecated(old_name: str, new_name: str, since_version: str, entity: Deprecated) -> None:
    kind = entity.value
    warn_deprecated_msg(
        f"{kind.capitalize()} `{old_name}` is deprecated since version {since_version},"
        f" please use {kind} `{new_name}` instead."
    )


def warn_deprecated_msg(warning_msg: str) -> None:
    """A DeprecationWarning that is shown even where those are filtered out by default."""
    warnings.filterwarnings("default", category=DeprecationWarning, message=warning_msg)
    warnings.warn(warning_msg, DeprecationWarning, stacklevel=3)


def get_local_timezone() -> tzinfo | None:
    return datetime.now(timezone.utc).astimezone().tzinfo


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


_TRUE = frozenset({"y", "yes", "t", "true", "on", "1"})
_FALSE = frozenset({"n", "no", "f", "false", "off", "0"})


def strtobool(val: str) -> int:
    """1 for a yes-like word, 0 for a no-like one (as distutils had it); ValueError otherwise."""
    word = val.lower()
    if word in _TRUE:
        return 1
    if word in _FALSE:
        return 0
    raise ValueError(f"invalid truth value {val!r}")


def _is_index(part: str) -> bool:
    return part.isdigit()


def _slot(node: dict[str, Any] | list[Any], part: str, default: Any) -> Any:
    """The child `part` of `node` (a key, or an index into a list), made from `default`."""
    if isinstance(node, list):
        index = int(part)
        node.extend([None] * (index + 1 - len(node)))
        if node[index] is None:
            node[index] = default
        return node[index]
    return node.setdefault(part, default)


def explode_dict(imploded_dict: dict[str, Any], separator: str = ".") -> dict[str, Any]:
    """`{"a.b": 1, "c.0.d": 2}` as `{"a": {"b": 1}, "c": [{"d": 2}]}`.

    A numeric part indexes a list. Values are taken as they are (a dict value is
    not exploded itself), and later paths may add keys into an earlier dict value.
    """
    root: dict[str, Any] = {}
    for path, value in imploded_dict.items():
        *parents, leaf = path.split(separator)
        node: Any = root
        for part, following in zip(parents, [*parents[1:], leaf], strict=False):
            node = _slot(node, part, [] if _is_index(following) else {})
        placed = dict(value) if isinstance(value, dict) else value
        if isinstance(node, list):
            _slot(node, leaf, None)
            node[int(leaf)] = placed
        else:
            node[leaf] = placed
    return root


class _JobLogger(logging.LoggerAdapter):  # type: ignore[type-arg]
    """Prefixes a message with its job when the call passes `job_id=...`."""

    def __init__(self, logger: logging.Logger, fmt: str) -> None:
        super().__init__(logger, {})
        self.format = fmt

    def process(
        self, msg: Any, kwargs: MutableMapping[str, Any]
    ) -> tuple[Any, MutableMapping[str, Any]]:
        job_id = kwargs.pop("job_id", None)
        if job_id is not None:
            msg = self.format.format(job_id=job_id, msg=msg)
        return msg, kwargs


@functools.lru_cache(None)
def get_logger(name: str, fmt: str = "[Job {job_id}] {msg}") -> logging.LoggerAdapter[Any]:
    return _JobLogger(logging.getLogger(name), fmt)
