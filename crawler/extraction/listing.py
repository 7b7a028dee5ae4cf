"""Index / tag / listing page detection (generic structure and URL-shape rules)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .structured import ARTICLE_TYPES, LISTING_TYPES, StructuredData

_LISTING_PATH = re.compile(
    r"/(tags?|categor(y|ies)|topics?|labels?|authors?|archives?|search|section|sections)(/|$)"
    r"|/page/\d+/?$|^/?$|/(index|default)\.(html?|php|aspx?)$",
    re.I,
)
_LINKED_HEADINGS = (
    "count(//h1[a][normalize-space(.)=normalize-space(a)] | //h2[a][normalize-space(.)=normalize-space(a)]"
    " | //h3[a][normalize-space(.)=normalize-space(a)] | //h4[a][normalize-space(.)=normalize-space(a)])"
)


def has_article_evidence(data: StructuredData) -> bool:
    """JSON-LD / microdata article, or ``og:type`` article."""
    og_type = (data.meta.get("og:type") or "").strip().lower()
    return bool(data.articles) or og_type == "article" or bool(data.microdata)


def is_listing(tree: HtmlElement, data: StructuredData, url: str, body_words: int) -> bool:
    """True for index, tag, category, search and author pages.

    Without article metadata, a listing-shaped URL, or many teasers (``<article>`` elements,
    headings that are one link) over little running text, make a listing.
    """
    article = has_article_evidence(data)
    if data.types & LISTING_TYPES and not data.types & ARTICLE_TYPES:
        return True
    if article:
        return False
    try:
        path = urlsplit(url).path
    except ValueError:
        path = ""
    if _LISTING_PATH.search(path or "/"):
        return True
    articles = len(tree.xpath("//article"))
    linked = int(tree.xpath(_LINKED_HEADINGS))
    return (articles >= 4 or linked >= 6) and body_words < 40 * max(articles, linked)
