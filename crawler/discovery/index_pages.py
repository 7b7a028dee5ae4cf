"""Index pages: the links of an HTML section or home page, pagination apart from the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree, html

from crawler.urls import absolute_url

_NEXT_TEXT = re.compile(
    r"^\s*(next|next page|older|older posts|older entries|more stories|load more|»|›|>|→|next\s*[»›>→])\s*$",
    re.I,
)
_PAGE_URL = re.compile(r"(/page/\d+/?$|[?&](page|paged|p)=\d+|/search\?updated-max=)", re.I)


@dataclass
class IndexLinks:
    """Links of an HTML index page: pagination first, then everything else, in page order."""

    pagination: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def index_links(body: bytes | str, base_url: str, encoding: str | None = None) -> IndexLinks:
    """Split the links of an index page into pagination links and other links."""
    out = IndexLinks()
    if not body:
        return out
    try:
        if isinstance(body, bytes):
            parser = html.HTMLParser(encoding=encoding) if encoding else None
            doc = html.document_fromstring(body, parser=parser)
        else:
            doc = html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return out
    base = base_url
    base_el = doc.find(".//base[@href]")
    if base_el is not None:
        base = absolute_url(base_url, base_el.get("href")) or base_url
    seen: set[str] = set()
    for el in doc.iter("a", "link"):
        rel = (el.get("rel") or "").lower().split()
        if el.tag == "link" and "next" not in rel:
            continue
        url = absolute_url(base, el.get("href"))
        if not url:
            continue
        url = url.split("#", 1)[0]
        if url in seen:
            continue
        text = el.text_content() if el.tag == "a" else ""
        is_next = "next" in rel or bool(_NEXT_TEXT.match(text or "")) or bool(_PAGE_URL.search(url))
        seen.add(url)
        (out.pagination if is_next else out.links).append(url)
    return out
