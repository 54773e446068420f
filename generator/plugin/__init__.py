"""The MkDocs plugin: the only package that imports MkDocs."""

from .events import InspectionsPlugin

__all__ = ["InspectionsPlugin"]
