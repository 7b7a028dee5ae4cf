"""Parse the page once with lxml into the tree every later step (and trafilatura) shares."""

from __future__ import annotations

import re
import unicodedata

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction

from crawler.markup import without_document_end
from crawler.urls import absolute_url

from .errors import NotArticle
from .media import Player, player_of

#: The settings trafilatura parses with, so handing it this tree changes nothing; but every
#: element is a plain ``HtmlElement`` through lxml's C-level default lookup (``lxml.html``'s
#: Python-level per-tag lookup costs ~1 ms per page across the pipeline). And ``huge_tree``:
#: libxml2 otherwise stops at 256 levels of nesting and drops the rest of the page, which a
#: page of unclosed ``<font>`` or ``<span>`` tags (the 2000s' markup) reaches; with it, 2,048
#: levels (the page's size is capped before: ``decoding.MAX_SIZE``).
_PARSER = etree.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True,
    huge_tree=True,
)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)
#: Tags that never hold article text; ``strip_never_text`` removes them once metadata is read.
#: MathML's ``<annotation>`` and ``<annotation-xml>`` hold a formula's other forms (its TeX
#: source), which ``<semantics>`` does not show: "x2+1{\displaystyle x^{2}+1}" would stand for
#: "x2+1". (Ruby readings and media fallback go first: ``read_as_shown``.)
NEVER_TEXT: tuple[str, ...] = (
    "script", "style", "noscript", "svg", "template", "iframe", "link", "select", "textarea",
    "annotation", "annotation-xml",
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
#: Bytes of the C0 controls XML does not allow (deleted with ``bytes.translate``: a regex over
#: the page's text cost ~0.7 ms a page).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


#: A soft hyphen written as an entity (``&shy;``, ``&#173;``, ``&#xad;``).
_SOFT_HYPHEN_ENTITY = re.compile(r"&(?:shy;|#173;|#[xX]0*[aA][dD];)")
_SOFT_HYPHEN_BYTES = re.compile(_SOFT_HYPHEN_ENTITY.pattern.encode())


def without_soft_hyphens(text: str) -> str:
    """``text`` without soft hyphens (U+00AD, or its entities): a place where a word may break,
    invisible unless it does. Left in, they cut the word in the text ("Mit&shy;tel&shy;al&shy;ter"), and
    a copy hyphenated differently, or not at all, no longer reads the same."""
    if "\xad" in text:  # one character: a C-level scan of ~2 us
        text = text.replace("\xad", "")
    # one regex with the literal "&" first (~40 us a page; four substring tests cost 230, as
    # "&" is frequent); with no match ``sub`` hands back the same string
    return _SOFT_HYPHEN_ENTITY.sub("", text)


def parse_html(text: str, utf8: bytes | None = None) -> HtmlElement:
    """The document's ``<html>`` element; :class:`NotArticle` ``empty`` when nothing parses.
    ``utf8``: the text's UTF-8 when known (``decoding.Decoded``), which the parser then reads
    as it is, its soft hyphens' entities removed there (the bytes of an ASCII pattern)."""
    declaration = _XML_DECL.match(text)
    # U+FFFE/U+FFFF are no XML characters: looked for in the text, not its bytes (a text of
    # one-byte characters cannot hold them, which Python tells without reading it)
    if utf8 is None or "\ufffe" in text or "\uffff" in text or "\xad" in text:
        if declaration is not None:
            text = text[declaration.end() :]
        if "\ufffe" in text or "\uffff" in text:
            text = text.replace("\ufffe", "").replace("\uffff", "")
        # lone surrogates cannot be encoded (dropped)
        data = without_soft_hyphens(text).encode("utf-8", errors="ignore")
    else:
        if declaration is not None:
            utf8 = utf8[len(text[: declaration.end()].encode("utf-8")) :]
        data = _SOFT_HYPHEN_BYTES.sub(b"", utf8)
    data = data.translate(None, _CONTROL_BYTES)
    data = without_document_end(data)  # read on past </body> and </html>, as a browser does
    if not data or data.isspace():  # not ``strip()``: that copies the page
        raise NotArticle("empty")
    try:
        tree = etree.fromstring(data, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise NotArticle("empty") from exc
    if tree is None or not isinstance(tree, HtmlElement):
        raise NotArticle("empty")
    if b"\xcc" in data or b"\xcd" in data:  # lead bytes of U+0300-U+037F in UTF-8 (``compose_text``)
        compose_text(tree)
    return tree


#: What React's streamed server rendering (``renderToPipeableStream``, used by Next.js and other
#: frameworks) writes around a part of the page that was not ready when the page began to go
#: out: the part comes at the end of the document in ``<div hidden id="S:n">``, and a script
#: (``$RC("B:n","S:n")``, ``$RS("S:n","P:n")``) moves it in place of ``<template id="B:n">`` or
#: ``<template id="P:n">``, where the page shows it (:func:`read_as_shown` looks for the
#: templates in its walk; searching the page's bytes for the parts' ids cost ~0.14 ms a page).
_STREAMED_PLACES = ("B:", "P:")


def reveal_streamed(tree: HtmlElement, templates: list[HtmlElement] | None = None) -> int:
    """Each streamed part of the page moved in place of its template (``templates``: the
    page's ``<template>`` elements, all of them when None), as React's script does in a
    browser, in place; the number moved. Without this the page's story, often the whole of it,
    reads as hidden text at the page's end. A part is shown where the template with its number
    stands (the fallback shown while it loaded, a skeleton without text as a rule, stays: the
    parser drops the comments that bound it); a part whose template is missing or inside it
    stays hidden where it is."""
    if templates is None:
        templates = list(tree.iter("template"))
    if not templates:
        return 0
    parts: dict[str, HtmlElement] = {}
    for div in tree.iter("div"):
        ident = div.get("id") or ""
        if ident.startswith("S:") and div.get("hidden") is not None:
            parts.setdefault(ident[2:], div)
    if not parts:
        return 0
    moved = 0
    for template in templates:
        ident = template.get("id") or ""
        part = parts.get(ident[2:]) if ident[:2] in _STREAMED_PLACES else None
        parent = template.getparent()
        if part is None or parent is None or any(ancestor is part for ancestor in template.iterancestors()):
            continue
        del parts[ident[2:]]
        _detach(part)
        part.tail = template.tail
        parent.replace(template, part)
        del part.attrib["hidden"]
        moved += 1
    return moved


def _detach(element: HtmlElement) -> None:
    """Take ``element`` out of its parent, the text after it left where it was."""
    parent = element.getparent()
    if parent is None:
        return
    tail, element.tail = element.tail, None
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


#: What :func:`read_as_shown` looks for in its one walk: media a claim may stand under, players
#: and ruby annotations.
_MEDIA_HOLDERS = ("{*}svg", "iframe")
_PLAYERS = ("video", "audio")
_RUBY_ANNOTATIONS = ("rt", "rtc", "rp")
#: The tag the readings to remove are renamed to, for one strip (no element of HTML has it).
_READING = "crawler-ruby-reading"
#: A player holding more text than this is left as it is (:func:`read_as_shown`).
MEDIA_FALLBACK_CHARS = 400
#: Players noted at most (``read_as_shown``'s ``players``): a page of a thousand clips is a gallery.
MAX_PLAYERS = 200
#: A ruby annotation holding more text than this is unwrapped, not removed.
RUBY_READING_CHARS = 100


def read_as_shown(tree: HtmlElement, players: list[Player] | None = None) -> set[HtmlElement]:
    """The page made to read as a browser shows it, in place, in one walk over it (the walk
    costs the same with these tags as with the media alone, ~0.14 ms a page); returns the
    elements holding ``svg`` or ``iframe`` media (charts, embeds: the claims detector reads a
    credit under one as the medium's). Call before anything reads the page's text.
    ``players``: a list the page's video and audio players are added to (``media.player_of``,
    read before their fallback goes and before ``strip_never_text`` removes the iframes).

    - ``<video>`` and ``<audio>`` are emptied of what they hold: the fallback a browser shows
      only when it cannot play them ("Your browser does not support the video tag", a link to
      the file), never the article's. The elements stay where they stand. One holding more than
      :data:`MEDIA_FALLBACK_CHARS` characters is left whole: a player left open holds the rest
      of its parent (the parser closes it only with its parent), the story maybe.
    - Ruby annotations go (their tails, the base text after them, stay): ``<rt>``, ``<rtc>`` and
      ``<rp>`` hold the reading written over (or, in ``<rp>``'s fallback parentheses, after) the
      base text ("子<rt>こ</rt>ども"), shown beside the line, not in it; with them "子こども" would
      stand for "子ども", and a Japanese page for learners, a reading over every kanji, would
      match no copy of the story written without them. One holding more than
      :data:`RUBY_READING_CHARS` characters is text an ``<rt>`` left open has swallowed: its tags
      go, its text stays.
    - The parts of a page React streamed after its first bytes move into their places
      (:func:`reveal_streamed`)."""
    holders: set[HtmlElement] = set()
    shown: list[HtmlElement] = []
    media: list[HtmlElement] = []  # players and iframes, in page order
    readings: list[HtmlElement] = []
    templates: list[HtmlElement] = []
    for element in tree.iter(*_MEDIA_HOLDERS, *_PLAYERS, *_RUBY_ANNOTATIONS, "template"):
        tag = element.tag
        if tag in _PLAYERS:
            shown.append(element)
            media.append(element)
        elif tag in _RUBY_ANNOTATIONS:
            readings.append(element)
        elif tag == "template":
            if (element.get("id") or "")[:2] in _STREAMED_PLACES:
                templates.append(element)
        else:
            parent = element.getparent()
            if parent is not None:
                holders.add(parent)
            if tag == "iframe":
                media.append(element)
    if players is not None:
        _note_players(players, media)
    _empty_players(shown)
    if readings:
        _strip_readings(tree, readings)
    if templates:
        reveal_streamed(tree, templates)
    return holders


def _note_players(players: list[Player], elements: list[HtmlElement]) -> None:
    """The players among ``elements`` (in page order), at most
    :data:`MAX_PLAYERS`, added to ``players``."""
    for element in elements:
        if len(players) >= MAX_PLAYERS:
            break
        player = player_of(element)
        if player is not None:
            players.append(player)


def _empty_players(shown: list[HtmlElement]) -> None:
    """``<video>`` and ``<audio>`` emptied of their fallback (see :func:`read_as_shown`)."""
    for element in shown:
        if not _holds_more(element, MEDIA_FALLBACK_CHARS):
            element.text = None
            for child in list(element):
                element.remove(child)


def _strip_readings(tree: HtmlElement, readings: list[HtmlElement]) -> None:
    for element in readings:
        # kept as any inline element (its text reads on), or named for the one C-level strip
        # below: removing them one by one, each tail joined to the text before it, grew that
        # text again for every sibling (20,000 readings in one paragraph took 10 s)
        element.tag = "span" if _holds_more(element, RUBY_READING_CHARS) else _READING
    etree.strip_elements(tree, _READING, with_tail=False)



def _holds_more(element: HtmlElement, limit: int) -> bool:
    held = 0
    for text in element.itertext():
        held += len(text)
        if held > limit:
            return True
    return False


#: Elements whose text is data, not prose (an address in JSON-LD is its code points).
_DATA_TEXT = frozenset({"script", "style"})


def compose_text(tree: HtmlElement) -> None:
    """The text of ``tree``'s elements in Unicode's composed form (NFC), in place.

    A page typed with combining diacritics ("Nguồn" as an "o", U+0302 and U+0300; "Lähde" as an
    "a" and U+0308: Vietnamese converters and some input methods write them so) reads the same
    as the composed text but matches no word written composed: not the claim phrases, not a
    quotation looked up. Called by :func:`parse_html` only when the page's UTF-8 holds a lead
    byte of U+0300-U+037F (the combining diacritical marks), found by two single-byte searches
    of the page (~7 us) rather than reading every text of every page
    (``unicodedata.is_normalized`` over the page cost ~0.4 ms). Scripts, styles and attribute
    values (addresses among them) are left as they are; the record's fields are composed once
    more at the end (``article.composed``)."""
    for element in tree.iter(etree.Element):
        if element.tag in _DATA_TEXT:
            text = None
        else:
            text = element.text
        if text and not text.isascii() and not unicodedata.is_normalized("NFC", text):
            element.text = unicodedata.normalize("NFC", text)
        tail = element.tail
        if tail and not tail.isascii() and not unicodedata.is_normalized("NFC", tail):
            element.tail = unicodedata.normalize("NFC", tail)


#: A page's ``<noscript>`` elements holding at least this many words, and the page's text outside
#: them under :data:`NOSCRIPT_SHARE` of theirs, are the page: unwrapped, not removed.
NOSCRIPT_WORDS = 150
NOSCRIPT_SHARE = 0.5
_NOT_NOSCRIPT = tuple(tag for tag in NEVER_TEXT if tag != "noscript")


def strip_never_text(tree: HtmlElement) -> None:
    """Remove scripts, styles and other never-text elements (keeping their tails), in place.

    ``<noscript>`` elements go too, unless they hold the page (:func:`noscript_holds_page`):
    then only their tags go and their content stays where it stands."""
    etree.strip_elements(tree, *_NOT_NOSCRIPT, with_tail=False)
    if noscript_holds_page(tree):
        etree.strip_tags(tree, "noscript")
    else:
        etree.strip_elements(tree, "noscript", with_tail=False)


def noscript_holds_page(tree: HtmlElement) -> bool:
    """True when the page's ``<noscript>`` elements hold at least :data:`NOSCRIPT_WORDS` words
    and the text outside them less than :data:`NOSCRIPT_SHARE` of theirs: a page served whole
    to readers without scripts (a blog platform's post, a forum's crawler view), or a
    ``<noscript>`` the parser found no end to, which swallowed the rest of the page. Removed,
    they would take the page's text with them (two of trafilatura's 990 evaluation pages, a
    news page and a blog post, and 19 forum threads of wcxb-dev); tracking pixels and "enable
    JavaScript" notes stay under the bar. Scripts and styles are expected removed already."""
    inside = 0
    for element in tree.iter("noscript"):
        if not any(parent.tag == "noscript" for parent in element.iterancestors()):
            inside += len("".join(element.itertext()).split())
    if inside < NOSCRIPT_WORDS:
        return False
    body = tree.find("body")
    total = len("".join((tree if body is None else body).itertext()).split())
    return total - inside < NOSCRIPT_SHARE * inside


def base_url(tree: HtmlElement, url: str) -> str:
    """The page URL with any ``<base href>`` applied."""
    for base in tree.iter("base"):  # the first <base href> in a <head> or right under <html>
        href = base.get("href")
        parent = base.getparent()
        if href is None or parent is None:
            continue
        if parent.tag == "head" or (parent.tag == "html" and parent.getparent() is None):
            href = href.strip()
            if href:
                return absolute_url(url, href) or url
            return url
    return url
