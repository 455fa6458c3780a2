"""Contains all the data models used in inputs/outputs.

Each model's module is imported when its name is first read from this package
(PEP 562): building every model class costs a program that uses a few of them
most of its start-up time.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .error_message import ErrorMessage
    from .gsb_request import GsbRequest
    from .gsb_request_payload import GsbRequestPayload
    from .gsb_response import GsbResponse
    from .gsb_response_error import GsbResponseError
    from .services_listen import ServicesListen
    from .services_request import ServicesRequest
    from .services_response import ServicesResponse

_MODULES = {
    "ErrorMessage": ".error_message",
    "GsbRequest": ".gsb_request",
    "GsbRequestPayload": ".gsb_request_payload",
    "GsbResponse": ".gsb_response",
    "GsbResponseError": ".gsb_response_error",
    "ServicesListen": ".services_listen",
    "ServicesRequest": ".services_request",
    "ServicesResponse": ".services_response",
}

__all__ = (
    "ErrorMessage",
    "GsbRequest",
    "GsbRequestPayload",
    "GsbResponse",
    "GsbResponseError",
    "ServicesListen",
    "ServicesRequest",
    "ServicesResponse",
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
