"""Where a build keeps what the next build may use: the project's ``.cache`` folder (git ignores it).

A file there that is missing, damaged or out of date is done without (and written anew); deleting the folder
is always safe.
"""

from __future__ import annotations

from pathlib import Path

# Relative to the folder of the project's mkdocs.yml: where Material for MkDocs keeps what its plugins cache.
CACHE_DIR = Path(".cache", "plugin", "inspections")
TEMPLATES_CACHE = CACHE_DIR / "templates"
