"""What an element is to the body pass, from its own tag and attributes: page furniture (a mark),
a microdata value (skipped), or neither.

Asked once per element during the body pass's walk (``content.text_blocks``), where the element is
at hand anyway: two attribute reads for most elements, a cached verdict per class/id value.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

#: ``role`` results.
NONE, MARK, SKIP, TEXT = 0, 1, 2, 3

#: Tags of page furniture, marked whatever their attributes say.
FURNITURE_TAGS = frozenset(
    {"nav", "aside", "footer", "header", "menu", "button", "label", "form", "figcaption", "figure", "dialog"}
)
#: ARIA ``role`` values of page furniture: the landmarks that stand for ``<nav>``, ``<aside>``, the
#: page's ``<footer>`` and banner and a search form, and the roles of dialogs and menus (a cookie
#: notice, a newsletter pop-up, a site menu written as ``<div role="dialog">``).
FURNITURE_ROLES = frozenset(
    {"navigation", "complementary", "contentinfo", "banner", "search", "dialog", "alertdialog", "menubar", "menu"}
)
#: Heading tags.
HEADINGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Sectioning tags that say "content" more strongly than any class word.
CONTENT_TAGS = frozenset({"article", "main", "body", "html"})
#: Microdata properties that carry metadata, not prose, when written into the page.
_META_PROPS = frozenset(
    {
        "headline", "keywords", "datepublished", "datemodified", "datecreated", "image", "publisher",
        "mainentityofpage", "url", "logo", "thumbnailurl", "author", "width", "height", "creator",
    }
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
#: An inline style that places the element at a share of its box's height and width (``top:
#: 4.9%; left: 96.6%``): a label set over a picture, as chart tools write a graphic's axis
#: values, legends and notes (ai2html's ``g-aiPointText``), not a line of the text.
_PLACED_TOP = re.compile(r"(?<![\w-])top\s*:\s*-?[\d.]+%", re.I)
_PLACED_SIDE = re.compile(r"(?<![\w-])(?:left|right)\s*:\s*-?[\d.]+%", re.I)

#: class/id words of page furniture (comments, related links, sharing, navigation, copyright
#: notices...). A marked element holding most of the page's running text is the main column all
#: the same.
_WORDS = frozenset(
    {
        "respond", "recommended", "sidebar", "share",
        "sharing", "social", "newsletter", "subscribe", "signup", "promo", "ad", "ads", "adslot", "cookie",
        "cookies", "consent", "popup", "modal", "breadcrumb", "breadcrumbs", "nav", "navbar", "navigation",
        "menu", "footer", "masthead", "trending", "popular", "mostread", "outbrain", "taboola", "disqus",
        "byline", "authorbio", "authorbox", "authorinfo", "tagcloud", "pagination", "pager", "toolbar", "caption",
        "captions", "legend", "credit", "credits", "copyright", "meta",
    }
)
#: class/id words of an overlay: a box the page shows over itself (a cookie notice, a sign-in
#: dialog, a pop-up), never its main column however much of the running text it holds.
OVERLAY_WORDS = frozenset({"cookie", "cookies", "consent", "gdpr", "modal", "popup", "dialog", "login"})
#: Class tokens the microformats give an entry's text: hAtom's ``entry-content``, h-entry's
#: ``e-content`` (:func:`role` answers :data:`TEXT` for them, and for schema.org's
#: ``itemprop="articleBody"``: the page's own statement of where its text is).
TEXT_CLASSES = frozenset({"entry-content", "e-content"})
#: ARIA roles of an overlay.
OVERLAY_ROLES = frozenset({"dialog", "alertdialog"})
#: Starts of a furniture part ("relatedLinks", "advertisement", "commentbody", "commenting").
_PREFIXES = ("related", "relacionad", "recirc", "advert", "sponsor", "comment")
#: Parts that start like one and name no furniture: an opinion piece's section ("commentary").
_NOT_PREFIXED = ("commentar",)
#: Two parts in a row that make a furniture word: a sidebar, a most-read list, the author's box
#: under a post ("author-info", "about-author"; not "author-profile", a profile page's own text).
_PAIRS = frozenset({("side", "bar"), ("most", "read"), ("author", "bio"), ("author", "info"), ("author", "box"),
                    ("about", "author"), ("author", "description"), ("author", "details")})
#: Last parts of a tag list's class ("post-tags", "entry_hashtag").
_TAG_WORDS = frozenset({"tag", "tags", "hashtag", "hashtags"})


#: Starts of a class token that names a taxonomy term of the post, not a part of the page:
#: WordPress's ``post_class()`` and ``body_class()`` (``category-social-media``,
#: ``tag-sharing``), TypePad's ``entry-category-social_media``, Drupal's ``taxonomy-term-12``.
#: A post filed under "Social media" is no share bar.
_TERM_STARTS = ("category-", "category_", "tag-", "tag_", "post_tag-", "post-tag-", "taxonomy-term-",
                "entry-category-", "entry-tag-", "post-category-")


def _without_terms(value: str) -> str:
    """``value`` without its tokens that name a taxonomy term (:data:`_TERM_STARTS`)."""
    lowered = value.lower()
    if "categor" not in lowered and "tag" not in lowered and "term" not in lowered:
        return value
    return " ".join(token for token in value.split() if not token.lower().startswith(_TERM_STARTS))


def furniture_words(value: str) -> bool:
    """True when a class/id value names page furniture: one of its parts (:func:`_parts`: split
    at white space, ``_``, ``-`` and where a lower-case letter meets a capital, "relatedContent",
    "mainNav", "SocialBar-items") is a furniture word or starts like one ("advert...",
    "relatedlinks"; "commentbody", "commentwrap", "commenting", but not "commentary", an
    opinion piece's section), two parts in a row make one ("side bar", "mostRead"), or a space-separated
    token of the value as written has "tag(s)" or "hashtag(s)" for its last part ("post-tags",
    "entry_tags"; "tag-foo" names a WordPress tag, "textTag" a keyword linked in the text,
    "eventDetailsContentTags" a paragraph pasted from a social network). String methods
    and set reads, no regex: it runs for every new class and id value of a page (a few hundred),
    and a regex tried after every separator cost a third more (the same answers on the 286,300
    distinct values of the development pages)."""
    value = _without_terms(value)
    previous = ""
    for part in _parts(value):
        if (part in _WORDS or (previous, part) in _PAIRS
                or (part.startswith(_PREFIXES) and not part.startswith(_NOT_PREFIXED))):
            return True
        previous = part
    value = value.lower()
    if "tag" in value:
        for token in value.split():
            if token.replace("_", "-").rsplit("-", 1)[-1] in _TAG_WORDS:
                return True
    return False


def comment_words(value: str) -> bool:
    """True when a class/id value names readers' comments: a part that starts with "comment"
    ("comments", "commentlist"), not "commentar" (an opinion piece's section)."""
    return any(part.startswith("comment") and not part.startswith(_NOT_PREFIXED) for part in _parts(value))


def overlay(element: HtmlElement) -> bool:
    """The element is an overlay (:data:`OVERLAY_WORDS` in its class or id, a ``<dialog>``, an
    overlay's ARIA role): a cookie notice or a sign-in box longer than a short post is still not
    the post."""
    if element.tag == "dialog" or element.get("role") in OVERLAY_ROLES:
        return True
    return any(part in OVERLAY_WORDS for value in (element.get("class"), element.get("id")) if value
               for part in _parts(value))


def masthead(heading: HtmlElement, page: str = "") -> bool:
    """A heading that is all one link to a site's home page (``<h1 id="blog-title"><a
    href="http://example.blogspot.com/">Blog name</a></h1>``): the site's name, as blog
    templates of 2005-2012 set it over the sidebar or the header, not the headline of a text.
    With the ``page``'s URL, a blog's home in a folder of its host counts as one too
    (``/virtual_geek/`` over ``/virtual_geek/2012/11/post.html``)."""
    text = heading.text_content().strip()
    if not text:
        return False
    home = False
    linked = 0
    for link in heading.iter("a"):
        href = (link.get("href") or "").strip()
        if href:
            if not (_home_page(href) or (page and _folder_of(href, page))):
                return False
            home = True
        linked += len(link.text_content().strip())
    return home and linked >= 0.9 * len(text)


def _folder_of(href: str, page: str) -> bool:
    """``href`` addresses a folder of the ``page``'s host that holds the page (a blog's home
    under a host's path): the same host, or none, and a path the page's path goes on from."""
    try:
        link, here = urlsplit(href), urlsplit(page)
    except ValueError:
        return False
    if link.query or (link.netloc and link.netloc.lower() != here.netloc.lower()):
        return False
    path = link.path.rstrip("/")
    return bool(path) and path.startswith("/") and here.path.startswith(path + "/") and len(here.path) > len(path) + 1


def _home_page(href: str) -> bool:
    """``href`` addresses a site's home page: its root (``/``, ``http://host/``, ``index.html``)."""
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    path = parts.path
    if path.startswith("/"):
        path = path[1:]
    return not parts.query and (not path or (path.startswith("index.") and "/" not in path))


def _parts(value: str) -> list[str]:
    """A class/id value's parts, lower-cased: split at white space, ``_`` and ``-``, and within a
    part where a lower-case letter is followed by a capital (camelCase names)."""
    spaced = value.replace("_", " ").replace("-", " ")
    lowered = spaced.lower()
    if lowered == spaced:  # no capital (most class names): no camelCase to cut
        return lowered.split()
    parts = []
    for chunk in spaced.split():
        if chunk.isupper() or chunk.islower():  # all capitals or none: no camelCase to cut
            parts.append(chunk.lower())
            continue
        start = 0
        for i in range(1, len(chunk)):
            if chunk[i].isupper() and chunk[i - 1].islower():
                parts.append(chunk[start:i].lower())
                start = i
        parts.append(chunk[start:].lower())
    return parts


_MARKERS: dict[str, bool] = {}


def _furniture_marker(value: str) -> bool:
    found = _MARKERS.get(value)
    if found is None:
        if len(_MARKERS) > 50000:
            _MARKERS.clear()
        found = _MARKERS[value] = furniture_words(value)
    return found


def hidden(element: HtmlElement) -> bool:
    """Hidden by attribute or inline style (server-rendered content may wait there for
    scripts to show it, so hidden is a mark like furniture, not a cut)."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


def _placed(style: str) -> bool:
    """The style places the element over its box by shares of it (:data:`_PLACED_TOP`)."""
    return "%" in style and bool(_PLACED_TOP.search(style)) and bool(_PLACED_SIDE.search(style))


def role(element: HtmlElement, tag: str) -> int:  # noqa: C901, PLR0912 - one pass over the attributes, for every element
    """:data:`SKIP` for a microdata value written into the page (a date, a URL; not a heading: an
    ``<h1 itemprop="headline">`` is the page's headline, a block the standfirst's walk goes back
    to), :data:`MARK` for furniture by class/id words (not on
    sectioning content tags), by ARIA role (:data:`FURNITURE_ROLES`), a hidden element
    (:func:`hidden`) or one placed over its box (:func:`_placed`), :data:`TEXT` for an element
    the page declares as its text (not furniture: :data:`TEXT_CLASSES`,
    ``itemprop="articleBody"``), else :data:`NONE` (the furniture *tags* are the walk's own
    test). One read
    of the attributes (``items()``: names and values at once, half the cost of ``keys()`` and a
    ``get()``); it runs for every element."""
    items = element.items()
    if not items:
        return NONE
    furniture = hide = by_id = text = False
    prop = None
    content = tag in CONTENT_TAGS
    for name, value in items:
        if name == "class" or name == "id":
            if name == "class" and "content" in value:
                text = any(token in TEXT_CLASSES for token in value.split())
            hit = None if content else _MARKERS.get(value)
            if hit or (hit is None and not content and _furniture_marker(value)):
                by_id = name == "id" and not furniture  # the id alone, so far
                furniture = True
        elif name == "itemprop":
            prop = value
        elif name == "role":
            if value.strip().lower() in FURNITURE_ROLES:
                furniture, by_id = True, False
        elif not hide:
            if name == "hidden":
                hide = True
            elif name == "aria-hidden":
                hide = value == "true"
            elif name == "style":
                hide = bool(value) and (bool(_HIDDEN_STYLE.search(value)) or _placed(value))
    if prop and not len(element) and prop.strip().lower() in _META_PROPS and tag not in HEADINGS:
        return SKIP
    if by_id and not hide and _text_anchor(element):  # the id alone said furniture, and it is a text's anchor
        furniture = False
    if furniture and not hide and tag in INLINE_TAGS and _in_sentence(element):
        furniture = False
    if furniture or hide:
        return MARK
    return TEXT if text or (prop is not None and "articleBody" in prop.split()) else NONE


#: Inline tags: a word or phrase of a sentence, not a part of the page (:func:`_in_sentence`).
INLINE_TAGS = frozenset(
    {"a", "span", "em", "strong", "b", "i", "u", "abbr", "cite", "q", "mark", "small", "sup", "sub", "time",
     "code", "font", "dfn", "var", "bdi", "bdo", "ins", "del", "s"}
)
#: Marks after a word that go on with its sentence or close it (:func:`_in_sentence`).
_GOES_ON = frozenset(",;:.!?)]\"'\u201d\u2019\u2014\u2013")
#: Marks before a word that open a part of a sentence.
_OPENS = frozenset(",;([\"'\u201c\u2018\u2014\u2013")
#: Most words of an inline element read as a part of the sentence around it.
_PHRASE_WORDS = 6


def _in_sentence(element: HtmlElement) -> bool:
    """An inline element in the middle of a sentence: a word written after a word (no sentence
    end, colon or separator between) and before a lower-case word or a punctuation mark that
    goes on with the sentence (``reverse its position on <a class="meta-loc">Sudan</a> and
    lift``: a topic link whose class names a "meta" part of the page is still a word of the
    text). A byline's name ("By <span class="author">Jane Roe</span> October 29"), a share
    link after "Share:", a label before a capitalised line stay what their class says."""
    after = (element.tail or "").lstrip()
    if not after or not (after[0].islower() or after[0] in _GOES_ON):
        return False
    previous = element.getprevious()
    before = ((previous.tail if previous is not None else element.getparent().text) or "").rstrip()  # type: ignore[union-attr]
    if not before or not (before[-1].isalnum() or before[-1] in _OPENS):
        return False
    text = element.text_content()
    return 0 < len(text.split()) <= _PHRASE_WORDS


_SLUG_PART = re.compile(r"[^\W_]+")
#: Words of the element's text its id must hold in a row to be that text's anchor: the first
#: ``_ANCHOR_MAX`` of them, and at least ``_ANCHOR_MIN`` ("share-this" is a component's name).
#: A heading's id may hold its first ``_ANCHOR_MIN`` words only (a slug cut short).
_ANCHOR_MIN, _ANCHOR_MAX = 3, 5


def _text_anchor(element: HtmlElement) -> bool:
    """An id made from the element's own text (``<h2 id="how-popular-is-it">How popular is
    it?</h2>``, or a section named after its heading): a link target, not a component's name, so
    its words ("popular", "share", "related") say nothing about furniture. A heading's slug may be
    cut short: ``<h3 id="nav_nur_die_folie__1">Nur die Folie bleibt zurück</h3>``. A section's
    may not: "share-this-article" on a box headed "Share this article" names the component."""
    parts = _SLUG_PART.findall((element.get("id") or "").lower())
    if len(parts) < _ANCHOR_MIN:
        return False
    words: list[str] = []
    for text in element.itertext():
        words += _SLUG_PART.findall(text.lower())
        if len(words) >= _ANCHOR_MAX:
            break
    lead = words[:_ANCHOR_MAX] if element.tag not in HEADINGS else words[:_ANCHOR_MIN]
    n = len(lead)
    return n >= _ANCHOR_MIN and any(parts[i : i + n] == lead for i in range(len(parts) - n + 1))
