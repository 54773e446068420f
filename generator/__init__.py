"""Turns inspection reports and progress reviews, written as Markdown, into a cross-linked site.

The pipeline shows in the packages, each layer importing only those before it:

* ``content``: read the content files, check them, build the content model (no MkDocs, no processes);
* ``site``: derive what editors never write, plan the pages, make each page's view and the open data;
* ``build``: the build's machinery, worker processes and caches (knows neither MkDocs nor the content);
* ``plugin``: the MkDocs plugin, the only package that imports MkDocs;
* ``editors``: the editors' command line.
"""
