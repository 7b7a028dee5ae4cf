"""A page as a site that declares nothing would serve it: the benchmarks' stress of the decision.

Most pages of 2025 say what they are in metadata: JSON-LD and microdata types, OpenGraph and
``article:`` tags, an HTML5 ``<article>``, ``<time datetime>``, ARIA roles. A news page of 2008
says none of it, and neither does a small site's page today. :func:`undeclared` takes a page
and removes all of that, keeping what a reader sees (the text, the layout, the class names):

- every ``<script type="application/ld+json">``;
- every ``<meta>`` with a ``name``, ``property`` or ``itemprop`` (``viewport`` is kept unless
  ``viewport=False``), and the microdata and RDFa attributes (``itemscope``, ``itemtype``,
  ``itemprop``, ``property``, ``typeof``, ``vocab``);
- HTML5 sectioning: ``article``, ``main``, ``section``, ``header``, ``footer``, ``nav``, ``aside``,
  ``figure`` and ``figcaption`` become ``<div>``, ``time`` a ``<span>``, each with the old
  name added to its class, as the pages of 2008 named their boxes; ``role`` and ``datetime``
  attributes go.

The page is written back as UTF-8 with a ``<meta charset>`` (its own declared charset goes).
``decision_fit.py`` fits the decision on the tuned pages and on these versions of them, so a
page that declares nothing is judged on its shape; ``extraction.py --undeclared`` runs the
whole benchmark on them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from crawler.extraction.decoding import decode_html  # noqa: E402
from crawler.extraction.errors import NotArticle  # noqa: E402

_SECTIONING = ("article", "main", "section", "header", "footer", "nav", "aside", "figure", "figcaption", "time")
_MARKUP_ATTRIBUTES = ("itemscope", "itemtype", "itemprop", "itemid", "itemref", "property", "typeof", "vocab")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def undeclared(html: bytes | str, headers: Mapping[Any, Any] | None = None, *, viewport: bool = True) -> bytes:
    """The page with its declarations removed (see the module docstring), as UTF-8 bytes; a page
    the extraction cannot read (empty, binary) or parse is returned as it came."""
    try:
        text = _XML_DECLARATION.sub("", decode_html(html, headers))
    except NotArticle:
        return html if isinstance(html, bytes) else html.encode("utf-8")
    try:
        tree = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return text.encode("utf-8")
    for script in tree.xpath("//script[contains(translate(@type, 'LDJSON+', 'ldjson+'), 'ld+json')]"):
        script.drop_tree()
    for meta in tree.xpath("//meta"):
        name = (meta.get("name") or "").strip().lower()
        if meta.get("charset") is not None or (meta.get("http-equiv") or "").lower() == "content-type":
            meta.drop_tree()
        elif (name or meta.get("property") is not None or meta.get("itemprop") is not None) and (
            name != "viewport" or not viewport
        ):
            meta.drop_tree()
    for element in tree.iter(etree.Element):
        for attribute in _MARKUP_ATTRIBUTES:
            element.attrib.pop(attribute, None)
        element.attrib.pop("role", None)
        if element.tag in _SECTIONING:
            element.attrib.pop("datetime", None)
            element.set("class", f"{element.tag} {element.get('class') or ''}".strip())
            element.tag = "span" if element.tag == "time" else "div"
    head = tree.find("head")
    if head is None:
        head = etree.Element("head")
        tree.insert(0, head)
    charset = etree.Element("meta")
    charset.set("charset", "utf-8")
    head.insert(0, charset)
    return lxml_html.tostring(tree, encoding="utf-8", doctype="<!DOCTYPE html>")
