"""Parse the page once with lxml into the tree every later step (and trafilatura) shares."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction

from crawler.markup import without_document_end
from crawler.urls import absolute_url

from .errors import NotArticle

#: The settings trafilatura parses with, so handing it this tree changes nothing; but every
#: element is a plain ``HtmlElement`` through lxml's C-level default lookup (``lxml.html``'s
#: Python-level per-tag lookup costs ~1 ms per page across the pipeline). And ``huge_tree``:
#: libxml2 otherwise stops at 256 levels of nesting and drops the rest of the page, which a
#: page of unclosed ``<font>`` or ``<span>`` tags (the 2000s' markup) reaches; with it, 2,048
#: levels (the page's size is capped before: ``decoding.MAX_SIZE``).
_PARSER = etree.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True,
    huge_tree=True,
)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)
#: Tags that never hold article text; ``strip_never_text`` removes them once metadata is read.
NEVER_TEXT: tuple[str, ...] = (
    "script", "style", "noscript", "svg", "template", "iframe", "link", "select", "textarea",
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
#: Bytes of the C0 controls XML does not allow (deleted with ``bytes.translate``: a regex over
#: the page's text cost ~0.7 ms a page).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def parse_html(text: str) -> HtmlElement:
    """The document's ``<html>`` element; :class:`NotArticle` ``empty`` when nothing parses."""
    text = _XML_DECL.sub("", text, count=1)
    # U+FFFE/U+FFFF are no XML characters: looked for in the text, not its bytes (a text of
    # one-byte characters cannot hold them, which Python tells without reading it)
    if "\ufffe" in text or "\uffff" in text:
        text = text.replace("\ufffe", "").replace("\uffff", "")
    # lone surrogates cannot be encoded (dropped)
    data = text.encode("utf-8", errors="ignore").translate(None, _CONTROL_BYTES)
    data = without_document_end(data)  # read on past </body> and </html>, as a browser does
    if not data or data.isspace():  # not ``strip()``: that copies the page
        raise NotArticle("empty")
    try:
        tree = etree.fromstring(data, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise NotArticle("empty") from exc
    if tree is None or not isinstance(tree, HtmlElement):
        raise NotArticle("empty")
    return tree


def strip_never_text(tree: HtmlElement) -> None:
    """Remove scripts, styles and other never-text elements (keeping their tails), in place."""
    etree.strip_elements(tree, *NEVER_TEXT, with_tail=False)


def base_url(tree: HtmlElement, url: str) -> str:
    """The page URL with any ``<base href>`` applied."""
    for base in tree.iter("base"):  # the first <base href> in a <head> or right under <html>
        href = base.get("href")
        parent = base.getparent()
        if href is None or parent is None:
            continue
        if parent.tag == "head" or (parent.tag == "html" and parent.getparent() is None):
            href = href.strip()
            if href:
                return absolute_url(url, href) or url
            return url
    return url
