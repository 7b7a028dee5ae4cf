"""Parse the page once with lxml into the tree every later step (and trafilatura) shares."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction

from crawler.urls import absolute_url

from .errors import NotArticle

#: The same settings trafilatura parses with, so handing it this tree changes nothing; but every
#: element is a plain ``HtmlElement`` through lxml's C-level default lookup (``lxml.html``'s
#: Python-level per-tag lookup costs ~1 ms per page across the pipeline).
_PARSER = etree.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
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
_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse_html(text: str) -> HtmlElement:
    """The document's ``<html>`` element; :class:`NotArticle` ``empty`` when nothing parses."""
    text = _XML_DECL.sub("", text, count=1)
    text = _INVALID_XML_CHARS.sub("", text)
    if not text.strip():
        raise NotArticle("empty")
    try:
        tree = etree.fromstring(text.encode("utf-8"), _PARSER)
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
    for href in tree.xpath("//head/base/@href | /html/base/@href")[:1]:
        href = str(href).strip()
        if href:
            return absolute_url(url, href) or url
    return url
