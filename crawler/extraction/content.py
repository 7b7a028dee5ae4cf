"""Main content from the page's own shape: text blocks, link density, the container of the text.

One pass over the parsed tree (``etree.iterwalk``, no recursion: any depth is safe) cuts the
page into text blocks at block-level tags and ``<br>``; each block knows its words, how much of
it is link text and the element it sits in. Blocks of running text (enough words, few links)
vote for their ancestors; the content container is found by walking down from ``<body>`` while
one child holds most of the votes. Inside it, link lists, teaser headlines and their excerpts
are dropped. Nothing here depends on class names, tags of one CMS, a site or a language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree
from lxml.html import HtmlElement

#: Elements that start a new text block.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "th",
        "thead", "tfoot", "tr", "ul", "caption", "details", "summary", "fieldset", "html",
    }
)
HEADINGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"[.!?。！？…:;\"”»)](\s|$)")
#: class/id words of page furniture (comments, related links, sharing, navigation...) are in
#: ``_WORDS`` below. A marked element holding most of the page's running text is the main
#: column all the same.
#: Sectioning tags that say "content" more strongly than any class word.
_CONTENT_TAGS = frozenset({"article", "main", "body", "html"})
_FURNITURE_TAGS = frozenset(
    {"nav", "aside", "footer", "header", "menu", "button", "label", "form", "figcaption", "figure"}
)
#: Microdata properties that carry metadata, not prose, when written into the page.
_META_PROPS = frozenset(
    {
        "headline", "keywords", "datepublished", "datemodified", "datecreated", "image", "publisher",
        "mainentityofpage", "url", "logo", "thumbnailurl", "author", "width", "height", "creator",
    }
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def count_words(text: str) -> int:
    """Words, two CJK characters counting as one (those scripts write no spaces)."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(_WORD.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + cjk // 2


class Block:
    """One text block: its text, the element it sits in, its kind, link text, furniture marks."""

    __slots__ = ("element", "kind", "link_density", "marks", "running", "text", "words")

    def __init__(self, element: HtmlElement, kind: str, text: str, link_chars: int,
                 marks: tuple[HtmlElement, ...], words: int | None = None) -> None:
        self.element = element
        self.kind = kind
        self.text = text
        if words is None:
            words = len(text.split())
        if words and len(text) > 15 * words:  # few spaces: CJK, or one long token
            words = count_words(text)
        self.words = words
        self.link_density = min(1.0, link_chars / len(text)) if text else 0.0
        #: Furniture-marked ancestors (outermost first).
        self.marks = marks
        self.running = _running(kind, text, words, self.link_density)


def _running(kind: str, text: str, words: int, link_density: float) -> bool:
    if link_density > 0.35 or kind in HEADINGS:
        return False
    if words >= 25:
        return True
    return words >= 10 and bool(_SENTENCE_END.search(text))


def is_running_text(block: Block) -> bool:
    """A block that reads like article prose: enough words, few of them links."""
    return block.running


_KINDS = frozenset({"li", "pre", "blockquote", "td", "th", "dt", "dd", "figcaption", "caption"}) | HEADINGS
_INHERITED = frozenset({"li", "blockquote", "td", "th", "figcaption"})


def _kind(tag: str, parent_kind: str) -> str:
    if tag in _KINDS:
        return tag
    if tag == "p":
        return "li" if parent_kind == "li" else "p"
    return parent_kind if parent_kind in _INHERITED else "div"


def _metadata(element: HtmlElement) -> bool:
    """A microdata value written into the page (a date, a URL, the headline again)."""
    prop = element.get("itemprop")
    return bool(prop) and not len(element) and prop.strip().lower() in _META_PROPS


def _hidden(element: HtmlElement) -> bool:
    """Hidden by attribute or inline style (server-rendered content may wait there for
    scripts to show it, so hidden is a mark like furniture, not a cut)."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


_MARKERS: dict[str, bool] = {}


class _Walk:
    """State of one ``text_blocks`` pass: the open block's pieces and the element stack."""

    __slots__ = ("blocks", "link_chars", "links", "marks", "owner", "parts", "stack")

    def __init__(self, root: HtmlElement) -> None:
        self.blocks: list[Block] = []
        self.stack: list[tuple[HtmlElement, str]] = [(root, "div")]
        self.parts: list[str] = []
        self.link_chars = 0
        self.owner: tuple[HtmlElement, str, tuple[HtmlElement, ...]] | None = None
        self.links = 0
        self.marks: list[HtmlElement] = []

    def add(self, text: str | None) -> None:
        if not text:
            return
        if self.owner is None:
            if text.isspace():  # whitespace before any text: nothing to open a block for
                return
            element, kind = self.stack[-1]
            self.owner = (element, kind, tuple(self.marks))
        self.parts.append(text)
        if self.links:
            self.link_chars += len(text.strip())

    def cut(self) -> None:
        owner = self.owner
        if owner is None:
            return
        pieces = "".join(self.parts).split()
        if pieces:
            self.blocks.append(Block(owner[0], owner[1], " ".join(pieces), self.link_chars, owner[2], len(pieces)))
        self.owner, self.parts, self.link_chars = None, [], 0


_HIDDEN_XPATH = "descendant-or-self::*[@hidden or @aria-hidden or @style]"


_WORDS = frozenset(
    {
        "comment", "comments", "commentlist", "respond", "related", "recommended", "sidebar", "share",
        "sharing", "social", "newsletter", "subscribe", "signup", "promo", "ad", "ads", "adslot", "cookie",
        "cookies", "consent", "popup", "modal", "breadcrumb", "breadcrumbs", "nav", "navbar", "navigation",
        "menu", "footer", "masthead", "trending", "popular", "mostread", "outbrain", "taboola", "disqus",
        "byline", "authorbio", "tagcloud", "pagination", "pager", "toolbar", "caption", "captions", "credit",
        "credits",
    }
)
_PREFIXES = ("relacionad", "recirc", "advert", "sponsor")
_PAIRS = frozenset({("side", "bar"), ("most", "read"), ("author", "bio")})
_PARTS = re.compile(r"[\s_-]+")


def furniture_words(value: str) -> bool:
    """True when a class/id value names page furniture: one of its parts (split at space,
    ``_``, ``-``) is a furniture word or starts like one ("advert..."), two parts make one
    ("side bar"), or a class ends in "tag(s)" ("post-tags"; "tag-foo" names a WordPress tag)."""
    low = value.lower()
    parts = [p for p in _PARTS.split(low) if p]
    for index, part in enumerate(parts):
        if part in _WORDS or part.startswith(_PREFIXES):
            return True
        if index and (parts[index - 1], part) in _PAIRS:
            return True
    return any(token.endswith(("tag", "tags")) for token in low.split())


def _furniture_marker(value: str) -> bool:
    found = _MARKERS.get(value)
    if found is None:
        if len(_MARKERS) > 50000:
            _MARKERS.clear()
        found = _MARKERS[value] = furniture_words(value)
    return found


def _roles(root: HtmlElement) -> tuple[set[HtmlElement], set[HtmlElement]]:
    """``(marked, skipped)`` elements below ``root``, found with XPath in C rather than by
    asking every element in Python: furniture by class/id words and hidden elements are
    marked, microdata values skipped."""
    marked: set[HtmlElement] = set()
    cache = _MARKERS
    for query in ("descendant-or-self::*/@class", "descendant-or-self::*/@id"):
        for value in root.xpath(query):
            hit = cache.get(value)
            if hit is None:
                hit = _furniture_marker(str(value))
            if hit:
                element = value.getparent()
                if element is not None and element.tag not in _CONTENT_TAGS:
                    marked.add(element)
    for element in root.xpath(_HIDDEN_XPATH):
        if _hidden(element):
            marked.add(element)
    skipped = {e for e in root.xpath("descendant-or-self::*[@itemprop]") if _metadata(e)}
    return marked, skipped


def text_blocks(root: HtmlElement) -> list[Block]:  # noqa: C901, PLR0912, PLR0915 - the per-element loop, inlined: it runs ~1,600 times a page
    """The text blocks of ``root`` in document order (microdata values skipped)."""
    walk = _Walk(root)
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped: HtmlElement | None = None
    stack, marks = walk.stack, walk.marks
    marked, skip = _roles(root)
    for event, element in walker:
        tag = element.tag
        if skipped is not None:
            if element is skipped:  # its "end": the subtree was skipped
                skipped = None
                walk.add(element.tail)
            continue
        if not isinstance(tag, str):
            if event == "end":
                walk.add(element.tail)
            continue
        if event == "start":
            if element in skip:
                skipped = element
                walker.skip_subtree()
                continue
            if tag in _FURNITURE_TAGS or element in marked:
                if walk.owner is not None:
                    walk.cut()
                marks.append(element)
            if tag in BLOCK_TAGS:
                if walk.owner is not None:
                    walk.cut()
                stack.append((element, _kind(tag, stack[-1][1])))
            elif tag == "br":
                if walk.owner is not None:
                    walk.cut()
            elif tag == "a":
                walk.links += 1
            text = element.text
            if text:
                walk.add(text)
            continue
        if tag in BLOCK_TAGS:
            if walk.owner is not None:
                walk.cut()
            if len(stack) > 1:
                stack.pop()
        elif tag == "a":
            walk.links -= 1
        if marks and marks[-1] is element:
            if walk.owner is not None:
                walk.cut()
            marks.pop()
        tail = element.tail
        if tail:
            walk.add(tail)
    walk.cut()
    return walk.blocks


def _ancestors(element: HtmlElement) -> Iterator[HtmlElement]:
    node: HtmlElement | None = element
    while node is not None:
        yield node
        node = node.getparent()


#: When this share of the running text stands outside any furniture mark, marks are final.
FREE_SHARE = 0.3
#: Siblings of the container holding this share of its running text belong to the content.
SIBLING_SHARE = 0.2


def drop_furniture(blocks: list[Block], majority: float = 0.5) -> list[Block]:
    """The blocks outside furniture; a marked element with ``majority`` of the running text
    is the main column (Blogger's ``widget Blog``), not furniture."""
    running = [b for b in blocks if b.running]
    total = sum(len(b.text) for b in running)
    free = sum(len(b.text) for b in running if not b.marks)
    mass: dict[HtmlElement, int] = {}
    for block in running:
        for mark in block.marks:
            mass[mark] = mass.get(mark, 0) + len(block.text)
    if free >= FREE_SHARE * total:  # unmarked prose exists: a big marked box is a pop-up, not the column
        return [b for b in blocks if not b.marks]
    main = {mark for mark, value in mass.items() if value >= majority * total}
    return [b for b in blocks if all(mark in main for mark in b.marks)]


def container(root: HtmlElement, blocks: list[Block], share: float = 0.6) -> list[HtmlElement]:
    """The elements holding the page's running text: from ``root`` down while one child holds
    at least ``share`` of the running-text characters of its parent; with the siblings of the
    last one that hold :data:`SIBLING_SHARE` of its text (an article cut in parts)."""
    mass: dict[HtmlElement, int] = {}
    cards = teaser_cards(blocks)
    for block in blocks:
        if block.running and _holder(block) not in cards:
            weight = len(block.text)
            for node in _ancestors(block.element):
                mass[node] = mass.get(node, 0) + weight
    node = root
    total = mass.get(root, 0)
    if not total:
        return [root]
    parent = None
    while True:
        best, best_mass = None, 0
        for child in node:
            value = mass.get(child, 0)
            if value > best_mass:
                best, best_mass = child, value
        if best is None or best_mass < share * mass.get(node, 0):
            break
        parent, node = node, best
    if parent is None or not SIBLING_SHARE:
        return [node]
    floor = SIBLING_SHARE * mass.get(node, 0)
    return [child for child in parent if child is node or mass.get(child, 0) >= floor]


def inside(element: HtmlElement, ancestor: HtmlElement) -> bool:
    """True when ``element`` is ``ancestor`` or below it."""
    node: HtmlElement | None = element
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _holder(block: Block) -> HtmlElement:
    """The element a block's text stands in: the block's own element for text written straight
    into a ``div``/``td``, else its parent (the one holding the paragraphs)."""
    if block.kind in ("div", "td", "th"):
        return block.element
    parent = block.element.getparent()
    return block.element if parent is None else parent


def teaser_cards(blocks: list[Block]) -> set[HtmlElement]:
    """Holders of at most two running blocks beside a link-only headline: teaser cards (a
    related story's linked title and its excerpt), whose text is no sign of the content."""
    running: dict[HtmlElement, int] = {}
    linked: set[HtmlElement] = set()
    for block in blocks:
        if block.running:
            holder = _holder(block)
            running[holder] = running.get(holder, 0) + 1
        elif block.link_density >= 0.9 and 2 <= block.words <= 30:
            node = block.element
            for _ in range(3):  # the title link's own block, its parent, the card
                linked.add(node)
                parent = node.getparent()
                if parent is None:
                    break
                node = parent
    return {holder for holder, count in running.items() if count <= 2 and holder in linked}


def _score(block: Block) -> float:
    text = block.text
    return 1.0 + text.count(",") + text.count("，") + text.count("、") + min(3.0, len(text) / 100)


def best_candidate(root: HtmlElement, blocks: list[Block], sibling_share: float = 0.2) -> list[HtmlElement]:
    """Readability's vote: each running-text block scores for the element holding it, half
    for that one's parent, a third for the grandparent; the best element wins, with those of
    its siblings that scored at least ``sibling_share`` of it (an article cut in two parts)."""
    scores: dict[HtmlElement, float] = {}
    for block in blocks:
        if not block.running:
            continue
        holder = block.element if block.kind in ("div", "td", "th") else block.element.getparent()
        value = _score(block)
        for divisor in (1.0, 2.0, 3.0):
            if holder is None:
                break
            scores[holder] = scores.get(holder, 0.0) + value / divisor
            if holder is root:
                break
            holder = holder.getparent()
    if not scores:
        return [root]
    top = max(scores, key=lambda node: scores[node])
    parent = top.getparent()
    if parent is None or top is root:
        return [top]
    floor = max(2.0, sibling_share * scores[top])
    return [node for node in parent if node is top or scores.get(node, 0.0) >= floor]


_UNIT_TAGS = frozenset({"div", "article", "li", "section", "tr", "table", "dl"})


def repeated_units(blocks: list[Block]) -> int:
    """The largest number of sibling elements of one kind (tag and class) that each hold
    running text beside other text (a byline, a date, a link): posts of a thread, cards of a
    listing, items of a catalogue. Article paragraphs, even each in its own wrapper, hold one
    block each and do not count."""
    per_unit: dict[HtmlElement, list[int]] = {}  # candidate unit -> [running blocks, other blocks]
    for block in blocks:
        node = block.element
        for _ in range(4):  # the block's element and three ancestors
            if node.tag in _UNIT_TAGS and node.get("class"):
                counts = per_unit.setdefault(node, [0, 0])
                counts[0 if block.running else 1] += 1
            parent = node.getparent()
            if parent is None:
                break
            node = parent
    groups: dict[tuple[HtmlElement, str, str], int] = {}
    for unit, (running, other) in per_unit.items():
        parent = unit.getparent()
        if running and other and parent is not None:
            key = (parent, unit.tag, unit.get("class") or "")  # the element, not id(): a proxy's id is reused
            groups[key] = groups.get(key, 0) + 1
    return max(groups.values(), default=0)
