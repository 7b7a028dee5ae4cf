"""What a line that looks like a claim is part of: the checks that tell a post's own attribution
from a credit of something else.

Not claims: lines in quotations, figures, captions, tables, code, navigation and forms
(:func:`in_excluded_context`); a "Source:"/"via" line right under an image, chart, table or
quotation, which credits that (:func:`credits_something_else`); lines in a list of teaser links:
related articles, partner links (:func:`in_teaser_list`). Used by
:mod:`crawler.extraction.claimed_source`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .post_zones import Zones, norm

_CONTEXT_TAGS = frozenset({"blockquote", "q", "figure", "figcaption", "table", "caption", "pre", "code",
                           "nav", "form", "select", "button", "cite"})
_QUOTE_START = re.compile(r"^\s*[\"“”„«»‘’‚‹›「『]")


@dataclass
class ClaimPage:
    """The page a claim is looked for in: its base and own URL, zones and media holders."""

    base: str
    url: str
    zones: Zones
    media: set[HtmlElement]
    #: Look at links to the page's own site (a claim of last resort) instead of other sites'.
    local: bool = False


_CHART_TAGS = frozenset({"table", "canvas", "object", "embed", "svg", "iframe"})
_IMAGE_TAGS = frozenset({"img", "picture", "video", "audio", "figure"})


def _holds(element: HtmlElement, tags: frozenset[str], media: set[HtmlElement] | None = None) -> bool:
    """``element`` is, or is a small wrapper of, one of ``tags`` (or a media holder)."""
    if element.tag in tags or (media is not None and element in media):
        return True
    if len(element.text_content().strip()) > 300:
        return False
    return any(isinstance(d.tag, str) and (d.tag in tags or (media is not None and d in media))
               for d in element.iterdescendants())


def _has_content(element: HtmlElement, media: set[HtmlElement]) -> bool:
    if not isinstance(element.tag, str):
        return False
    return bool(element.text_content().strip()) or _holds(element, _CHART_TAGS | _IMAGE_TAGS, media)


def _previous(block: HtmlElement, page: ClaimPage) -> HtmlElement | None:
    """The element right before ``block`` (climbing out of small wrappers), or None."""
    node = block
    for _ in range(3):
        prev = node.getprevious()
        while prev is not None and not _has_content(prev, page.media):
            prev = prev.getprevious()
        if prev is not None:
            return prev
        parent = node.getparent()
        if parent is None or parent is page.zones.body or len(parent.text_content()) > 300:
            return None
        node = parent
    return None


def _shallow(url: str) -> bool:
    """A home or section page (a credit links there; a claimed article is deeper)."""
    return len([p for p in urlsplit(url).path.split("/") if p]) <= 1


def credits_something_else(block: HtmlElement, page: ClaimPage, url: str) -> bool:
    """A "Source:"/"via" line that credits a table, chart, image or quotation right above it
    (an image's credit links to a home page; a line after an image naming an article is a claim)."""
    if len(block.text_content()) <= 300 and any(
        isinstance(d.tag, str) and d.tag in _CHART_TAGS | _IMAGE_TAGS for d in block.iterdescendants()
    ):
        return True
    prev = _previous(block, page)
    if prev is None:
        return False
    if _holds(prev, _CHART_TAGS, page.media):
        return True
    if _holds(prev, _IMAGE_TAGS):
        return _shallow(url)
    quoted = prev.tag in ("blockquote", "q") or bool(_QUOTE_START.match(prev.text_content()))
    return quoted and len(prev.text_content()) < max(200, page.zones.body_chars // 2)


def _link_dense(element: HtmlElement) -> bool:
    text = norm(element.text_content())
    if len(text) < 8:
        return False
    linked = sum(len(norm(a.text_content())) for a in element.iter("a"))
    return linked >= 0.5 * len(text)


#: Per page, for ``in_teaser_list``: (parent, (tag, class)) -> how many of the parent's children
#: have that tag and class, and how many of those are link-dense.
SiblingCounts = dict[tuple[HtmlElement, tuple[str, str | None]], tuple[int, int]]


def in_teaser_list(block: HtmlElement, counts: SiblingCounts | None = None) -> bool:
    """An item among similar link-dense siblings: related articles, partner links. ``counts``
    (one dict per page) keeps each parent's sibling counts, so a list of many claim-like items
    is read once, not once per item."""
    counts = {} if counts is None else counts
    node = block
    for _ in range(4):
        parent = node.getparent()
        if parent is None:
            return False
        sig = (node.tag, node.get("class"))
        known = counts.get((parent, sig))
        if known is None:
            alike = [c for c in parent if isinstance(c.tag, str) and (c.tag, c.get("class")) == sig]
            known = counts[(parent, sig)] = (len(alike), sum(1 for c in alike if _link_dense(c)))
        similar = known[0] - 1  # the node itself is one of them
        if similar >= 2:
            dense = known[1] - (1 if _link_dense(node) else 0)
            if dense >= 2 and 2 * dense >= similar:
                return True
        node = parent
    return False


def in_excluded_context(block: HtmlElement, body: HtmlElement | None) -> bool:
    for node in (block, *block.iterancestors()):
        if body is not None and (node is body or any(d is node for d in body.iterancestors())):
            return False
        if node.tag in _CONTEXT_TAGS:
            return True
    return False
