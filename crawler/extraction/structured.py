"""Structured metadata from one parsed tree: JSON-LD, microdata and ``<meta>`` (OpenGraph...).

Parsed with lxml XPath and ``json`` (no extruct: it re-parses the page and is slow).
The result is a flat, source-tagged bag of raw values; ``metadata.py`` decides per field.

JSON-LD is written by hand or by templates as often as by a serialiser, and about one script in
a hundred is no valid JSON: ``//`` comments, a value's quotes not escaped inside it, a bare word
or single quotes for a string, two objects with no array around them, a trailing ``;``. Such a
script still says what the page is and when it was published (a news article whose only date is
there would otherwise lose it, and with it the evidence that it is an article), so what
``json`` refuses, trailing commas and control characters aside, is read by ``json_repair``'s
tolerant parser (scripts of at most :data:`MAX_REPAIR` characters; its pure-Python parser is
called on those scripts only).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import json_repair
from lxml import etree
from lxml.html import HtmlElement

from crawler.surrogates import json_loaded

#: schema.org types that describe one article (or a post that is one).
ARTICLE_TYPES: frozenset[str] = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "satiricalarticle",
        "advertisercontentarticle",
        "medicalscholarlyarticle",
        "discussionforumposting",
    }
)
#: schema.org types of listing pages.
LISTING_TYPES: frozenset[str] = frozenset(
    {"collectionpage", "itemlist", "searchresultspage", "profilepage", "blog"}
)

#: ``translate(@type, 'JSONLD', 'jsonld')`` of XPath.
_JSONLD_LOWER = str.maketrans("JSONLD", "jsonld")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x1f]")
#: Longer scripts that ``json`` cannot read are not repaired (the repairing parser is pure Python).
MAX_REPAIR = 50_000


@dataclass
class StructuredData:
    """Raw values found in the page's structured data."""

    #: JSON-LD / microdata objects whose @type is an article type, in page order.
    articles: list[dict[str, Any]] = field(default_factory=list)
    #: Every @type seen in JSON-LD (lower case).
    types: set[str] = field(default_factory=set)
    #: ``<meta>`` values by lower-case ``property``/``name``/``itemprop`` (first wins).
    meta: dict[str, str] = field(default_factory=dict)
    #: Microdata ``itemprop`` values of the first article-typed ``itemscope``.
    microdata: dict[str, Any] = field(default_factory=dict)
    #: The first JSON-LD ``BreadcrumbList`` as ``{"name", "url"}`` items.
    breadcrumbs: list[dict[str, str]] = field(default_factory=list)
    #: URLs of microdata ``isBasedOn`` / ``isBasedOnUrl`` properties anywhere on the page.
    based_on: list[str] = field(default_factory=list)
    #: Every microdata ``itemtype`` name on the page (last path segment, lower case).
    itemtypes: set[str] = field(default_factory=set)
    #: The types the page declares for itself (lower case): of every top-level JSON-LD object
    #: and ``@graph`` member, and of every outermost microdata ``itemscope`` (not the types of
    #: what those hold: an article's comments, a thread's posts, an FAQ's answers).
    page_types: set[str] = field(default_factory=set)
    #: JSON-LD objects by their ``@id`` (those that say more than their ``@id``): what a
    #: reference such as ``"author": {"@id": "https://site/#/schema/person/1"}`` points to.
    nodes_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """``value``, or the object a bare ``{"@id": ...}`` reference names on the page."""
        if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@id"), str):
            return self.nodes_by_id.get(value["@id"], value)
        return value

    def first(self, *names: str) -> str | None:
        """The first non-empty ``<meta>`` value among ``names``."""
        for name in names:
            value = self.meta.get(name)
            if value and value.strip():
                return value.strip()
        return None


def plain_text(value: str) -> str:
    """A text value of structured data as it reads: HTML character references decoded (JSON-LD
    strings are never read by an HTML parser, and templates write ``&#8217;``, ``&amp;``,
    ``&nbsp;`` in them; a reference escaped twice, ``&amp;#8230;``, is decoded twice) and white
    space collapsed."""
    if "&" in value:
        value = html.unescape(value)
        if "&" in value:
            value = html.unescape(value)
    return " ".join(value.split())


def _jsonld_texts(tree: HtmlElement) -> list[str]:
    """The text of every ``<script>`` whose type holds "ld+json" (``JSON``/``LD`` in any case)."""
    return [
        script.text
        for script in tree.iter("script")
        if script.text and "ld+json" in (script.get("type") or "").translate(_JSONLD_LOWER)
    ]


def _load_json(raw: str) -> Any:
    """The script's JSON value (None when it holds none), its lone surrogates read as U+FFFD
    (:mod:`crawler.surrogates`: no UTF-8 exists for them, and the record could not be written)."""
    value = _parsed_json(raw)
    try:
        return json_loaded(raw, value) if value is not None else None
    except RecursionError:
        return None


def _parsed_json(raw: str) -> Any:
    raw = raw.strip()
    if raw.startswith("<!--"):
        raw = raw[4:]
    if raw.endswith("-->"):
        raw = raw[:-3]
    raw = raw.strip().removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    raw = raw.removeprefix("<![CDATA[").removesuffix("]]>").strip()
    if not raw:
        return None
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        pass
    except RecursionError:  # nested deeper than the parser's stack: no usable data in it
        return None
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", raw)), strict=False)
    except (ValueError, RecursionError):
        pass
    return _repaired(raw)  # line ends kept: a "//" comment ends at one


def _repaired(raw: str) -> Any:
    """What a tolerant parser makes of a script ``json`` refuses (see the module docstring):
    objects and lists only (a script it reads as a bare string or number says nothing)."""
    if len(raw) > MAX_REPAIR or not raw.startswith(("{", "[")):
        return None
    try:
        value = json_repair.loads(raw, skip_json_loads=True)
    except Exception:  # a heuristic parser on any page's text: whatever it raises, no data
        return None
    return value if isinstance(value, (dict, list)) else None


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    out = set()
    for item in values:
        if isinstance(item, str):
            out.add(item.rsplit("/", 1)[-1].rsplit(":", 1)[-1].strip().lower())
    return out


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "itemListElement", "hasPart"):
            if key in value:
                yield from _walk(value[key], depth + 1)


def _meta(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attr)
            if key:
                key = key.strip().lower()
                if key not in found or not found[key].strip():
                    found[key] = content
    return found


#: ASCII upper to lower case (XPath ``translate``'s mapping, no other character changed).
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
#: XPath ``normalize-space``'s white space.
_XML_SPACE = re.compile(r"[ \t\r\n]+")
#: The microdata attributes of the page, in document order (one pass over the page for the
#: readers below and the page's item types). Selecting the attributes and taking their elements
#: costs half of selecting the elements by a predicate (``//*[@itemprop or ...]``: libxml2
#: evaluates the predicate in a new context for every element).
_MICRODATA_XPATH = etree.XPath("//@itemprop | //@itemscope | //@itemtype")


def microdata_elements(tree: HtmlElement) -> list[HtmlElement]:
    """The elements with an ``itemprop``, ``itemscope`` or ``itemtype`` attribute, in document order."""
    return list(dict.fromkeys(value.getparent() for value in _MICRODATA_XPATH(tree)))  # type: ignore[union-attr]


def _microdata(nodes: list[HtmlElement]) -> dict[str, Any]:
    """``itemprop`` values of the first ``itemscope`` whose ``itemtype`` names an article or a
    posting (``nodes``: the page's elements with microdata attributes)."""
    scope = None
    for node in nodes:
        if node.get("itemscope") is not None:
            kind = (node.get("itemtype") or "").translate(_ASCII_LOWER)
            if "article" in kind or "posting" in kind:
                scope = node
                break
    if scope is None:
        return {}
    out: dict[str, Any] = {}
    for element in scope.xpath(".//*[@itemprop]"):
        name = element.get("itemprop", "").strip()
        if not name or name in out:
            continue
        if name == "articleBody":
            out[name] = element
            continue
        if element.get("itemscope") is not None:
            names = element.xpath(".//*[@itemprop='name']")
            value = (
                (names[0].get("content") or names[0].text_content()) if names else element.text_content()
            )
        else:
            value = (
                element.get("content")
                or element.get("datetime")
                or (element.get("href") if element.tag in ("a", "link") else None)
                or (element.get("src") if element.tag == "img" else None)
                or element.text_content()
            )
        if value and str(value).strip():
            out[name] = " ".join(str(value).split())
    return out


_BASED_ON = frozenset({"isBasedOn", "isBasedOnUrl"})


def _based_on(nodes: list[HtmlElement]) -> list[str]:
    """Microdata ``isBasedOn`` values: a link/meta URL, or the ``url`` of a nested item."""
    found = []
    for element in nodes:
        prop = element.get("itemprop")
        if prop is None or _BASED_ON.isdisjoint(_XML_SPACE.split(prop)):
            continue
        if element.get("itemscope") is not None:
            inner = element.xpath(".//*[@itemprop='url' or @itemprop='mainEntityOfPage']")
            element = inner[0] if inner else element
        value = element.get("href") or element.get("content") or element.get("src") or element.text_content()
        if value and value.strip():
            found.append(value.strip())
    return found


def _itemtypes(nodes: list[HtmlElement]) -> set[str]:
    """The ``itemtype`` names of ``nodes`` (``https://schema.org/NewsArticle`` -> ``newsarticle``)."""
    found: set[str] = set()
    for node in nodes:
        value = node.get("itemtype")
        if value:
            found.update(item.rstrip("/").rsplit("/", 1)[-1].lower() for item in value.split())
    return found


def _outermost_scopes(nodes: list[HtmlElement]) -> list[HtmlElement]:
    """The ``itemscope`` elements of ``nodes`` inside no other one. Whether an element has a
    scope at or above it is remembered on the way up, so each element is climbed past once
    (linear in the page, however deep the scopes nest)."""
    scoped: dict[HtmlElement, bool] = {}
    found: list[HtmlElement] = []
    for node in nodes:
        if node.get("itemscope") is None:
            continue
        path: list[HtmlElement] = []
        ancestor = node.getparent()
        inside = False
        while ancestor is not None:
            known = scoped.get(ancestor)
            if known is not None:
                inside = known
                break
            if ancestor.get("itemscope") is not None:
                inside = True
                break
            path.append(ancestor)
            ancestor = ancestor.getparent()
        for element in path:
            scoped[element] = inside
        scoped[node] = True
        if not inside:
            found.append(node)
    return found


def _top_level(value: Any) -> Iterator[dict[str, Any]]:
    """The objects of one JSON-LD script the page states at its top: the script's object (or
    each of its list) and the members of their ``@graph``."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            for member in graph if isinstance(graph, list) else [graph]:
                if isinstance(member, dict):
                    yield member


def extract_structured(tree: HtmlElement) -> StructuredData:
    """Collect JSON-LD objects, ``<meta>`` values and article microdata from ``tree``."""
    nodes = microdata_elements(tree)
    data = StructuredData(meta=_meta(tree), microdata=_microdata(nodes), based_on=_based_on(nodes),
                          itemtypes=_itemtypes(nodes), page_types=_itemtypes(_outermost_scopes(nodes)))
    for raw in _jsonld_texts(tree):
        loaded = _load_json(raw)
        for node in _top_level(loaded):
            data.page_types |= _types(node)
        for node in _walk(loaded):
            ref = node.get("@id")
            if isinstance(ref, str) and len(node) > 1:
                data.nodes_by_id.setdefault(ref, node)
            types = _types(node)
            data.types |= types
            if types & ARTICLE_TYPES:
                data.articles.append(node)
            if "breadcrumblist" in types and not data.breadcrumbs:
                data.breadcrumbs = _breadcrumbs(node)
    return data


def _breadcrumbs(node: dict[str, Any]) -> list[dict[str, str]]:
    """``BreadcrumbList.itemListElement`` as ``{"name", "url"}`` in ``position`` order."""
    items = node.get("itemListElement")
    if not isinstance(items, list):
        return []
    found: list[tuple[float, dict[str, str]]] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        target = item.get("item")
        name = item.get("name")
        url = target if isinstance(target, str) else None
        if isinstance(target, dict):
            name = name or target.get("name")
            url = target.get("@id") or target.get("url")
        if not isinstance(name, str) or not name.strip():
            continue
        crumb = {"name": plain_text(name)}
        if isinstance(url, str) and url.strip():
            crumb["url"] = url.strip()
        position = item.get("position")
        found.append((float(position) if isinstance(position, (int, float)) else float(index), crumb))
    return [crumb for _, crumb in sorted(found, key=lambda pair: pair[0])]
