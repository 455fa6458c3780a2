"""Cassettes: record a session with a real daemon once, replay it offline as often as you like.

    with golem_testing.record("job", Path("cassettes"), api_url=url, app_key=key):
        await my_app()          # talks to the daemon; everything is written down
    with golem_testing.replay("job", Path("cassettes")) as session:
        await my_app()          # no daemon; answers come from cassettes/job.yaml
    assert not session.problems

The pytest plugin (golem_testing.pytest_plugin, registered on install)
wraps this in the `golem_cassette` fixture. Needs vcrpy (the `test` extra);
cassettes/README.md says how it all works.
"""

from golem_testing._errors import CassetteMismatch, CassetteNotFound, ReplayStalled
from golem_testing._session import (
    CANONICAL_API_URL,
    CassetteSession,
    raise_problems,
    record,
    replay,
)

__all__ = [
    "CANONICAL_API_URL",
    "CassetteMismatch",
    "CassetteNotFound",
    "CassetteSession",
    "ReplayStalled",
    "raise_problems",
    "record",
    "replay",
]
