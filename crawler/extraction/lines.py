"""Split HTML into visual lines (at ``<br>`` and block elements), keeping their links.

Each line remembers the innermost block element it starts in, so a line can be placed relative
to the article (title block, body, what follows it). Iterative (no recursion depth limit).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

from .blocks import META, META_LINE, SPACE, Block, Insert, PageBlocks

#: Elements that start a new line.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
        "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead",
        "tr", "ul", "br", "body", "center", "caption", "tfoot", "details", "summary",
    }
)
HEADINGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SKIP_TAGS: frozenset[str] = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "select",
                                        "textarea", "head", "title"})


@dataclass
class Anchor:
    """A link inside a line: where its text starts in the line, its href and text."""

    offset: int
    href: str
    text: str


@dataclass
class VisualLine:
    """Text of one visual line, the links it contains and the block element it starts in."""

    parts: list[str] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    block: HtmlElement | None = None

    @property
    def text(self) -> str:
        return "".join(self.parts)


class _Builder:
    def __init__(self) -> None:
        self.lines: list[VisualLine] = [VisualLine()]

    def add(self, text: str | None, owner: HtmlElement | None) -> None:
        if not text:
            return
        current = self.lines[-1]
        piece = " ".join(text.split())
        if text[:1].isspace() and current.parts and not current.text.endswith(" "):
            piece = " " + piece
        if piece and text[-1:].isspace() and piece != " ":
            piece += " "
        if piece.strip() and current.block is None:
            current.block = owner
        current.parts.append(piece)

    def new_line(self) -> None:
        if self.lines[-1].parts:
            self.lines.append(VisualLine())

    def break_line(self) -> None:
        """A new line even when the current one holds only links (``lines_from_blocks``: the walk
        numbers a line only when text, white space too, was written on the one before)."""
        last = self.lines[-1]
        if last.parts or last.anchors:
            self.lines.append(VisualLine())

    def anchor(self, element: HtmlElement) -> None:
        current = self.lines[-1]
        prev = element.getprevious()
        if prev is not None and not (prev.tail or "") and current.text[-1:].isalnum():
            # "<span>SOURCE</span><a>Name</a>": two elements the page spaces apart with CSS
            current.parts.append(" ")
        text = " ".join(element.text_content().split())
        offset = len(current.text.rstrip()) + (1 if current.parts and current.text.strip() else 0)
        current.anchors.append(Anchor(offset, element.get("href", ""), text))

    def finish(self) -> list[VisualLine]:
        out = []
        for line in self.lines:
            text = line.text
            if text.strip():
                lead = len(text) - len(text.lstrip())
                collapsed = " ".join(text.split())
                for anchor in line.anchors:
                    anchor.offset = max(0, min(anchor.offset - lead, len(collapsed)))
                line.parts = [collapsed]
                out.append(line)
        return out


def visual_lines(root: HtmlElement) -> list[VisualLine]:
    """The lines of ``root`` in document order (whitespace collapsed); anchors keep offsets into
    each line and every line knows the innermost block element it starts in."""
    builder = _Builder()
    owners: list[HtmlElement] = [root]
    stack: list[tuple[HtmlElement, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        is_block = tag in BLOCK_TAGS and element is not root
        if closing:
            owners.pop()
            if is_block:
                builder.new_line()
            if element is not root:
                builder.add(element.tail, owners[-1])
            continue
        if not tag or tag in _SKIP_TAGS:
            if element is not root:
                builder.add(element.tail, owners[-1])
            continue
        if is_block:
            builder.new_line()
        owners.append(element if is_block else owners[-1])
        if tag == "a" and element.get("href"):
            builder.anchor(element)
        builder.add(element.text, owners[-1])
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    return builder.finish()


def _feed_items(builder: _Builder, items: list[Insert], owner: HtmlElement) -> None:
    """Items standing before a piece of text: links (their text follows as pieces) and skipped
    microdata values (their text is written here; a block-level one makes a line of its own)."""
    for _index, element, kind, _line in items:
        if kind == SPACE:
            builder.add(" ", owner)
            continue
        if kind == META_LINE:
            builder.new_line()
        if element.tag == "a" and element.get("href"):
            builder.anchor(element)
        if kind in (META, META_LINE):
            builder.add(element.text, element if kind == META_LINE else owner)
        if kind == META_LINE:
            builder.new_line()


def _feed_block(builder: _Builder, block: Block) -> None:
    parts, inserts, owner = block.parts or [block.text], block.inserts or [], block.element
    at = 0
    for index, part in enumerate(parts):
        if at < len(inserts) and inserts[at][0] <= index:
            start = at
            while at < len(inserts) and inserts[at][0] <= index:
                at += 1
            _feed_items(builder, inserts[start:at], owner)
        builder.add(part, owner)
    if at < len(inserts):
        _feed_items(builder, inserts[at:], owner)


def lines_from_blocks(page: PageBlocks) -> list[VisualLine]:
    """The same lines as :func:`visual_lines`, from the body pass's walk (``blocks.walk_blocks``
    over the same root): no second walk over the tree."""
    builder = _Builder()
    orphans = page.orphans
    next_orphan = 0
    line = -1
    for position, block in enumerate([*page.blocks, None]):
        while next_orphan < len(orphans) and orphans[next_orphan].position <= position:
            orphan = orphans[next_orphan]
            next_orphan += 1
            if orphan.line != line:
                builder.break_line()
                line = orphan.line
            _feed_items(builder, orphan.items, orphan.element)
        if block is None:
            break
        if block.line != line:
            builder.break_line()
        line = _last_line(block)
        _feed_block(builder, block)
    return builder.finish()


def _last_line(block: Block) -> int:
    """The line a block ends on (a block-level microdata value inside it breaks its line)."""
    inserts = block.inserts
    if inserts:
        for _index, element, kind, at in reversed(inserts):
            if kind == META_LINE:
                return at + 1 if element.text else at
    return block.line
