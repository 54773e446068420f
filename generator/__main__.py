"""``python -m generator check``: the editors' command line."""

import sys

from .cli import main

sys.exit(main())
