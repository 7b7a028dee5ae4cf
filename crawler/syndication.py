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

from crawler.state.base import StateStore, StoredArticle, url_key
from crawler.textsim import Sketch, containment_counts, full_sketch, make_sketch, shingle_hashes, tokens

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
    sample_mod: int = 4
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


def find_links(
    store: StateStore,
    url: str,
    full: Sketch,
    cfg: DedupConfig,
    *,
    n_words: int | None = None,
    site: str | None = None,
) -> list[Link]:
    """Stored articles (other than ``url``) whose text contains the record's or is contained in
    it at ``cfg.threshold`` or more (``cfg.same_site_threshold`` for articles of ``site``), best
    first."""
    if not full.hashes or (n_words is not None and n_words < cfg.min_words):
        return []
    ignore = boilerplate(store, full.hashes, cfg)
    live = [h for h in full.hashes if h not in ignore]
    postings = store.lookup_hashes(live, limit=cfg.posting_limit)
    hits: Counter[str] = Counter()
    for h in live:
        for u in postings.get(h, ()):
            if u != url:
                hits[u] += 1
    ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
    candidates = [u for u, _n in ranked[: cfg.max_candidates]]
    if not candidates:
        return []
    articles = store.get_articles(candidates)
    sketches = {u: _sketch_of(a) for u, a in articles.items()}
    # Boilerplate among the candidates' own hashes matters for "candidate in record".
    extra = set().union(*(s.hashes for s in sketches.values())) - full.hashes
    ignore |= boilerplate(store, extra, cfg)
    links: list[Link] = []
    for u in candidates:
        if u not in sketches:
            continue
        sk = sketches[u]
        fwd = _linked(full, sk, ignore, cfg)
        bwd = _linked(sk, full, ignore, cfg)
        link = Link(u, articles[u].cluster_id, fwd, bwd)
        limit = cfg.same_site_threshold if site and articles[u].site == site else cfg.threshold
        if link.score >= limit:
            links.append(link)
    links.sort(key=lambda lk: (-lk.score, lk.cluster_id or "", lk.url))
    return links


def _linked(a: Sketch, b: Sketch, ignore: set[int], cfg: DedupConfig) -> float | None:
    """Containment of A in B when enough hashes decide it and enough are shared, else None."""
    shared, base = containment_counts(a, b, ignore)
    if base < cfg.min_base or shared < cfg.min_shared:
        return None
    return shared / base


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


def _fold_singletons(store: StateStore, cluster_id: str, links: list[Link]) -> None:
    """Bring into ``cluster_id`` the linked articles left alone in a cluster of their own (two
    excerpts of different paragraphs, crawled before the original that joins them)."""
    for lk in links:
        if not lk.cluster_id or lk.cluster_id == cluster_id:
            continue
        other = store.get_cluster(lk.cluster_id)
        if other is not None and other.members == (lk.url,):
            store.move_article(lk.url, cluster_id)


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
    full = full_sketch(shingle_hashes(" ".join(words), cfg.shingle_size))
    sample = make_sketch(full.hashes, cfg.sample_mod, cfg.sample_floor)
    with store.exclusive():
        existing = store.get_article(url)
        cluster_id = existing.cluster_id if existing is not None else None
        if cluster_id is None:
            links = find_links(store, url, full, cfg, n_words=len(words), site=record.get("site"))
            target = next((lk.cluster_id for lk in links if lk.cluster_id), None)
            cluster_id = target or new_cluster_id(url)
            store.put_article(_stored(record, sample))
            cluster_id = store.join_cluster(url, cluster_id)
            _fold_singletons(store, cluster_id, links)
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
    full = full_sketch(shingle_hashes(" ".join(words), cfg.shingle_size))
    existing = store.get_article(url)
    if existing is not None and existing.cluster_id:
        cluster_id = existing.cluster_id
        cluster = store.get_cluster(cluster_id)
        members = list(store.get_articles(cluster.members if cluster else (url,)).values())
    else:
        links = find_links(store, url, full, cfg, n_words=len(words), site=record.get("site"))
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
