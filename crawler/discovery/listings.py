"""Listings: XML documents that list article URLs (sitemaps, sitemap indexes, RSS and Atom feeds).

:func:`parse_listing` parses the XML safely once and hands the root to the reader of its format
(:mod:`crawler.discovery.sitemaps`, :mod:`crawler.discovery.feeds`).
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree


@dataclass
class Entry:
    """One article link found in a listing, with what the listing says of it."""

    url: str
    title: str | None = None
    published: str | None = None
    modified: str | None = None


@dataclass
class Listing:
    """What one listing lists."""

    kind: str  # "sitemapindex", "urlset", "rss" or "atom"
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # child sitemaps of an index
    lastmods: dict[str, str] = field(default_factory=dict)  # their <lastmod>, where the index gives one
    next_pages: list[str] = field(default_factory=list)  # feed pagination (rel="next")
    # the parser stopped early (a resource limit such as the entity amplification of an XML bomb)
    # and what it read before is all there is
    truncated: bool = False


class ListingError(ValueError):
    """The document is not a listing that can be read; ``reason`` is a short word for the stats
    (``unreadable``, ``too_large``)."""

    def __init__(self, message: str, reason: str = "unreadable") -> None:
        super().__init__(message)
        self.reason = reason


_XML_PARSER_OPTS = {
    "resolve_entities": False,
    "no_network": True,
    "recover": True,
    "remove_comments": True,
    "remove_pis": True,
    "huge_tree": False,
}


#: parser errors that stop the reading (recover mode goes on after the others): a resource limit
#: (entity amplification of an XML bomb, nesting depth, text size) or an entity loop
_STOPPED_BY = frozenset({"ERR_RESOURCE_LIMIT", "ERR_ENTITY_LOOP"})


def local_name(tag: object) -> str:
    """The lower-case local name of an XML tag (namespace dropped; "" for comments and PIs)."""
    return tag.split("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _entity_text(ref: str) -> str:
    """The text of an entity reference the parser left unexpanded (entities are never resolved):
    an HTML named character (``&eacute;``, ``&nbsp;``: feeds use them undeclared) is that
    character; any other (``&file;`` of an XXE, ``&lol9;`` of a bomb) is nothing."""
    text = html.unescape(ref)
    return "" if text == ref else text


def text_of(el: etree._Element | None) -> str | None:
    """The stripped text of an element, or None (entity references as :func:`_entity_text`)."""
    if el is None:
        return None
    refs = {e.text for e in el.iter(etree.Entity)}
    t = "".join(_entity_text(s) if s in refs else s for s in el.itertext()).strip()
    return t or None


def url_of(el: etree._Element | None) -> str | None:
    """The text of a URL element, or None when it holds a reference to an entity that is not an
    HTML character (a URL made of an unexpanded XXE or bomb entity is no URL)."""
    if el is not None and any(_entity_text(e.text) == "" for e in el.iter(etree.Entity)):
        return None
    return text_of(el)


def child(el: etree._Element, name: str) -> etree._Element | None:
    """The first child of ``el`` with the local name ``name``."""
    for c in el:
        if local_name(c.tag) == name:
            return c
    return None


def _readers() -> dict[str, Callable[[etree._Element, str], Listing]]:
    from crawler.discovery import feeds, sitemaps

    return {
        "sitemapindex": sitemaps.read_sitemap_index,
        "urlset": sitemaps.read_urlset,
        "rss": feeds.read_rss,
        "rdf": feeds.read_rss,
        "feed": feeds.read_atom,
    }


#: A character reference to a UTF-16 surrogate (``&#xD83D;``, ``&#55357;``; decimal 55000-57999
#: is matched and told apart by value), one or two in a row: what a broken encoder writes for a
#: character beyond the BMP, an emoji say. libxml2's recovery keeps it as bytes no UTF-8 decoder
#: reads, and lxml raised ``UnicodeDecodeError`` on the first text read from it: the whole
#: listing was lost.
_SURROGATE_REF = rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}|0*5[5-7][0-9]{3});"
_SURROGATE_REFS = re.compile(rb"(?:" + _SURROGATE_REF + rb"){1,2}")
_CHAR_REF = re.compile(rb"&#([xX]?)([0-9a-fA-F]+);")


def _surrogate_refs_replaced(match: re.Match[bytes]) -> bytes:
    """A pair of references as the one character they encode; a lone surrogate as U+FFFD; a
    reference to anything else (decimal ``55000``) as it was."""
    refs = [(m.group(0), int(m.group(2), 16 if m.group(1) else 10)) for m in _CHAR_REF.finditer(match.group(0))]
    if len(refs) == 2 and 0xD800 <= refs[0][1] < 0xDC00 <= refs[1][1] < 0xE000:
        code = 0x10000 + ((refs[0][1] - 0xD800) << 10) + (refs[1][1] - 0xDC00)
        return b"&#x%X;" % code
    return b"".join(b"&#xFFFD;" if 0xD800 <= value < 0xE000 else text for text, value in refs)


def without_surrogate_refs(body: bytes) -> bytes:
    """``body`` with its character references to surrogates replaced (:data:`_SURROGATE_REF`)."""
    return _SURROGATE_REFS.sub(_surrogate_refs_replaced, body)


def parse_listing(body: bytes, base_url: str) -> Listing:
    """Read a sitemap, sitemap index, RSS (0.9x, 1.0, 2.0) or Atom document."""
    if not body.strip():
        raise ListingError("empty document")
    parser = etree.XMLParser(**_XML_PARSER_OPTS)
    try:
        root = etree.fromstring(without_surrogate_refs(body), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"not XML: {exc}") from None
    if root is None:
        raise ListingError("not XML")
    try:
        kind = local_name(root.tag)
        reader = _readers().get(kind)
        if reader is None:
            raise ListingError(f"unknown document type <{kind}>")
        listing = reader(root, base_url)
    except UnicodeDecodeError as exc:  # text the parser kept as bytes no decoder reads
        raise ListingError(f"undecodable text: {exc}") from None
    listing.truncated = any(e.type_name in _STOPPED_BY for e in parser.error_log)
    return listing


def listing_body(body: bytes, max_bytes: int) -> bytes:
    """The listing's bytes, gunzipped when they start with the gzip magic; :class:`ListingError`
    when they cannot be unpacked, or (reason ``too_large``) are over ``max_bytes``."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, max_bytes + 1)
        except zlib.error as exc:
            raise ListingError(f"cannot gunzip: {exc}") from None
    if len(body) > max_bytes:
        raise ListingError(f"over {max_bytes} bytes", reason="too_large")
    return body
