"""Syndication: which records are copies of which, across sites and runs (pure logic + a store).

``assign(store, record)`` indexes a record (a dict with the output record's keys) and puts it in
a cluster; ``evaluate(store, record)`` recomputes the ``syndication`` field from the current
state without changing any cluster (``scrapy recheck``). Both return::

    {"clusterId": str, "role": "original" | "copy" | "unique",
     "duplicateOf": url | None, "containment": float | None}

Matching: the record's word shingles are hashed (:mod:`crawler.textsim`); candidates are the
stored articles sharing sampled hashes; a candidate is linked when the containment of either text
in the other reaches the threshold (so an excerpt of an original links to it, and an original
crawled after its excerpt links to the excerpt). Hashes indexed in many clusters are boilerplate
(newsletter widgets, blog footers, common phrases) and are ignored, so pages that share only
boilerplate stay apart.

Clusters are order-independent: a record joins the cluster of its best link, or founds a new one
whose id is derived from its URL; cluster ids never change once written. The cluster's original is
elected among its members by these rules, in order (the deciding one is stored):

1. ``site_kind``: a news site's article over an aggregator's post;
2. ``date_published``: the earliest ``datePublished``;
3. ``claimed_source``: the URL other members claim as their source;
4. ``text_length``: the fuller text (an excerpt is not the original of the full story);
5. ``url``: the smallest URL (a stable last resort); ``only_member`` for a single article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from hashlib import blake2b
from typing import Any

import numpy as np
from numpy.typing import NDArray

from crawler.state.base import StateStore, StoredArticle, url_key
from crawler.textsim import (
    HASH_MAX,
    Sketch,
    containment_counts,
    full_sketch,
    make_sketch,
    sample_mask,
    shingle_hash_array,
    shingle_hashes,
    tokens,
    word_hashes,
)

RULES = ("site_kind", "date_published", "claimed_source", "text_length", "url")
KIND_RANK = {"news": 0, "aggregator": 2}


@dataclass(frozen=True)
class DedupConfig:
    """Plain settings of the syndication stage (``DEDUP_*``)."""

    #: Containment of one text in the other at or above which two articles are copies.
    threshold: float = 0.6
    #: The same for two articles of one site: text shared within a site is mostly boilerplate,
    #: so only near-duplicates (one article under two URLs) link.
    same_site_threshold: float = 0.9
    #: Words per shingle.
    shingle_size: int = 5
    #: Keep every shingle hash ``h`` with ``h % sample_mod == 0`` in the stored sketch...
    sample_mod: int = 8
    #: ...plus the ``sample_floor`` smallest (short texts).
    sample_floor: int = 32
    #: A hash indexed in at least this many clusters is boilerplate and ignored.
    boilerplate_clusters: int = 4
    #: Texts with fewer words never link to anything (too little evidence).
    min_words: int = 20
    #: At least this many sampled hashes must decide a containment estimate.
    min_base: int = 3
    #: At least this many shared sampled hashes for a link.
    min_shared: int = 3
    #: Candidates (by number of shared hashes) examined per record.
    max_candidates: int = 50
    #: Articles read per hash from the candidate index.
    posting_limit: int = 200


def _config(config: DedupConfig | None, threshold: float | None) -> DedupConfig:
    cfg = config or DedupConfig()
    if threshold is not None and threshold != cfg.threshold:
        from dataclasses import replace

        cfg = replace(cfg, threshold=float(threshold))
    return cfg


def record_text(record: Mapping[str, Any]) -> str:
    """The text compared between records: the body, else the description, else the headline."""
    for key in ("articleBody", "description", "headline"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def record_sketch(record: Mapping[str, Any], cfg: DedupConfig | None = None) -> Sketch:
    """The full (unsampled) sketch of a record's text."""
    cfg = cfg or DedupConfig()
    return full_sketch(shingle_hashes(record_text(record), cfg.shingle_size))


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


def _sketch_of(article: StoredArticle) -> Sketch:
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


# --- the matching core (shared by the state-store path and the in-memory index) ---------------
#
# A query is the record's full set of shingle hashes Q (sorted ``uint64``); B is the part of Q
# that is boilerplate; L = Q - B. A candidate c is a stored article with sample S_c (its
# ``mod``/``tau`` sketch, ``n_c`` sampled hashes). Reading the posting lists of Q gives, per c,
# ``hits_c = |L ∩ S_c|`` and ``bp_c = |B ∩ S_c|``. Then, with no access to S_c itself:
#
# * forward (Q in c):  shared = hits_c, base = |{h in L : h % mod_c == 0 or h <= tau_c}|
#   (the hashes of L whose presence in c its sample decides);
# * backward (c in Q): shared = hits_c, base = n_c - bp_c (Q is complete, so every sampled
#   hash of c is decided).
#
# A direction counts when base >= min_base and shared >= min_shared; the link's score is the
# best direction, compared with ``threshold`` (``same_site_threshold`` within one site).


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
    ``date`` and ``kind`` being the record's ``datePublished`` and ``siteKind``) and whose cluster accepts them
    (:func:`accept_link`)."""
    if not full.hashes or (n_words is not None and n_words < cfg.min_words):
        return []
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
    if not candidates:
        return []
    articles = store.get_articles(candidates)
    candidates = [u for u in candidates if u in articles]
    if not candidates:
        return []
    sketches = [_sketch_of(articles[u]) for u in candidates]
    keep = [i for i, sk in enumerate(sketches) if sk.size >= min_shingles(cfg)]
    candidates, sketches = [candidates[i] for i in keep], [sketches[i] for i in keep]
    if not candidates:
        return []
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
    rec_date = date_key(date)
    rec_kind = kind
    links: list[Link] = []
    for i, u in enumerate(candidates):
        f = None if np.isnan(fwd[i]) else float(fwd[i])
        b = None if np.isnan(bwd[i]) else float(bwd[i])
        link = Link(u, articles[u].cluster_id, f, b)
        limit = cfg.same_site_threshold if site and articles[u].site == site else cfg.threshold
        if link.score >= limit:
            other = date_key(articles[u].date_published)
            rec_later = rec_kind != "aggregator" and published_after(rec_date, other)
            cand_later = articles[u].site_kind != "aggregator" and published_after(other, rec_date)
            if direction_ok(f, b, limit, rec_later, cand_later):
                links.append(link)
    linked = {lk.url for lk in links}
    accepted: list[Link] = []
    for lk in links:
        limit = cfg.same_site_threshold if site and articles[lk.url].site == site else cfg.threshold
        cluster = store.get_cluster(lk.cluster_id) if lk.cluster_id else None
        size = len(cluster.members) if cluster else 0
        ref = cluster.original if cluster else None
        if accept_link(lk.forward, limit, size, ref in linked or ref == lk.url):
            accepted.append(lk)
    accepted.sort(key=lambda lk: (-lk.score, lk.cluster_id or "", lk.url))
    return accepted


# --- electing the original -------------------------------------------------------------------


def parse_date(value: str | None) -> tuple[datetime | None, bool]:
    """(UTC datetime, has_time) of an ISO 8601 value; (None, False) when absent or unparsable."""
    if not value or not isinstance(value, str):
        return None, False
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return datetime(d.year, d.month, d.day, tzinfo=UTC), False
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None, False
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC), True


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
            -_sketch_of(a).size,
            a.url,
        )

    ranked = sorted(members, key=key)
    best, second = key(ranked[0]), key(ranked[1])
    rule = next((name for name, x, y in zip(RULES, best, second, strict=True) if x != y), "url")
    return ranked[0].url, rule


# --- the syndication field -------------------------------------------------------------------


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
        shared, base = containment_counts(full, _sketch_of(orig), ignore)
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
    *,
    threshold: float | None = None,
) -> dict[str, Any]:
    """Index ``record``, put it in a cluster (joining or founding one), re-elect the cluster's
    original, and return the record's ``syndication`` field.

    A record already in the store keeps its cluster; its stored fields and sketch are updated.
    """
    cfg = _config(config, threshold)
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
    *,
    threshold: float | None = None,
) -> dict[str, Any]:
    """The record's ``syndication`` field from the current state, changing nothing.

    A record not in the store is placed where :func:`assign` would put it.
    """
    cfg = _config(config, threshold)
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


# --- an in-memory candidate index (bulk and benchmark use) -----------------------------------


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting (numpy 2's hash-based ``np.unique`` is many times slower on the
    integer arrays here)."""
    v = np.sort(values)
    if len(v) > 1:
        v = v[np.concatenate(([True], v[1:] != v[:-1]))]
    return v



class MemoryIndex:
    """The candidate index and clusters in numpy arrays, for bulk runs (``benchmarks/``) and as a
    cache a store can build: articles are dense ``int32`` ids, clusters ``int32`` ids.

    The same decisions as :func:`assign` on a store: :func:`link_counts`, :func:`link_scores`, the
    boilerplate rule, candidate ranking, the posting limit, :func:`direction_ok`,
    :func:`accept_link` and the folding of contained clusters (the cluster *reference* being its
    fullest member).

    Postings are 8 bytes, kept sorted in two levels of 256 hash partitions: the top 8 bits of a
    63-bit hash choose the partition and a posting packs the next 32 bits with the article id
    (``key << 32 | id`` in one ``uint64``, so a plain sort orders by key, then by id). A hash is
    thus matched on 40 of its 63 bits: a stray match is rare (about ``postings in the partition
    / 2**32`` per looked-up hash, ~0.001 at 1M articles) and only matters with ``min_shared - 1``
    real hits on the same article. The recent level takes each batch (a linear merge of two sorted
    runs) and is merged into the old one when it reaches a quarter of its size, one partition at a
    time (scratch memory: 1/256 of the index). Ids grow with time, so "the oldest
    ``posting_limit`` postings of a hash" are the first ones found. A bitmap of the indexed hashes
    (``2**bitmap_bits`` bits) skips the binary search for hashes indexed nowhere: most of a new
    text's.

    Two ways in: :meth:`assign` (one article; its postings wait in a dict until :meth:`flush`) and
    :meth:`assign_batch` (many articles at once: lookups, counting and sampling vectorised, the
    per-article decision only for the few with a candidate); both give the same clusters.
    """

    _PART_BITS = 8
    _PARTS = 1 << _PART_BITS
    _SHIFT = np.uint64(63 - _PART_BITS)  # hashes are 63-bit: the top bits choose the partition
    _KEY_SHIFT = np.uint64(63 - _PART_BITS - 32)  # the next 32 bits are the key in the partition
    _LOW = np.uint64(0xFFFFFFFF)
    _COLUMNS = (("tau", np.uint64), ("mod", np.int32), ("n_sample", np.int32), ("cluster", np.int32),
                ("site", np.int32), ("size", np.int32), ("day", np.int32), ("secs", np.int64),
                ("kind", np.int8))

    # the per-article columns of ``_COLUMNS`` (set with setattr in ``__init__`` and ``_reserve``)
    tau: NDArray[np.uint64]
    mod: NDArray[np.int32]
    n_sample: NDArray[np.int32]
    cluster: NDArray[np.int32]
    site: NDArray[np.int32]
    size: NDArray[np.int32]
    day: NDArray[np.int32]
    secs: NDArray[np.int64]
    kind: NDArray[np.int8]

    def __init__(self, cfg: DedupConfig | None = None, bitmap_bits: int = 30) -> None:
        self.cfg = cfg or DedupConfig()
        # levels[l][p]: the sorted packed postings ``key << 32 | article id`` of partition p
        self.levels: list[list[np.ndarray]] = [[np.empty(0, np.uint64) for _ in range(self._PARTS)] for _ in range(2)]
        self._bits = int(bitmap_bits)
        self.bitmap = np.zeros(1 << max(self._bits - 3, 0), np.uint8)
        self.mem: dict[int, list[int]] = {}
        self._pending: list[tuple[np.ndarray, int]] = []
        self.n = 0
        cap = 1024
        for name, dt in self._COLUMNS:
            setattr(self, name, np.zeros(cap, dt))
        self.cluster_size = np.zeros(cap, np.int32)
        self.cluster_ref = np.zeros(cap, np.int32)  # a cluster's fullest member (its reference)
        self.n_clusters = 0

    # --- storage ---------------------------------------------------------------------------

    def _reserve(self, n: int) -> None:
        cap = len(self.tau)
        if n > cap:
            new_cap = max(n, cap * 2)
            for name, _dt in self._COLUMNS:
                arr = getattr(self, name)
                new = np.zeros(new_cap, arr.dtype)
                new[:cap] = arr
                setattr(self, name, new)

    def _reserve_clusters(self, n: int) -> None:
        cap = len(self.cluster_size)
        if n > cap:
            new_cap = max(n, cap * 2)
            for name in ("cluster_size", "cluster_ref"):
                arr = getattr(self, name)
                new = np.zeros(new_cap, np.int32)
                new[:cap] = arr
                setattr(self, name, new)

    def nbytes(self) -> int:
        """Bytes held by the numpy arrays (postings, bitmap and per-article columns)."""
        arrays: list[np.ndarray] = [a for level in self.levels for a in level]
        arrays += [getattr(self, name) for name, _dt in self._COLUMNS]
        arrays += [self.bitmap, self.cluster_size, self.cluster_ref]
        return int(sum(a.nbytes for a in arrays))

    def n_postings(self) -> int:
        return int(sum(len(a) for level in self.levels for a in level))

    def _bit_index(self, hashes: np.ndarray) -> np.ndarray:
        return (hashes >> np.uint64(63 - self._bits)).astype(np.int64)

    def _maybe_indexed(self, hashes: np.ndarray) -> np.ndarray:
        idx = self._bit_index(hashes)
        return ((self.bitmap[idx >> 3] >> (idx & 7).astype(np.uint8)) & 1).astype(bool)

    def _key(self, hashes: np.ndarray) -> np.ndarray:
        """The 32 hash bits below the partition bits, shifted to the top of a posting."""
        return ((hashes >> self._KEY_SHIFT) & self._LOW) << np.uint64(32)

    def _add_postings(self, keys: np.ndarray, ids: np.ndarray, presorted: bool = False) -> None:
        """Add postings with ids above every indexed id (ids ascending per key; ``presorted``:
        the keys are sorted already)."""
        if not len(keys):
            return
        if not presorted:
            order = np.argsort(keys, kind="stable")
            keys, ids = keys[order], ids[order]
        idx = self._bit_index(keys)  # sorted, as the keys
        first = np.concatenate(([True], idx[1:] != idx[:-1]))
        idx = idx[first]
        byte = idx >> 3
        bits = (np.uint8(1) << (idx & 7).astype(np.uint8)).astype(np.uint8)
        starts = np.flatnonzero(np.concatenate(([True], byte[1:] != byte[:-1])))
        self.bitmap[byte[starts]] |= np.bitwise_or.reduceat(bits, starts)
        del idx, byte, bits, starts, first
        packed = self._key(keys) | ids.astype(np.uint64)
        part = (keys >> self._SHIFT).astype(np.int64)
        bounds = np.searchsorted(part, np.arange(self._PARTS + 1))
        del keys, ids, part
        old, recent = self.levels
        for p in range(self._PARTS):
            a, b = bounds[p], bounds[p + 1]
            if b > a:
                # both runs sorted: the stable sort (timsort) merges them in linear time
                merged = np.concatenate((recent[p], np.sort(packed[a:b])))
                merged.sort(kind="stable")
                recent[p] = merged
        del packed
        if sum(len(a) for a in recent) * 4 > sum(len(a) for a in old):
            for p in range(self._PARTS):  # one partition at a time: little scratch memory
                if len(recent[p]):
                    merged = np.concatenate((old[p], recent[p]))
                    recent[p] = np.empty(0, np.uint64)
                    merged.sort(kind="stable")
                    old[p] = merged

    def _lookup(self, hashes: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Postings of ``hashes`` in the levels: ``(needle index, article id)`` rows, at most
        ``limit`` per needle (the oldest), and the number of rows per needle.

        A posting matches a needle on the partition bits and the 32 bits below them (40 of the
        63 bits): a false match is rare (about ``postings per partition / 2**32`` per needle)
        and counts for a candidate only with ``min_shared - 1`` other hits of the same article."""
        used = np.zeros(len(hashes), np.int64)
        sel_all = np.flatnonzero(self._maybe_indexed(hashes)) if len(hashes) else np.empty(0, np.int64)
        out_n: list[np.ndarray] = []
        out_id: list[np.ndarray] = []
        if not len(sel_all):
            return np.empty(0, np.int64), np.empty(0, np.int32), used
        # needles in hash order (so also by partition): the binary searches walk each partition
        # forward instead of jumping around it
        sel_sorted = sel_all[np.argsort(hashes[sel_all], kind="stable")]
        hs = hashes[sel_sorted]
        part_sorted = (hs >> self._SHIFT).astype(np.int64)
        bounds = np.searchsorted(part_sorted, np.arange(self._PARTS + 1)).tolist()
        lo_key = self._key(hs)
        hi_key = lo_key | self._LOW
        del hs, part_sorted
        parts = np.flatnonzero(np.diff(bounds)).tolist()  # the partitions with needles
        for level in self.levels:
            for p in parts:
                packed = level[p]
                a, b = bounds[p], bounds[p + 1]
                if not len(packed):
                    continue
                lo = np.searchsorted(packed, lo_key[a:b], side="left")
                hi = np.searchsorted(packed, hi_key[a:b], side="right")
                cnt = hi - lo
                hit = cnt > 0
                if not hit.any():
                    continue
                sel = sel_sorted[a:b][hit]
                lo, cnt = lo[hit], cnt[hit]
                cnt = np.minimum(cnt, np.maximum(limit - used[sel], 0))
                used[sel] += cnt
                total = int(cnt.sum())
                if not total:
                    continue
                starts = np.repeat(lo - np.concatenate(([0], np.cumsum(cnt)[:-1])), cnt)
                out_n.append(np.repeat(sel, cnt))
                out_id.append((packed[starts + np.arange(total, dtype=np.int64)] & self._LOW).astype(np.int32))
        if not out_n:
            return np.empty(0, np.int64), np.empty(0, np.int32), used
        return np.concatenate(out_n), np.concatenate(out_id), used

    # --- decisions -------------------------------------------------------------------------

    def _set_article(self, aid: int, q: np.ndarray, site: int, date: str | None, kind: str | None) -> np.ndarray:
        cfg = self.cfg
        mask, tau = sample_mask(q, cfg.sample_mod, cfg.sample_floor)
        sample = q[mask]
        self._reserve(aid + 1)
        self.tau[aid] = np.uint64(min(max(tau, 0), HASH_MAX))
        self.mod[aid] = 1 if tau >= HASH_MAX else cfg.sample_mod
        self.n_sample[aid] = len(sample)
        self.site[aid] = site
        self.size[aid] = len(q)
        self.day[aid], self.secs[aid] = date_key(date)
        self.kind[aid] = kind == "aggregator"
        return sample

    def _decide(self, q: np.ndarray, mpos: np.ndarray, mids: np.ndarray, aid: int) -> list[tuple[int, float, float]]:
        """The accepted links ``(article id, score, backward - limit)`` of article ``aid`` (its
        columns set, not yet in a cluster), best first, from its postings ``(position in q, id)``."""
        cfg = self.cfg
        if len(q) < min_shingles(cfg) or not len(mids):
            return []
        uniq, inv = np.unique(mids, return_inverse=True)
        if cfg.boilerplate_clusters > 0:
            width = self.n_clusters + 1
            pairs = _sorted_unique(mpos.astype(np.int64) * width + self.cluster[mids])
            per_hash = np.bincount(pairs // width, minlength=len(q))
            is_bp = per_hash >= cfg.boilerplate_clusters
        else:
            is_bp = np.zeros(len(q), bool)
        bp_post = is_bp[mpos]
        hits = np.bincount(inv[~bp_post], minlength=len(uniq))
        sel = np.flatnonzero((hits >= cfg.min_shared) & (self.size[uniq] >= min_shingles(cfg)))
        if not len(sel):
            return []
        sel = sel[np.lexsort((uniq[sel], -hits[sel]))][: cfg.max_candidates]
        cand = uniq[sel]
        bp_hits = np.bincount(inv[bp_post], minlength=len(uniq))[sel]
        shared, fb, bb = link_counts(q[~is_bp], hits[sel], self.tau[cand], self.mod[cand], self.n_sample[cand], bp_hits)
        fwd, bwd = link_scores(shared, fb, bb, cfg)
        f0, b0 = np.nan_to_num(fwd, nan=-1.0), np.nan_to_num(bwd, nan=-1.0)
        score = np.fmax(f0, b0)
        site = int(self.site[aid])
        limit = np.where((self.site[cand] == site) & (site != 0), cfg.same_site_threshold, cfg.threshold)
        ok = score >= limit
        if not ok.any():
            return []
        # the dates: a containing non-aggregator text published after the contained one is no source
        day, secs = int(self.day[aid]), int(self.secs[aid])
        cday, csecs = self.day[cand], self.secs[cand]
        known = (day >= 0) & (cday >= 0)
        fine = (secs >= 0) & (csecs >= 0)
        rec_after = known & np.where(fine, secs > csecs, day > cday)
        cand_after = known & np.where(fine, csecs > secs, cday > day)
        rec_later = rec_after & (self.kind[aid] == 0)
        cand_later = cand_after & (self.kind[cand] == 0)
        fo, bo = f0 >= limit, b0 >= limit
        ok &= (fo & bo) | (fo & ~cand_later) | (bo & ~rec_later)
        if not ok.any():
            return []
        c_ok, s_ok, f_ok, b_ok, lim = cand[ok], score[ok], f0[ok], b0[ok], limit[ok]
        linked = set(c_ok.tolist())
        links = []
        for i in np.lexsort((c_ok, self.cluster[c_ok], -s_ok)):
            c = int(c_ok[i])
            cl = int(self.cluster[c])
            f = None if f_ok[i] < 0 else float(f_ok[i])
            if accept_link(f, float(lim[i]), int(self.cluster_size[cl]), int(self.cluster_ref[cl]) in linked):
                links.append((c, float(s_ok[i]), float(b_ok[i] - lim[i])))
        return links

    def _place(self, aid: int, links: list[tuple[int, float, float]]) -> int:
        """Put article ``aid`` in the cluster of its best link (or a new one) and fold the other
        linked clusters it contains entirely (as :func:`assign` does)."""
        if links:
            cid = int(self.cluster[links[0][0]])
        else:
            cid = self.n_clusters
            self.n_clusters += 1
            self._reserve_clusters(cid + 1)
            self.cluster_ref[cid] = aid
        self.cluster[aid] = cid
        self._joined(cid, aid)
        contained: dict[int, list[int]] = {}
        for other, _s, bmargin in links:
            oc = int(self.cluster[other])
            if oc != cid and bmargin >= 0:
                contained.setdefault(oc, []).append(other)
        for oc, members in sorted(contained.items()):
            if len(members) == self.cluster_size[oc]:
                self.cluster_size[oc] = 0
                for other in members:
                    self.cluster[other] = cid
                    self._joined(cid, other)
        self.n = max(self.n, aid + 1)
        return cid

    def _joined(self, cid: int, aid: int) -> None:
        self.cluster_size[cid] += 1
        if self.size[aid] > self.size[self.cluster_ref[cid]]:
            self.cluster_ref[cid] = aid

    # --- one by one ------------------------------------------------------------------------

    def assign(
        self, q: np.ndarray, site: int = 0, date: str | None = None, kind: str | None = None
    ) -> tuple[int, int, list[tuple[int, float]]]:
        """Match the sorted distinct hashes ``q`` of a new article, add it, and cluster it as
        :func:`assign` does. Returns ``(article id, cluster id, links)`` with links
        ``(article id, score)`` best first."""
        cfg = self.cfg
        npos, mids, used = self._lookup(q, cfg.posting_limit)
        mpos = npos
        if self.mem:  # postings of the articles added since the last flush (after the others)
            get = self.mem.get
            extra_pos: list[int] = []
            extra_ids: list[int] = []
            for i, h in enumerate(q.tolist()):
                lst = get(h)
                if lst:
                    take = lst[: max(cfg.posting_limit - int(used[i]), 0)]
                    extra_pos.extend([i] * len(take))
                    extra_ids.extend(take)
            if extra_ids:
                mpos = np.concatenate((mpos, np.array(extra_pos, np.int64)))
                mids = np.concatenate((mids, np.array(extra_ids, np.int32)))
        aid = self.n
        sample = self._set_article(aid, q, site, date, kind)
        links = self._decide(q, mpos, mids, aid)
        cid = self._place(aid, links)
        for h in sample.tolist():
            self.mem.setdefault(h, []).append(aid)
        self._pending.append((sample, aid))
        return aid, cid, [(c, s) for c, s, _b in links]

    def flush(self) -> None:
        """Move the postings of the articles added by :meth:`assign` into the sorted levels."""
        if not self._pending:
            return
        keys = np.concatenate([s for s, _ in self._pending])
        ids = np.concatenate([np.full(len(s), a, np.int32) for s, a in self._pending])
        self._pending = []
        self.mem = {}
        self._add_postings(keys, ids)

    # --- in batches ------------------------------------------------------------------------

    def assign_batch(
        self,
        queries: list[np.ndarray],
        sites: Iterable[int] | None = None,
        dates: Iterable[str | None] | None = None,
        kinds: Iterable[str | None] | None = None,
    ) -> np.ndarray:
        """:meth:`assign` for each of ``queries`` (sorted distinct hashes) in order; returns their
        cluster ids. Equal to calling :meth:`assign` one by one (and :meth:`flush`), faster."""
        cfg = self.cfg
        self.flush()
        nq = len(queries)
        if not nq:
            return np.empty(0, np.int32)
        if sites is None:
            site_arr = np.zeros(nq, np.int32)
        else:
            site_arr = np.asarray(sites if isinstance(sites, np.ndarray) else list(sites), np.int32)
        lens = np.array([len(q) for q in queries], dtype=np.int64)
        off = np.concatenate(([0], np.cumsum(lens)))
        allq = np.concatenate(queries) if nq > 1 else np.asarray(queries[0], np.uint64)
        qid = np.repeat(np.arange(nq, dtype=np.int32), lens)
        pos = np.arange(len(allq), dtype=np.int32) - off[:-1].astype(np.int32)[qid] if len(allq) < 2**31 else (
            np.arange(len(allq), dtype=np.int64) - off[qid])
        n0 = self.n
        self._reserve(n0 + nq)
        # the articles' columns (they do not depend on the decisions)
        complete = (lens <= cfg.sample_floor) | (cfg.sample_mod == 1)
        md = cfg.sample_mod
        mask = ((allq & np.uint64(md - 1)) if md & (md - 1) == 0 else (allq % np.uint64(md))) == 0
        mask |= pos < cfg.sample_floor
        if complete.any():
            mask |= complete[qid]
        ids = slice(n0, n0 + nq)
        tau = np.full(nq, HASH_MAX, np.uint64)
        if cfg.sample_floor > 0:
            long = np.flatnonzero(~complete)
            tau[long] = allq[off[long] + cfg.sample_floor - 1]
        else:
            tau[~complete] = 0
        self.tau[ids] = tau
        self.mod[ids] = np.where(complete, 1, cfg.sample_mod)
        self.n_sample[ids] = np.bincount(qid[mask], minlength=nq)
        self.site[ids] = site_arr
        self.size[ids] = lens
        if dates is None:
            self.day[ids], self.secs[ids] = -1, -1
        else:
            dk = np.array([date_key(d) for d in dates], dtype=np.int64).reshape(nq, 2)
            self.day[ids], self.secs[ids] = dk[:, 0], dk[:, 1]
        self.kind[ids] = 0 if kinds is None else [k == "aggregator" for k in kinds]
        # postings in the levels (older articles)
        r_need, r_id, used = self._lookup(allq, cfg.posting_limit)
        # postings of earlier articles of the batch: sort the batch's sampled hashes; a sampled
        # needle's run is where it sorts itself, a few other needles (a small bitmap of the batch's
        # sampled hashes lets through) are searched; keep ids below the query's, after the level
        # postings, within the limit
        samp = np.flatnonzero(mask)
        order = np.argsort(allq[samp], kind="stable")
        samp = samp[order]  # positions in allq of the sampled hashes, by hash then query
        del order
        skeys = allq[samp]
        sq = qid[samp]
        start = np.concatenate(([True], skeys[1:] != skeys[:-1]))
        run_start = np.flatnonzero(start)
        run_end = np.append(run_start[1:], len(skeys))
        run = np.cumsum(start) - 1
        del start
        k = np.flatnonzero(run_end[run] - run_start[run] >= 2)
        need_a, lo_a, hi_a = samp[k], run_start[run[k]], run_end[run[k]]
        del k, run
        bits = max(16, min(26, len(skeys).bit_length() + 5))
        bshift = np.uint64(63 - bits)
        bidx = (skeys[run_start] >> bshift).astype(np.int64)
        small = np.zeros(1 << bits, bool)
        small[bidx] = True
        del bidx, run_start, run_end
        rest = np.flatnonzero(~mask)
        rest = rest[small[(allq[rest] >> bshift).astype(np.int64)]]
        del small
        rest = rest[np.argsort(allq[rest], kind="stable")]
        lo_b = np.searchsorted(skeys, allq[rest], side="left")
        hi_b = np.searchsorted(skeys, allq[rest], side="right")
        hit = hi_b > lo_b
        multi = np.concatenate((need_a, rest[hit]))
        lo = np.concatenate((lo_a, lo_b[hit]))
        hi = np.concatenate((hi_a, hi_b[hit]))
        del need_a, lo_a, hi_a, rest, lo_b, hi_b, hit
        order = np.argsort(multi, kind="stable")
        multi, lo, hi = multi[order], lo[order], hi[order]
        if len(multi):
            cnt = hi - lo
            total = int(cnt.sum())
            starts = np.repeat(lo - np.concatenate(([0], np.cumsum(cnt)[:-1])), cnt)
            rows_j = sq[starts + np.arange(total, dtype=np.int64)]
            rows_n = np.repeat(multi, cnt)
            keep = rows_j < qid[rows_n]
            rows_j, rows_n = rows_j[keep], rows_n[keep]
            # rank of each row among its needle's (ids ascending): keep the first limit - used
            first = np.concatenate(([True], rows_n[1:] != rows_n[:-1]))
            grp = np.cumsum(first) - 1
            rank = np.arange(len(rows_n)) - np.flatnonzero(first)[grp]
            keep = rank < cfg.posting_limit - used[rows_n]
            r_need = np.concatenate((r_need, rows_n[keep]))
            r_id = np.concatenate((r_id, (rows_j[keep] + n0).astype(np.int32)))
        # rows per query; queries where no article reaches min_shared hashes get no link
        order = np.argsort(qid[r_need], kind="stable")
        r_need, r_id = r_need[order], r_id[order]
        r_q = qid[r_need]
        bounds = np.searchsorted(r_q, np.arange(nq + 1))
        interesting = np.zeros(nq, bool)
        if len(r_q):
            pair, pair_n = np.unique(r_q * np.int64(n0 + nq + 1) + r_id, return_counts=True)
            interesting[pair[pair_n >= cfg.min_shared] // np.int64(n0 + nq + 1)] = True
        interesting &= lens >= min_shingles(cfg)
        out = np.empty(nq, np.int32)
        done = 0
        for i in [*np.flatnonzero(interesting).tolist(), nq]:
            if i > done:  # a run of articles without candidates: new clusters, vectorised
                n_new = i - done
                c0 = self.n_clusters
                self._reserve_clusters(c0 + n_new)
                new_ids = np.arange(n0 + done, n0 + i, dtype=np.int32)
                cids = np.arange(c0, c0 + n_new, dtype=np.int32)
                self.cluster[n0 + done : n0 + i] = cids
                self.cluster_size[c0 : c0 + n_new] = 1
                self.cluster_ref[c0 : c0 + n_new] = new_ids
                self.n_clusters += n_new
                out[done:i] = cids
                self.n = n0 + i
            if i == nq:
                break
            a, b = bounds[i], bounds[i + 1]
            links = self._decide(queries[i], pos[r_need[a:b]], r_id[a:b], n0 + i)
            out[i] = self._place(n0 + i, links)
            done = i + 1
        self.n = n0 + nq
        self._add_postings(allq[mask], (qid[mask] + n0).astype(np.int32))
        return out
