"""Main text: prune generic boilerplate from the tree, run trafilatura, filter the lines.

trafilatura gets the already-parsed tree (it copies it before cleaning). Its XML body is
rendered block by block so the line filter knows headings from paragraphs.
"""

from __future__ import annotations

import re

import trafilatura
from lxml.html import HtmlElement
from trafilatura.baseline import baseline
from trafilatura.xml import xmltotxt

from .boilerplate import Line, filter_lines, normalize
from .registry import SiteRules

#: Links that are the only non-blank content of their parent.
_LINKS = "//body//a[@href]"
_INLINE = frozenset({"b", "strong", "em", "i", "span", "u", "font", "small", "big", "mark", "cite"})
_LINK_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "div", "dd", "dt"})
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Words, counting two CJK characters as one word (those scripts use no spaces)."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(_WORD.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + cjk // 2


def _alone(anchor: HtmlElement) -> bool:
    """True when no sibling node of ``anchor`` carries text (it is its parent's only content).

    Stops at the first sibling with text, so a parent holding hundreds of links (a footer link
    farm) costs one step per link, not one per pair of links.
    """
    parent = anchor.getparent()
    if parent is None or (parent.text or "").strip() or (anchor.tail or "").strip():
        return False
    for sibling in parent:
        if sibling is anchor:
            continue
        text = sibling.text_content() if isinstance(sibling.tag, str) else (sibling.text or "")
        if text.strip() or (sibling.tail or "").strip():
            return False
    return True


def link_only_texts(tree: HtmlElement) -> frozenset[str]:
    """Normalised texts of blocks that are one link and read like a headline (3+ words)."""
    found = set()
    for anchor in tree.xpath(_LINKS):
        if not _alone(anchor):
            continue
        node = anchor.getparent()
        while node is not None and node.tag in _INLINE:
            parent = node.getparent()
            if parent is None or len(parent) != 1 or (parent.text or "").strip() or (node.tail or "").strip():
                node = None
                break
            node = parent
        if node is None or node.tag not in _LINK_BLOCKS:
            continue
        text = normalize(anchor.text_content())
        if 3 <= len(text.split()) <= 30:
            found.add(text)
    return frozenset(found)


def _prune(tree: HtmlElement, rules: SiteRules | None) -> None:
    if rules:
        for xpath in rules.drop:
            for element in tree.xpath(xpath):
                parent = element.getparent()
                if parent is not None:
                    element.drop_tree()


def _lines_of(body: object) -> list[Line]:
    lines: list[Line] = []
    for child in body:  # type: ignore[attr-defined]
        if not isinstance(child.tag, str):
            continue
        blocks = list(child) if child.tag == "list" else [child]
        for block in blocks:
            kind = child.tag if block is child else "item"
            text = xmltotxt(block, False)
            for piece in text.split("\n"):
                piece = piece.strip()
                if piece:
                    lines.append(Line(piece, kind))
    return lines


def main_text(
    tree: HtmlElement,
    url: str,
    rules: SiteRules | None = None,
    extra_drop: frozenset[str] = frozenset(),
    titles: frozenset[str] = frozenset(),
) -> str:
    """The article's text, paragraphs separated by "\\n" (empty when nothing is found)."""
    _prune(tree, rules)
    target = tree
    if rules and rules.body:
        scoped = tree.xpath(rules.body)
        if scoped:
            target = scoped[0]
    document = trafilatura.bare_extraction(
        target, url=url, fast=True, include_comments=False, include_tables=True, with_metadata=False
    )
    body = getattr(document, "body", None)  # a Document (with_metadata=False never gives a dict)
    if body is not None:
        lines = _lines_of(body)
    else:
        # trafilatura gave up (tiny or odd page): its own rule-free baseline on the tree
        _body, text, _length = baseline(target)
        lines = [Line(piece.strip()) for piece in text.split("\n") if piece.strip()]
    lines = filter_lines(lines, extra_drop, titles)
    return "\n".join(line.text for line in lines)
