"""What a build keeps for the next: files in the project's ``.cache`` folder, each read whole or not at all.

A build works out some things that the next build, with the same versions of the libraries, would work out
the same, such as the code Jinja compiles (``template_cache.py``).
Each is kept in a file that the next build reads if it can, and checks as it uses it; a file that is missing,
damaged or out of date is done without (and written anew). Deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

# Relative to the folder of the project's mkdocs.yml: where Material for MkDocs keeps what its plugins cache.
# git ignores it.
CACHE_DIR = Path(".cache", "plugin", "inspections")
KEPT_TEMPLATES = CACHE_DIR / "templates.marshal"


def read_kept(path: Path) -> bytes | None:
    """The bytes kept in ``path``, or None if there are none (or they cannot be read)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_kept(path: Path, data: bytes) -> None:
    """Keeps ``data`` in ``path``, or nothing if it cannot be written (a read-only checkout builds as well)."""
    # Written whole, then renamed: a build running meanwhile reads the old file or the new one, never a part.
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
