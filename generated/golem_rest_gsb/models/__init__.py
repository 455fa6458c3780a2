"""Contains all the data models used in inputs/outputs"""

from .error_message import ErrorMessage
from .gsb_request import GsbRequest
from .gsb_request_payload import GsbRequestPayload
from .gsb_response import GsbResponse
from .gsb_response_error import GsbResponseError
from .services_listen import ServicesListen
from .services_request import ServicesRequest
from .services_response import ServicesResponse

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
