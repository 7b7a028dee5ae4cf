"""The standfirst: running text between the page's headline and the body the container walk found.

The walk (``content.container``) goes down to the element holding most of the running text. A
story's standfirst (the summary sentence or two under the headline, a lead paragraph set apart
in a wrapper of its own, a dek written as an ``<h2>``) stands above that element, beside it or
in another branch, and holds too little text to be found by its weight. Its place tells what it
is: after the ``<h1>`` and before the body, with nothing between but short lines (a byline, a
date, share buttons, a label).

From the body's first block the pass walks back towards the ``<h1>``:

- a paragraph of running text (few links; not a teaser card's) is taken, unless the body holds
  it already or starts with its words (an excerpt of the body, "[...]" at its end);
- a heading of :data:`HEADING_WORDS` words or more is a sentence set as a heading: taken;
- a short line (:data:`PASS_WORDS` words at most) or a heading is passed over;
- anything else (a list, a table cell, a link list, a teaser, a long line that is no running
  text) ends the walk: what stands above it is another part of the page;
- furniture is passed over, but for a running ``<p>`` inside the marked element that holds the
  headline and under no mark of its own (``<header class="entry-header">`` around the ``<h1>``
  and the dek): the story's own header, not the site's.

The headline block is the last heading before the body whose text is one of the page's own names
(``titles``: its headline, ``<title>``, og/twitter titles; a story headed by an ``<h2>`` under a
logo set as an ``<h1>``, whose site header and tagline are then no part of the walk) when it
stands after the last ``<h1>``, else that ``<h1>``. No headline block before the
body, no standfirst; none either when the body's own container holds the headline (an ``<h1>``
before its first running block): what stood above it is another part of the page (under a logo
set as an ``<h1>`` on every page, a promotion).

Nothing here reads a class name, a site or a phrase. On the tuned folds of the two development
sets and trafilatura's evaluation corpus (``benchmarks/snippets.py``), it raised the body's F1 on
the corpus from 0.906 to 0.918 and left the development sets' where it was (0.949 to 0.950;
their annotators leave some standfirsts out). The story's header's paragraphs: corpus 0.9224 to
0.9251 (tuned), 0.9303 to 0.9310 (held-out); development sets 0.9503 to 0.9501 and 0.9533 to
0.9531 (their annotators leave those decks out more often than not). The nearest heading that
names the page as the headline block: corpus 0.9253 to 0.9263 (tuned), 0.9310 to 0.9303
(held-out), development sets the same.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from .boilerplate import normalize
from .content import HEADINGS, Block, in_cards

#: A heading of this many words or more is a sentence (a standfirst set as an ``<h2>``).
HEADING_WORDS = 20
#: Lines of this many words at most are passed over (a byline, a date, a share button).
PASS_WORDS = 12
#: A standfirst's links hold this share of its text at most.
MAX_LINK_DENSITY = 0.2
#: Block kinds a standfirst paragraph is written in.
_PARAGRAPHS = frozenset({"p", "div"})
#: Words of a paragraph looked up at the body's start (an excerpt repeats the first ones).
_PROBE_WORDS = 8
#: Body blocks the excerpt's words are looked up in.
_PROBE_BLOCKS = 5


def standfirst(page: list[Block], blocks: list[Block], kept: list[Block], cards: set[HtmlElement],
               titles: frozenset[str] = frozenset()) -> list[Block]:
    """The standfirst's blocks, in page order: ``page`` is every block of the page, ``blocks``
    those outside furniture, ``kept`` the body's, ``cards`` the teaser cards and ``titles`` the
    page's own names, normalised (``boilerplate.normalize``)."""
    if not kept or any(block.kind == "h1" for block in _opening(kept)):
        return []  # the headline stands in the body's own container: what stood above is not the story's
    first = kept[0]
    end = next((i for i, block in enumerate(page) if block is first), -1)
    head = _headline(page, end, titles)
    if head < 0:
        return []
    outside = {id(block) for block in blocks}
    header = set(page[head].marks)
    known = {block.text for block in kept}
    found: list[Block] = []
    for block in reversed(page[head + 1 : end]):
        plain = block.link_density <= MAX_LINK_DENSITY
        if id(block) not in outside:  # furniture: passed over, but for the story's own header's paragraphs
            if block.running and block.kind == "p" and plain and set(block.marks) <= header:
                if block.text not in known and not _excerpt(block.text, kept):
                    found.append(block)
            continue
        if in_cards(block, cards):
            break
        if block.running and block.kind in _PARAGRAPHS and plain:
            if block.text not in known and not _excerpt(block.text, kept):
                found.append(block)
        elif block.kind in HEADINGS and block.words >= HEADING_WORDS and plain:
            found.append(block)
        elif block.words > PASS_WORDS and not (block.kind in HEADINGS and plain):
            break
    return found[::-1]


def _headline(page: list[Block], end: int, titles: frozenset[str]) -> int:
    """The index of the headline block before ``page[end]`` (-1: none)."""
    head = next((i for i in range(end - 1, -1, -1) if page[i].kind == "h1"), -1)
    if titles:  # a heading after it that names the page is nearer (the logo an <h1>, the story's an <h2>)
        named = next((i for i in range(end - 1, head, -1)
                      if page[i].kind in HEADINGS and normalize(page[i].text, True) in titles), -1)
        head = max(head, named)
    return head


def _opening(kept: list[Block]) -> list[Block]:
    """The body's blocks up to its first running one."""
    for index, block in enumerate(kept):
        if block.running:
            return kept[: index + 1]
    return kept


def _excerpt(text: str, kept: list[Block]) -> bool:
    """True when ``text`` starts with words the body's first blocks hold: an excerpt of it."""
    words = text.split()[:_PROBE_WORDS]
    if len(words) < 4:
        return False
    probe = " ".join(words).rstrip(".,;:…")
    return any(probe in block.text for block in kept[:_PROBE_BLOCKS])
