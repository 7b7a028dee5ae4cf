"""``extract_article``: HTML, URL and headers in, article fields out (pure; no Scrapy)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import metadata
from .body import main_text, word_count
from .claimed_source import claimed_source
from .decoding import decode_html
from .errors import NotArticle
from .listing import is_listing
from .parsing import parse_html, strip_never_text
from .registry import rules_for
from .structured import extract_structured
from .urls import base_url

#: Keys of the returned dict, in order.
FIELDS: tuple[str, ...] = (
    "headline",
    "articleBody",
    "description",
    "datePublished",
    "dateModified",
    "authors",
    "inLanguage",
    "canonicalUrl",
    "mainImage",
    "claimedSource",
)


@dataclass
class Outcome:
    """What ``analyse`` found: the fields (None when nothing parsed) and why it is no article."""

    fields: dict[str, Any] | None
    reason: str | None


def analyse(html: bytes | str, url: str, headers: Mapping[str, Any] | None = None, *,
            min_words: int = 40) -> Outcome:
    """Like :func:`extract_article`, but returns the fields found even for a refused page."""
    try:
        return Outcome(_extract(html, url, headers, min_words), None)
    except _Refused as refused:
        return Outcome(refused.fields, "not_article")
    except NotArticle as exc:
        return Outcome(None, exc.reason)


class _Refused(NotArticle):
    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__("not_article")
        self.fields = fields


def extract_article(
    html: bytes | str,
    url: str,
    headers: Mapping[str, Any] | None = None,
    *,
    min_words: int = 40,
) -> dict[str, Any]:
    """Extract one article's fields from a page.

    ``headers`` maps header names to str, bytes or lists of bytes (Scrapy's ``Headers`` work).
    Raises :class:`NotArticle` (reason ``empty``, ``binary``, ``too_large``, ``not_article``)
    for pages that are not articles, including bodies under ``min_words`` words.
    """
    outcome = analyse(html, url, headers, min_words=min_words)
    if outcome.reason is not None or outcome.fields is None:
        raise NotArticle(outcome.reason or "empty")
    return outcome.fields


def _extract(html: bytes | str, url: str, headers: Mapping[str, Any] | None, min_words: int) -> dict[str, Any]:
    text = decode_html(html, headers)
    tree = parse_html(text)
    base = base_url(tree, url)
    data = extract_structured(tree)
    canonical, og_url = metadata.canonical_url(tree, data, base)
    headline = metadata.headline(tree, data)
    published, modified = metadata.dates(tree, data, url)
    strip_never_text(tree)
    claim = claimed_source(tree, base, url, canonical, og_url)
    record: dict[str, Any] = {
        "headline": headline,
        "articleBody": None,
        "description": metadata.description(data),
        "datePublished": published,
        "dateModified": modified,
        "authors": metadata.authors(tree, data),
        "inLanguage": None,
        "canonicalUrl": canonical or og_url,
        "mainImage": metadata.main_image(data, base),
        "claimedSource": claim,
    }
    extra_drop: frozenset[str] = frozenset()
    if claim and claim["kind"] in ("text", "link"):
        extra_drop = frozenset({claim["text"].strip().lower()})
    body, _shape = main_text(tree, rules_for(url), extra_drop, metadata.title_variants(tree, data, headline))
    words = word_count(body)
    backup = metadata.structured_body(data) if words < 2 * max(min_words, 40) else None
    if backup and word_count(backup) > 2 * words:
        body, words = backup, word_count(backup)
    record["articleBody"] = body
    record["inLanguage"] = metadata.language(tree, data, headers, body)
    if is_listing(tree, data, url, words) or not body or words < min_words:
        raise _Refused(record)
    return record
