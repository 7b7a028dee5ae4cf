"""Claimed-source detection: "Article source: URL", "Source:", "Originally published at",
"via", "Read the full story at", and cross-site ``rel=canonical`` / ``og:url``.

Textual attributions win over canonical ones. Links resolve against the page URL and
``<base href>``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from crawler.urls import absolute_url, find_url, same_site

from .lines import BLOCK_TAGS, visual_lines

_TEXT_NODES = "//body//text()[normalize-space()]"
#: Cheap filter on a text node's start: attribution labels begin a line.
_STARTS_LABEL = re.compile(
    r"\W{0,3}(?:(?:article|original|story|news|content|post|full story|image)\s+)?sources?\b"
    r"|\W{0,3}(?:this (?:article|story|post) (?:was )?)?(?:originally|first) (?:published|posted|appeared)"
    r"|\W{0,3}read (?:the )?(?:full|original|whole|entire|complete) "
    r"|\W{0,3}(?:reposted|republished|cross-?posted|via|h/t|hat tip)\b",
    re.I,
)
#: An attribution label at the start of a line; ``rest`` is what follows it.
_LABEL = re.compile(
    r"^\W{0,3}(?P<label>"
    r"(?:(?:article|original|story|news|content|post|full story|image)\s+)?source[s]?"
    r"|(?:this (?:article|story|post) (?:was )?)?(?:originally|first) (?:published|posted|appeared)"
    r"(?: (?:at|on|in|by))?"
    r"|read (?:the )?(?:full|original|whole|entire|complete) (?:story|article|post|report)(?: (?:at|on|here))?"
    r"|reposted (?:from|with permission from)|republished (?:from|with permission (?:from|of))"
    r"|cross-?posted (?:from|at)"
    r"|via|h/t|hat tip"
    r")\b\s*(?P<sep>[:\-–—]?)\s*(?P<rest>.*)$",
    re.I,
)
_STRONG_LABEL = re.compile(r"article source|original|first|read|repost|republish|cross", re.I)
_EXCLUDED_CONTAINER = re.compile(
    r"sidebar|widget|related|recommend|popular|trending|comment|menu|\bnav|breadcrumb|"
    r"promo|teaser|share|social",
    re.I,
)
_MAX_LINE = 400


def _excluded(element: HtmlElement, page_chars: int) -> bool:
    """True inside navigation, asides, forms and side widgets.

    A container whose class says "widget" or "related" but that holds most of the page's text
    (Blogger wraps all posts in ``<div class="widget Blog">``) is the main column, not a side
    widget, so it does not exclude.
    """
    for ancestor in element.iterancestors():
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        if tag in ("nav", "aside", "header", "script", "style", "head", "select", "form"):
            return True
        marker = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if marker.strip() and _EXCLUDED_CONTAINER.search(marker):
            if len(ancestor.text_content()) < page_chars // 2:
                return True
    return False


_QUOTE_START = re.compile(r"^\s*[\"“”„«»‘’‚‹›「『]")


def _cites_quotation(block: HtmlElement) -> bool:
    """True when ``block`` follows a quotation: its "Source:" cites the quote, not the article.

    Fact-check and quote boxes end a quoted statement with "Source: <who said it>"; that is no
    claim about where the article itself comes from.
    """
    node = block
    while node is not None:
        prev = node.getprevious()
        while prev is not None and (not isinstance(prev.tag, str) or not prev.text_content().strip()):
            prev = prev.getprevious()
        if prev is not None:
            return prev.tag in ("blockquote", "q") or bool(_QUOTE_START.match(prev.text_content()))
        node = node.getparent()
        if node is None or node.tag in ("body", "article", "main"):
            return False
    return False


def _block_of(element: HtmlElement) -> HtmlElement:
    node = element
    while node is not None:
        if isinstance(node.tag, str) and node.tag in BLOCK_TAGS:
            return node
        node = node.getparent()
    return element


def _more_specific(candidate: str, current: str) -> bool:
    """True when ``candidate`` is a deeper page on the host of ``current``."""
    a, b = urlsplit(candidate), urlsplit(current)
    return a.netloc.lower() == b.netloc.lower() and len(a.path.strip("/")) > len(b.path.strip("/"))


def _claim_in_block(block: HtmlElement, base: str, page_url: str) -> tuple[int, dict[str, str]] | None:  # noqa: C901, PLR0912  (issue 13 replaces this detector)
    """``(strength, claim)`` for the best attribution line in ``block``."""
    best: tuple[int, dict[str, str]] | None = None
    for line in visual_lines(block):
        text = line.text
        if len(text) > _MAX_LINE:
            continue
        match = _LABEL.match(text)
        if not match:
            continue
        label = match.group("label").lower()
        rest_start = match.start("rest")
        is_via = label in ("via", "h/t", "hat tip")
        if label.endswith("source") or label.endswith("sources"):
            if not match.group("sep") and not match.group("rest").lower().startswith(("http", "www.")):
                continue  # "Source" must be followed by ":" or a URL
        if is_via and len(text) > 150:
            continue
        url, kind = None, None
        for anchor in line.anchors:
            if anchor.offset + len(anchor.text) < rest_start - 1 and anchor.text:
                continue
            href = absolute_url(base, anchor.href)
            if not href:
                continue
            if url is None:
                url, kind = href, "link"
            elif _more_specific(href, url):
                # "originally published by <a>Futurism</a>. Read the <a>original article</a>":
                # the link to the article itself names the source better than the home page
                url = href
        if url is None:
            written = find_url(match.group("rest"))
            url = absolute_url(base, written) if written else None
            kind = "text" if url else None
        if url is None or kind is None:
            continue
        if url.rstrip("/") == page_url.rstrip("/"):
            continue
        if is_via and same_site(url, page_url):
            continue
        strength = 3 if _STRONG_LABEL.search(label) else (1 if is_via else 2)
        claim = {"url": url, "text": text.strip(), "kind": kind}
        if best is None or strength > best[0]:
            best = (strength, claim)
    return best


def textual_claim(tree: HtmlElement, base: str, page_url: str) -> dict[str, str] | None:
    """The strongest textual attribution in the page (first one on ties), or None."""
    best: tuple[int, dict[str, str]] | None = None
    seen: set[HtmlElement] = set()
    page_chars: int | None = None
    for node in tree.xpath(_TEXT_NODES):
        if not _STARTS_LABEL.match(node.lstrip()):
            continue
        owner = node.getparent()
        if owner is None:
            continue
        if getattr(node, "is_tail", False):
            owner = owner.getparent() if owner.getparent() is not None else owner
        if page_chars is None:
            body = tree.find(".//body")
            page_chars = len((body if body is not None else tree).text_content())
        if _excluded(owner, page_chars):
            continue
        block = _block_of(owner)
        if block in seen:  # the element itself: an lxml proxy's id() is reused once it is freed
            continue
        seen.add(block)
        if _cites_quotation(block):
            continue
        found = _claim_in_block(block, base, page_url)
        if found and (best is None or found[0] > best[0]):
            best = found
            if best[0] == 3:
                break
    return best[1] if best else None


def canonical_claim(canonical: str | None, og_url: str | None, page_url: str) -> dict[str, str] | None:
    """A ``rel=canonical`` (first) or ``og:url`` on another host:port than the page."""
    for href, kind in ((canonical, "canonical"), (og_url, "og:url")):
        if href and not same_site(href, page_url):
            return {"url": href, "text": href, "kind": kind}
    return None


def claimed_source(
    tree: HtmlElement, base: str, page_url: str, canonical: str | None, og_url: str | None
) -> dict[str, Any] | None:
    """Textual attribution if any, else a cross-site canonical / og:url."""
    return textual_claim(tree, base, page_url) or canonical_claim(canonical, og_url, page_url)
