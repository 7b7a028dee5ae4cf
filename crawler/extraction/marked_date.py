"""The story's date from an element the page marks as a date, when its metadata and bylines give none.

Many pages show their date only in an element whose class, id or ``itemprop`` names it, away
from the headline's lines: ``<span class="date">02.02.2022</span>`` under a picture,
``<div class="postDate">Veröffentlicht am: 6. August 2009</div>`` after the text, hAtom's
``<abbr class="published" title="2009-08-06T14:12:32+0200">``, an ``itemprop="datePublished"``
left outside its item's scope by a template, a ``<time>`` outside any ``<article>`` (the
metadata reads those inside one). This reads the first such element from the story's headline on:

- never before the headline block (a masthead's date of the day sits there), at most
  :data:`AFTER` blocks past the end of the main text (a sidebar's teasers are further);
- not inside a link (a teaser's date) or a comment thread, and not an update's: marked as one
  ("updated", "modified", "last-mod", unless "published" too: WordPress marks a post never
  edited ``entry-date published updated``) or saying so ("Updated", "Aktualisiert",
  "Actualizado"...);
- its ``datetime``, ``content`` (or an ``<abbr>``'s ``title``) attribute first, else a date
  written in its text (``crawler.dates.date_in_lines``: ISO, numeric, month names in several
  languages), in at most :data:`MAX_WORDS` words.

The decision does not read this date (``article.py`` keeps it out of the evidence): listings and
service pages carry marked dates too, on their teasers and notices, and the decision's weights were
fitted on the date the metadata and bylines give.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from crawler.dates import date_in_lines, normalize_date

from .body import MainText, headline_block

#: Blocks past the last one of the main text where a marked date is still the story's.
AFTER = 25
#: Blocks before the headline block (a kicker above it: "Politics | 5 March 2024").
BEFORE = 2
#: Words of a marked element's text read for a date (a byline or a date line, not a paragraph).
MAX_WORDS = 16

#: Words of the class, id or ``itemprop`` of an element marked as a date (lower case).
_DATE_MARKS = ("date", "publish", "posted", "datum", "byline")
_UPDATE_MARKS = ("update", "modif", "lastmod", "last-mod", "edited", "revised")
#: A date line that says it is an update's, in the languages of ``crawler.dates``' month names.
_UPDATE_WORDS = re.compile(
    r"\b(?:updated?|last\s+modified|modified|edited|revised|aktualisiert|geändert|actualizado|actualizada|"
    r"mis\s+à\s+jour|modifié|aggiornat[oa]|modificat[oa]|atualizad[oa]|bijgewerkt|gewijzigd|обновлено)\b",
    re.I,
)


def marked_date(main: MainText, titles: frozenset[str]) -> tuple[str | None, str | None]:
    """``(ISO date, raw)`` of the story's marked date (see the module docstring), or ``(None, None)``."""
    if main.walk is None:
        return None, None
    blocks = main.walk[1].blocks
    index = {block.element: i for i, block in enumerate(blocks)}
    inside = [i for i, block in enumerate(blocks) if block.element in main.members]
    if not inside:
        return None, None
    head = headline_block(blocks, titles, before=inside[0])
    start = max(0, (inside[0] if head is None else head) - BEFORE)
    end = inside[-1] + AFTER
    at = start
    for element in _from(blocks[start].element):  # document order (XPath's string tests cost more)
        found_at = index.get(element)
        if found_at is not None:
            if found_at > end:
                break
            at = found_at  # the block the element is in, or the last one before it
        if at < start or not isinstance(element.tag, str):
            continue
        if element.tag != "time":
            marks = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('itemprop') or ''}"
            if len(marks) == 2:
                continue
            marks = marks.lower()
            if not any(word in marks for word in _DATE_MARKS):
                continue
        else:
            marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if (any(mark in marks for mark in _UPDATE_MARKS) and "publish" not in marks) or _in_link_or_comments(element):
            continue
        found = _date_of(element)
        if found[0]:
            return found
    return None, None


def _from(element: HtmlElement) -> Iterator[HtmlElement]:
    """The elements from ``element`` on, in document order: its own, then those after it (what
    comes before it, the page's header and menus, is never walked)."""
    yield from element.iter()
    node: HtmlElement | None = element
    while node is not None:
        for sibling in node.itersiblings():
            yield from sibling.iter()
        node = node.getparent()


def _in_link_or_comments(element: HtmlElement) -> bool:
    for node in (element, *element.iterancestors()):
        if node.tag == "a" or "comment" in (node.get("class") or "").lower():
            return True
    return False


def _date_of(element: HtmlElement) -> tuple[str | None, str | None]:
    text = " ".join(element.text_content().split())
    if _UPDATE_WORDS.search(text[:200]):
        return None, None
    attributes = ("datetime", "content", "title") if element.tag == "abbr" else ("datetime", "content")
    for name in attributes:
        value = element.get(name)
        found = normalize_date(value) if value else None
        if found:
            return found, " ".join(value.split())
    if not text or len(text.split()) > MAX_WORDS:
        return None, None
    return date_in_lines([text], max_words=MAX_WORDS)
