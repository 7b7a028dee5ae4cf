"""Split HTML into visual lines (at ``<br>`` and block elements), keeping their links.

Each line remembers the innermost block element it starts in, so a line can be placed relative
to the article (title block, body, what follows it). Iterative (no recursion depth limit).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml.html import HtmlElement

from .blocks import ANCHOR, GLUED_ANCHOR, META, META_LINE, SPACE, Block, Insert, Orphan, PageBlocks

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


class Anchor:
    """A link inside a line: where its text starts in the line, its href and text (read from
    the element when asked: most lines' links are never looked at)."""

    __slots__ = ("_text", "element", "offset")

    def __init__(self, offset: int, element: HtmlElement) -> None:
        self.offset = offset
        self.element = element
        self._text: str | None = None

    @property
    def href(self) -> str:
        return self.element.get("href", "")  # type: ignore[no-any-return]

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = " ".join(self.element.text_content().split())
        return self._text

    def __repr__(self) -> str:
        return f"Anchor({self.offset}, {self.href!r}, {self.text!r})"


class VisualLine:
    """Text of one visual line, the links it contains and the block element it starts in."""

    __slots__ = ("_anchors", "_links_of", "block", "text")

    def __init__(self, text: str, anchors: list[Anchor], block: HtmlElement | None) -> None:
        self.text = text
        self._anchors: list[Anchor] | None = anchors
        self._links_of: Block | None = None
        self.block = block

    @classmethod
    def of_linked_block(cls, block: Block) -> VisualLine:
        """The line of one block whose items are links only, none glued: where each link
        stands is worked out when first asked (:func:`_anchor_offsets`; most lines' links,
        a footer's hundreds, are never looked at)."""
        line = cls(block.text, [], block.element)
        line._anchors, line._links_of = None, block
        return line

    @property
    def anchors(self) -> list[Anchor]:
        if self._anchors is None:
            self._anchors = _anchor_offsets(self._links_of) if self._links_of is not None else []
            self._links_of = None
        return self._anchors


class _Builder:
    """Lines from text pieces, line breaks and links, in document order."""

    __slots__ = ("anchors", "block", "lines", "started", "text")

    def __init__(self) -> None:
        self.lines: list[VisualLine] = []
        self.text = ""
        self.anchors: list[Anchor] = []
        self.block: HtmlElement | None = None
        #: A piece (white space too) was written on the current line.
        self.started = False

    def add(self, text: str | None, owner: HtmlElement | None) -> None:
        if not text:
            return
        piece = " ".join(text.split())
        current = self.text
        if text[:1].isspace() and self.started and not current.endswith(" "):
            piece = " " + piece
        if piece and text[-1:].isspace() and piece != " ":
            piece += " "
        if self.block is None and piece.strip():
            self.block = owner
        self.text = current + piece
        self.started = True

    def _push(self) -> None:
        text = self.text
        if text.strip():
            lead = len(text) - len(text.lstrip())
            collapsed = " ".join(text.split())
            for anchor in self.anchors:
                anchor.offset = max(0, min(anchor.offset - lead, len(collapsed)))
            self.lines.append(VisualLine(collapsed, self.anchors, self.block))
        self.text, self.anchors, self.block, self.started = "", [], None, False

    def new_line(self) -> None:
        if self.started:
            self._push()

    def break_line(self) -> None:
        """A new line even when the current one holds only links (``lines_from_blocks``: the walk
        numbers a line only when text, white space too, was written on the one before)."""
        if self.started or self.anchors:
            self._push()

    def anchor(self, element: HtmlElement) -> None:
        prev = element.getprevious()
        if prev is not None and not prev.tail and self.text[-1:].isalnum():
            # "<span>SOURCE</span><a>Name</a>": two elements the page spaces apart with CSS
            self.text += " "
            self.started = True
        stripped = self.text.rstrip()
        self.anchors.append(Anchor(len(stripped) + (1 if stripped else 0), element))

    def finish(self) -> list[VisualLine]:
        self._push()
        return self.lines


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
    if not inserts:  # the pieces' text at once: white space collapsed, a space kept at each end
        text = block.text
        if parts[0][:1].isspace():
            text = " " + text
        if parts[-1][-1:].isspace():
            text += " "
        builder.add(text, owner)
        return
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
    over the same root): no second walk over the tree. A line that is one block and nothing else
    (most lines) is that block's text as it is."""
    out: list[VisualLine] = []
    group: list[Block | Orphan] = []
    line = -1
    segments: Iterable[Block | Orphan] = _segments(page) if page.orphans else page.blocks
    for segment in segments:
        start = segment.line
        if start != line and group:
            first = group[0]
            if len(group) == 1 and type(first) is Block and not first.inserts:  # most lines: one block
                out.append(VisualLine(first.text, [], first.element))
            else:
                _flush(group, out)
            group = []
        group.append(segment)
        line = _last_line(segment) if type(segment) is Block and segment.inserts else start
    if group:
        _flush(group, out)
    return out


def _segments(page: PageBlocks) -> Iterator[Block | Orphan]:
    """Blocks and orphan items in document order."""
    orphans = page.orphans
    at = 0
    for position, block in enumerate(page.blocks):
        while at < len(orphans) and orphans[at].position <= position:
            yield orphans[at]
            at += 1
        yield block
    yield from orphans[at:]


def _flush(group: list[Block | Orphan], out: list[VisualLine]) -> None:
    """The visual line(s) of the segments of one line."""
    first = group[0]
    if len(group) == 1 and isinstance(first, Block):
        inserts = first.inserts
        if not inserts:
            out.append(VisualLine(first.text, [], first.element))
            return
        if all(index == 0 and kind <= GLUED_ANCHOR for index, _e, kind, _l in inserts):  # links around all the text
            out.append(VisualLine(first.text, [Anchor(0, e) for _i, e, _k, _l in inserts], first.element))
            return
        if all(kind == ANCHOR for _i, _e, kind, _l in inserts):  # links among the text, none glued
            out.append(VisualLine.of_linked_block(first))
            return
    builder = _Builder()
    for segment in group:
        if isinstance(segment, Block):
            _feed_block(builder, segment)
        else:
            _feed_items(builder, segment.items, segment.element)
    out.extend(builder.finish())


def _anchor_offsets(block: Block) -> list[Anchor]:
    """The links of a one-block line whose items are links only, none glued: where the builder
    would put each (after the words before it and one space, within the line's text), without
    building the line again (no glued link adds a space: the line's text is the block's)."""
    parts, size = block.parts or [], len(block.text)
    anchors = []
    # the length of " ".join("".join(parts[:index]).split()), kept as the parts go by (a footer
    # of hundreds of links in one block would make rebuilding it for each link quadratic)
    done, chars, words, in_word = 0, 0, 0, False
    for index, element, _kind, _line in block.inserts or ():
        if index > done:
            chunk = "".join(parts[done:index])
            if chunk:
                pieces = chunk.split()
                if pieces:
                    chars += sum(map(len, pieces))
                    words += len(pieces) - (1 if in_word and not chunk[0].isspace() else 0)
                in_word = not chunk[-1].isspace()
            done = index
        anchors.append(Anchor(min(chars + words, size) if words else 0, element))
    return anchors


def _last_line(block: Block) -> int:
    """The line a block ends on (a block-level microdata value inside it breaks its line)."""
    inserts = block.inserts
    if inserts:
        for _index, element, kind, at in inserts[::-1]:
            if kind == META_LINE:
                return at + 1 if element.text else at
    return block.line
