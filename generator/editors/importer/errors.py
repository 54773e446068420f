"""The one error an import stops with."""


class ImportFailed(Exception):
    """The file cannot be imported; the message says why and what to do, on one line."""
