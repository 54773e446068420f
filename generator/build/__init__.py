"""The build's machinery: worker processes and caches. Knows neither MkDocs nor the content.

What the plugin calls is here: ``Workers`` (the worker processes of a build, by stage), ``stopping`` and
``uninterrupted`` (for work done in a worker), the cache of rendered fragments and that of compiled templates,
and the search index (``pagefind.py``).
"""

from .cache import CACHE_DIR, TEMPLATES_CACHE
from .fragment_cache import FragmentCache
from .pagefind import IndexingError, IndexOptions, finish_index, start_index
from .template_cache import compile_ahead, template_cache
from .workers import Workers, stopping, uninterrupted

__all__ = [
    "CACHE_DIR",
    "TEMPLATES_CACHE",
    "FragmentCache",
    "IndexOptions",
    "IndexingError",
    "Workers",
    "compile_ahead",
    "finish_index",
    "start_index",
    "stopping",
    "template_cache",
    "uninterrupted",
]
