"""Parsers for the documents that list articles: robots.txt, sitemaps (plain, Google News,
indexes), RSS 2.0 and Atom feeds, and HTML index pages.

Pure functions on bytes, no Scrapy imports. XML is parsed without entity expansion or network
access, so hostile sitemaps cannot blow up memory or reach elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

from lxml import etree, html

from crawler.urls import absolute_url


@dataclass
class Entry:
    """One article link found in a sitemap or feed, with what the listing says of it."""

    url: str
    title: str | None = None
    published: str | None = None
    modified: str | None = None


@dataclass
class Listing:
    """What one sitemap or feed document lists."""

    kind: str  # "sitemapindex", "urlset", "rss", "atom" or "unknown"
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # child sitemaps of an index
    next_pages: list[str] = field(default_factory=list)  # feed pagination (rel="next")


class ListingError(ValueError):
    """The document is not a sitemap or feed that can be read."""


_XML_PARSER_OPTS = {
    "resolve_entities": False,
    "no_network": True,
    "recover": True,
    "remove_comments": True,
    "remove_pis": True,
    "huge_tree": False,
}


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    t = "".join(el.itertext()).strip()
    return t or None


def _child(el: etree._Element, name: str) -> etree._Element | None:
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _iso_date(value: str | None) -> str | None:
    """RFC 822 (RSS) or ISO 8601 (sitemaps, Atom) date as ISO 8601; None when unreadable."""
    if not value:
        return None
    value = value.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return value
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def parse_listing(body: bytes, base_url: str) -> Listing:
    """Read a sitemap, sitemap index, RSS 2.0 or Atom document."""
    if not body.strip():
        raise ListingError("empty document")
    parser = etree.XMLParser(**_XML_PARSER_OPTS)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"not XML: {exc}") from None
    if root is None:
        raise ListingError("not XML")
    kind = _local(root.tag)
    if kind == "sitemapindex":
        out = Listing("sitemapindex")
        for sm in root:
            loc = _text(_child(sm, "loc")) if _local(sm.tag) == "sitemap" else None
            url = absolute_url(base_url, loc)
            if url:
                out.sitemaps.append(url)
        return out
    if kind == "urlset":
        out = Listing("urlset")
        for u in root:
            if _local(u.tag) != "url":
                continue
            url = absolute_url(base_url, _text(_child(u, "loc")))
            if not url:
                continue
            entry = Entry(url, modified=_iso_date(_text(_child(u, "lastmod"))))
            news = _child(u, "news")
            if news is not None:
                entry.title = _text(_child(news, "title"))
                entry.published = _iso_date(_text(_child(news, "publication_date")))
            out.entries.append(entry)
        return out
    if kind in ("rss", "rdf"):
        out = Listing("rss")
        channel = _child(root, "channel")
        items = [i for i in (channel if channel is not None else []) if _local(i.tag) == "item"]
        items += [i for i in root if _local(i.tag) == "item"]  # RSS 1.0 keeps items at the top
        for it in items:
            link = _text(_child(it, "link"))
            guid = _child(it, "guid")
            if not link and guid is not None and guid.get("isPermaLink", "true").lower() != "false":
                link = _text(guid)
            url = absolute_url(base_url, link)
            if not url:
                continue
            published = _text(_child(it, "pubdate")) or _text(_child(it, "date"))
            out.entries.append(Entry(url, title=_text(_child(it, "title")), published=_iso_date(published)))
        if channel is not None:
            for ln in channel:
                if _local(ln.tag) == "link" and ln.get("rel") == "next":
                    nxt = absolute_url(base_url, ln.get("href"))
                    if nxt:
                        out.next_pages.append(nxt)
        return out
    if kind == "feed":
        out = Listing("atom")
        for el in root:
            name = _local(el.tag)
            if name == "link" and el.get("rel") == "next":
                nxt = absolute_url(base_url, el.get("href"))
                if nxt:
                    out.next_pages.append(nxt)
            if name != "entry":
                continue
            href = None
            for ln in el:
                if _local(ln.tag) == "link" and ln.get("rel", "alternate") == "alternate":
                    if ln.get("type") in (None, "text/html", "application/xhtml+xml"):
                        href = ln.get("href")
                        break
            url = absolute_url(base_url, href)
            if not url:
                continue
            out.entries.append(
                Entry(
                    url,
                    title=_text(_child(el, "title")),
                    published=_iso_date(_text(_child(el, "published"))),
                    modified=_iso_date(_text(_child(el, "updated"))),
                )
            )
        return out
    raise ListingError(f"unknown document type <{kind}>")


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt file."""
    text = body.decode("utf-8", "replace")
    out: list[str] = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap":
            url = absolute_url(base_url, value.split("#", 1)[0].strip())
            if url and url not in out:
                out.append(url)
    return out


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
