"""golem_core: the typed mid-level for Golem requestors, on top of yagna's REST APIs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("golem-requestor")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
