"""The in-memory GSB router's fixtures (`router`, `conn`) for the tests here."""

from tests.unit.gsb.fake_router import conn, router

__all__ = ["conn", "router"]
