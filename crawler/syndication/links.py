"""Candidate links: which stored articles a record's text contains or is contained in.

A query is the record's full set of shingle hashes Q (sorted ``uint64``); B is the part of Q that
is boilerplate (hashes indexed in ``boilerplate_clusters`` clusters or more: newsletter widgets,
blog footers, common phrases); L = Q - B. A candidate c is a stored article with sample S_c (its
``mod``/``tau`` sketch, ``n_c`` sampled hashes). Reading the posting lists of L gives, per c,
``hits_c = |L ∩ S_c|``; ``bp_c = |B ∩ S_c|`` comes from c's own sample. Then, with no access to
the rest of c:

* forward (Q in c):  shared = hits_c, base = |{h in L : h % mod_c == 0 or h <= tau_c}|
  (the hashes of L whose presence in c its sample decides);
* backward (c in Q): shared = hits_c, base = n_c - bp_c (Q is complete, so every sampled hash
  of c is decided).

A direction counts when base >= min_base and shared >= min_shared; the link's score is the best
direction, compared with ``threshold`` (``same_site_threshold`` within one site). The dates then
say whether the containment can be a copy relation (:func:`direction_ok`), and the candidate's
cluster whether it accepts the record (:func:`accept_link`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from crawler.dates import parse_date
from crawler.state.base import StateStore, StoredArticle
from crawler.syndication.config import DedupConfig
from crawler.syndication.sketch import HASH_MAX, Sketch, full_sketch


def sketch_of(article: StoredArticle) -> Sketch:
    """The stored sample of an article's text."""
    if not article.sketch:
        return full_sketch(())
    return Sketch.from_json(article.sketch)


def boilerplate(store: StateStore, hashes: Iterable[int], cfg: DedupConfig) -> set[int]:
    """The hashes among ``hashes`` indexed in at least ``boilerplate_clusters`` clusters."""
    if cfg.boilerplate_clusters <= 0:
        return set()
    counts = store.hash_cluster_counts(hashes)
    return {h for h, n in counts.items() if n >= cfg.boilerplate_clusters}



@dataclass(frozen=True)
class Link:
    """A candidate article linked to the record: ``forward`` is the containment of the record in
    it, ``backward`` of it in the record (None when undecided)."""

    url: str
    cluster_id: str | None
    forward: float | None
    backward: float | None

    @property
    def score(self) -> float:
        return max(x for x in (self.forward, self.backward, 0.0) if x is not None)



def link_counts(
    live: np.ndarray, hits: np.ndarray, tau: np.ndarray, mod: np.ndarray, n_sample: np.ndarray, bp_hits: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(shared, forward_base, backward_base)`` per candidate (see the comment above).

    ``live`` is the sorted array of the query's non-boilerplate hashes; the other arrays have one
    entry per candidate."""
    live = np.asarray(live, dtype=np.uint64)
    tau = np.asarray(tau, dtype=np.uint64)
    mod = np.asarray(mod, dtype=np.int64)
    fwd_base = np.zeros(len(tau), dtype=np.int64)
    le = np.searchsorted(live, tau, side="right")
    for md in np.unique(mod):
        sel = mod == md
        mm = live % np.uint64(max(int(md), 1)) == 0
        cum = np.concatenate(([0], np.cumsum(mm, dtype=np.int64)))
        fwd_base[sel] = le[sel] + (cum[-1] - cum[le[sel]])
    bwd_base = np.asarray(n_sample, dtype=np.int64) - np.asarray(bp_hits, dtype=np.int64)
    return np.asarray(hits, dtype=np.int64), fwd_base, bwd_base


def link_scores(
    shared: np.ndarray, fwd_base: np.ndarray, bwd_base: np.ndarray, cfg: DedupConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Forward and backward containment per candidate, NaN where undecided (too few hashes)."""
    ok_shared = shared >= cfg.min_shared
    with np.errstate(divide="ignore", invalid="ignore"):
        fwd = np.where(ok_shared & (fwd_base >= cfg.min_base), shared / np.maximum(fwd_base, 1), np.nan)
        bwd = np.where(ok_shared & (bwd_base >= cfg.min_base), shared / np.maximum(bwd_base, 1), np.nan)
    return fwd, bwd


def min_shingles(cfg: DedupConfig) -> int:
    """Distinct shingles of a text of ``min_words`` words: fewer, and it never links either way."""
    return max(1, cfg.min_words - cfg.shingle_size + 1)


def accept_link(forward: float | None, threshold: float, cluster_size: int, reference_linked: bool) -> bool:
    """Whether a link may bring the record into the candidate's cluster.

    A record contained in a member (``forward`` at the threshold: a copy or excerpt of it) always
    may. A record that only *contains* a member (a longer text holding an excerpt) joins a cluster
    of two or more only when it also links to the cluster's reference member (the original): a
    follow-up quoting the paragraph that an aggregator excerpted is not a copy of the story."""
    if forward is not None and forward >= threshold:
        return True
    return cluster_size < 2 or reference_linked


def date_key(value: str | None) -> tuple[int, int]:
    """``(day ordinal, epoch seconds)`` of a ``datePublished`` value: ``(-1, -1)`` when unknown,
    seconds ``-1`` for a date without a time."""
    dt, has_time = parse_date(value)
    if dt is None:
        return -1, -1
    return dt.toordinal(), int(dt.timestamp()) if has_time else -1


def published_after(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when ``a`` was published strictly after ``b`` (both :func:`date_key`), at the finest
    resolution both have (the day when either has no time); False when either is unknown."""
    if a[0] < 0 or b[0] < 0:
        return False
    if a[1] < 0 or b[1] < 0:
        return a[0] > b[0]
    return a[1] > b[1]


def direction_ok(
    forward: float | None, backward: float | None, threshold: float, record_later: bool, candidate_later: bool
) -> bool:
    """Whether the containment of a link can be a copy relation, given the publication dates.

    Both texts contained in each other (a near-duplicate): always. Only one contained in the other:
    a containing text that could be an original (not an aggregator's post) must not have been
    published after the contained one. ``record_later`` is True when the record is such a text
    published after the candidate, ``candidate_later`` the reverse (both False when a date is
    unknown). A news article published after a shorter text that it contains is quoting it (a
    follow-up quoting the paragraph that an aggregator excerpted), not its original; two
    aggregator posts sharing text are copies of one source, whatever their dates."""
    fwd = forward is not None and forward >= threshold
    bwd = backward is not None and backward >= threshold
    if fwd and bwd:
        return True
    return (fwd and not candidate_later) or (bwd and not record_later)



def _query_array(full: Sketch) -> np.ndarray:
    return np.array(sorted(full.hashes), dtype=np.uint64)


def _candidates(
    store: StateStore, url: str, full: Sketch, cfg: DedupConfig
) -> tuple[list[str], Counter[str], dict[str, StoredArticle], set[int]]:
    """The stored articles sharing the most non-boilerplate hashes with the record (at least
    ``min_shared``, at most ``max_candidates``, long enough to link), their hit counts, the
    articles, and the record's boilerplate hashes."""
    # candidates come from the non-boilerplate hashes only: the long posting lists of boilerplate
    # hashes are never read (one store call finds both)
    postings, ignore = store.candidate_postings(full.hashes, cfg.posting_limit, cfg.boilerplate_clusters)
    hits: Counter[str] = Counter()
    for urls in postings.values():
        for u in urls:
            if u != url:
                hits[u] += 1
    ranked = sorted(((u, n) for u, n in hits.items() if n >= cfg.min_shared), key=lambda kv: (-kv[1], kv[0]))
    candidates = [u for u, _n in ranked[: cfg.max_candidates]]
    articles = store.get_articles(candidates) if candidates else {}
    keep = [u for u in candidates if u in articles and sketch_of(articles[u]).size >= min_shingles(cfg)]
    return keep, hits, articles, ignore


def _scored(full: Sketch, candidates: list[str], hits: Counter[str], articles: dict[str, StoredArticle],
            ignore: set[int], cfg: DedupConfig) -> list[Link]:
    """The candidates with their containment both ways (:func:`link_counts`, :func:`link_scores`)."""
    sketches = [sketch_of(articles[u]) for u in candidates]
    q = _query_array(full)
    live = q[~np.isin(q, np.array(sorted(ignore), dtype=np.uint64))] if ignore else q
    shared, fwd_base, bwd_base = link_counts(
        live,
        np.array([hits[u] for u in candidates]),
        np.array([min(max(sk.tau, 0), HASH_MAX) if sk.mod > 1 else HASH_MAX for sk in sketches], dtype=np.uint64),
        np.array([sk.mod for sk in sketches]),
        np.array([len(sk.hashes) for sk in sketches]),
        # boilerplate hashes each candidate shares with the record: its own index (= its sample)
        # says, without reading the long posting lists of boilerplate hashes
        np.array([len(ignore.intersection(sk.hashes)) if ignore else 0 for sk in sketches]),
    )
    fwd, bwd = link_scores(shared, fwd_base, bwd_base, cfg)
    return [
        Link(u, articles[u].cluster_id, None if np.isnan(fwd[i]) else float(fwd[i]),
             None if np.isnan(bwd[i]) else float(bwd[i]))
        for i, u in enumerate(candidates)
    ]


def find_links(
    store: StateStore,
    url: str,
    full: Sketch,
    cfg: DedupConfig,
    *,
    n_words: int | None = None,
    site: str | None = None,
    date: str | None = None,
    kind: str | None = None,
) -> list[Link]:
    """Stored articles (other than ``url``) whose text contains the record's or is contained in
    it at ``cfg.threshold`` or more (``cfg.same_site_threshold`` for articles of ``site``), best
    first, keeping only those whose direction fits the publication dates (:func:`direction_ok`,
    ``date`` and ``kind`` being the record's ``datePublished`` and ``siteKind``) and whose cluster
    accepts them (:func:`accept_link`)."""
    if not full.hashes or (n_words is not None and n_words < cfg.min_words):
        return []
    candidates, hits, articles, ignore = _candidates(store, url, full, cfg)
    if not candidates:
        return []
    rec_date = date_key(date)

    def limit(u: str) -> float:
        return cfg.same_site_threshold if site and articles[u].site == site else cfg.threshold

    links: list[Link] = []
    for link in _scored(full, candidates, hits, articles, ignore, cfg):
        art = articles[link.url]
        if link.score < limit(link.url):
            continue
        other = date_key(art.date_published)
        rec_later = kind != "aggregator" and published_after(rec_date, other)
        cand_later = art.site_kind != "aggregator" and published_after(other, rec_date)
        if direction_ok(link.forward, link.backward, limit(link.url), rec_later, cand_later):
            links.append(link)
    linked = {lk.url for lk in links}
    accepted: list[Link] = []
    for lk in links:
        cluster = store.get_cluster(lk.cluster_id) if lk.cluster_id else None
        size = len(cluster.members) if cluster else 0
        ref = cluster.original if cluster else None
        if accept_link(lk.forward, limit(lk.url), size, ref in linked or ref == lk.url):
            accepted.append(lk)
    accepted.sort(key=lambda lk: (-lk.score, lk.cluster_id or "", lk.url))
    return accepted
