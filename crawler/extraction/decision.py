"""Article or not: from the crawl's provenance hints, the page's structured data and its shape.

Order of evidence:

1. **Provenance** (keyword arguments of ``extract_article``): a page a sitemap or feed lists as
   an item (``listed=True``) or whose URL matches the site's ``article_pattern``
   (``pattern_match=True``) is an article unless it has no text.
2. Otherwise a **score** over evidence any page may carry: schema.org article types (JSON-LD,
   microdata) or non-article ones (Product, CollectionPage, QAPage, forum posts...),
   ``og:type``, a publication date and an author found, a date in the URL path, and the shape
   of the main text (words, running-text blocks, share of link lists, linked teaser headings,
   code blocks, an HTML5 ``<article>`` around the text, repeated post/card units, prices).
   The URL is one piece of evidence among many, never the decision alone.

A page of plain prose with none of the marks of another kind of page (``plain_prose``) is an
article whatever its score.

The weights are a logistic regression fitted on the *tuned* fold of the development data
(``benchmarks/extraction.py``: split by domain, articles weighted 3:1), the threshold the score
of the tuned fold's 1st-percentile article, so that at most 1% of articles are refused there.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .body import Shape
from .structured import ARTICLE_TYPES, StructuredData

#: schema.org types of pages that are something else than an article.
NON_ARTICLE_TYPES: frozenset[str] = frozenset(
    {
        "product", "productgroup", "collectionpage", "searchresultspage", "profilepage", "qapage",
        "discussionforumposting", "itempage", "offercatalog", "jobposting",
    }
)
#: Article types that count as evidence (forum posts are threads, not articles).
EVIDENCE_TYPES: frozenset[str] = ARTICLE_TYPES - {"discussionforumposting"}
_OG_OTHER = ("product", "profile", "ebay", "video", "music", "book")
_DATE_PATH = re.compile(
    r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)|(?:19|20)\d\d-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])"
)

#: Fitted weights (see the module docstring) and the acceptance threshold.
WEIGHTS: dict[str, float] = {
    "article_type": 0.37,
    "other_type": -3.67,
    "og_article": 1.27,
    "og_other": -1.75,
    "date": 1.26,
    "author": 0.73,
    "date_in_url": 1.67,
    "log_words": 1.12,
    "short": -0.45,
    "log_running_blocks": 2.08,
    "link_blocks": -3.10,
    "linked_headings": -0.51,
    "container_share": 0.41,
    "code_blocks": -2.74,
    "headings_per_block": -0.16,
    "article_element": 1.08,
    "repeated_units": -1.72,
    "prices": -0.25,
}
BIAS = -2.30
THRESHOLD = -0.85


@dataclass(frozen=True)
class Evidence:
    """What the decision reads, gathered by ``article.py``."""

    data: StructuredData
    shape: Shape
    words: int
    url: str
    has_date: bool
    has_author: bool


def features(evidence: Evidence) -> dict[str, float]:
    """The scored features of one page (names as in :data:`WEIGHTS`)."""
    data, shape = evidence.data, evidence.shape
    og_type = (data.meta.get("og:type") or "").strip().lower()
    try:
        path = urlsplit(evidence.url).path
    except ValueError:
        path = ""
    running = shape.running_blocks
    return {
        "article_type": 1.0 if data.types & EVIDENCE_TYPES or data.microdata else 0.0,
        "other_type": 1.0 if data.types & NON_ARTICLE_TYPES else 0.0,
        "og_article": 1.0 if og_type == "article" else 0.0,
        "og_other": 1.0 if og_type.startswith(_OG_OTHER) else 0.0,
        "date": 1.0 if evidence.has_date else 0.0,
        "author": 1.0 if evidence.has_author else 0.0,
        "date_in_url": 1.0 if _DATE_PATH.search(path) else 0.0,
        "log_words": math.log1p(evidence.words) / 7,
        "short": 1.0 if evidence.words < 150 else 0.0,
        "log_running_blocks": math.log1p(running) / 4,
        "link_blocks": shape.container_link_blocks / max(1, shape.container_blocks),
        "linked_headings": min(shape.container_linked_headings, 10) / 10,
        "container_share": shape.container_chars / max(1, shape.running_chars),
        "code_blocks": min(shape.container_pre, 10) / 10,
        "headings_per_block": shape.container_headings / max(1, running),
        "article_element": 1.0 if shape.article_element else 0.0,
        "repeated_units": min(shape.repeated_units, 20) / 20,
        "prices": min(shape.prices, 10) / 10,
    }


def score(evidence: Evidence) -> float:
    """The page's article score (>= :data:`THRESHOLD`: an article)."""
    found = features(evidence)
    return BIAS + sum(WEIGHTS[name] * value for name, value in found.items())


def plain_prose(evidence: Evidence) -> bool:
    """Paragraphs of prose and nothing that says otherwise: no non-article type, no link
    lists, teaser headlines, repeated posts or cards, or code in the text. A short news brief
    of 2008 looks like this, with no metadata at all; it is an article whatever its score."""
    data, shape = evidence.data, evidence.shape
    og_type = (data.meta.get("og:type") or "").strip().lower()
    return (
        not data.types & NON_ARTICLE_TYPES
        and not og_type.startswith(_OG_OTHER)
        and shape.running_blocks >= 2
        and shape.container_link_blocks <= 0.15 * max(1, shape.container_blocks)
        and shape.container_linked_headings == 0
        and shape.repeated_units < 3
        and shape.container_pre == 0
        and shape.container_chars >= 0.8 * shape.running_chars
    )


def is_article(evidence: Evidence, min_words: int, *, listed: bool = False, pattern_match: bool = False) -> bool:
    """The decision (see the module docstring)."""
    if evidence.words == 0:
        return False
    if listed or pattern_match:
        return True
    if evidence.words < min_words:
        return False
    return plain_prose(evidence) or score(evidence) >= THRESHOLD
