"""A cache of template fragments that are the same on many pages.

Material renders its navigation, tabs, search dialog, footer and scripts again for
every page, although on the many record pages that are not in the navigation
they come out the same byte for byte: such a page activates no navigation item,
and its links differ from another's only by their relative paths. Templates wrap
such a fragment in ``{% call cached_fragment(name, key) %}...{% endcall %}``; the
first page with a given key renders it, the others reuse that output. The key
must hold everything the fragment depends on besides the build's configuration;
a false key (``None``, or a variable the page does not set) renders the fragment
afresh, as a page in the navigation needs: it highlights itself there.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable


class FragmentCache:
    """Rendered fragments of one build, by name and key."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self._rendered: dict[tuple[str, Hashable], str] = {}

    def __call__(self, name: str, key: Hashable | None, caller: Callable[[], str]) -> str:
        """The fragment ``name`` for ``key``: ``caller()`` the first time, the same text after."""
        if not key or not self.enabled:
            return caller()
        try:
            return self._rendered[name, key]
        except KeyError:
            text = self._rendered[name, key] = caller()
            return text

    def __len__(self) -> int:
        return len(self._rendered)
