"""Claimed-source detection: the attribution a post makes, found by where it sits.

A claim is a phrase of :mod:`crawler.extraction.claim_phrases` ("Source:", "Originally published
at", "appeared first on", "Fuente:", "来源：", "via"...) with a link or a written URL, on a line of
one of the zones around the article (:mod:`crawler.extraction.post_zones`): the title block and
byline, the top and edges of the body, the body's middle (strong phrases that start a line only)
and what follows the body. Machine-readable claims come from :mod:`.machine_claims`.

Not claims: lines in quotations, figures, captions, tables, code, navigation and forms; a
"Source:"/"via" line right under an image, chart, table or quotation (it credits that); lines in
a list of teaser links (related articles, partner links); a phrase not in a claim position
("sources say" in running text, "Share via Email"); links to the page's own site, to the page
itself and share links; phrases that look alike but credit something else ("Photo:", "Originally
Posted by", "Read also:").

When a page makes several claims the strongest wins (see :mod:`.claim_phrases`), then visible
text before machine-readable data, then the first on the page; a claim naming a home page gives
way to a deeper URL of the same host claimed elsewhere on the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement

from crawler.urls import absolute_url, find_url, same_site

from .blocks import PageBlocks
from .claim_phrases import STRENGTH, kind_pattern
from .lines import Anchor, VisualLine
from .machine_claims import Candidate, machine_claims
from .phrase_index import PhraseIndex, claim_index
from .post_zones import PlacedLine, Zones, find_zones, norm
from .structured import StructuredData

_MAX_LINE = 600
_SHORT = 200
_SEP = re.compile(r"\s*[:：﹕\-–—|»>]+\s*")
_SEGMENT_END = re.compile(r"[|·•—–\-,;:/(\[»>]\s*$")
_SENTENCE_END = re.compile(r"[.!?。！？]\s*$")
_CONTEXT_TAGS = frozenset({"blockquote", "q", "figure", "figcaption", "table", "caption", "pre", "code",
                           "nav", "form", "select", "button", "cite"})
_QUOTE_START = re.compile(r"^\s*[\"“”„«»‘’‚‹›「『]")


@dataclass
class _Page:
    base: str
    url: str
    zones: Zones
    media: set[HtmlElement]
    #: Look at links to the page's own site (a claim of last resort) instead of other sites'.
    local: bool = False


# --- context: what the line is part of --------------------------------------------------------


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


def _previous(block: HtmlElement, page: _Page) -> HtmlElement | None:
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


def _credits_something_else(block: HtmlElement, page: _Page, url: str) -> bool:
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


def _in_teaser_list(block: HtmlElement) -> bool:
    """An item among similar link-dense siblings: related articles, partner links."""
    node = block
    for _ in range(4):
        parent = node.getparent()
        if parent is None:
            return False
        sig = (node.tag, node.get("class"))
        similar = [c for c in parent if c is not node and isinstance(c.tag, str) and (c.tag, c.get("class")) == sig]
        if len(similar) >= 2:
            dense = sum(1 for c in similar if _link_dense(c))
            if dense >= 2 and 2 * dense >= len(similar):
                return True
        node = parent
    return False


def _in_excluded_context(block: HtmlElement, body: HtmlElement | None) -> bool:
    for node in (block, *block.iterancestors()):
        if body is not None and (node is body or any(d is node for d in body.iterancestors())):
            return False
        if node.tag in _CONTEXT_TAGS:
            return True
    return False


# --- links ------------------------------------------------------------------------------------


def _is_share(href: str, page_url: str) -> bool:
    """A share link: it carries the page's own URL (or host) in its query."""
    parts = urlsplit(href)
    query = unquote(unquote(parts.query + "#" + parts.fragment)).lower()
    host = (urlsplit(page_url).hostname or "").lower()
    return bool(host) and host in query


def _usable(anchor: Anchor, page: _Page) -> str | None:
    href = absolute_url(page.base, anchor.href)
    if not href or same_site(href, page.url) != page.local or _is_share(href, page.url):
        return None
    return href


def _written(text: str, page: _Page) -> str | None:
    found = find_url(text)
    href = absolute_url(page.base, found) if found else None
    if not href or same_site(href, page.url) != page.local:
        return None
    return href


def _more_specific(candidate: str, current: str) -> bool:
    """True when ``candidate`` is a deeper page on the host of ``current``."""
    a, b = urlsplit(candidate), urlsplit(current)
    return a.netloc.lower().removeprefix("www.") == b.netloc.lower().removeprefix("www.") and len(
        a.path.strip("/")
    ) > len(b.path.strip("/"))


def _upgrade(url: str, hrefs: Iterable[str]) -> str:
    for href in hrefs:
        if _more_specific(href, url):
            url = href
    return url


# --- phrases on a line ------------------------------------------------------------------------


def _position(text: str, start: int) -> str:
    before = text[:start]
    if len(before) <= 4 and not re.search(r"\w", before):
        return "start"
    if _SEGMENT_END.search(before):
        return "segment"
    if _SENTENCE_END.search(before):
        return "sentence"
    if len(before.split()) <= 3:  # "This story", "Bu haber", "Artikel ini": the sentence's subject
        return "lead-in"
    return "inner"


def _allowed(kind: str, position: str, zone: str, length: int) -> bool:
    short = length <= _SHORT
    if zone in ("title", "top"):
        return position != "inner" or short
    if zone == "middle":  # "Source:"/"via" lines there must be only the credit (see _line_candidate)
        return position == "start" or (position == "lead-in" and kind in ("origin", "more") and length <= 250)
    if kind in ("origin", "more"):
        return position in ("start", "sentence") or length <= 400
    if kind == "via":
        return position in ("start", "segment")
    return position == "start" or (position == "segment" and short)


def _not_label_end(text: str) -> int:
    m = kind_pattern("not").match(text.lstrip(" \t-–—•*>»[(|"))
    return (len(text) - len(text.lstrip(" \t-–—•*>»[(|")) + m.end()) if m else -1


_Target = tuple[str, str, int]


def _links(line: VisualLine, page: _Page) -> list[tuple[Anchor, str]]:
    return [(a, h) for a in line.anchors if (h := _usable(a, page))]


def _via_target(m: re.Match[str], line: VisualLine, page: _Page, gap: int) -> _Target | None:
    """"via <a>X</a>": the link (or URL) must follow the word right away."""
    for a, h in _links(line, page):
        if m.end() <= a.offset <= m.end() + gap + 1:
            return h, "link", 1
    rest = line.text[m.end() + gap:]
    written = _written(rest[:300], page) if rest.lower().startswith(("http", "www.")) else None
    return (written, "text", 1) if written else None


def _label_target(m: re.Match[str], line: VisualLine, page: _Page, sep: bool, gap: int) -> _Target | None:
    """"Source: <a>X</a>", "Source: URL", "SOURCE <a>X</a>", or the label being the link."""
    links = _links(line, page)
    for a, h in links:
        if a.offset <= m.start() < a.offset + len(a.text) and len(line.text) <= 60:
            return h, "link", 1  # "Source link", <a>Fuente</a>
    following = [(a, h) for a, h in links if a.offset >= m.end()]
    if following and (sep or following[0][0].offset <= m.end() + gap + 1):
        return following[0][1], "link", 1
    rest = line.text[m.end():]
    if sep or rest.strip().lower().startswith(("http", "www.")):
        written = _written(rest, page)
        if written:
            return written, "text", 1
    return None


def _sentence_target(m: re.Match[str], line: VisualLine, page: _Page) -> _Target | None:
    """"Originally published at <a>X</a>", "The post <a>T</a> appeared first on X": the first
    link from the phrase on, else the last one before it; else a URL written out."""
    links = _links(line, page)
    covering = [h for a, h in links if a.offset + len(a.text) > m.start()]
    if covering:
        return covering[0], "link", 1
    written = _written(line.text[m.start():], page)
    if written:
        return written, "text", 1
    before = [h for a, h in links if a.offset + len(a.text) <= m.start()]
    if before:
        return before[-1], "link", 1
    written = _written(line.text[: m.start()], page)
    return (written, "text", 1) if written else None


def _next_line_target(m: re.Match[str], line: VisualLine, after_line: VisualLine | None,
                      page: _Page) -> _Target | None:
    """A label standing alone on its line ("Source" over the link): the link on the next line."""
    text = line.text
    if after_line is None or len(after_line.text) > 150 or len(text) > 60 or _position(text, m.start()) != "start":
        return None
    if text[m.end():].strip(" :：-–—."):
        return None
    next_links = [h for _a, h in _links(after_line, page)]
    if next_links:
        return next_links[0], "link", 2
    written = _written(after_line.text, page)
    return (written, "text", 2) if written else None


def _target(kind: str, m: re.Match[str], line: VisualLine, after_line: VisualLine | None,
            page: _Page) -> _Target | None:
    """(url, how it was given: "link"/"text", lines used) for the phrase ``m`` on ``line``."""
    rest = line.text[m.end():]
    sep = _SEP.match(rest)
    gap = sep.end() if sep else len(rest) - len(rest.lstrip())
    if kind == "via":
        return _via_target(m, line, page, gap)
    if kind in ("source", "credit"):
        found = _label_target(m, line, page, bool(sep), gap)
    else:
        found = _sentence_target(m, line, page)
    return found or _next_line_target(m, line, after_line, page)


_WORD_START = re.compile(r"(?<![^\W_])[^\W_]")
_URL_TEXT = re.compile(r"(?:https?://|www\.)\S+", re.I)


def _attribution_only(line: VisualLine, m: re.Match[str]) -> bool:
    """The line is the phrase at its start and a link or URL, not a sentence of the article."""
    if _position(line.text, m.start()) != "start":
        return False
    rest = line.text[m.end():]
    for anchor in line.anchors:
        if anchor.offset >= m.end() and anchor.text:
            rest = rest.replace(anchor.text, " ", 1)
    return len(_URL_TEXT.sub(" ", rest).strip(" .,:;!?()[]-–—")) <= 30


def _line_candidate(placed: PlacedLine, after: PlacedLine | None, page: _Page) -> Candidate | None:
    line = placed.line
    text = line.text
    if len(text) > _MAX_LINE or line.block is None:
        return None
    not_end = _not_label_end(text)
    # in the middle of the body a claim starts its line (after at most a three-word lead-in):
    # only those word starts are tried
    starts = [m.start() for m in _WORD_START.finditer(text[:120])][:4] if placed.zone == "middle" else None
    after_line = after.line if after is not None and after.index == placed.index + 1 else None
    best: Candidate | None = None
    for kind, strength in STRENGTH.items():
        if best is not None and best.strength >= strength:
            break
        pattern = kind_pattern(kind)
        found_at = pattern.finditer(text) if starts is None else (pattern.match(text, p) for p in starts)
        for m in found_at:
            if m is None:
                continue
            if not_end >= 0 and m.start() < not_end and m.end() <= not_end:
                continue
            if not _allowed(kind, _position(text, m.start()), placed.zone, len(text)):
                continue
            found = _target(kind, m, line, after_line, page)
            if found is None:
                continue
            url, how, used = found
            if kind in ("source", "via") and _credits_something_else(line.block, page, url):
                continue
            if kind in ("source", "via") and placed.zone == "middle" and not _attribution_only(line, m):
                continue
            url = _upgrade(url, (h for a in line.anchors if (h := _usable(a, page))))
            if url.rstrip("/") == page.url.rstrip("/"):
                continue
            lines = (text,) if used == 1 or after_line is None else (text, after_line.text)
            # label lines are boilerplate; a sentence saying where the article first ran is the
            # article's own text (as the extraction benchmarks' ground truth keeps it)
            label = kind in ("source", "credit", "via") or used == 2 or _attribution_only(line, m)
            drop = lines if label else ()
            weight = strength - 1 if placed.zone == "middle" and kind in ("source", "via") else strength
            best = Candidate(url, " ".join(lines), how, max(1, weight), placed.index, True, drop)
            break
    return best


def _is_label(text: str) -> bool:
    """A heading that is itself a claim label ("Source", "Fuente"): the tail goes on past it."""
    if len(text) > 60:
        return False
    return any(kind_pattern(k).match(text.strip(" \t:：-–—")) for k in ("source", "credit", "via"))


def _may_claim(placed: PlacedLine, phrase: PhraseIndex) -> bool:
    """False when ``_line_candidate`` cannot find a claim in the line, for either page: no claim
    phrase of any kind where it would look (the start of a word among the first four in the
    middle of the body, anywhere elsewhere). The union of the phrase tables, indexed by first
    character (``phrase_index.py``), instead of one regex per kind, twice: the detector's cost on
    pages without a claim."""
    text = placed.line.text
    if len(text) > _MAX_LINE or placed.line.block is None:
        return False
    if placed.zone == "middle":
        return phrase.match_at(text, [m.start() for m in islice(_WORD_START.finditer(text, 0, 120), 4)])
    return phrase.search(text)


def text_claims(zones: Zones, page: _Page) -> list[Candidate]:
    """Every textual claim in the zones, in page order."""
    found = []
    lines = zones.lines
    phrase = claim_index()
    for n, placed in enumerate(lines):
        if not _may_claim(placed, phrase):
            continue
        after = lines[n + 1] if n + 1 < len(lines) else None
        candidate = _line_candidate(placed, after, page)
        if candidate is None:
            candidate = _line_candidate(placed, after, replace(page, local=True))
            if candidate is not None:
                candidate.local = True
        block = placed.line.block
        if candidate is None or block is None or _in_excluded_context(block, zones.body) or _in_teaser_list(block):
            continue
        found.append(candidate)
    return found


def choose(candidates: list[Candidate]) -> Candidate | None:
    """The strongest claim (visible text first, then page order), made as specific as the
    page's other claims on the same host allow."""
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (not c.local, c.strength, c.visible, -c.order))
    url = _upgrade(best.url, (c.url for c in candidates))
    return replace(best, url=url) if url != best.url else best


def media_holders(tree: HtmlElement) -> set[HtmlElement]:
    """Elements holding ``svg`` (any namespace) or ``iframe`` media (charts, embeds): call before
    those are removed."""
    found = (e.getparent() for e in tree.iter("{*}svg", "iframe"))
    return {e for e in found if e is not None}


def claimed_source(
    tree: HtmlElement,
    base: str,
    page_url: str,
    canonical: str | None,
    og_url: str | None,
    *,
    data: StructuredData | None = None,
    headline: str | None = None,
    body: str | None = None,
    media: set[HtmlElement] | None = None,
    walk: tuple[HtmlElement, PageBlocks] | None = None,
) -> tuple[dict[str, Any] | None, frozenset[str]]:
    """The page's claimed source (``{"url", "text", "kind", "strength"}`` or None) and the
    normalised texts of every claim line found (to keep them out of the article body). ``walk``:
    the body pass's walk over the page and its root (``MainText.walk``), saving a second walk."""
    zones = find_zones(tree, body, headline, _is_label, walk)
    page = _Page(base, page_url, zones, media or set())
    found = text_claims(zones, page)
    found += machine_claims(tree, data or StructuredData(), base, page_url, canonical, og_url, start=len(found))
    best = choose(found)
    drop = frozenset(norm(t) for c in found if c.visible for t in c.lines)
    return (best.as_field() if best else None), drop
