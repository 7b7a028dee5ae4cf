"""Article or not: from the crawl's provenance hints, the page's structured data and its shape.

Order of evidence:

1. **Provenance** (keyword arguments of ``extract_article``): a page a sitemap or feed lists as
   an item (``listed=True``) or whose URL matches the site's ``article_pattern``
   (``pattern_match=True``) is an article unless it has no text.
2. Otherwise a **score** over evidence any page may carry: schema.org article types (JSON-LD,
   microdata) or non-article ones (Product, CollectionPage, QAPage, forum posts...),
   ``og:type``, a publication date and an author found, a date in the URL path, and the shape
   of the main text (words, running-text blocks, share of link lists, linked teaser headings,
   code blocks, an HTML5 ``<article>`` around the text). The URL is one piece of evidence
   among many, never the decision alone.

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
    "article_type": 0.82,
    "other_type": -3.49,
    "og_article": 1.30,
    "og_other": -1.94,
    "date": 0.36,
    "author": 1.06,
    "date_in_url": 1.87,
    "log_words": 1.92,
    "short": -0.43,
    "log_running_blocks": 1.23,
    "link_blocks": -2.94,
    "linked_headings": -0.72,
    "container_share": 0.18,
    "code_blocks": -2.50,
    "headings_per_block": -0.14,
    "article_element": 1.16,
}
BIAS = -2.35
THRESHOLD = -1.13


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
    }


def score(evidence: Evidence) -> float:
    """The page's article score (>= :data:`THRESHOLD`: an article)."""
    found = features(evidence)
    return BIAS + sum(WEIGHTS[name] * value for name, value in found.items())


def is_article(evidence: Evidence, min_words: int, *, listed: bool = False, pattern_match: bool = False) -> bool:
    """The decision (see the module docstring)."""
    if evidence.words == 0:
        return False
    if listed or pattern_match:
        return True
    if evidence.words < min_words:
        return False
    return score(evidence) >= THRESHOLD
