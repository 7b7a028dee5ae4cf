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
from dataclasses import replace
from itertools import islice
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml.html import HtmlElement

from crawler.urls import absolute_url, find_url, same_site

from .blocks import SENTENCE_MARKS, PageBlocks
from .claim_context import ClaimPage, SiblingCounts, credits_something_else, in_excluded_context, in_teaser_list
from .claim_phrases import STRENGTH, kind_pattern
from .lines import Anchor, VisualLine
from .machine_claims import Candidate, machine_claims
from .phrase_index import PhraseIndex, claim_index
from .post_zones import PlacedLine, Zones, find_zones, norm
from .structured import StructuredData

_MAX_LINE = 600
_SHORT = 200
#: Longer lines in the middle of the body hold a claim only at their start (``_allowed``).
_LEAD_IN_MAX = 250
_SEP = re.compile(r"\s*[:：﹕\-–—|»>]+\s*")
_SEGMENT_END = re.compile(r"[|·•—–\-,;:/(\[»>]\s*$")
_SENTENCE_END = re.compile(f"[.!?{SENTENCE_MARKS}]\\s*$")
# --- links ------------------------------------------------------------------------------------


def _is_share(href: str, page_url: str) -> bool:
    """A share or settings link: it carries the page's own URL or host in its query
    (``facebook.com/sharer?u=https://www.site/...``), or a parameter's whole value is the site's
    host without its ``www.`` (a search engine's "add as a preferred source" button,
    ``google.com/preferences/source?q=site``) and names no tracking field (``utm_source=site``,
    ``ref=site``: a link out to a story, tagged with who sent the reader)."""
    parts = urlsplit(href)
    query = unquote(unquote(parts.query + "#" + parts.fragment)).lower()
    host = (urlsplit(page_url).hostname or "").lower()
    if not host:
        return False
    if host in query:
        return True
    bare = host.removeprefix("www.")
    if bare == host or bare not in query:
        return False
    return any(value.strip().lower() == bare and not _tracking(name)
               for name, value in parse_qsl(parts.query, keep_blank_values=False))


#: Query fields that tag a link with where the reader came from, not what the link is about.
_TRACKING = frozenset({"ref", "referrer", "referer", "source", "src", "from", "via", "origin", "partner", "affiliate"})


def _tracking(name: str) -> bool:
    name = name.strip().lower()
    return name.startswith("utm_") or name in _TRACKING


def _usable(anchor: Anchor, page: ClaimPage) -> str | None:
    href = absolute_url(page.base, anchor.href)
    if not href or same_site(href, page.url) != page.local or _is_share(href, page.url):
        return None
    return href


def _written(text: str, page: ClaimPage) -> str | None:
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
        return position == "start" or (position == "lead-in" and kind in ("origin", "more") and length <= _LEAD_IN_MAX)
    if kind in ("origin", "more"):
        return position in ("start", "sentence") or length <= 400
    if kind == "via":
        return position in ("start", "segment")
    return position == "start" or (position == "segment" and short)


def _not_label_end(text: str) -> int:
    m = kind_pattern("not").match(text.lstrip(" \t-–—•*>»[(|"))
    return (len(text) - len(text.lstrip(" \t-–—•*>»[(|")) + m.end()) if m else -1


_Target = tuple[str, str, int]


def _links(line: VisualLine, page: ClaimPage) -> list[tuple[Anchor, str]]:
    return [(a, h) for a in line.anchors if (h := _usable(a, page))]


def _via_target(m: re.Match[str], line: VisualLine, page: ClaimPage, gap: int) -> _Target | None:
    """"via <a>X</a>": the link (or URL) must follow the word right away."""
    for a, h in _links(line, page):
        if m.end() <= a.offset <= m.end() + gap + 1:
            return h, "link", 1
    rest = line.text[m.end() + gap:]
    written = _written(rest[:300], page) if rest.lower().startswith(("http", "www.")) else None
    return (written, "text", 1) if written else None


def _label_target(m: re.Match[str], line: VisualLine, page: ClaimPage, sep: bool, gap: int) -> _Target | None:
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


def _sentence_target(m: re.Match[str], line: VisualLine, page: ClaimPage) -> _Target | None:
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
                      page: ClaimPage) -> _Target | None:
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
            page: ClaimPage) -> _Target | None:
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
#: The first word's start when it is a line start to ``_position`` (at most four characters,
#: none a word character, before it).
_LINE_START = re.compile(r"\W{0,4}(?=[^\W_])")
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


def _line_candidate(placed: PlacedLine, after: PlacedLine | None, page: ClaimPage) -> Candidate | None:
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
            if kind in ("source", "via") and credits_something_else(line.block, page, url):
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
        if len(text) > _LEAD_IN_MAX:  # no lead-in allowed: only the first word, at the line's start
            start = _LINE_START.match(text)
            return start is not None and phrase.match_at(text, (start.end(),))
        return phrase.match_at(text, [m.start() for m in islice(_WORD_START.finditer(text, 0, 120), 4)])
    return phrase.search(text)


def text_claims(zones: Zones, page: ClaimPage) -> list[Candidate]:
    """Every textual claim in the zones, in page order."""
    found = []
    lines = zones.lines
    phrase = claim_index()
    siblings: SiblingCounts = {}
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
        if candidate is None or block is None:
            continue
        if in_excluded_context(block, zones.body) or in_teaser_list(block, siblings):
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
    normalised texts of every claim line found (to keep them out of the article body). ``media``:
    the elements holding ``svg`` or ``iframe`` media (``parsing.read_as_shown``, before those are
    removed). ``walk``: the body pass's walk over the page and its root (``MainText.walk``),
    saving a second walk."""
    zones = find_zones(tree, body, headline, _is_label, walk)
    page = ClaimPage(base, page_url, zones, media or set())
    found = text_claims(zones, page)
    found += machine_claims(tree, data or StructuredData(), base, page_url, canonical, og_url, start=len(found))
    best = choose(found)
    drop = frozenset(norm(t) for c in found if c.visible for t in c.lines)
    return (best.as_field() if best else None), drop
