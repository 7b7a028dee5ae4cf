"""The post an aggregator template renders: its text, and the slots where a claim (or a decoy)
can stand, named by their place relative to the article."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

#: Where a claim can stand, relative to the article.
PLACEMENTS = ("title", "lead", "middle", "end", "after")


@dataclass
class Slots:
    """HTML to put in each place of the page (empty: nothing there)."""

    head: str = ""
    title: str = ""
    lead: str = ""
    middle: str = ""
    end: str = ""
    after: str = ""
    canonical: str | None = None
    og_url: str | None = None


@dataclass
class Post:
    """One aggregator post to render."""

    url: str
    host: str
    headline: str
    paragraphs: list[str]
    date: datetime
    lang: str
    author: str = "admin"
    slots: Slots = field(default_factory=Slots)
    #: Another post's title and URL on the same blog (for navigation and sidebars).
    other_title: str = "Weekly roundup: what else happened"
    other_url: str = "/"


Template = Callable[[Post], str]


def esc(text: str) -> str:
    return escape(text, quote=True)


def paragraphs(post: Post, tag: str = "p", sep: str = "\n") -> str:
    """The body paragraphs with the lead, middle and end slots in place."""
    out = [post.slots.lead] if post.slots.lead else []
    at = min(1, len(post.paragraphs) - 1)
    for n, p in enumerate(post.paragraphs):
        out.append(f"<{tag}>{esc(p)}</{tag}>")
        if n == at and post.slots.middle:
            out.append(post.slots.middle)
    if post.slots.end:
        out.append(post.slots.end)
    return sep.join(out)


def br_text(post: Post) -> str:
    """The body as Blogger's editor writes it: text and ``<br />`` pairs, no paragraphs."""
    out = [post.slots.lead] if post.slots.lead else []
    at = min(1, len(post.paragraphs) - 1)
    for n, p in enumerate(post.paragraphs):
        out.append(esc(p) + "<br /><br />")
        if n == at and post.slots.middle:
            out.append(post.slots.middle)
    if post.slots.end:
        out.append(post.slots.end)
    return "\n".join(out)


def canonical(post: Post) -> str:
    return post.slots.canonical or post.url


def og_url(post: Post) -> str:
    return post.slots.og_url or post.url
