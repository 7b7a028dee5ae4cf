"""Retention: articles indexed long ago leave the state store, and the state is as if they had
never been stored (``DEDUP_RETENTION_DAYS``).

Without it the candidate index only grows (every article, its sketch, index entries, links and
cluster stay). :func:`prune` removes the articles last stored before a cutoff
(:attr:`crawler.state.StoredArticle.updated`: when a crawl last indexed it, changed or not; see
:data:`crawler.syndication.clusters.TOUCH_AFTER`) and derives
again what they took part in, so that what the store keeps stays a function of the articles it
holds (see :mod:`crawler.syndication.clusters`):

* the clusters of every component an article leaves are divided again from their neighbours
  (a story whose original leaves elects another; a component it held together falls apart);
* hashes whose boilerplate status changed as their per-site counts went down are remembered for
  relinking, like those an article's arrival changes, and their holders are linked again before
  :func:`prune` returns;
* verdicts stored before the cutoff are forgotten too (those of the pruned articles at once; the
  fetch evidence of claimed sources, kept under the claimed URL, by its age).

Each batch is one exclusive section, so crawls sharing the store go on meanwhile. A prune cut
short (a kill, a store failure) leaves a state the next one completes. On SQLite a batch is one
transaction. On Redis, which has no rollback, a batch first writes what is left to do once its
articles are gone (the neighbours to divide again, the boilerplate hashes whose counts go down:
the meta value :data:`PENDING_KEY`) and clears it at its end; a prune that finds it set does that
first. Waiting relinks stay in the store until they are done.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass

from crawler.state.base import StateStore
from crawler.syndication.boilerplate import Boilerplate, BoilerplateMemo, bump_epoch
from crawler.syndication.clusters import flush_relinks, recluster
from crawler.syndication.config import DedupConfig
from crawler.syndication.links import sketch_of

#: Articles removed per exclusive section. Their index entries lie on pages all over the index, so
#: a batch writes most of the index's pages whatever its size: from a 20,000-article SQLite store,
#: 500 a section prune 849 articles/s against 509 with 100 (``benchmarks/retention.py --articles
#: 20000``), and hold the store about 0.7 s a section.
BATCH = 500
#: The meta value holding what a batch has left to do after its articles are removed.
PENDING_KEY = "prune_pending"


@dataclass
class Pruned:
    """What :func:`prune` did: articles removed, verdicts forgotten, articles linked again
    (boilerplate changes) and whether stale articles were left for a later prune (``limit``)."""

    articles: int = 0
    verdicts: int = 0
    relinked: int = 0
    boilerplate_changes: int = 0
    more: bool = False


def prune(store: StateStore, cfg: DedupConfig, before: float, limit: int,
          memo: BoilerplateMemo | None = None, batch: int = BATCH) -> Pruned:
    """Remove at most ``limit`` articles last stored before ``before`` (epoch seconds), oldest
    first, and the verdicts stored before it; derive again the clusters and links they touched."""
    done = Pruned()
    with store.exclusive():
        done.boilerplate_changes += _resume(store, cfg, memo)
    while done.articles < limit:
        with store.exclusive():
            urls = store.stale_articles(before, min(batch, limit - done.articles))
            if not urls:
                break
            done.boilerplate_changes += _remove(store, cfg, urls, memo)
            done.articles += len(urls)
    if done.articles >= limit:
        with store.exclusive():
            done.more = bool(store.stale_articles(before, 1))
    if store.count_relink_hashes():
        done.relinked = flush_relinks(store, cfg, memo)
    done.verdicts = store.expire_verdicts(before)
    return done


def _remove(store: StateStore, cfg: DedupConfig, urls: list[str], memo: BoilerplateMemo | None) -> int:
    """Remove ``urls`` (inside an exclusive section), divide their neighbours' components again
    and remember for relinking the hashes whose boilerplate status this changed; how many."""
    if memo is not None:
        memo.sync(store)
    gone = set(urls)
    articles = store.get_articles(gone)
    touched: set[int] = set()
    for article in articles.values():
        touched |= sketch_of(article).hashes
    near = sorted(store.neighbours(gone) - gone)
    b = cfg.boilerplate_articles
    # counts only go down: only the hashes that are boilerplate now can change status
    edge = sorted(h for h, n in store.hash_site_max(touched).items() if n >= b) if b > 0 else []
    if near or edge:
        store.set_meta(PENDING_KEY, json.dumps({"near": near, "edge": edge}))
    store.delete_articles(gone)
    changed = _settle(store, cfg, near, edge, memo)
    if near or edge:
        store.set_meta(PENDING_KEY, None)
    return changed


def _resume(store: StateStore, cfg: DedupConfig, memo: BoilerplateMemo | None) -> int:
    """Finish a batch cut short after its articles were removed (Redis; see the module
    docstring); the number of hashes whose boilerplate status it changed."""
    raw = store.get_meta(PENDING_KEY)
    if not raw:
        return 0
    if memo is not None:
        memo.sync(store)
    try:
        pending = json.loads(raw)
        near, edge = [str(u) for u in pending["near"]], [int(h) for h in pending["edge"]]
    except (ValueError, KeyError, TypeError):  # not ours: nothing to finish
        near, edge = [], []
    changed = _settle(store, cfg, near, edge, memo)
    store.set_meta(PENDING_KEY, None)
    return changed


def _settle(store: StateStore, cfg: DedupConfig, near: Collection[str], edge: Collection[int],
            memo: BoilerplateMemo | None) -> int:
    """After articles left: remember for relinking the hashes of ``edge`` (boilerplate before)
    that are no longer boilerplate, and divide the components of ``near`` again."""
    flipped: list[int] = []
    if edge:
        b = cfg.boilerplate_articles
        after = {h: 0 for h in edge} | store.hash_site_max(edge)
        flipped = sorted(h for h in edge if after[h] < b)
        Boilerplate(store, cfg, memo).learn_counts(after, edge)
    if flipped:
        epoch = bump_epoch(store, memo)  # other processes' memos forget what they knew
        store.add_relink_hashes(flipped, epoch)
        if memo is not None:
            memo.changed += len(flipped)
    if near:
        recluster(store, near)
    return len(flipped)
