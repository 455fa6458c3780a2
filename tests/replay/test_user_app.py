"""The user's test of tests/live/cassette_user_app.py, replayed here from its committed cassette.

tests/live/test_cassette_plugin.py runs the same test live, in a project of its own.
"""

from tests.live.cassette_user_app import test_my_app_greets_everyone

__all__ = ["test_my_app_greets_everyone"]
