"""Electing a cluster's original among its members (the rule that decided is kept).

The rules, in order:

1. ``site_kind``: a news site's article over an aggregator's post;
2. ``date_published``: the earliest ``datePublished``;
3. ``claimed_source``: the URL other members claim as their source;
4. ``text_length``: the fuller text (an excerpt is not the original of the full story);
5. ``url``: the smallest URL (a stable last resort); ``only_member`` for a single article.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from crawler.dates import parse_date
from crawler.state.base import StoredArticle
from crawler.syndication.links import sketch_of
from crawler.urls import url_key

RULES = ("site_kind", "date_published", "claimed_source", "text_length", "url")
#: Rank of a site kind as the source of a story (lower ranks first).
KIND_RANK = {"news": 0, "aggregator": 2}


def elect_original(members: list[StoredArticle]) -> tuple[str | None, str | None]:
    """The original among ``members`` and the rule that decided (see the module docstring)."""
    if not members:
        return None, None
    members = sorted(members, key=lambda a: a.url)
    if len(members) == 1:
        return members[0].url, "only_member"
    dates = {a.url: parse_date(a.date_published) for a in members}
    day_only = any(dt is not None and not has_time for dt, has_time in dates.values())
    claims: Counter[str] = Counter()
    for a in members:
        k = url_key(a.claimed_url)
        if k:
            claims[k] += 1

    def claimed_by_others(a: StoredArticle) -> int:
        keys = {url_key(a.url), url_key(a.canonical_url)} - {None}
        own = url_key(a.claimed_url)
        return sum(claims[k] - (1 if k == own else 0) for k in keys if k)

    def key(a: StoredArticle) -> tuple[Any, ...]:
        dt, _ = dates[a.url]
        if dt is None:
            dkey: tuple[int, Any] = (1, "")
        else:
            dkey = (0, dt.date().isoformat() if day_only else dt.isoformat())
        return (
            KIND_RANK.get(a.site_kind or "", 1),
            dkey,
            -claimed_by_others(a),
            -sketch_of(a).size,
            a.url,
        )

    ranked = sorted(members, key=key)
    best, second = key(ranked[0]), key(ranked[1])
    rule = next((name for name, x, y in zip(RULES, best, second, strict=True) if x != y), "url")
    return ranked[0].url, rule
