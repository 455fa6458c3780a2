"""Contains all the data models used in inputs/outputs"""

from .identity import Identity

__all__ = ("Identity",)
