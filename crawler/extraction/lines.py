"""Split an HTML block into visual lines (at ``<br>`` and nested blocks), keeping its links."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

#: Elements that start a new line.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
        "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead",
        "tr", "ul", "br", "body", "center",
    }
)
_SKIP_TAGS: frozenset[str] = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "select"})


@dataclass
class Anchor:
    """A link inside a line: where its text starts in the line, its href and text."""

    offset: int
    href: str
    text: str


@dataclass
class VisualLine:
    """Text of one visual line and the links it contains."""

    parts: list[str] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def visual_lines(block: HtmlElement) -> list[VisualLine]:  # noqa: C901  (a tree walk with its inline/block cases; issue 13 reworks it)
    """The lines of ``block`` (whitespace collapsed); anchors keep offsets into each line."""
    lines: list[VisualLine] = [VisualLine()]

    def add(text: str | None) -> None:
        if text:
            current = lines[-1]
            piece = " ".join(text.split())
            if text[:1].isspace() and current.parts and not current.text.endswith(" "):
                piece = " " + piece
            if piece and text[-1:].isspace() and piece != " ":
                piece += " "
            current.parts.append(piece)

    def new_line() -> None:
        if lines[-1].parts:
            lines.append(VisualLine())

    def walk(element: HtmlElement, is_root: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        block = tag in BLOCK_TAGS and not is_root
        if block:
            new_line()
        if tag == "a" and element.get("href"):
            current = lines[-1]
            text = " ".join(element.text_content().split())
            offset = len(current.text.rstrip()) + (1 if current.parts else 0)
            current.anchors.append(Anchor(offset, element.get("href", ""), text))
        add(element.text)
        for child in element:
            walk(child, False)
            add(child.tail)
        if block:
            new_line()

    walk(block, True)
    out = []
    for line in lines:
        if line.parts:
            line.parts = [" ".join(line.text.split())]
            out.append(line)
    return out
