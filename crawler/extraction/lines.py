"""Split HTML into visual lines (at ``<br>`` and block elements), keeping their links.

Each line remembers the innermost block element it starts in, so a line can be placed relative
to the article (title block, body, what follows it). Iterative (no recursion depth limit).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

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
