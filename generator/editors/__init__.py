"""Tools for editors: the ``inspections`` command line (check, new) and the files it scaffolds."""
