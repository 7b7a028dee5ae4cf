"""Clusters in the store: index a record (:func:`assign`), or say where it belongs without changing
anything (:func:`evaluate`, for ``scrapy recheck``).

Both return the record's ``syndication`` field::

    {"clusterId": str, "role": "original" | "copy" | "unique",
     "duplicateOf": url | None, "containment": float | None}

What the store keeps is a function of the set of stored articles, not of their arrival order:

* an article's links (:func:`crawler.syndication.links.find_links`) depend only on the two
  articles and on the boilerplate hashes; when a hash becomes boilerplate (or stops being), every
  article holding it gets its links derived again: at once (``DEDUP_RELINK_BATCH = 0``), or, as
  the hash is remembered in the store (:meth:`StateStore.add_relink_hashes`), once for many such
  hashes by :func:`flush_relinks` (when ``relink_batch`` hashes wait, when the syndication stage
  closes, and before :func:`evaluate` reads the state). A flush leaves the links and clusters that
  relinking at once would have: a link depends on the statuses of its two articles' hashes only,
  and every article holding a hash whose status changed is linked again; the clusters of every
  component those links touch (before or after) are divided again;
* the clusters of a connected component of links are recomputed from the stored articles and
  links (:func:`crawler.syndication.graph.divide`) whenever one of its links changes, and a
  cluster's id is derived from its original's URL;
* ``containment`` is the copy's containment in its original from their two stored sketches.

:func:`ensure_links` derives every link and cluster again when the stored ones were made with
other ``DEDUP_*`` values (or by an older schema).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from crawler.state.base import StateStore, StoredArticle, swap_link
from crawler.syndication.boilerplate import Boilerplate, BoilerplateMemo, bump_epoch
from crawler.syndication.config import DedupConfig
from crawler.syndication.graph import Division, cluster_id, divide
from crawler.syndication.links import find_links, parse_sketch, sketch_of
from crawler.syndication.prepared import sample_params, take, text_sample
from crawler.syndication.sketch import Sketch, containment_counts, record_text

logger = logging.getLogger(__name__)

#: The meta value naming the settings the stored links were derived with.
META_KEY = "syndication"

new_cluster_id = cluster_id  # the id of a cluster founded by (whose original is) a URL


def record_sample(record: Mapping[str, Any], cfg: DedupConfig) -> Sketch:
    """The stored sketch of a record's text."""
    return _sample(record, cfg)[0]


def _sample(record: Mapping[str, Any], cfg: DedupConfig) -> tuple[Sketch, str | None]:
    """The record's sketch and, when the extraction prepared it (:mod:`.prepared`), its JSON."""
    params = sample_params(cfg)
    prepared = take(record, params)
    if prepared is not None:
        return parse_sketch(prepared), prepared
    return text_sample(record_text(record), params), None


def _stored(record: Mapping[str, Any], sample: Sketch, sketch_json: str | None = None) -> StoredArticle:
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
        sketch=sketch_json or sample.to_json(),
        index_hashes=tuple(sorted(sample.hashes)),
    )


_FACTS = ("site", "site_kind", "canonical_url", "headline", "date_published", "claimed_url", "sketch")


#: An article indexed again unchanged has its ``updated`` time (what retention reads,
#: :mod:`.retention`) set again when it is older than this many seconds: at most one write a day.
TOUCH_AFTER = 86_400.0


def _unchanged(old: StoredArticle, new: StoredArticle) -> bool:
    return old.cluster_id is not None and all(getattr(old, f) == getattr(new, f) for f in _FACTS)


# --- components and their clusters -----------------------------------------------------------


#: A frontier of more articles than this, while a component is found, has only its new
#: neighbours read (:meth:`StateStore.neighbours`), not its links: a story copied by N sites has
#: N*N links, of which :func:`divide` reads those of its original (and of the articles others
#: claim) when every copy is linked to the original. The same clusters either way.
WIDE_FRONTIER = 64


class StoredLinks(Mapping[str, Mapping[str, int]]):
    """The links of a component's articles: those read while finding it, the others read from
    the store when first asked for; :meth:`add` puts links not stored (yet) over them."""

    def __init__(self, store: StateStore, urls: Iterable[str], got: dict[str, dict[str, int]]) -> None:
        self._store = store
        self._urls = set(urls)
        self._got = got
        self._extra: dict[str, dict[str, int]] = {}
        #: Articles whose links were read when first asked for.
        self.read_late = 0

    def __getitem__(self, url: str) -> Mapping[str, int]:
        if url not in self._urls:
            raise KeyError(url)
        if url not in self._got:
            self._got.update(self._store.get_links([url]))
            self.read_late += 1
        got = self._got.get(url, {})
        extra = self._extra.get(url)
        return {**got, **extra} if extra else got

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._urls))

    def __len__(self) -> int:
        return len(self._urls)

    def put(self, url: str, links: Mapping[str, int]) -> None:
        """``links`` as the links of ``url``, in place of any stored."""
        self._urls.add(url)
        self._got[url] = dict(links)
        self._extra.pop(url, None)

    def add(self, url: str, links: Mapping[str, int]) -> None:
        """``links`` beside the stored links of ``url``."""
        self._urls.add(url)
        self._extra.setdefault(url, {}).update(links)


def _reach(store: StateStore, seeds: set[str], got: dict[str, dict[str, int]]) -> tuple[set[str], bool]:
    """The articles linked to ``seeds`` by a path of links, and whether a frontier was wide
    (links of the narrow frontiers put in ``got``)."""
    seen = set(seeds)
    frontier = sorted(seen)
    wide = False
    while frontier:
        if len(frontier) > WIDE_FRONTIER:
            wide = True
            found = store.neighbours(frontier) - seen
        else:
            fetched = store.get_links(frontier)
            got.update(fetched)
            found = {v for u in frontier for v in fetched.get(u, {})} - seen
        seen |= found
        frontier = sorted(found)
    return seen, wide


def component(store: StateStore, seeds: Iterable[str]
              ) -> tuple[dict[str, StoredArticle], StoredLinks, list[set[str]] | None]:
    """The stored articles connected to ``seeds`` by links, their links, and the components they
    make (None when every link was read: :func:`divide` finds them)."""
    wanted = set(seeds)
    got: dict[str, dict[str, int]] = {}
    seen, wide = _reach(store, wanted, got)
    parts: list[set[str]] | None = None
    if wide:  # the components apart (a wide frontier read no link): each seed's, found again
        parts = []
        covered: set[str] = set()
        for seed in sorted(wanted):
            if seed not in covered:
                part = _reach(store, {seed}, got)[0] if len(wanted) > 1 else seen
                covered |= part
                parts.append(part)
    articles = store.get_articles(seen)
    if parts is not None:
        parts = [p & articles.keys() for p in parts]
    return articles, StoredLinks(store, articles, got), parts


def recluster(store: StateStore, seeds: Iterable[str]) -> Division:
    """Divide the components of ``seeds`` again and write the clusters that changed."""
    articles, links, parts = component(store, seeds)
    division = divide(articles, links, parts)
    ids = {c: cluster_id(c) for c in set(division.center.values())}  # one hash per cluster
    moved = {u: ids[c] for u, c in division.center.items() if articles[u].cluster_id != ids[c]}
    originals: dict[str, tuple[str | None, str | None]] = {cid: (c, division.rule[c]) for c, cid in ids.items()}
    store.set_clusters(moved, originals)
    return division


def relink(store: StateStore, urls: Iterable[str], cfg: DedupConfig, bp: Boilerplate | None = None) -> None:
    """Derive the links of the stored articles ``urls`` again."""
    articles = store.get_articles(urls)
    bp = bp or Boilerplate(store, cfg)
    for u in sorted(articles):
        store.set_links(u, find_links(store, articles[u], sketch_of(articles[u]), cfg, bp))


def holders(store: StateStore, hashes: Iterable[int], cfg: DedupConfig) -> set[str]:
    """The stored articles indexed under any of ``hashes``."""
    return {u for urls in store.lookup_hashes(hashes, cfg.posting_limit).values() for u in urls}


def stale_holders(store: StateStore, pending: Mapping[int, int], cfg: DedupConfig,
                  memo: BoilerplateMemo | None) -> tuple[set[str], int]:
    """The stored articles indexed under a hash of ``pending`` (hash -> the epoch of its status
    change) whose links ``memo`` does not know to be derived since that change, and how many
    holders it left out. An article derived at the change's epoch or later read the new status
    (the change and the derivation in one exclusive section, the change first, or in later
    ones), so linking it again would give the links it has."""
    if memo is None or not memo.derived:
        return holders(store, pending, cfg), 0
    stale: set[str] = set()
    fresh: set[str] = set()
    for h, urls in store.lookup_hashes(pending, cfg.posting_limit).items():
        version = pending.get(int(h), 0)
        for u in urls:
            (fresh if memo.derived_since(u, version) else stale).add(u)
    return stale, len(fresh - stale)


def relink_and_recluster(store: StateStore, dirty: set[str], cfg: DedupConfig, bp: Boilerplate) -> None:
    """Derive the links of ``dirty`` again, then the clusters of every component they touched
    (noted in ``bp``'s memo, at its epoch: :meth:`BoilerplateMemo.note_derived`)."""
    old_links = store.get_links(dirty)
    relink(store, dirty, cfg, bp)
    recluster(store, dirty.union(*(ls.keys() for ls in old_links.values())))
    if bp.memo is not None:
        bp.memo.note_derived(dirty)


#: Articles linked again per exclusive section of :func:`flush_relinks` (other writers, such as
#: the seen marks of the reactor thread, wait at most one section).
FLUSH_CHUNK = 100


def flush_relinks(store: StateStore, cfg: DedupConfig, memo: BoilerplateMemo | None = None) -> int:
    """Link again every article holding a hash of :meth:`StateStore.relink_hashes`, divide the
    clusters they touch again, and forget the hashes; the number of articles linked again.

    In sections of :data:`FLUSH_CHUNK` articles, each one exclusive section that also divides
    the clusters its articles touched, before or after: a link not yet derived again is incident
    to an article of a later section, which divides its old neighbours' clusters. The hashes are
    forgotten after the last section, so a crash in between leaves them remembered and the next
    flush starts again. A hash remembered again meanwhile (by another process) stays remembered.
    Holders whose links ``memo`` knows to be derived since the hash's change are not linked again
    (:func:`stale_holders`): for a site's template shingles, which change status when the site's
    first few articles are stored, those are the site's articles stored since."""
    with store.exclusive():
        pending = store.relink_hashes()
        if not pending:
            return 0
        if memo is not None:
            memo.sync(store)
        stale, skipped = stale_holders(store, pending, cfg, memo)
        dirty = sorted(stale)
    for i in range(0, len(dirty), FLUSH_CHUNK):
        with store.exclusive():
            if memo is not None:
                memo.sync(store)
            relink_and_recluster(store, set(dirty[i : i + FLUSH_CHUNK]), cfg, Boilerplate(store, cfg, memo))
    with store.exclusive():
        store.drop_relink_hashes(pending)
    if memo is not None:
        memo.relinked += len(dirty)
        memo.relink_skipped += skipped
        memo.flushes += 1
    return len(dirty)


# --- the syndication field -------------------------------------------------------------------


def _field(url: str, sketch: Sketch, cid: str, original: str | None, n_members: int,
           orig_sketch: Sketch | None, bp: Boilerplate) -> dict[str, Any]:
    if n_members <= 1 or original is None:
        return {"clusterId": cid, "role": "unique", "duplicateOf": None, "containment": None}
    if original == url:
        return {"clusterId": cid, "role": "original", "duplicateOf": None, "containment": None}
    value: float | None = None
    if orig_sketch is not None and sketch.hashes:
        ignore = bp.of(sketch.hashes | orig_sketch.hashes)
        shared, base = containment_counts(sketch, orig_sketch, ignore)
        value = round(shared / base, 4) if base else None
    return {"clusterId": cid, "role": "copy", "duplicateOf": original, "containment": value}


def stored_field(store: StateStore, article: StoredArticle, cfg: DedupConfig,
                 bp: Boilerplate | None = None) -> dict[str, Any]:
    """The ``syndication`` field of a stored article, from the state alone."""
    cid = article.cluster_id or cluster_id(article.url)
    cluster = store.get_cluster(cid)
    original = cluster.original if cluster else None
    n = len(cluster.members) if cluster else 1
    orig = store.get_article(original) if original and original != article.url and n > 1 else None
    return _field(article.url, sketch_of(article), cid, original, n, sketch_of(orig) if orig else None,
                  bp or Boilerplate(store, cfg))


def assign(
    store: StateStore,
    record: Mapping[str, Any],
    config: DedupConfig | None = None,
    memo: BoilerplateMemo | None = None,
) -> dict[str, Any]:
    """Index ``record`` (its article, links and the clusters of its component) and return its
    ``syndication`` field. Re-indexing an unchanged record changes nothing. ``memo``: boilerplate
    statuses kept between calls (an :class:`~crawler.records.Evaluator` keeps one)."""
    cfg = config or DedupConfig.from_settings()
    url = str(record["url"])
    sample, prepared = _sample(record, cfg)
    article = _stored(record, sample, prepared)
    if memo is not None and prepared is not None:
        memo.samples_prepared += 1
    with store.exclusive():
        if memo is not None:
            memo.sync(store)
        bp = Boilerplate(store, cfg, memo)
        old = store.get_article(url)
        if old is not None and _unchanged(old, article):
            if article.updated - old.updated > TOUCH_AFTER:  # seen again: kept for another retention period
                store.touch_articles([url], article.updated)
            return stored_field(store, old, cfg, bp)
        flipped = _put(store, article, old, bp)
        dirty = {url}
        if flipped:  # boilerplate changed: every article holding those hashes is linked again
            epoch = bump_epoch(store, memo)  # other processes' memos forget what they knew
            if memo is not None:
                memo.changed += len(flipped)
            if cfg.relink_batch > 0:  # ... later, once for many changes
                store.add_relink_hashes(flipped, epoch)
            else:
                dirty |= holders(store, flipped, cfg)
                if memo is not None:
                    memo.relinked += len(dirty) - 1
        relink_and_recluster(store, dirty, cfg, bp)
        if flipped and cfg.relink_batch > 0 and store.count_relink_hashes() >= cfg.relink_batch:
            flush_relinks(store, cfg, memo)
        return stored_field(store, store.get_article(url) or article, cfg, bp)


def _put(store: StateStore, article: StoredArticle, old: StoredArticle | None, bp: Boilerplate) -> list[int]:
    """Store ``article``; the hashes whose boilerplate status this changed (learnt by ``bp``).

    One article moves each per-site count by one, so only a hash whose largest count was one
    below the boilerplate minimum (or at it, for hashes the article loses) can change status."""
    touched = set(sketch_of(article).hashes) | (sketch_of(old).hashes if old is not None else set())
    b = bp.minimum
    if b <= 0:
        store.put_article(article)
        return []
    before = store.hash_site_max(touched)
    store.put_article(article)
    edge = [h for h in touched if before.get(h, 0) in (b - 1, b)]
    after = {**before, **{h: 0 for h in edge}, **store.hash_site_max(edge)} if edge else before
    bp.learn_counts(after, touched)
    return sorted(h for h in edge if (before.get(h, 0) >= b) != (after.get(h, 0) >= b))


def evaluate(
    store: StateStore,
    record: Mapping[str, Any],
    config: DedupConfig | None = None,
    memo: BoilerplateMemo | None = None,
) -> dict[str, Any]:
    """The record's ``syndication`` field from the current state, changing nothing.

    A stored record gets its stored cluster; another is placed where :func:`assign` would put it
    (its own effect on the boilerplate counts aside). Relinks still waiting are done first
    (:func:`flush_relinks`)."""
    cfg = config or DedupConfig.from_settings()
    url = str(record["url"])
    if store.count_relink_hashes():
        flush_relinks(store, cfg, memo)
    if memo is not None:
        memo.sync(store)
    bp = Boilerplate(store, cfg, memo)
    existing = store.get_article(url)
    if existing is not None and existing.cluster_id:
        return stored_field(store, existing, cfg, bp)
    sample = record_sample(record, cfg)
    article = _stored(record, sample)
    own = find_links(store, article, sample, cfg, bp)
    articles, links, parts = component(store, own)
    articles[url] = article
    links.put(url, own)
    for v, kind in own.items():
        links.add(v, {url: swap_link(kind)})
    if parts is not None:  # one component now: every part holds an article linked to this one
        parts = [set(articles)]
    division = divide(articles, links, parts)
    center = division.center[url]
    n = sum(1 for c in division.center.values() if c == center)
    orig_sketch = sketch_of(articles[center]) if center != url else None
    return _field(url, sample, cluster_id(center), center, n, orig_sketch, bp)


def cluster_original(store: StateStore, cid: str) -> tuple[str | None, str | None]:
    """The original of a cluster and the rule that chose it."""
    cluster = store.get_cluster(cid)
    return (cluster.original, cluster.rule) if cluster is not None else (None, None)


# --- deriving everything again ---------------------------------------------------------------


def rebuild(store: StateStore, cfg: DedupConfig, batch: int = 200, links: bool = True) -> int:
    """Derive every link and cluster of the store again (after a change of settings or schema);
    the number of articles. Each batch is one exclusive section, so other crawls go on.
    ``links`` False: the clusters alone, from the stored links (only the division changed)."""
    urls = sorted(store.article_urls())
    if links:
        store.drop_relink_hashes(store.relink_hashes())  # every article is linked again below
        for i in range(0, len(urls), batch):
            with store.exclusive():
                relink(store, urls[i : i + batch], cfg)
    done: set[str] = set()
    for u in urls:
        if u not in done:
            with store.exclusive():
                division = recluster(store, [u])
            done.update(division.center)
    store.set_meta(META_KEY, cfg.links_fingerprint())
    return len(urls)


def links_stand(stored: str | None, cfg: DedupConfig) -> bool:
    """Whether links stored under the fingerprint ``stored`` are those ``cfg`` derives: the two
    differ in the division's version alone (or not at all)."""
    try:
        old = json.loads(stored) if stored else None
    except ValueError:
        return False
    if not isinstance(old, dict):
        return False
    new = json.loads(cfg.links_fingerprint())
    old.pop("division", None)
    new.pop("division", None)
    return bool(old == new)


def ensure_links(store: StateStore, cfg: DedupConfig) -> None:
    """Make sure the stored links and clusters were derived with ``cfg`` (:func:`rebuild` if not:
    the clusters alone when only the division changed)."""
    stored = store.get_meta(META_KEY)
    if stored == cfg.links_fingerprint():
        return
    if store.count_articles():
        links = not links_stand(stored, cfg)
        what = "links and clusters" if links else "clusters"
        logger.warning("State %s: %s were derived with other DEDUP_ settings or an older schema; deriving "
                       "them again for %d articles", store.uri, what, store.count_articles())
        n = rebuild(store, cfg, links=links)
        logger.warning("State %s: %s derived again for %d articles", store.uri, what, n)
    else:
        store.set_meta(META_KEY, cfg.links_fingerprint())
