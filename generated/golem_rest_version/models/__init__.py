"""Contains all the data models used in inputs/outputs"""

from .error_message import ErrorMessage
from .yagna_version_info import YagnaVersionInfo
from .yagna_version_response import YagnaVersionResponse

__all__ = (
    "ErrorMessage",
    "YagnaVersionInfo",
    "YagnaVersionResponse",
)
