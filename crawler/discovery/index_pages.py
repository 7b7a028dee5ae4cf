"""Index pages: the links of an HTML section or home page, pagination apart from the rest.

Pages are parsed with lxml's ``huge_tree`` (elements nested up to 2048 deep; without it libxml2
stops at 256 and every link below is lost), past any ``</body>`` or ``</html>`` as a browser
reads them (``crawler.markup``). A page nested deeper still is read again by a streaming
scanner (:class:`_LinkScanner`, the standard library's tokenizer), which keeps no tree and so
has no depth limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from lxml import etree, html

from crawler.markup import without_document_end
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


_Link = tuple[str, str | None, str, list[str]]  # (tag, href, text, rel)


class _LinkScanner(HTMLParser):
    """The ``<base>``, ``<a>`` and ``<link>`` elements of a page, without building a tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[_Link] = []
        self._open: list[int] = []  # indexes of the <a> elements whose text is being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "base" and self.base is None and a.get("href"):
            self.base = a["href"]
        elif tag in ("a", "link"):
            if tag == "a":
                self._open = [len(self.links)]
            self.links.append((tag, a.get("href"), "", (a.get("rel") or "").lower().split()))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = []

    def handle_data(self, data: str) -> None:
        for i in self._open:
            tag, href, text, rel = self.links[i]
            if len(text) < 200:
                self.links[i] = (tag, href, text + data, rel)


def _readable(body: bytes | str, encoding: str | None) -> tuple[bytes | str, str | None]:
    """``body`` and an encoding libxml2 reads. A codec only Python knows (Scrapy names a page's
    encoding as Python does: ``euc_jp``, ``iso2022_jp``, ``mac-roman``, ``utf-16-le``, where
    libxml2 raises ``LookupError``) is decoded here and handed over as UTF-8; a name no codec has
    is dropped (the parser reads the page's own declaration)."""
    if not encoding or not isinstance(body, bytes):
        return body, encoding
    try:
        html.HTMLParser(encoding=encoding)
    except LookupError:
        try:
            return body.decode(encoding, "replace").encode("utf-8"), "utf-8"
        except LookupError:
            return body, None
    return body, encoding


def _parse(body: bytes | str, encoding: str | None) -> tuple[etree._Element | None, bool]:
    """The page's tree (None when it cannot be parsed) and whether libxml2 gave up on its depth."""
    kwargs = {"encoding": encoding} if encoding and isinstance(body, bytes) else {}
    parser = html.HTMLParser(huge_tree=True, **kwargs)
    try:
        doc = html.document_fromstring(without_document_end(body), parser=parser)
    except (etree.ParserError, ValueError):
        return None, False
    too_deep = any("Excessive depth" in e.message for e in parser.error_log)
    return doc, too_deep


def _scanned(body: bytes | str, encoding: str | None) -> _LinkScanner:
    scanner = _LinkScanner()
    text = body if isinstance(body, str) else body.decode(encoding or "utf-8", "replace")
    scanner.feed(text)
    scanner.close()
    return scanner


def _elements(body: bytes | str, encoding: str | None) -> tuple[str | None, list[_Link]]:
    """The page's ``<base href>`` and its ``(tag, href, text, rel)`` links, in page order."""
    body, encoding = _readable(body, encoding)
    doc, too_deep = _parse(body, encoding)
    if too_deep:
        scanner = _scanned(body, encoding)
        return scanner.base, scanner.links
    if doc is None:
        return None, []
    base_el = doc.find(".//base[@href]")
    links = [(el.tag, el.get("href"), el.text_content() if el.tag == "a" else "", (el.get("rel") or "").lower().split())
             for el in doc.iter("a", "link")]
    return (base_el.get("href") if base_el is not None else None), links


def index_links(body: bytes | str, base_url: str, encoding: str | None = None) -> IndexLinks:
    """Split the links of an index page into pagination links and other links."""
    out = IndexLinks()
    if not body:
        return out
    base_href, elements = _elements(body, encoding)
    base = (absolute_url(base_url, base_href) or base_url) if base_href else base_url
    seen: set[str] = set()
    for tag, href, text, rel in elements:
        if tag == "link" and "next" not in rel:
            continue
        url = absolute_url(base, href)
        if not url:
            continue
        url = url.split("#", 1)[0]
        if url in seen:
            continue
        is_next = "next" in rel or bool(_NEXT_TEXT.match(text or "")) or bool(_PAGE_URL.search(url))
        seen.add(url)
        (out.pagination if is_next else out.links).append(url)
    return out
