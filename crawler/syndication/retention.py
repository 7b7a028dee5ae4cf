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

Each batch is one exclusive section, so crawls sharing the store go on meanwhile, and a prune cut
short (a kill, a store failure) leaves a state the next one completes: the articles are removed
and their neighbours' clusters divided again in one section, and waiting relinks stay in the
store until they are done.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.state.base import StateStore
from crawler.syndication.boilerplate import Boilerplate, BoilerplateMemo, bump_epoch
from crawler.syndication.clusters import flush_relinks, recluster
from crawler.syndication.config import DedupConfig
from crawler.syndication.links import sketch_of

#: Articles removed per exclusive section.
BATCH = 100


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
    """Remove ``urls`` (inside an exclusive section) and divide their neighbours' components
    again; the number of hashes whose boilerplate status this changed (remembered for relinking)."""
    if memo is not None:
        memo.sync(store)
    gone = set(urls)
    articles = store.get_articles(gone)
    touched: set[int] = set()
    for article in articles.values():
        touched |= sketch_of(article).hashes
    near = store.neighbours(gone) - gone
    b = cfg.boilerplate_articles
    counts = store.hash_site_max(touched) if b > 0 else {}
    store.delete_articles(gone)
    flipped: list[int] = []
    if b > 0:
        edge = [h for h in touched if counts.get(h, 0) >= b]  # counts only go down: only these can change
        after = {h: 0 for h in edge} | store.hash_site_max(edge) if edge else {}
        flipped = sorted(h for h in edge if after.get(h, 0) < b)
        Boilerplate(store, cfg, memo).learn_counts(after, edge)
    if flipped:
        epoch = bump_epoch(store, memo)  # other processes' memos forget what they knew
        store.add_relink_hashes(flipped, epoch)
        if memo is not None:
            memo.changed += len(flipped)
    if near:
        recluster(store, near)
    return len(flipped)
