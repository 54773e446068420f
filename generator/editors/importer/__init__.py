"""``inspections import``: a publication (PDF, Word, web page or text) to a draft report file.

Readers per format (``pdf``, ``word``, ``web``, ``text``) turn a file into blocks,
``extract`` and ``findings`` turn blocks into a draft, ``writer`` writes it with
``# check:`` comments, and ``command`` ties them together.
"""

from .command import import_publication, remaining, run
from .errors import ImportFailed

__all__ = ["ImportFailed", "import_publication", "remaining", "run"]
