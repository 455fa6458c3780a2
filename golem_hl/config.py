"""Where the daemon is, and the error for a missing setting (yapapi's `yapapi.config`)."""

from golem_hl.exceptions import MissingConfiguration
from golem_hl.golem import ApiConfig

__all__ = ["ApiConfig", "MissingConfiguration"]
