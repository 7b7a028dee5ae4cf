"""What an element is to the body pass, from its own tag and attributes: page furniture (a mark),
a microdata value (skipped), or neither.

Asked once per element during the body pass's walk (``content.text_blocks``), where the element is
at hand anyway: two attribute reads for most elements, a cached verdict per class/id value.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

#: ``role`` results.
NONE, MARK, SKIP = 0, 1, 2

#: Tags of page furniture, marked whatever their attributes say.
FURNITURE_TAGS = frozenset(
    {"nav", "aside", "footer", "header", "menu", "button", "label", "form", "figcaption", "figure"}
)
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

#: class/id words of page furniture (comments, related links, sharing, navigation...). A marked
#: element holding most of the page's running text is the main column all the same.
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


_MARKERS: dict[str, bool] = {}


def _furniture_marker(value: str) -> bool:
    found = _MARKERS.get(value)
    if found is None:
        if len(_MARKERS) > 50000:
            _MARKERS.clear()
        found = _MARKERS[value] = furniture_words(value)
    return found


def metadata_value(element: HtmlElement) -> bool:
    """A microdata value written into the page (a date, a URL, the headline again)."""
    prop = element.get("itemprop")
    return bool(prop) and not len(element) and prop.strip().lower() in _META_PROPS


def hidden(element: HtmlElement) -> bool:
    """Hidden by attribute or inline style (server-rendered content may wait there for
    scripts to show it, so hidden is a mark like furniture, not a cut)."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


def role(element: HtmlElement, tag: str) -> int:
    """:data:`SKIP` for a microdata value, :data:`MARK` for furniture by class/id words (not on
    sectioning content tags) or a hidden element, else :data:`NONE` (the furniture *tags* are
    the walk's own test)."""
    keys = element.keys()  # one call; most elements have no attribute this asks about
    if not keys:
        return NONE
    get = element.get
    if "itemprop" in keys and metadata_value(element):
        return SKIP
    if tag not in CONTENT_TAGS:
        markers = _MARKERS
        for name in ("class", "id"):
            if name in keys:
                value = get(name)
                hit = markers.get(value)
                if hit or (hit is None and _furniture_marker(value)):
                    return MARK
    if "style" in keys or "hidden" in keys or "aria-hidden" in keys:
        return MARK if hidden(element) else NONE
    return NONE
