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

from collections.abc import Mapping
from dataclasses import dataclass
from hashlib import blake2b

from crawler.state.base import LINK_BOTH, LINK_IN, StoredArticle, swap_link
from crawler.syndication.election import RankKey, day_only, deciding_rule, own_keys, rank_key
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


def components(articles: Mapping[str, StoredArticle], links: Mapping[str, Mapping[str, int]]) -> list[list[str]]:
    """The connected components of the links among ``articles`` (a link counts whichever of its
    two articles lists it), each sorted, in the order of their smallest URL."""
    parent = {u: u for u in articles}

    def root(u: str) -> str:
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for u, out in links.items():
        if u not in parent:
            continue
        for v in out:
            if v in parent:
                ru, rv = root(u), root(v)
                if ru != rv:
                    parent[max(ru, rv)] = min(ru, rv)
    groups: dict[str, list[str]] = {}
    for u in sorted(articles):
        groups.setdefault(root(u), []).append(u)
    return list(groups.values())


def rank_keys(articles: Mapping[str, StoredArticle], links: Mapping[str, Mapping[str, int]]) -> dict[str, RankKey]:
    """Every article's rank key (claims counted among the articles linked to it; dates by day
    when an article of its own component has no time, whatever other components are divided
    with it)."""
    by_day = {u: day for comp in components(articles, links)
              for day in (day_only(articles[v] for v in comp),) for u in comp}
    claimed = {u: k for u, a in articles.items() if (k := url_key(a.claimed_url))}
    keys = {}
    for u, a in articles.items():
        # the keys of the claims of the articles linked to u; u's own keys only when there are some
        theirs = [claimed[v] for v in links.get(u, {}) if v in claimed]
        if theirs:
            own = own_keys(a)
            claims = sum(1 for k in theirs if k in own)
        else:
            claims = 0
        keys[u] = rank_key(a, claims, by_day[u])
    return keys


def _joins(kind: int, member: str, other: str, center: str, keys: Mapping[str, RankKey]) -> bool:
    """Whether ``other``, linked to the cluster's ``member`` by ``kind`` (seen from ``other``), joins."""
    if member == center or kind == LINK_BOTH:
        return True
    return bool(kind & LINK_IN) and keys[member] < keys[other]


def divide(articles: Mapping[str, StoredArticle], links: Mapping[str, Mapping[str, int]]) -> Division:
    """The clusters of the articles of one or more whole components (module docstring).
    ``links[u]`` maps each article linked to ``u`` to the kind seen from ``u``."""
    keys = rank_keys(articles, links)
    center: dict[str, str] = {}
    rule: dict[str, str] = {}
    for c in sorted(articles, key=keys.__getitem__):
        if c in center:
            continue
        center[c] = c
        members = [c]
        i = 0
        while i < len(members):
            m = members[i]
            i += 1
            for other, kind in sorted(links.get(m, {}).items()):
                if other in articles and other not in center and _joins(swap_link(kind), m, other, c, keys):
                    center[other] = c
                    members.append(other)
        rest = sorted(keys[u] for u in members[1:])
        rule[c] = deciding_rule(keys[c], rest[0]) if rest else "only_member"
    return Division(center, rule)

