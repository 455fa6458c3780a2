"""Contains all the data models used in inputs/outputs"""

from .address import Address
from .connection import Connection
from .error_message import ErrorMessage
from .network import Network
from .new_network import NewNetwork
from .node import Node
from .status import Status

__all__ = (
    "Address",
    "Connection",
    "ErrorMessage",
    "Network",
    "NewNetwork",
    "Node",
    "Status",
)
