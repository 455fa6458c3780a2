"""A context-managed resource that can be kept past its `async with` (yapapi's `rest.resource`)."""

from __future__ import annotations

import abc
from contextlib import AbstractAsyncContextManager
from typing import TypeVar

__all__ = ["ResourceCtx"]

T = TypeVar("T")


class ResourceCtx(AbstractAsyncContextManager[T], abc.ABC):
    """An async context manager whose resource `detach()` hands over, to be closed by the caller."""

    async def detach(self) -> T:
        return await self.__aenter__()
