"""Clusters: index a record and put it in the cluster of its story (:func:`assign`), or say
where it belongs without changing anything (:func:`evaluate`, for ``scrapy recheck``).

Both return the record's ``syndication`` field::

    {"clusterId": str, "role": "original" | "copy" | "unique",
     "duplicateOf": url | None, "containment": float | None}

Clusters are order-independent: a record joins the cluster of its best link, or founds a new one
whose id is derived from its URL; cluster ids never change once written. After every change the
cluster's original is elected again (:mod:`crawler.syndication.election`).
"""

from __future__ import annotations

from collections.abc import Mapping
from hashlib import blake2b
from typing import Any

import numpy as np

from crawler.state.base import StateStore, StoredArticle
from crawler.syndication.config import DedupConfig
from crawler.syndication.election import elect_original
from crawler.syndication.links import Link, boilerplate, find_links, sketch_of
from crawler.syndication.sketch import (
    Sketch,
    containment_counts,
    full_sketch,
    make_sketch,
    record_text,
    shingle_hash_array,
    tokens,
    word_hashes,
)
from crawler.urls import url_key


def new_cluster_id(url: str) -> str:
    """The id of a cluster founded by ``url``: stable, so reruns on fresh state agree."""
    key = url_key(url) or url
    return "c" + blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def _stored(record: Mapping[str, Any], sample: Sketch) -> StoredArticle:
    claimed = record.get("claimedSource")
    claimed_url = claimed.get("url") if isinstance(claimed, Mapping) else None
    return StoredArticle(
        url=str(record["url"]),
        site=record.get("site"),
        site_kind=record.get("siteKind"),
        canonical_url=record.get("canonicalUrl"),
        headline=record.get("headline"),
        date_published=record.get("datePublished"),
        claimed_url=claimed_url if isinstance(claimed_url, str) else None,
        sketch=sample.to_json(),
        index_hashes=tuple(sorted(sample.hashes)),
    )



def _field(
    store: StateStore,
    url: str,
    full: Sketch,
    cluster_id: str,
    members: list[StoredArticle],
    original: str | None,
    cfg: DedupConfig,
) -> dict[str, Any]:
    if len(members) <= 1 or original is None:
        return {"clusterId": cluster_id, "role": "unique", "duplicateOf": None, "containment": None}
    if original == url:
        return {"clusterId": cluster_id, "role": "original", "duplicateOf": None, "containment": None}
    orig = next((m for m in members if m.url == original), None)
    value: float | None = None
    if orig is not None and full.hashes:
        ignore = boilerplate(store, full.hashes, cfg)
        shared, base = containment_counts(full, sketch_of(orig), ignore)
        if base:
            value = round(shared / base, 4)
    return {"clusterId": cluster_id, "role": "copy", "duplicateOf": original, "containment": value}


def _fold_contained(store: StateStore, cluster_id: str, links: list[Link], cfg: DedupConfig, site: str | None) -> None:
    """Bring into ``cluster_id`` the other linked clusters whose members the record all *contains*
    (excerpts of the story crawled before the original that joins them: alone, or clustered with
    each other because they share paragraphs). A cluster with a member that merely contains the
    record stays where it is: a short text contained in two texts that do not contain each other
    (an excerpt, and a follow-up quoting its paragraph) says nothing about those two being one
    story."""
    contained: dict[str, set[str]] = {}
    for lk in links:
        if not lk.cluster_id or lk.cluster_id == cluster_id:
            continue
        if lk.backward is not None and lk.backward >= _limit(store, lk.url, cfg, site):
            contained.setdefault(lk.cluster_id, set()).add(lk.url)
    for cid in sorted(contained):
        other = store.get_cluster(cid)
        if other is not None and other.members and set(other.members) <= contained[cid]:
            for url in sorted(other.members):
                store.move_article(url, cluster_id)


def _limit(store: StateStore, url: str, cfg: DedupConfig, site: str | None) -> float:
    art = store.get_article(url)
    return cfg.same_site_threshold if site and art is not None and art.site == site else cfg.threshold


def assign(
    store: StateStore,
    record: Mapping[str, Any],
    config: DedupConfig | None = None,
) -> dict[str, Any]:
    """Index ``record``, put it in a cluster (joining or founding one), re-elect the cluster's
    original, and return the record's ``syndication`` field.

    A record already in the store keeps its cluster; its stored fields and sketch are updated.
    """
    cfg = config or DedupConfig.from_settings()
    url = str(record["url"])
    words = tokens(record_text(record))
    full = full_sketch(np.unique(shingle_hash_array(word_hashes(words), cfg.shingle_size)).tolist())
    sample = make_sketch(full.hashes, cfg.sample_mod, cfg.sample_floor)
    with store.exclusive():
        existing = store.get_article(url)
        cluster_id = existing.cluster_id if existing is not None else None
        if cluster_id is None:
            links = find_links(store, url, full, cfg, n_words=len(words), site=record.get("site"),
                               date=record.get("datePublished"), kind=record.get("siteKind"))
            target = next((lk.cluster_id for lk in links if lk.cluster_id), None)
            cluster_id = target or new_cluster_id(url)
            store.put_article(_stored(record, sample))
            cluster_id = store.join_cluster(url, cluster_id)
            _fold_contained(store, cluster_id, links, cfg, record.get("site"))
        else:
            store.put_article(_stored(record, sample))
        cluster = store.get_cluster(cluster_id)
        members = list(store.get_articles(cluster.members if cluster else (url,)).values())
        original, rule = elect_original(members)
        if cluster is None or cluster.original != original or cluster.rule != rule:
            store.set_original(cluster_id, original, rule)
        return _field(store, url, full, cluster_id, members, original, cfg)


def evaluate(
    store: StateStore,
    record: Mapping[str, Any],
    config: DedupConfig | None = None,
) -> dict[str, Any]:
    """The record's ``syndication`` field from the current state, changing nothing.

    A record not in the store is placed where :func:`assign` would put it.
    """
    cfg = config or DedupConfig.from_settings()
    url = str(record["url"])
    words = tokens(record_text(record))
    full = full_sketch(np.unique(shingle_hash_array(word_hashes(words), cfg.shingle_size)).tolist())
    existing = store.get_article(url)
    if existing is not None and existing.cluster_id:
        cluster_id = existing.cluster_id
        cluster = store.get_cluster(cluster_id)
        members = list(store.get_articles(cluster.members if cluster else (url,)).values())
    else:
        links = find_links(store, url, full, cfg, n_words=len(words), site=record.get("site"),
                           date=record.get("datePublished"), kind=record.get("siteKind"))
        target = next((lk.cluster_id for lk in links if lk.cluster_id), None)
        cluster_id = target or new_cluster_id(url)
        cluster = store.get_cluster(cluster_id) if target else None
        members = list(store.get_articles(cluster.members).values()) if cluster else []
        members.append(_stored(record, make_sketch(full.hashes, cfg.sample_mod, cfg.sample_floor)))
    original, _rule = elect_original(members)
    return _field(store, url, full, cluster_id, members, original, cfg)


def cluster_original(store: StateStore, cluster_id: str) -> tuple[str | None, str | None]:
    """The current original of a cluster and the rule that chose it, recomputed from state."""
    cluster = store.get_cluster(cluster_id)
    if cluster is None:
        return None, None
    return elect_original(list(store.get_articles(cluster.members).values()))
