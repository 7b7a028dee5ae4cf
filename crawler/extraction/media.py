"""The article's videos and audios: zyte-common-items' ``Article.videos`` and ``Article.audios``.

Two kinds of evidence, in this order, each URL once (absolute, http or https):

1. **What the page declares for its article**: the ``video`` and ``audio`` properties of its
   schema.org article (a ``VideoObject`` or ``AudioObject``, a list of them, or a reference to
   one by its ``@id``; its ``contentUrl``, else its ``embedUrl``), and OpenGraph's ``og:video``
   and ``og:audio`` (``:secure_url``, ``:url`` or the bare property).
2. **The players in the article's text**: ``<video>`` and ``<audio>`` elements inside the main
   text's container (their ``src``, else the first ``<source>``'s), and the ``<iframe>``
   embeds there that ask the browser for what only a media player needs: the Permissions
   Policy features ``encrypted-media`` or ``picture-in-picture`` in their ``allow`` attribute
   (the embed codes of the video services have asked for them since about 2018). Full screen is
   no evidence, in ``allowfullscreen`` or in the older prefixed ``webkitallowfullscreen`` and
   ``mozallowfullscreen``: maps and slide decks ask for it too (a presentation's embed of 2012
   among Dragnet's pages). A player outside the container (a sidebar's clip, a video teaser)
   is not the article's. An embed of a music service that asks for ``encrypted-media`` is
   counted a video: its markup does not say it plays sound only.

``parsing.read_as_shown`` notes the players (:func:`player_of`) in the walk it makes anyway,
before it empties a player of its fallback content (the ``<source>`` children) and before
``strip_never_text`` removes the ``<iframe>``s; an iframe is placed by its parent, which stays.
No host, site or player is named anywhere: the evidence is the standards' markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

from crawler.urls import absolute_url

from .structured import StructuredData

#: At most this many videos, and this many audios, in one record.
MAX_MEDIA = 20
#: Permissions Policy features an embed asks for only to play media (``<iframe allow="...">``).
_PLAYER_FEATURES = ("encrypted-media", "picture-in-picture")
_SOURCE_ATTRIBUTES = ("src", "data-src")
_OG = {
    "video": ("og:video:secure_url", "og:video:url", "og:video"),
    "audio": ("og:audio:secure_url", "og:audio:url", "og:audio"),
}
_OBJECT_TYPES = {"video": "videoobject", "audio": "audioobject"}
#: References followed from one property (a list of lists of references is no article's).
_MAX_DEPTH = 3


@dataclass(frozen=True)
class Player:
    """A player found in the page: ``kind`` (``video`` or ``audio``), the URL as written, and
    the element that places it (the player itself; an ``<iframe>``'s parent)."""

    kind: str
    src: str
    anchor: HtmlElement


def player_of(element: HtmlElement) -> Player | None:
    """The :class:`Player` of a ``<video>``, ``<audio>`` or ``<iframe>`` element, or None (no
    address; an iframe that is no media player)."""
    tag = element.tag
    if tag == "iframe":
        allow = (element.get("allow") or "").lower()
        if not any(feature in allow for feature in _PLAYER_FEATURES):
            return None
        parent = element.getparent()
        src = _source(element)
        return Player("video", src, parent) if src and parent is not None else None
    src = _source(element)
    if not src:
        for child in element.iter("source"):
            src = _source(child)
            if src:
                break
    return Player(str(tag), src, element) if src else None


def _source(element: HtmlElement) -> str | None:
    for name in _SOURCE_ATTRIBUTES:
        value = element.get(name)
        if value and value.strip() and value.strip() != "about:blank":
            return value.strip()
    return None


def media(
    players: Iterable[Player], nodes: Iterable[HtmlElement], data: StructuredData, base: str
) -> tuple[list[dict[str, str]] | None, list[dict[str, str]] | None]:
    """``(videos, audios)`` of the record: ``[{"url": ...}]`` each, None when there are none (see
    the module docstring). ``nodes``: the main text's container elements."""
    found: dict[str, list[dict[str, str]]] = {"video": [], "audio": []}
    seen: set[str] = set()

    def add(kind: str, href: Any) -> None:
        if not isinstance(href, str) or len(found[kind]) >= MAX_MEDIA:
            return
        url = absolute_url(base, href)
        if url and url not in seen:
            seen.add(url)
            found[kind].append({"url": url})

    for kind in ("video", "audio"):
        for node in data.articles:
            for href in _declared(node.get(kind), kind, data, 0):
                add(kind, href)
        add(kind, data.first(*_OG[kind]))
    inside = set(nodes)
    if inside:
        for player in players:
            if _within(player.anchor, inside):
                add(player.kind, player.src)
    return found["video"] or None, found["audio"] or None


def _declared(value: Any, kind: str, data: StructuredData, depth: int) -> list[str]:
    """The addresses of an article's ``video`` or ``audio`` value: a media object's
    ``contentUrl``, else its ``embedUrl``; a list; a reference by ``@id``; a URL string."""
    if depth > _MAX_DEPTH:
        return []
    value = data.resolve(value)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [href for item in value for href in _declared(item, kind, data, depth + 1)]
    if not isinstance(value, dict):
        return []
    types = value.get("@type")
    names = {t.lower() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
    if names and not names & {_OBJECT_TYPES[kind], "mediaobject"}:
        return []
    for key in ("contentUrl", "embedUrl"):
        href = value.get(key)
        if isinstance(href, list):
            href = next((h for h in href if isinstance(h, str)), None)
        if isinstance(href, str) and href.strip():
            return [href]
    return []


def _within(element: HtmlElement, nodes: set[HtmlElement]) -> bool:
    """``element`` is one of ``nodes`` or inside one."""
    if element in nodes:
        return True
    return any(ancestor in nodes for ancestor in element.iterancestors())
