"""The body pass's one walk over the page: text blocks, and what the claims detector reads after.

One pass over the parsed tree (``etree.iterwalk``, no recursion: any depth is safe) cuts the
page into text blocks at block-level tags, ``<br>`` and the edges of furniture-marked elements;
each block knows its words, how much of it is link text, the element it sits in and the
furniture marks above it. Microdata values (a date or the headline written again) are skipped.

The same walk keeps what a *visual line* needs (``lines.py`` builds them only when the claims
detector asks): the number of the line each block starts on (lines break at block-level tags and
``<br>``, not at furniture marks), each block's raw text pieces, and, where they fall among those
pieces, the links (``<a href>``) and the skipped microdata values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from .furniture import FURNITURE_TAGS, HEADINGS, MARK, SKIP, TEXT, role

#: Elements that start a new text block.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "th",
        "thead", "tfoot", "tr", "ul", "caption", "details", "summary", "fieldset", "html",
    }
)
#: Sentence-final punctuation of the scripts that do not use the Latin full stop (Unicode's
#: Sentence_Terminal): Devanagari and the other Indic scripts' danda, Arabic question mark and
#: Urdu full stop, Armenian, Ethiopic, Myanmar, Khmer and Tibetan full stops, the CJK and
#: fullwidth ones. Thai and Lao write none: a space or the paragraph's end closes a sentence.
SENTENCE_MARKS = "।॥؟۔։።፧፨။។៕།。！？｡．"
#: Thai and Lao (no sentence-final punctuation), and with Myanmar and Khmer the scripts that
#: write no space between words; Han and kana; Hangul (Korean writes spaces).
UNPUNCTUATED = "\u0e00-\u0eff"
UNSPACED = f"{UNPUNCTUATED}\u1000-\u109f\u1780-\u17ff"
_HAN_KANA = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
_HANGUL = "\uac00-\ud7af"
#: A word: letters and digits with the combining marks inside them (``\w`` alone cuts a word
#: of Devanagari, Bengali, Tamil... at every vowel sign, of Hebrew or Arabic at every point).
_WORD = re.compile(
    r"[\w\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    r"\u0900-\u0963\u0966-\u0dff]+"
)
_CJK = re.compile(f"[{_HAN_KANA}{_HANGUL}]")
_UNSPACED = re.compile(f"[{UNSPACED}]")
_NO_SPACES = re.compile(f"[{_HAN_KANA}{UNSPACED}]")
_WIDE = re.compile(f"[{_HAN_KANA}{_HANGUL}{UNSPACED}]")
#: Characters of an unspaced script per word (Thai words average four to five letters and marks).
UNSPACED_WORD = 4
_SENTENCE_END = re.compile(f"[.!?…:;\"”»){SENTENCE_MARKS}](\\s|$)|[{UNPUNCTUATED}]\\s*$")

#: Kinds of the items a block keeps among its raw pieces (``Block.inserts``).
ANCHOR, GLUED_ANCHOR, META, META_LINE, SPACE = 0, 1, 2, 3, 4


@lru_cache(maxsize=8)
def count_words(text: str) -> int:
    """Words, two CJK characters counting as one, and :data:`UNSPACED_WORD` characters of Thai,
    Lao, Myanmar or Khmer (those scripts write no spaces between words); the last few answers
    kept (a page's body is counted more than once)."""
    if not _WIDE.search(text):
        return word_runs(text)
    cjk = len(_CJK.findall(text))
    unspaced = len(_UNSPACED.findall(text))
    return word_runs(_WIDE.sub(" ", text)) + cjk // 2 + unspaced // UNSPACED_WORD


#: Characters that stand around words ("word," "(said" "end.”"), none of them a word character
#: of :data:`_WORD` (``_`` is one, so it is not here).
_AROUND = "!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~“”‘’«»„‚‹›—–…·•"


def word_runs(text: str) -> int:
    """``len(_WORD.findall(text))``, the runs of word characters, at about half its cost: a
    piece between white spaces that is all letters and digits (``str.isalnum`` is the regex's
    ``\\w`` less ``_``), once the punctuation around it is stripped, is one word; the regex counts
    the rest ("it's", "well-known", a word with a combining mark), and the pieces it reads are
    joined with a space, so no word is made of two."""
    count = 0
    rest: list[str] = []
    for piece in text.split():
        if piece.isalnum():
            count += 1
            continue
        core = piece.strip(_AROUND)
        if core.isalnum():
            count += 1
        elif core:
            rest.append(core)
    if rest:
        count += len(_WORD.findall(" ".join(rest)))
    return count


def text_words(text: str, spaced: int | None = None) -> int:
    """A line's words: its ``spaced`` pieces (split at spaces when not given), or
    :func:`count_words` when it has few spaces for its length: one long token, or Chinese,
    Japanese, Thai, Lao, Myanmar or Khmer (their spaces, if any, part phrases, not words; the
    script is looked for only past 8 characters a piece, so Latin text costs nothing more)."""
    words = len(text.split()) if spaced is None else spaced
    length = len(text)
    if words and (length > 15 * words or (length > 8 * words and not text.isascii() and _NO_SPACES.search(text))):
        words = count_words(text)
    return words


#: An item among a block's raw pieces: (piece index, element, kind, line of a META_LINE item).
Insert = tuple[int, HtmlElement, int, int]


class Block:
    """One text block: its text, the element it sits in, its kind, link text, furniture marks;
    and for visual lines, its line number, raw pieces and inserted items."""

    __slots__ = ("element", "inserts", "kind", "line", "link_density", "marks", "parts", "running", "text",
                 "words")

    def __init__(self, element: HtmlElement, kind: str, text: str, link_chars: int,
                 marks: tuple[HtmlElement, ...], words: int | None = None) -> None:
        self.element = element
        self.kind = kind
        self.text = text
        self.words = words = text_words(text, words)
        self.link_density = min(1.0, link_chars / len(text)) if text else 0.0
        #: Furniture-marked ancestors (outermost first).
        self.marks = marks
        self.running = _running(kind, text, words, self.link_density)
        #: The visual line the block starts on, its raw text pieces (``text`` is them with white
        #: space collapsed) and the links and microdata values among them.
        self.line = 0
        self.parts: list[str] | None = None
        self.inserts: list[Insert] | None = None


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


@dataclass
class Orphan:
    """Items standing on a visual line of their own, in no block (a skipped ``<h1
    itemprop="headline">``, a lone microdata value): before ``blocks[position]``."""

    position: int
    line: int
    element: HtmlElement
    items: list[Insert]


@dataclass
class PageBlocks:
    """What the walk found: the blocks in document order, the orphan items, and the elements the
    page declares as its text (``furniture.role``'s :data:`TEXT`), outermost first."""

    blocks: list[Block]
    orphans: list[Orphan]
    declared: list[HtmlElement] = field(default_factory=list)


class _Walk:
    """State of one walk: the open block's pieces and items, the element stack, the line."""

    __slots__ = ("blocks", "cut_line", "declared", "dirty", "gap", "inserts", "line", "link_chars", "links", "marks",
                 "orphans", "owner", "parts", "pending", "pending_line", "pending_owner", "stack")

    def __init__(self, root: HtmlElement) -> None:
        self.blocks: list[Block] = []
        self.declared: list[HtmlElement] = []
        self.stack: list[tuple[HtmlElement, str]] = [(root, "div")]
        self.parts: list[str] = []
        self.link_chars = 0
        self.owner: tuple[HtmlElement, str, tuple[HtmlElement, ...], int] | None = None
        self.links = 0
        self.marks: list[HtmlElement] = []
        self.line = 0
        #: Items of the open block; items met while no block was open (and their line); orphans.
        self.inserts: list[Insert] | None = None
        self.pending: list[Insert] = []
        self.pending_line = 0
        self.pending_owner: HtmlElement = root
        self.orphans: list[Orphan] = []
        #: White space was dropped while no block was open (a visual line keeps one space).
        self.gap = False
        #: Text (white space too) was added since the line began: a line break starts a new line
        #: (a break on a line with nothing in it does not: its links go on to the next line).
        self.dirty = False
        #: The line the last block ended on (items after it on that line belong to it).
        self.cut_line = -1

    def add(self, text: str | None) -> None:
        if not text:
            return
        self.dirty = True
        if self.owner is None:
            if text.isspace():  # whitespace before any text: nothing to open a block for
                self.gap = True
                if self.pending:  # between items met while no block was open
                    self.pending.append((0, self.pending[-1][1], SPACE, 0))
                elif self.cut_line == self.line and self.blocks[-1].inserts:
                    last = self.blocks[-1]
                    last.inserts.append((len(last.parts or ()), last.element, SPACE, 0))  # type: ignore[union-attr]
                return
            element, kind = self.stack[-1]
            self.owner = (element, kind, tuple(self.marks), self.line)
            if self.pending:
                self.adopt()
            if self.gap:
                self.parts.append(" ")
        self.parts.append(text)
        if self.links:
            self.link_chars += len(text.strip())

    def cut(self) -> None:
        owner = self.owner
        if owner is None:
            return
        parts = self.parts
        pieces = "".join(parts).split()
        if pieces:
            block = Block(owner[0], owner[1], " ".join(pieces), self.link_chars, owner[2], len(pieces))
            block.line, block.parts, block.inserts = owner[3], parts, self.inserts
            self.blocks.append(block)
            self.cut_line = self.line
        self.owner, self.parts, self.link_chars, self.inserts, self.gap = None, [], 0, None, False

    # --- the rare items: links, microdata values, and where they stand ------------------------

    def item(self, element: HtmlElement, kind: int, line: int = 0) -> None:
        """A link or microdata value at the current point of the text."""
        if self.owner is not None:
            if self.inserts is None:
                self.inserts = []
            self.inserts.append((len(self.parts), element, kind, line))
            return
        if not self.pending and self.cut_line == self.line:  # after the text of its line
            last = self.blocks[-1]
            if last.inserts is None:
                last.inserts = []
            last.inserts.append((len(last.parts or ()), element, kind, line))
            return
        if self.pending and self.pending_line != self.line:
            self.flush()
        if not self.pending:
            self.pending_owner = self.stack[-1][0]
        self.pending.append((0, element, kind, line))
        self.pending_line = self.line

    def anchor(self, element: HtmlElement) -> None:
        """An ``<a href>``; "glued" when the element before it has no tail (``<span>SOURCE</span><a>``:
        CSS spaces them apart, a visual line gets a space there)."""
        prev = element.getprevious()
        self.item(element, GLUED_ANCHOR if prev is not None and not prev.tail else ANCHOR)

    def meta(self, element: HtmlElement, block_level: bool) -> None:
        """A skipped microdata value: inline, or a line of its own (``<h1 itemprop="headline">``)."""
        if not block_level:
            self.item(element, META)
            if element.text:
                self.dirty = True
            return
        self.new_line()
        if self.owner is not None:
            self.item(element, META_LINE, self.line)
        else:
            if self.pending:
                self.flush()
            self.orphans.append(Orphan(len(self.blocks), self.line, element, [(0, element, META, 0)]))
        if element.text:
            self.dirty = True
        self.new_line()

    def new_line(self) -> None:
        """A line break (a block-level tag, ``<br>``)."""
        if self.dirty:
            self.line += 1
            self.dirty = False

    def adopt(self) -> None:
        """The block just opened takes the items met before it on its line."""
        if self.pending_line == self.line:
            self.inserts = self.pending
            self.pending = []
        else:
            self.flush()

    def flush(self) -> None:
        """Items met while no block was open and none opened on their line: microdata values
        make a line of their own (links without text make none)."""
        items, self.pending = self.pending, []
        if any(kind == META for _i, _e, kind, _l in items):
            self.orphans.append(Orphan(len(self.blocks), self.pending_line, self.pending_owner, items))


#: What a ``<figure>`` may hold that is the text's own: HTML's figure is "self-contained content
#: referenced from the main flow", a table (``wp-block-table``), a quotation (a pull quote) or a
#: code listing as often as an image. Such a figure is no furniture (the same element outside a
#: figure is none either); its ``<figcaption>`` stays furniture, a tag of its own.
_FIGURE_TEXT = ("table", "blockquote", "pre")


def _figure_of_text(figure: HtmlElement) -> bool:
    return next(figure.iter(*_FIGURE_TEXT), None) is not None


def text_blocks(root: HtmlElement) -> list[Block]:
    """The text blocks of ``root`` in document order (microdata values skipped)."""
    return walk_blocks(root).blocks


def walk_blocks(root: HtmlElement) -> PageBlocks:  # noqa: C901, PLR0912, PLR0915 - the per-element loop, inlined: it runs ~1,600 times a page
    """The text blocks of ``root`` in document order, with what visual lines need."""
    walk = _Walk(root)
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped: HtmlElement | None = None
    stack, marks = walk.stack, walk.marks
    for event, element in walker:
        if skipped is not None:
            if element is skipped:  # its "end": the subtree was skipped
                skipped = None
                walk.add(element.tail)
            continue
        if event == "start":
            tag = element.tag
            if not isinstance(tag, str):  # an entity (comments and PIs are not parsed)
                continue
            found = role(element, tag)
            if found == SKIP:
                walk.meta(element, tag in BLOCK_TAGS)
                skipped = element
                walker.skip_subtree()
                continue
            if found == MARK or (tag in FURNITURE_TAGS and not (tag == "figure" and _figure_of_text(element))):
                if walk.owner is not None:
                    walk.cut()
                marks.append(element)
            if tag in BLOCK_TAGS:
                if found == TEXT:
                    walk.declared.append(element)
                if walk.owner is not None:
                    walk.cut()
                if walk.dirty:
                    walk.line += 1
                    walk.dirty = False
                stack.append((element, _kind(tag, stack[-1][1])))
            elif tag == "br":
                if walk.owner is not None:
                    walk.cut()
                if walk.dirty:
                    walk.line += 1
                    walk.dirty = False
            elif tag == "a":
                walk.links += 1
                if element.get("href"):
                    walk.anchor(element)
            text = element.text
            if text:
                if walk.owner is None:
                    if walk.cut_line != walk.line and not walk.pending and text.isspace():
                        walk.dirty = walk.gap = True  # white space between blocks: ``add``'s common case
                    else:
                        walk.add(text)
                else:  # ``walk.add`` inlined for the common case, a block open
                    walk.dirty = True
                    walk.parts.append(text)
                    if walk.links:
                        walk.link_chars += len(text.strip())
            continue
        # an end: the element's tag is not read again (a block-level element is the top of the
        # stack, a link ends only while one is open)
        if len(stack) > 1 and stack[-1][0] is element:
            if walk.owner is not None:
                walk.cut()
            if walk.dirty:
                walk.line += 1
                walk.dirty = False
            stack.pop()
        elif walk.links and element.tag == "a":
            walk.links -= 1
        if marks and marks[-1] is element:
            if walk.owner is not None:
                walk.cut()
            marks.pop()
        tail = element.tail
        if tail:
            if walk.owner is None:
                if walk.cut_line != walk.line and not walk.pending and tail.isspace():
                    walk.dirty = walk.gap = True
                else:
                    walk.add(tail)
            else:
                walk.dirty = True
                walk.parts.append(tail)
                if walk.links:
                    walk.link_chars += len(tail.strip())
    walk.cut()
    if walk.pending:
        walk.flush()
    return PageBlocks(walk.blocks, walk.orphans, walk.declared)
