"""Machine-readable claims of a page's source, and the claim record they share with text claims.

* ``<meta name="original-source" content=URL>`` and ``<meta name="syndication-source"
  content=URL>`` (the tags Google News defined for crediting the original): strong;
* schema.org ``isBasedOn`` / ``isBasedOnUrl`` of the article, in JSON-LD or microdata: strong;
* ``<link rel="canonical">`` on another host:port than the page: medium;
* ``og:url`` on another host:port than the page: weak.

A URL on the page's own site (host:port, ``www.`` ignored) is no claim.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

from crawler.urls import absolute_url, same_site

from .claim_phrases import STRENGTH_NAMES
from .structured import StructuredData

_META_KINDS = (("original-source", 3), ("syndication-source", 3))
_BASED_ON = ("isBasedOn", "isBasedOnUrl")


@dataclass
class Candidate:
    """One claim found on the page: where it points, as found, how and how strongly."""

    url: str
    text: str
    kind: str
    strength: int
    order: int
    visible: bool = True
    lines: tuple[str, ...] = ()
    #: The URL is on the page's own site (a claim of last resort).
    local: bool = False

    def as_field(self) -> dict[str, Any]:
        """The record's ``claimedSource`` value."""
        return {"url": self.url, "text": self.text, "kind": self.kind, "strength": STRENGTH_NAMES[self.strength]}


def _urls(value: Any, depth: int = 0) -> Iterator[str]:
    """URLs in a schema.org value: a string, a list, or an object's ``url``/``@id``/``sameAs``."""
    if depth > 3:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _urls(item, depth + 1)
    elif isinstance(value, dict):
        for key in ("url", "@id", "sameAs", "mainEntityOfPage"):
            if key in value:
                yield from _urls(value[key], depth + 1)
                return


def machine_claims(
    tree: HtmlElement,
    data: StructuredData,
    base: str,
    page_url: str,
    canonical: str | None,
    og_url: str | None,
    *,
    start: int = 0,
) -> list[Candidate]:
    """The page's machine-readable claims, strongest kinds first."""
    raw: list[tuple[str, str, int]] = []
    for name, strength in _META_KINDS:
        value = data.meta.get(name)
        if value and value.strip():
            raw.append((value.strip(), name, strength))
    for node in data.articles:
        for key in _BASED_ON:
            raw.extend((u, "isBasedOn", 3) for u in _urls(node.get(key)))
    raw.extend((u, "isBasedOn", 3) for u in data.based_on)
    if canonical:
        raw.append((canonical, "canonical", 2))
    if og_url:
        raw.append((og_url, "og:url", 1))
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    for value, kind, strength in raw:
        url = absolute_url(base, value)
        if not url or same_site(url, page_url) or (url, kind) in seen:
            continue
        seen.add((url, kind))
        out.append(Candidate(url, url, kind, strength, start + len(out), visible=False))
    return out
