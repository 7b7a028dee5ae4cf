"""A second opinion from trafilatura, only where the block pass is in doubt.

The block pass (``content.py``) is fast and, on most pages, the better extractor. Where it
found little text (fewer than ``MIN_WORDS`` words on a page with running text: a story it
missed, or a brief), trafilatura's extraction on the same tree is taken when it finds clearly
more text, unless that text is menus (:func:`menus`: trafilatura's fast mode can take a news
site's section lists for a short story). That is a minority of pages, so the median time is
the block pass's.

The block pass is not in doubt only because its container holds a small share of the page's
running text: on the development data that second opinion was never taken for a table-laid
page and, for articles, only once in the tuned fold, where it lost (see ``benchmarks/JOURNAL.md``,
"The second opinion where the container holds little of the running text").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import trafilatura
from lxml.html import HtmlElement
from trafilatura.xml import xmltotxt

from .blocks import count_words
from .body import MainText, Shape
from .boilerplate import Line, filter_lines, normalize
from .content import comment_blocks
from .furniture import overlay

#: The block pass is in doubt when it found fewer words than this on a page with running text.
MIN_WORDS = 100
#: trafilatura's text replaces ours when it has this many times our words.
GAIN = 1.3
#: A line of fewer words than this is a menu item or a label ("Home", "Sign in", "Local news"),
#: not prose.
MENU_LINE_WORDS = 5
#: trafilatura's text with this share of its words in such lines is the page's menus, not the
#: article the block pass missed: its fast mode, which has no second opinion of its own, can
#: take a site's navigation for the text of a short story.
MENU_SHARE = 0.95
#: Our lines this long, or longer, are looked for in trafilatura's tables (a shorter one, a
#: date or a name, may well be a cell of a real data table).
_HELD_CHARS = 40
_WORD = re.compile(r"\w+")


def in_doubt(shape: Shape, words: int) -> bool:
    """True when the block pass may have missed the article."""
    return shape.running_chars > 0 and words < MIN_WORDS


def better(other: Sequence[Line], words: int) -> bool:
    """True when trafilatura's ``other`` lines replace the block pass's ``words`` words: they
    hold more than :data:`GAIN` times as many words and are not menus (:func:`menus`)."""
    total = count_words("\n".join(line.text for line in other))
    return total > GAIN * words and not menus(other, total)


def menus(lines: Sequence[Line], total: int) -> bool:
    """True when ``lines`` (``total`` words in all) are menus: at least :data:`MENU_SHARE` of
    the words stand in lines of fewer than :data:`MENU_LINE_WORDS` words."""
    short = 0
    for line in lines:
        count = count_words(line.text)
        if count < MENU_LINE_WORDS:
            short += count
    return total > 0 and short >= MENU_SHARE * total


def _lines_of(body: object, held: Sequence[str]) -> list[Line]:
    children = [child for child in body if isinstance(child.tag, str)]  # type: ignore[attr-defined]
    if any(child.tag == "table" and _holds(child, held) for child in children):
        # the page is laid out in tables: trafilatura cut its layout into rows and cells
        children = [child for child in children if child.tag != "table"]
    lines: list[Line] = []
    for child in children:
        blocks = list(child) if child.tag == "list" else [child]
        for block in blocks:
            kind = child.tag if block is child else "item"
            for piece in xmltotxt(block, False).split("\n"):
                piece = piece.strip()
                if piece:
                    lines.append(Line(piece, "li" if kind in ("item", "list") else kind))
    return lines


def _holds(table: object, held: Sequence[str]) -> bool:
    """True when ``table`` holds one of the ``held`` texts: a table laid around the text the
    block pass found is the page's layout (as on the table-built pages of the 2000s), not a
    data table of the article. trafilatura renders it with the navigation, the sidebars and
    the footer in its cells: the whole page, not a better article."""
    if not held:
        return False
    text = _words(" ".join(table.itertext()))  # type: ignore[attr-defined]
    return any(words in text for words in held)


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def overlay_texts(main: MainText) -> frozenset[str]:
    """The normalised texts of the page's blocks inside an overlay (``furniture.overlay``: a
    cookie notice, a sign-in dialog), and of the readers' comments the block pass cut after a
    heading named so (``content.comment_blocks``): trafilatura knows neither, and its second
    opinion on a short post may take a privacy overview, or the thread under it, for the post."""
    if main.walk is None:
        return frozenset()
    blocks = main.walk[1].blocks
    found = {normalize(block.text, True) for block in blocks
             if block.marks and any(overlay(mark) for mark in block.marks)}
    comments = comment_blocks(blocks)
    if comments:  # a text the page also shows outside them (a hidden copy of the post) stays
        cut = {id(block) for block in comments}
        shown = {normalize(block.text, True) for block in blocks if id(block) not in cut}
        found.update(text for text in (normalize(block.text, True) for block in comments) if text not in shown)
    return frozenset(found)


def trafilatura_lines(
    tree: HtmlElement, url: str, drop: frozenset[str], titles: frozenset[str], ours: Sequence[Line] = ()
) -> list[Line]:
    """trafilatura's main text of ``tree`` as filtered lines (empty when it finds nothing),
    without its tables when one holds a paragraph of ``ours`` (see :func:`_holds`): the page is
    laid out in tables, and the others are its navigation and footer rows."""
    try:
        document = trafilatura.bare_extraction(
            tree, url=url, fast=True, include_comments=False, include_tables=True, with_metadata=False
        )
    except Exception:  # trafilatura failing on one odd page costs only its second opinion
        return []
    body = getattr(document, "body", None)
    if body is None:
        return []
    held = [_words(line.text) for line in ours if len(line.text) >= _HELD_CHARS]
    return filter_lines(_lines_of(body, held), drop, titles)
