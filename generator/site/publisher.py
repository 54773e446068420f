"""Who publishes the site, how readers reach them, and under which licence the data may be reused.

Read from ``extra`` in mkdocs.yml (``publisher``, ``licence``) and MkDocs' own ``copyright``; a site for a
real address must not go out with a placeholder contact (:func:`placeholder_problems`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

OGL_NAME = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
PLACEHOLDER_NAME = "The publisher of this website"

# Domains reserved for examples and tests (RFC 2606, RFC 6761): never a real reader's contact or address.
_EXAMPLE_HOST = re.compile(r"(^|\.)(example\.(org|com|net)|example|test|invalid|localhost)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Licence:
    """The licence of the site's text and open data."""

    name: str
    url: str


@dataclass(frozen=True, slots=True)
class Publisher:
    """The organisation that publishes the site and answers readers.

    Attributes:
        name: the organisation's name.
        email, phone, address: how readers reach it (None when not given).
        website: its own website, or None.
        copyright: the copyright line, or None.
        licence: the licence of the text and data.
        response_days: within how many working days it answers a request.
    """

    name: str
    email: str | None
    phone: str | None
    address: str | None
    website: str | None
    copyright: str | None
    licence: Licence
    response_days: int = 5

    def as_data(self) -> dict[str, str]:
        """The licence as the open data files state it."""
        return {"name": self.licence.name, "url": self.licence.url}


def read_publisher(extra: dict[str, Any], copyright_line: str | None = None) -> Publisher:
    """The publisher named under ``extra`` in mkdocs.yml (``publisher`` and ``licence``; the accessibility
    contact of earlier versions, ``extra.accessibility``, fills what ``publisher`` leaves out)."""
    given = dict(extra.get("accessibility") or {})
    given.update({k: v for k, v in dict(extra.get("publisher") or {}).items() if v not in (None, "")})
    licence = dict(extra.get("licence") or {})
    return Publisher(
        name=_text(given.get("name") or given.get("organisation")) or PLACEHOLDER_NAME,
        email=_text(given.get("email")),
        phone=_text(given.get("phone")),
        address=_text(given.get("address")),
        website=_text(given.get("website")),
        copyright=_text(copyright_line),
        licence=Licence(_text(licence.get("name")) or OGL_NAME, _text(licence.get("url")) or OGL_URL),
        response_days=int(given.get("response_days") or 5),
    )


def is_example_address(url: str) -> bool:
    """Whether ``url`` is on a domain reserved for examples (``example.org``, ``*.test``...) or local."""
    host = urlsplit(url).hostname or ""
    return not host or bool(_EXAMPLE_HOST.search(host)) or host.startswith("127.")


def placeholder_problems(publisher: Publisher) -> list[str]:
    """What still has to be set in mkdocs.yml before the site can go out under a real address."""
    problems = []
    if publisher.name == PLACEHOLDER_NAME:
        problems.append("extra.publisher.name is a placeholder — set the publishing organisation's name")
    email_host = (publisher.email or "").rpartition("@")[2]
    if not publisher.email or not email_host or _EXAMPLE_HOST.search(email_host):
        problems.append(
            f"extra.publisher.email is {'missing' if not publisher.email else repr(publisher.email)}"
            " — set the address readers write to"
        )
    if not publisher.phone:
        problems.append("extra.publisher.phone is missing — set the number readers call")
    if not publisher.address:
        problems.append("extra.publisher.address is missing — set the postal address readers write to")
    return problems


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None
