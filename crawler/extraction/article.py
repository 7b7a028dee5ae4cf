"""``extract_article``: HTML, URL and headers in, article fields out (pure; no Scrapy)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crawler.items import EXTRACTED_FIELDS

from . import metadata
from .body import link_only_texts, main_text, word_count
from .claimed_source import claimed_source, media_holders
from .decoding import decode_html
from .errors import NotArticle
from .listing import is_listing
from .parsing import base_url, parse_html, strip_never_text
from .post_zones import norm
from .registry import rules_for
from .structured import extract_structured

#: Keys of the returned dict: the output record's extracted fields (``crawler.items``).
FIELDS: tuple[str, ...] = EXTRACTED_FIELDS


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
    text = decode_html(html, headers)
    tree = parse_html(text)
    base = base_url(tree, url)
    data = extract_structured(tree)
    canonical, og_url = metadata.canonical_url(tree, data, base)
    headline = metadata.headline(tree, data)
    published, modified = metadata.dates(tree, data, url)
    media = media_holders(tree)
    strip_never_text(tree)
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
        "claimedSource": None,
    }
    body = main_text(tree, url, rules_for(url), link_only_texts(tree), metadata.title_variants(tree, data, headline))
    claim, claim_lines = claimed_source(tree, base, url, canonical, og_url, data=data, headline=headline, body=body,
                                        media=media)
    record["claimedSource"] = claim
    if claim_lines:  # attribution lines are reported as the claim, never left in the body
        body = "\n".join(line for line in body.split("\n") if norm(line) not in claim_lines)
    words = word_count(body)
    backup = metadata.structured_body(data) if words < 2 * max(min_words, 40) else None
    if backup and word_count(backup) > 2 * words:
        body, words = backup, word_count(backup)
    if is_listing(tree, data, url, words):
        raise NotArticle("not_article")
    if not body or words < min_words:
        raise NotArticle("not_article")
    record["articleBody"] = body
    record["inLanguage"] = metadata.language(tree, data, headers, body)
    return {name: record[name] for name in FIELDS}
