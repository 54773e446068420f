"""What editors write: read the content files, check every one, and build the content model.

No MkDocs and no processes here: the command line, the tests and the plugin all use it alike.
"""
