"""Contains all the data models used in inputs/outputs.

Each model's module is imported when its name is first read from this package
(PEP 562): building every model class costs a program that uses a few of them
most of its start-up time.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .address import Address
    from .connection import Connection
    from .error_message import ErrorMessage
    from .network import Network
    from .new_network import NewNetwork
    from .node import Node

_MODULES = {
    "Address": ".address",
    "Connection": ".connection",
    "ErrorMessage": ".error_message",
    "Network": ".network",
    "NewNetwork": ".new_network",
    "Node": ".node",
}

__all__ = (
    "Address",
    "Connection",
    "ErrorMessage",
    "Network",
    "NewNetwork",
    "Node",
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
