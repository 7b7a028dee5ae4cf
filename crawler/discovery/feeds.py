"""Feeds: RSS (0.9x, 1.0 with top-level items, 2.0) and Atom, with ``rel="next"`` pages."""

from __future__ import annotations

from lxml import etree

from crawler.dates import normalize_date
from crawler.discovery.listings import Entry, Listing, child, local_name, text_of, url_of
from crawler.urls import absolute_url

_HTML_TYPES = (None, "text/html", "application/xhtml+xml")


def _rss_link(item: etree._Element) -> str | None:
    link = url_of(child(item, "link"))
    guid = child(item, "guid")
    if not link and guid is not None and guid.get("isPermaLink", "true").lower() != "false":
        link = url_of(guid)
    return link


def _next_pages(parent: etree._Element, base_url: str) -> list[str]:
    pages = []
    for ln in parent:
        if local_name(ln.tag) == "link" and ln.get("rel") == "next":
            nxt = absolute_url(base_url, ln.get("href"))
            if nxt:
                pages.append(nxt)
    return pages


def read_rss(root: etree._Element, base_url: str) -> Listing:
    """An ``<rss>`` or RSS 1.0 ``<rdf:RDF>`` feed."""
    out = Listing("rss")
    channel = child(root, "channel")
    items = [i for i in (channel if channel is not None else []) if local_name(i.tag) == "item"]
    items += [i for i in root if local_name(i.tag) == "item"]  # RSS 1.0 keeps items at the top
    for it in items:
        url = absolute_url(base_url, _rss_link(it))
        if not url:
            continue
        published = text_of(child(it, "pubdate")) or text_of(child(it, "date"))
        out.entries.append(Entry(url, title=text_of(child(it, "title")), published=normalize_date(published)))
    if channel is not None:
        out.next_pages = _next_pages(channel, base_url)
    return out


def _atom_link(entry: etree._Element) -> str | None:
    for ln in entry:
        if local_name(ln.tag) == "link" and ln.get("rel", "alternate") == "alternate" and ln.get("type") in _HTML_TYPES:
            return ln.get("href")
    return None


def read_atom(root: etree._Element, base_url: str) -> Listing:
    """An Atom ``<feed>``."""
    out = Listing("atom", next_pages=_next_pages(root, base_url))
    for el in root:
        if local_name(el.tag) != "entry":
            continue
        url = absolute_url(base_url, _atom_link(el))
        if not url:
            continue
        out.entries.append(Entry(
            url,
            title=text_of(child(el, "title")),
            published=normalize_date(text_of(child(el, "published"))),
            modified=normalize_date(text_of(child(el, "updated"))),
        ))
    return out
