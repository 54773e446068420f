"""``python -m generator check``: the editors' command line."""

import sys

from .editors.cli import main

sys.exit(main())
