"""The build's machinery: worker processes and caches. Knows neither MkDocs nor the content.

What the plugin calls is here: ``Workers`` (the worker processes of a build, by stage), ``stopping`` and
``uninterrupted`` (for work done in a worker), the caches of fragments and of compiled templates.
"""

from .cache import CACHE_DIR
from .fragment_cache import FragmentCache
from .workers import Workers, stopping, uninterrupted

__all__ = ["CACHE_DIR", "FragmentCache", "Workers", "stopping", "uninterrupted"]
