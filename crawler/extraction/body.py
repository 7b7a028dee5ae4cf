"""Main text: the content blocks of the page (``content.py``) and the standfirst above them
(``standfirst.py``), then the generic line filter.

Returns the body and the page's shape (``Shape``), which the article decision reads. When the
block pass finds almost nothing, trafilatura's extraction on the same tree backs it up.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from crawler.urls import absolute_url, same_site

from .blocks import GLUED_ANCHOR, PageBlocks
from .boilerplate import Line, filter_lines, normalize
from .content import (
    HEADINGS,
    Block,
    before_comments,
    container,
    count_words,
    declared_text,
    drop_furniture,
    in_cards,
    is_running_text,
    repeated_units,
    teaser_cards,
    walk_blocks,
)
from .registry import SiteRules
from .standfirst import standfirst

#: Text that is markup written out (a ``<noscript>`` tracking pixel escaped into the body).
_MARKUP_TEXT = re.compile(r"^<(?:img|a|div|span|iframe|script|p|br|link|meta|input|noscript|style|ins)\b[^>]*>", re.I)
_PRICE = re.compile(r"[$€£¥₹]\s?\d[\d,.]*|\d[\d,.]*\s?(?:€|EUR|USD|GBP|kr|zł|руб)\b")
#: What every price holds (a currency sign or name): a text holding none has none, which a few
#: substring tests tell faster than the regex, tried at every digit.
_PRICE_MARKS = ("$", "€", "£", "¥", "₹", "EUR", "USD", "GBP", "kr", "zł", "руб")
#: Blocks more link text than this are navigation, not prose...
MAX_LINK_DENSITY = 0.5
#: ...unless this many characters of their text stand outside the links: a sentence with its
#: links (a list of briefs, each led by a linked sentence), not a menu or a list of headlines.
MIN_UNLINKED = 60
#: A child holding this share of its parent's running text is where the content is.
CONTAINER_SHARE = 0.7
#: A line mostly of links stays in the text between its paragraphs when its links lead to other
#: sites (:func:`_text_heading_or_line`): these kinds, this many words.
CITING_KINDS = frozenset({"p", "li"})
CITING_WORDS = 5
#: Blocks looked at after a linked heading for the paragraph it stands over (images, prices and
#: buttons between them are short blocks).
SECTION_WINDOW = 12


def word_count(text: str) -> int:
    """Words, counting two CJK characters as one word (those scripts use no spaces)."""
    return count_words(text)


@dataclass(frozen=True)
class Shape:
    """What the page's blocks say about it (read by the article decision)."""

    #: Characters of running text in the whole page and in the content container.
    running_chars: int
    container_chars: int
    #: Running-text blocks in the container.
    running_blocks: int
    #: Headings that are one link (teasers), in the page and in the container.
    linked_headings: int
    container_linked_headings: int
    #: Link-dense blocks in the container and all blocks in it.
    container_link_blocks: int
    container_blocks: int
    #: Characters of the longest running-text block.
    longest_block: int
    #: Headings and preformatted (code) blocks in the container.
    container_headings: int = 0
    container_pre: int = 0
    #: The container is an ``<article>`` element, sits in one, or holds exactly one.
    article_element: bool = False
    #: Sibling units of one kind each holding running text and more (posts, cards, items).
    repeated_units: int = 0
    #: Prices written in the main text.
    prices: int = 0
    #: Link-dense blocks in the container between its first and its last running-text block
    #: (a list after the text, related stories or share links, is not in the text's span).
    span_link_blocks: int = 0
    #: Characters of running text in teaser cards outside the container (related stories' excerpts).
    card_chars: int = 0


def _prune(tree: HtmlElement, rules: SiteRules | None) -> HtmlElement:
    """Apply per-site rules (``registry.py``): drop XPaths, scope to the body XPath."""
    if rules:
        for xpath in rules.drop:
            for element in tree.xpath(xpath):
                if element.getparent() is not None:
                    element.drop_tree()
        if rules.body:
            scoped = tree.xpath(rules.body)
            if scoped:
                return scoped[0]  # type: ignore[no-any-return]
    body = tree.find("body")
    return tree if body is None else body


def _linked_heading(block: Block) -> bool:
    return block.kind in HEADINGS and block.link_density >= 0.9 and block.words >= 2


#: Lines before the first running-text block shorter than this (bylines, dates, kickers) go.
LEAD_WORDS = 8
#: A line that ends as a sentence does, closing quotation marks of any language after its stop
#: included ("…“" in German).
_SENTENCE = re.compile(r"[.!?…][\"'”“’›»)]*\s*$")


def _members(nodes: list[HtmlElement]) -> set[HtmlElement]:
    """Every element of the container(s), for O(1) "is this block inside" tests."""
    found: set[HtmlElement] = set()
    for node in nodes:
        found.update(node.iter())
    return found


def _cites_elsewhere(block: Block, base: str) -> bool:
    """Most of the block's links lead off the page's site (a list of sources, of other sites'
    posts, of bugs fixed, a guide's products), as a list of the site's own stories or a "Read
    more:" line's do not."""
    links = away = 0
    for _at, element, kind, _line in block.inserts or ():
        if kind > GLUED_ANCHOR:
            continue
        href = (element.get("href") or "").strip()
        links += 1
        if href[:6].lower().startswith(("http:", "https:", "//")) and not same_site(href, base):
            away += 1
    return 2 * away > links


def _text_heading_or_line(blocks: list[Block], at: int, members: set[HtmlElement], base: str) -> bool:
    """The link-dense block at ``at``, between the text's paragraphs, is the text's:
    - a line of :data:`CITING_WORDS` words or more, linked in part or whole, that
      :func:`_cites_elsewhere` (a status report's bugs, a reading list, the sources of a
      post: not the site's own stories, which a list of them links to);
    - a heading linked to its own place in the page (a permalink anchor,
      ``<h2 id="x"><a href="#x">``);
    - a heading over prose (the next of the text's paragraphs and headings, within
      :data:`SECTION_WINDOW` blocks, is a paragraph) that :func:`_cites_elsewhere` (a guide's
      entries, each heading linked to the product, tool or place it is about)."""
    block = blocks[at]
    if block.kind not in HEADINGS:
        return (
            block.kind in CITING_KINDS and block.words >= CITING_WORDS and _cites_elsewhere(block, base)
        )
    if _in_page(block, base):
        return True
    for following in blocks[at + 1 : at + 1 + SECTION_WINDOW]:
        if following.element in members and (following.running or following.kind in HEADINGS):
            return following.running and _cites_elsewhere(block, base)
    return False


def _select(blocks: list[Block], members: set[HtmlElement], base: str = "") -> tuple[list[Block], list[Block]]:
    """The blocks of the text, in order, and those of them kept only as
    :func:`_text_heading_or_line` (which the page's shape, read by the article decision, leaves
    out)."""
    selected: list[Block] = []
    cited: list[Block] = []
    seen: set[str] = set()
    started = False
    # the text starts at its first running block; in a text with none (a short post of a few
    # lines, a poem, a dialogue), at its first sentence of LEAD_WORDS or more
    prose = any(block.running for block in blocks if block.element in members)
    last = max((i for i, block in enumerate(blocks) if block.running and block.element in members), default=-1)
    for i, block in enumerate(blocks):
        if block.element not in members:
            continue
        if block.link_density > MAX_LINK_DENSITY and (1.0 - block.link_density) * len(block.text) < MIN_UNLINKED:
            # a menu, a list of headlines; a line citing other sites between paragraphs stays
            if not (started and i < last and base and _text_heading_or_line(blocks, i, members, base)):
                continue
            cited.append(block)
        started = started or block.running
        if not started and LEAD_WORDS and block.kind not in HEADINGS and block.words < LEAD_WORDS:
            continue
        if _MARKUP_TEXT.match(block.text):
            continue
        if block.words >= 5:  # a caption or teaser repeated in a carousel
            if block.text in seen:
                continue
            seen.add(block.text)
        selected.append(block)
        started = started or (not prose and block.words >= LEAD_WORDS and bool(_SENTENCE.search(block.text)))
    return selected, cited


def _shape(
    blocks: list[Block], kept: list[Block], nodes: list[HtmlElement], members: set[HtmlElement], cards: set[HtmlElement]
) -> Shape:
    running = [b for b in blocks if is_running_text(b)]
    inner = [b for b in blocks if b.element in members]
    return Shape(
        running_chars=sum(len(b.text) for b in running),
        container_chars=sum(len(b.text) for b in inner if b.running),
        running_blocks=sum(1 for b in inner if is_running_text(b)),
        linked_headings=sum(1 for b in blocks if _linked_heading(b)),
        container_linked_headings=sum(1 for b in inner if _linked_heading(b)),
        container_link_blocks=sum(1 for b in inner if b.link_density > MAX_LINK_DENSITY),
        container_blocks=len(inner),
        longest_block=max((len(b.text) for b in running), default=0),
        container_headings=sum(1 for b in inner if b.kind in HEADINGS),
        container_pre=sum(1 for b in inner if b.kind == "pre"),
        article_element=_article_element(nodes[0]),
        repeated_units=repeated_units(blocks),
        prices=_prices("\n".join(b.text for b in kept)),
        span_link_blocks=_span_link_blocks(inner),
        card_chars=sum(len(b.text) for b in running if b.element not in members and in_cards(b, cards)),
    )


def _span_link_blocks(inner: list[Block]) -> int:
    """Link-dense blocks between the first and the last running-text block of ``inner``."""
    marks = [i for i, block in enumerate(inner) if block.running]
    if not marks:
        return 0
    return sum(1 for b in inner[marks[0] : marks[-1] + 1] if b.link_density > MAX_LINK_DENSITY)


def _prices(text: str) -> int:
    """Prices written in ``text``."""
    if not any(mark in text for mark in _PRICE_MARKS):
        return 0
    return len(_PRICE.findall(text))


def _article_element(node: HtmlElement) -> bool:
    if any(ancestor.tag == "article" for ancestor in node.iterancestors()) or node.tag == "article":
        return True
    return len(node.xpath(".//article")) == 1


def link_headlines(blocks: list[Block], base: str = "") -> frozenset[str]:
    """Normalised texts of blocks that are one link and read like a headline (3-30 words), other
    than the entries of the page's own table of contents (:func:`_in_page`), which repeat its
    section headings."""
    return frozenset(
        normalize(b.text, collapsed=True)
        for b in blocks
        if b.link_density >= 0.95 and 3 <= b.words <= 30 and not _in_page(b, base)
    )


def _in_page(block: Block, base: str) -> bool:
    """Every link of the block leads to a place in this page (``#section``, or the page's own
    URL with a fragment)."""
    page = base.split("#", 1)[0].rstrip("/")
    links = 0
    for _at, element, kind, _line in block.inserts or ():
        if kind > GLUED_ANCHOR:
            continue
        href = (element.get("href") or "").strip()
        target, mark, _fragment = href.partition("#")
        if not mark or (target and target.rstrip("/") != page):
            return False
        links += 1
    return links > 0


@dataclass(frozen=True)
class MainText:
    """The main content: plain text, its images, and the page's shape (the record's simplified
    HTML is made from the lines finally kept: :func:`body_html`)."""

    text: str
    images: list[dict[str, str]]
    shape: Shape
    #: Short lines just before and at the start of the content (bylines, datelines).
    lead: list[str]
    #: The kept lines (text and block kind) the text was made of.
    lines: list[Line]
    #: Every text block of the page, the content container(s), every element in them and the
    #: blocks kept from them (the article decision reads the page's shape from them).
    blocks: list[Block] = field(default_factory=list)
    nodes: list[HtmlElement] = field(default_factory=list)
    members: set[HtmlElement] = field(default_factory=set)
    kept: list[Block] = field(default_factory=list)
    #: The element the blocks were cut from and the walk's result (the claims detector builds
    #: its visual lines from it instead of walking the page again).
    walk: tuple[HtmlElement, PageBlocks] | None = None
    #: Short lines just after the text's last paragraph (a post's footer: "Posted by Jane Roe at
    #: 9:40 PM"), in document order.
    trail: list[str] = field(default_factory=list)

    def by_headline(self, titles: frozenset[str], after: int = 8, before: int = 3) -> list[str]:
        """Short lines just after (nearest first), then just before, the page's headline block:
        where a byline or dateline sits when the text starts far below it (a table of contents,
        a summary box between). Empty when no block reads as one of ``titles``."""
        if self.walk is None or not titles:
            return []
        blocks = self.walk[1].blocks
        index = headline_block(blocks, titles)
        if index is None:
            return []
        start = max(0, index - before)
        texts = _byline_texts(blocks[start : index + 1 + after])
        return [t for t in texts[index + 1 - start :] + texts[: index - start][::-1] if t is not None]


def headline_block(blocks: list[Block], titles: frozenset[str], before: int | None = None) -> int | None:
    """Index of the first block that reads as one of ``titles`` (the page's headline), or with
    ``before``, of the last such block at or before that index (the headline nearest above the
    text); None when no block does."""
    found = None
    for index, block in enumerate(blocks):
        if before is not None and index > before:
            break
        if block.words <= _HEADLINE_WORDS and normalize(block.text) in titles:
            if before is None:
                return index
            found = index
    return found


_HTML_TAGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h5", "h6": "h6", "pre": "pre",
              "blockquote": "blockquote", "figcaption": "figcaption"}
MAX_IMAGES = 20


def body_html(lines: list[Line]) -> str | None:
    """Simplified HTML of the kept lines (Zyte's ``articleBodyHtml``): one ``<article>`` of
    ``<p>``, ``<h2>``-``<h6>``, ``<ul><li>``, ``<blockquote>``, ``<pre>``; text escaped."""
    if not lines:
        return None
    out = ["<article>"]
    in_list = False
    for line in lines:
        if line.kind in ("li", "item") and not in_list:
            out.append("<ul>")
            in_list = True
        elif line.kind not in ("li", "item") and in_list:
            out.append("</ul>")
            in_list = False
        tag = "li" if in_list else _HTML_TAGS.get(line.kind, "p")
        out.append(f"<{tag}>{html.escape(line.text, quote=False)}</{tag}>")
    if in_list:
        out.append("</ul>")
    out.append("</article>")
    return "".join(out)


def _size(value: str | None) -> int | None:
    try:
        return int(str(value).strip().removesuffix("px")) if value else None
    except ValueError:
        return None


def content_images(node: HtmlElement, base: str) -> list[dict[str, str]]:
    """``{"url"}`` of the images in the content container (no inline data, no tiny pixels)."""
    found: list[dict[str, str]] = []
    seen: set[str] = set()
    for image in node.iter("img"):
        src = image.get("src") or image.get("data-src") or image.get("data-original")
        if not src or src.strip().startswith("data:"):
            continue
        width, height = _size(image.get("width")), _size(image.get("height"))
        if (width is not None and width < 50) or (height is not None and height < 50):
            continue
        url = absolute_url(base, src)
        if url and url not in seen:
            seen.add(url)
            found.append({"url": url})
            if len(found) >= MAX_IMAGES:
                break
    return found


def main_text(
    tree: HtmlElement,
    rules: SiteRules | None = None,
    extra_drop: frozenset[str] = frozenset(),
    titles: frozenset[str] = frozenset(),
    base: str = "",
    own_titles: frozenset[str] = frozenset(),
) -> MainText:
    """The article's text (paragraphs separated by "\n"; empty when nothing is found), its
    simplified HTML and images, and the page's shape. ``own_titles``: the normalised names of
    this page (its headline, ``<title>``, og/twitter titles; not its ``<h1>``s), which pick its
    own story among several shown one after another (:func:`content.container`)."""
    root = _prune(tree, rules)
    page = walk_blocks(root)
    blocks = before_comments(page.blocks, drop_furniture(page.blocks, titles=own_titles))
    cards = teaser_cards(blocks)
    nodes = container(root, blocks, CONTAINER_SHARE, cards, own_titles)
    declared = declared_text(page.declared, nodes, blocks, own_titles)
    if declared is not None:
        nodes = [declared]
    members = _members(nodes)
    selected, cited = _select(blocks, members, base)
    kept = [b for b in selected if b not in cited] if cited else selected
    drop = extra_drop | link_headlines(blocks, base)
    if cited and drop:  # a cited heading is no teaser's headline
        drop = drop - {normalize(b.text, collapsed=True) for b in cited}
    # the standfirst above the body goes into the text, not into ``kept`` (the decision's prose)
    lead_in = standfirst(page.blocks, blocks, kept, cards, own_titles)
    lines = filter_lines([Line(b.text, b.kind) for b in lead_in + selected], drop, titles, collapsed=True)
    text = "\n".join(line.text for line in lines)
    images = [image for node in nodes for image in content_images(node, base)][:MAX_IMAGES] if base else []
    shape = _shape(blocks, kept, nodes, members, cards)
    return MainText(text, images, shape, _lead(page.blocks, kept),
                    lines, blocks, nodes, members, kept, (root, page), _trail(page.blocks, kept))


#: Line kinds of headings: the block pass's tags and trafilatura's ``head``.
_HEADING_KINDS = HEADINGS | {"head"}


def without_trailing_headings(lines: list[Line]) -> list[Line]:
    """``lines`` without the headings that end them: a heading introduces the text after it,
    and a heading with none after it in the body introduces what the body left out (the
    comments, the related stories, a list of references). Lines that are all headings stay."""
    end = len(lines)
    while end and lines[end - 1].kind in _HEADING_KINDS:
        end -= 1
    return lines if end in (0, len(lines)) else lines[:end]  # headings only: the text there is


#: Words of a lead line (a byline, a dateline) at most, and of a headline block.
_LEAD_WORDS = 16
_HEADLINE_WORDS = 40


def _lead(blocks: list[Block], kept: list[Block], window: int = 12) -> list[str]:
    """Texts of the short blocks around the start of the content, nearest first (``blocks``:
    all of the page's, furniture too, as a byline's date often sits in a marked box)."""
    first = next((b for b in kept if b.running), kept[0] if kept else None)
    if first is None:
        return []
    index = next(i for i, b in enumerate(blocks) if b is first)
    start = max(0, index - window)
    texts = _byline_texts(blocks[start : index + 3])
    return [t for t in texts[: index - start][::-1] + texts[index - start :] if t is not None]


def _trail(blocks: list[Block], kept: list[Block], window: int = 4) -> list[str]:
    """Texts of the short blocks just after the last running block kept (the post's footer)."""
    last = next((b for b in reversed(kept) if b.running), None)
    if last is None:
        return []
    index = next(i for i, b in enumerate(blocks) if b is last)
    return [t for t in _byline_texts(blocks[index + 1 : index + 1 + window]) if t is not None]


#: A block that is a byline's prefix alone ("By", "Written by:", "WRITTEN BY", "Von"): the name
#: is in the next block (``<span>By</span><a>Jane Roe</a>`` set as two blocks).
_LONE_BY = re.compile(r"^(?:[^\W\d_]+\s+)?(?:by|von|par|por|da|di|door|av|от)\s*:?$", re.I)


def _byline_texts(blocks: list[Block]) -> list[str | None]:
    """The text of each of ``blocks`` (in document order) that may be a byline or a dateline:
    short and not running text (None otherwise, so that indexes stay the blocks'). A byline's
    prefix alone in its block is read with the next block's text ("Written by Jane Roe")."""
    texts: list[str | None] = [None if b.running or b.words > _LEAD_WORDS else b.text for b in blocks]
    for i, text in enumerate(texts[:-1]):
        following = texts[i + 1]
        if text is not None and following is not None and _LONE_BY.match(text):
            texts[i] = f"{text} {following}"
    return texts
