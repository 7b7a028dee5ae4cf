"""Where a page's article sits, and the zones around it where a post names its source.

The article block is found from structure, not class names: the elements that hold the lines of
the extracted body text (the deepest element holding most of them), else the standard markers
(``itemprop=articleBody``, the ``e-content``/``entry-content`` microformat, ``<article>``,
``<main>``). The headline is the heading whose text is the extracted headline. Every visual line
of the page then gets a zone:

* ``title``: the title block (the headline's own small container: kicker, byline, date) and what
  stands between it and the body;
* ``top``: lines of the article block before the first body line;
* ``edge``: the first and last body lines (the lead, the closing lines);
* ``middle``: the other body lines;
* ``tail``: lines of the article block after the body, then what follows the block (footers,
  source boxes, "continue reading" buttons) until a heading, a navigation or form, or a text
  budget ends it.

Lines elsewhere (navigation, sidebars, page footer, comments) get no zone.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from .blocks import PageBlocks
from .lines import HEADINGS, VisualLine, lines_from_blocks, visual_lines

#: A page line whose first characters (at least ``_MIN_KEY``, at most ``_KEY``) occur in the
#: extracted body text is a body line; shorter lines are too common to tell.
_MIN_KEY = 25
_KEY = 40
#: Keyed lines beyond which the body is read once rather than searched for each line
#: (:func:`_body_lines`).
_SCAN_LINES = 500
#: Text budgets (characters) of the zones outside the article block.
TITLE_BUDGET = 800
BEFORE_BUDGET = 300
TAIL_BUDGET = 700
INNER_TAIL_BUDGET = 2500
#: Lines at each end of the body that count as its edges.
EDGE_LINES = 2
_STOP_TAGS = frozenset({"nav", "form"})
_TITLE_BLOCK_MAX = 700
_FALLBACK_XPATHS = (
    ".//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' articleBody ')]",
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' e-content ')]",
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    ".//article",
    ".//main",
    ".//*[@role='main']",
)


def norm(text: str) -> str:
    """Case-folded, white space collapsed (no-break spaces too)."""
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


@dataclass
class PlacedLine:
    """A visual line of the page with its zone and position."""

    line: VisualLine
    zone: str
    index: int


@dataclass
class Zones:
    """The article block, the headline line and the zoned lines of one page."""

    body: HtmlElement | None
    lines: list[PlacedLine] = field(default_factory=list)
    all_lines: list[VisualLine] = field(default_factory=list)
    body_chars: int = 0


def _inside(element: HtmlElement | None, container: HtmlElement) -> bool:
    if element is None:
        return False
    if element is container:
        return True
    return any(a is container for a in element.iterancestors())


def _key(text: str) -> str | None:
    """The line's first characters, case-folded (a visual line's white space is collapsed
    already: ``norm`` of its first characters is enough)."""
    n = text[:_KEY].casefold()
    return n[:_KEY] if len(n) >= _MIN_KEY else None


def _body_lines(lines: list[VisualLine], text: str) -> list[int]:
    """Indexes of the lines whose key (``_key``) occurs in ``text``, the normalised body. Body
    lines come in the body's order: each is looked for from where the last one was found
    (then before it), not from the start of the body each time. A key that is not in the body
    is a search through all of it, so beyond ``_SCAN_LINES`` keyed lines (a long story beside a
    long menu or sidebar, where those searches grew with the square of the page) the body is
    read once instead (:func:`_keys_in`): the same lines either way."""
    keyed: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if line.block is None:
            continue
        key = _key(line.text)
        if key:
            keyed.append((i, key))
    if len(keyed) > _SCAN_LINES:
        present = _keys_in(text, {key for _i, key in keyed})
        return [i for i, key in keyed if key in present]
    found = []
    at = 0
    for i, key in keyed:
        where = text.find(key, at)
        if where < 0:
            where = text.find(key, 0, at + len(key) - 1)
        if where >= 0:
            found.append(i)
            at = where
    return found


def _keys_in(text: str, keys: set[str]) -> set[str]:
    """The ``keys`` (each of ``_MIN_KEY`` characters or more) that occur in ``text``, in one pass
    over it: at each position, the keys that start with its next ``_MIN_KEY`` characters."""
    by_prefix: dict[str, list[str]] = {}
    for key in keys:
        by_prefix.setdefault(key[:_MIN_KEY], []).append(key)
    found: set[str] = set()
    for p in range(len(text) - _MIN_KEY + 1):
        candidates = by_prefix.get(text[p : p + _MIN_KEY])
        if candidates is not None:
            for key in candidates:
                if key not in found and text.startswith(key, p):
                    found.add(key)
    return found


def _majority_block(blocks: list[HtmlElement]) -> HtmlElement | None:
    """The deepest element holding at least 60% of ``blocks`` (itself included)."""
    counts: dict[HtmlElement, int] = {}
    for block in blocks:
        node: HtmlElement | None = block
        while node is not None:
            counts[node] = counts.get(node, 0) + 1
            node = node.getparent()
    need = max(1, math.ceil(0.6 * len(blocks)))
    best = [node for node, n in counts.items() if n >= need]  # one chain: two subtrees cannot both hold 60%
    return max(best, key=_depth) if best else None


def _depth(node: HtmlElement) -> int:
    return sum(1 for _ in node.iterancestors())


def _fallback_block(root: HtmlElement) -> HtmlElement:
    for xpath in _FALLBACK_XPATHS:
        found = root.xpath(xpath)
        if found:
            return max(found, key=lambda e: len(e.text_content()))  # type: ignore[no-any-return]
    return root


def _is_heading(line: VisualLine) -> bool:
    block = line.block
    return block is not None and (block.tag in HEADINGS or block.get("itemprop") in ("headline", "name"))


def _headline_index(lines: list[VisualLine], headline: str | None, before: int) -> int | None:
    """The line of the page's headline before line ``before`` (the last such heading)."""
    target = norm(headline) if headline else ""
    found = None
    chars = 0
    for i in range(before - 1, -1, -1):
        line = lines[i]
        text = norm(line.text)
        if _is_heading(line):
            if not target or text == target or (len(target) >= 20 and (target in text or text in target)):
                return i
            if found is None and line.block is not None and line.block.tag in ("h1", "h2", "h3"):
                found = i
        chars += len(text)
        if chars > 4 * TITLE_BUDGET:
            break
    return found


def _title_root(block: HtmlElement, body: HtmlElement) -> HtmlElement:
    root = block
    parent = root.getparent()
    while parent is not None and not _inside(body, parent) and len(parent.text_content()) <= _TITLE_BLOCK_MAX:
        root = parent
        parent = root.getparent()
    return root


def _cost(line: VisualLine) -> float:
    linked = sum(len(a.text) for a in line.anchors)
    return max(0, len(line.text) - linked) + linked / 4


def _stops(line: VisualLine, is_label: Callable[[str], bool]) -> bool:
    block = line.block
    if block is None:
        return False
    if block.tag in _STOP_TAGS or any(a.tag in _STOP_TAGS for a in block.iterancestors()):
        return True
    return block.tag in HEADINGS and not is_label(line.text)


def _zone_title(lines: list[VisualLine], zones: dict[int, str], b0: int, body: HtmlElement,
                headline: str | None) -> None:
    h = _headline_index(lines, headline, b0)
    between = range(h + 1, b0) if h is not None else range(0)
    if h is not None and sum(len(lines[i].text) for i in between) <= TITLE_BUDGET:
        for i in between:
            zones[i] = "title"
    if h is not None and lines[h].block is not None:
        root = _title_root(lines[h].block, body)
        for i in range(max(0, h - 12), min(b0, h + 40)):
            if i != h and _inside(lines[i].block, root):
                zones[i] = "title"
    chars = 0
    for i in range(b0 - 1, -1, -1):  # the byline right above the body
        if i == h or _is_heading(lines[i]) or chars > BEFORE_BUDGET:
            break
        chars += len(lines[i].text)
        zones.setdefault(i, "title")


def _zone_body(lines: list[VisualLine], zones: dict[int, str], b0: int, b1: int, matched: list[int]) -> None:
    inner = [i for i in matched if b0 <= i <= b1]
    if not inner:  # no body line located: the first and last lines are the edges
        span = list(range(b0, b1 + 1))
        for n, i in enumerate(span):
            zones[i] = "edge" if n < 3 or n >= len(span) - 4 else "middle"
        return
    first, last = inner[0], inner[-1]
    located = set(inner)
    rank = 0
    for i in range(b0, b1 + 1):
        if i in located:
            rank += 1
        if i < first:
            zones[i] = "top"
        elif i > last:
            zones[i] = "tail"
        else:
            edge = rank <= EDGE_LINES or len(inner) - rank < EDGE_LINES + (0 if i in located else 1)
            zones[i] = "edge" if edge else "middle"


def _zone_tail(lines: list[VisualLine], zones: dict[int, str], b1: int, is_label: Callable[[str], bool]) -> None:
    inner_cost = 0.0
    for i in range(b1, -1, -1):  # lines of the block after the body: bounded
        if zones.get(i) != "tail":
            break
        inner_cost += _cost(lines[i])
        if inner_cost > INNER_TAIL_BUDGET:
            zones[i] = "far"
    budget = 0.0
    for i in range(b1 + 1, len(lines)):
        line = lines[i]
        if _stops(line, is_label):
            break
        budget += _cost(line)
        if budget > TAIL_BUDGET:
            break
        zones[i] = "tail"


def _span(lines: list[VisualLine], body: HtmlElement, matched: list[int]) -> list[int]:
    """Indexes of the lines inside ``body``: one run of lines (a subtree is one stretch of the
    document), grown outwards from a body line found inside it."""
    seed = next((i for i in matched if _inside(lines[i].block, body)), None)
    if seed is None:
        return [i for i, line in enumerate(lines) if _inside(line.block, body)]
    first, last = seed, seed
    while first > 0 and _inside(lines[first - 1].block, body):
        first -= 1
    while last + 1 < len(lines) and _inside(lines[last + 1].block, body):
        last += 1
    return list(range(first, last + 1))


def find_zones(tree: HtmlElement, body_text: str | None, headline: str | None,
               is_label: Callable[[str], bool] = lambda _text: False,
               walk: tuple[HtmlElement, PageBlocks] | None = None) -> Zones:
    """The zoned lines of ``tree`` given the extracted body text and headline; ``walk``: the body
    pass's walk and its root (the lines are built from it when that root is the page's body)."""
    root = tree.find(".//body")
    if root is None:
        root = tree
    lines = lines_from_blocks(walk[1]) if walk is not None and walk[0] is root else visual_lines(root)
    matched = _body_lines(lines, norm(body_text or ""))
    body = _majority_block([lines[i].block for i in matched]) if matched else None  # type: ignore[misc]
    if body is None or body is root:
        body = _fallback_block(root)
        matched = [i for i in matched if _inside(lines[i].block, body)]
    span = _span(lines, body, matched)
    zones: dict[int, str] = {}
    if span:
        b0, b1 = span[0], span[-1]
        _zone_body(lines, zones, b0, b1, matched)
        _zone_title(lines, zones, b0, body, headline)
        _zone_tail(lines, zones, b1, is_label)
    placed = [PlacedLine(lines[i], zones[i], i) for i in sorted(zones) if zones[i] != "far"]
    return Zones(body=body, lines=placed, all_lines=lines, body_chars=len(body_text or ""))
