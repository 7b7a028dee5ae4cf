"""Which article of a story is its original, and the rule that decided.

Articles are ranked by one key, compared rule after rule:

1. ``site_kind``: a news site's article before an aggregator's post;
2. ``date_published``: the earlier ``datePublished`` (by day only when one of the articles
   compared has a date without a time);
3. ``claimed_source``: the article more others claim as their source;
4. ``text_length``: the fuller text (an excerpt is not the original of the full story);
5. ``url``: the smaller URL (a stable last resort); ``only_member`` for a single article.

The clusters (:mod:`crawler.syndication.graph`) are built around the best-ranked articles, so a
cluster's original is the first of its members in this order; :func:`elect_original` applies the
same order to any list of articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from crawler.dates import parse_date
from crawler.state.base import StoredArticle
from crawler.syndication.links import sketch_of
from crawler.urls import url_key

RULES = ("site_kind", "date_published", "claimed_source", "text_length", "url")
#: Rank of a site kind as the source of a story (lower ranks first).
KIND_RANK = {"news": 0, "aggregator": 2}

RankKey = tuple[Any, ...]


@lru_cache(maxsize=8192)
def claim_key(url: str | None) -> str | None:
    """:func:`crawler.urls.url_key`, the last 8,192 kept: a component's articles and claims are
    keyed again each time it is divided."""
    return url_key(url)


def own_keys(article: StoredArticle) -> set[str]:
    """The URL keys under which others may claim ``article`` (its URL and canonical URL)."""
    return {k for k in (claim_key(article.url), claim_key(article.canonical_url)) if k}


def day_only(articles: Iterable[StoredArticle]) -> bool:
    """True when one of ``articles`` has a date without a time (dates then compare by day)."""
    for a in articles:
        dt, has_time = parse_date(a.date_published)
        if dt is not None and not has_time:
            return True
    return False


def rank_key(article: StoredArticle, claims: int, by_day: bool) -> RankKey:
    """The article's place in the order of the module docstring; ``claims``: how many others claim
    it as their source."""
    dt, _ = parse_date(article.date_published)
    if dt is None:
        dkey: tuple[int, str] = (1, "")
    else:
        dkey = (0, dt.date().isoformat() if by_day else dt.isoformat())
    return (KIND_RANK.get(article.site_kind or "", 1), dkey, -claims, -sketch_of(article).size, article.url)


def deciding_rule(best: RankKey, second: RankKey) -> str:
    """The rule that put ``best`` before ``second``."""
    return next((name for name, x, y in zip(RULES, best, second, strict=True) if x != y), "url")


def elect_original(members: list[StoredArticle]) -> tuple[str | None, str | None]:
    """The original among ``members`` and the rule that decided (claims counted among them)."""
    if not members:
        return None, None
    if len(members) == 1:
        return members[0].url, "only_member"
    claims: Counter[str] = Counter()
    for a in members:
        k = url_key(a.claimed_url)
        if k:
            claims[k] += 1

    def claimed_by_others(a: StoredArticle) -> int:
        own = url_key(a.claimed_url)
        return sum(claims[k] - (1 if k == own else 0) for k in own_keys(a))

    by_day = day_only(members)
    ranked = sorted(rank_key(a, claimed_by_others(a), by_day) for a in members)
    return ranked[0][-1], deciding_rule(ranked[0], ranked[1])
