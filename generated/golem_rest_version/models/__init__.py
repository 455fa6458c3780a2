"""Contains all the data models used in inputs/outputs.

Each model's module is imported when its name is first read from this package
(PEP 562): building every model class costs a program that uses a few of them
most of its start-up time.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .error_message import ErrorMessage
    from .yagna_version_info import YagnaVersionInfo
    from .yagna_version_response import YagnaVersionResponse

_MODULES = {
    "ErrorMessage": ".error_message",
    "YagnaVersionInfo": ".yagna_version_info",
    "YagnaVersionResponse": ".yagna_version_response",
}

__all__ = (
    "ErrorMessage",
    "YagnaVersionInfo",
    "YagnaVersionResponse",
)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})
