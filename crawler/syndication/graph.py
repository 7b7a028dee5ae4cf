"""Clusters from links: a pure function of the linked articles (no store, no arrival order).

The links (:mod:`.links`) make a graph; clusters never cross its connected components, and each
component is divided the same way whatever the order its articles arrived in:

1. every article gets its rank (:func:`crawler.syndication.election.rank_key`, the claims counted
   among the articles linked to it, dates by day when one article of the component has no time);
2. in rank order, the first article not yet in a cluster founds one: it is the cluster's
   original (its *center*). The cluster takes every article not yet in a cluster that is
   * linked to the center (either way),
   * a near-duplicate of a member (linked both ways), or
   * contained in a member that ranks before it (a copy or excerpt of a copy),
   repeating until nothing more joins. An article that only *contains* a member other than the
   center (a follow-up quoting the paragraph an aggregator excerpted) does not join: it founds a
   cluster of its own when its turn comes.

Each article is then in exactly one cluster, whose id is derived from its center's URL
(:func:`cluster_id`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from hashlib import blake2b

from crawler.state.base import LINK_BOTH, LINK_IN, StoredArticle, swap_link
from crawler.syndication.election import RankKey, claim_key, day_only, deciding_rule, own_keys, rank_key
from crawler.urls import url_key


def cluster_id(center_url: str) -> str:
    """The id of the cluster whose original is ``center_url``."""
    key = url_key(center_url) or center_url
    return "c" + blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class Division:
    """The clusters of one component: each article's center, and each center's rule."""

    center: dict[str, str]
    rule: dict[str, str]

    def members(self, center: str) -> list[str]:
        return sorted(u for u, c in self.center.items() if c == center)


def components(articles: Mapping[str, StoredArticle], links: Mapping[str, Mapping[str, int]],
               starts: Iterable[str] | None = None) -> list[list[str]]:
    """The connected components of the links among ``articles`` (links read as given: both
    articles of a link list it), each sorted, in the order of their smallest URL; only those of
    ``starts`` when given."""
    seen: set[str] = set()
    out = []
    for start in sorted(articles if starts is None else set(starts) & articles.keys()):
        if start in seen:
            continue
        seen.add(start)
        comp = [start]
        i = 0
        while i < len(comp):
            new = [v for v in links.get(comp[i], {}) if v not in seen and v in articles]
            seen.update(new)
            comp += new
            i += 1
        out.append(sorted(comp))
    return out


def _by_day(articles: Mapping[str, StoredArticle], links: Mapping[str, Mapping[str, int]],
            parts: Iterable[Collection[str]] | None) -> set[str]:
    """The articles whose component has a date without a time (their dates compare by day)."""
    undated = {u for u, a in articles.items() if day_only((a,))}
    if not undated:
        return set()
    if parts is None:
        parts = components(articles, links, undated)
    return {u for part in parts if not undated.isdisjoint(part) for u in part}


def rank_keys(articles: Mapping[str, StoredArticle], links: Mapping[str, Mapping[str, int]],
              parts: Iterable[Collection[str]] | None = None) -> dict[str, RankKey]:
    """Every article's rank key (claims counted among the articles linked to it; dates by day
    when an article of its own component has no time, whatever other components are divided
    with it). ``parts``: the components, when the caller knows them (else found from ``links``)."""
    by_day = _by_day(articles, links, parts)
    claimed = {u: k for u, a in articles.items() if (k := claim_key(a.claimed_url))}
    claimed_keys = set(claimed.values())
    keys = {}
    for u, a in articles.items():
        claims = 0
        if claimed_keys:
            own = own_keys(a)
            if not own.isdisjoint(claimed_keys):  # others' claims of u's keys, among those linked to it
                claims = sum(1 for v in links.get(u, {}) if claimed.get(v) in own)
        keys[u] = rank_key(a, claims, u in by_day)
    return keys


def _joins(kind: int, member: str, other: str, center: str, keys: Mapping[str, RankKey]) -> bool:
    """Whether ``other``, linked to the cluster's ``member`` by ``kind`` (seen from ``other``), joins."""
    if member == center or kind == LINK_BOTH:
        return True
    return bool(kind & LINK_IN) and keys[member] < keys[other]


def divide(articles: Mapping[str, StoredArticle], links: Mapping[str, Mapping[str, int]],
           parts: Iterable[Collection[str]] | None = None) -> Division:
    """The clusters of the articles of one or more whole components (module docstring).
    ``links[u]`` maps each article linked to ``u`` to the kind seen from ``u``; ``parts``: the
    components, when the caller knows them. Links are read only while some article has no
    cluster (``links`` may fetch them when first read: a story copied by every site of a big
    component reads the links of its original alone)."""
    keys = rank_keys(articles, links, parts)
    center: dict[str, str] = {}
    rule: dict[str, str] = {}
    for c in sorted(articles, key=keys.__getitem__):
        if c in center:
            continue
        center[c] = c
        members = [c]
        i = 0
        while i < len(members) and len(center) < len(articles):
            m = members[i]
            i += 1
            for other, kind in sorted(links.get(m, {}).items()):
                if other in articles and other not in center and _joins(swap_link(kind), m, other, c, keys):
                    center[other] = c
                    members.append(other)
        rule[c] = deciding_rule(keys[c], min(keys[u] for u in members[1:])) if len(members) > 1 else "only_member"
    return Division(center, rule)

