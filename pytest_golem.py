"""The pytest11 entry point of golem-requestor: golem_testing.pytest_plugin, re-exported.

A module of its own at the top level because pytest rewrites the asserts of
the whole top-level package an entry point lives in; pointing the entry point
into golem_testing would have pytest rewrite all of golem_testing in every session.
"""

from golem_testing.pytest_plugin import (
    golem_cassette,
    golem_local_network,
    pytest_addoption,
    pytest_configure,
    pytest_runtest_call,
)

__all__ = [
    "golem_cassette",
    "golem_local_network",
    "pytest_addoption",
    "pytest_configure",
    "pytest_runtest_call",
]
