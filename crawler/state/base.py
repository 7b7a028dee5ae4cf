"""The state store interface: what outlives a crawl run (articles, sketches, links, clusters, verdicts).

The store is deliberately dumb: keyed records, sets of hashes -> articles, counts, the links
between pairs of articles, and clusters with their members. All evaluation logic lives in
:mod:`crawler.syndication` and :mod:`crawler.source_check`. It is built so that a key-value store
such as Redis can implement it:

* articles: one record per URL (a hash ``article:{url}``), found also by normalised URL or
  canonical URL (``urlkey:{key}`` -> url);
* candidate index: per sampled shingle hash the articles indexed under it, and how many articles
  of each site hold it (``h:{hash}``, ``hs:{hash}``: what the boilerplate rule reads);
* links: per article, the articles its text is linked to and how (``links:{url}``), always
  stored on both sides;
* clusters: a record (original URL, deciding rule) and a member set (``cluster:{id}``,
  ``members:{id}``), rewritten together by :meth:`StateStore.set_clusters`;
* pending relinks: the hashes whose boilerplate status changed while the links of the articles
  holding them were not yet derived again (``relink``; see :mod:`crawler.syndication.clusters`);
* verdicts, seen URLs and a few meta values: plain keyed values;
* run history: per site, the health figures of its last runs (``runs:{site}``), read by the
  health monitors (a site's article count against its earlier runs) and ``scrapy report``.

What the syndication stage stores is derived from the articles alone (never from the order in
which they arrived): see :mod:`crawler.syndication`.

No Scrapy imports here, and no module-level state.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from typing import Any

from crawler.urls import netloc_key

#: Link kinds between two articles, seen from one of them (bits): its text is contained in the
#: other's (``LINK_IN``), the other's text is contained in its own (``LINK_HAS``), or both.
LINK_IN = 1
LINK_HAS = 2
LINK_BOTH = LINK_IN | LINK_HAS


def swap_link(kind: int) -> int:
    """The same link seen from the other article."""
    return ((kind & LINK_IN) << 1) | ((kind & LINK_HAS) >> 1)


#: The close reason of a crawl stopped by a failed state store (``scrapy crawl`` exits 1).
STATE_ERROR = "state_error"


class StateStoreError(ValueError):
    """The state store cannot be used (a read-only, corrupt or unreadable SQLite file, say); the
    message is one line for the user. A ``ValueError``, as a bad ``STATE_URI`` is."""


def chunks(items: list[Any], n: int) -> Iterator[list[Any]]:
    """``items`` in lists of at most ``n`` (bounded IN lists and scripts)."""
    for i in range(0, len(items), n):
        yield items[i : i + n]


@dataclass
class StoredArticle:
    """One article as the state store keeps it.

    ``sketch`` is an opaque string (:meth:`crawler.syndication.sketch.Sketch.to_json`); ``index_hashes`` are
    the hashes put in the candidate index for it (its sampled shingle hashes).
    ``cluster_id`` is set by :meth:`StateStore.set_clusters`, never by :meth:`put_article`.
    """

    url: str
    site: str | None = None
    site_kind: str | None = None
    canonical_url: str | None = None
    headline: str | None = None
    date_published: str | None = None
    claimed_url: str | None = None
    sketch: str | None = None
    index_hashes: tuple[int, ...] = ()
    cluster_id: str | None = None
    updated: float = field(default_factory=time.time)

    @property
    def site_key(self) -> str:
        """The site the article counts for in the boilerplate counts: its site, else its host."""
        return self.site or netloc_key(self.url)


@dataclass
class Cluster:
    """A cluster of copies of one story. ``original`` is the current original's URL, ``rule`` the
    rule that chose it (see :mod:`crawler.syndication`)."""

    cluster_id: str
    members: tuple[str, ...] = ()
    original: str | None = None
    rule: str | None = None


class StateStore(ABC):
    """State that outlives a run. Implementations: SQLite (``sqlite:///``), Redis (``redis://``)."""

    uri: str

    # --- life cycle --------------------------------------------------------------------------
    @abstractmethod
    def close(self) -> None:
        """Release the connection; every committed write is on disk."""

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """A section during which no other writer changes the store (one assign step).

        Keep it short. Nested use is allowed. The default does nothing (single writer).
        """
        yield

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A part of an exclusive section that an error undoes alone (SQLite: a savepoint), so
        several items can share one transaction; outside one, an exclusive section. Stores
        without rollback (Redis) make it a nested exclusive section."""
        with self.exclusive():
            yield

    # --- articles and the candidate index ----------------------------------------------------
    @abstractmethod
    def put_article(self, article: StoredArticle) -> None:
        """Insert or update an article by URL, replace its candidate-index hashes and keep the
        per-site counts of its hashes (:meth:`hash_site_max`) up to date.

        Keeps the article's cluster and links (``article.cluster_id`` is ignored)."""

    @abstractmethod
    def get_article(self, url: str) -> StoredArticle | None:
        """The article stored under exactly this URL."""

    @abstractmethod
    def get_articles(self, urls: Iterable[str]) -> dict[str, StoredArticle]:
        """The stored articles among ``urls`` (missing ones are left out)."""

    @abstractmethod
    def find_article(self, url: str) -> StoredArticle | None:
        """The article whose URL or canonical URL equals ``url`` after :func:`crawler.urls.url_key`."""

    @abstractmethod
    def lookup_hashes(self, hashes: Iterable[int], limit: int = 200) -> dict[int, list[str]]:
        """For each hash, the URLs of articles indexed under it (at most ``limit`` each)."""

    def posting_counts(self, hashes: Iterable[int], limit: int = 200) -> Counter[str]:
        """For each URL, under how many of ``hashes`` :meth:`lookup_hashes` gives it (the
        candidate search's hits). Backends may count without building the lists."""
        return Counter(chain.from_iterable(self.lookup_hashes(hashes, limit).values()))

    @abstractmethod
    def hash_site_max(self, hashes: Iterable[int]) -> dict[int, int]:
        """For each hash, the largest number of articles of one site (:attr:`StoredArticle.site_key`)
        indexed under it (absent = 0)."""

    def candidate_postings(
        self, hashes: Iterable[int], limit: int, boilerplate_min: int
    ) -> tuple[dict[int, list[str]], set[int]]:
        """``(postings, boilerplate)``: the hashes indexed in ``boilerplate_min`` or more articles
        of one site (none when it is 0 or less), and :meth:`lookup_hashes` of the others. The
        candidate search of one article in one call (backends override it with one round trip)."""
        wanted = {int(h) for h in hashes}
        ignore: set[int] = set()
        if boilerplate_min > 0:
            ignore = {h for h, n in self.hash_site_max(wanted).items() if n >= boilerplate_min}
        return self.lookup_hashes([h for h in wanted if h not in ignore], limit=limit), ignore

    @abstractmethod
    def count_articles(self) -> int:
        """How many articles the store holds."""

    @abstractmethod
    def article_urls(self) -> Iterator[str]:
        """The URL of every stored article (in no particular order)."""

    # --- retention ---------------------------------------------------------------------------
    @abstractmethod
    def stale_articles(self, before: float, limit: int) -> list[str]:
        """The URLs of at most ``limit`` articles last stored (:attr:`StoredArticle.updated`)
        before ``before`` (epoch seconds), the oldest first (then by URL)."""

    @abstractmethod
    def touch_articles(self, urls: Iterable[str], when: float) -> None:
        """Set :attr:`StoredArticle.updated` of the stored articles among ``urls`` to ``when``
        (an article indexed again unchanged: seen again, it stays for another retention period)."""

    @abstractmethod
    def delete_articles(self, urls: Iterable[str]) -> int:
        """Remove the stored articles among ``urls`` with all the store keeps of them: their
        candidate-index entries and per-site counts, their links (on both sides), their cluster
        memberships (deleting the clusters this leaves without members) and their verdicts; the
        number removed. The clusters they leave are not divided again, nor are the boilerplate
        statuses their counts change acted on: :func:`crawler.syndication.retention.prune` does."""

    @abstractmethod
    def expire_verdicts(self, before: float) -> int:
        """Forget each verdict (a URL's latest of one kind) stored before ``before`` (epoch
        seconds); the number forgotten."""

    # --- links and clusters ------------------------------------------------------------------
    @abstractmethod
    def get_links(self, urls: Iterable[str]) -> dict[str, dict[str, int]]:
        """For each of ``urls``, its linked articles: other URL -> link kind seen from it
        (``LINK_IN``, ``LINK_HAS`` or ``LINK_BOTH``); ``{}`` for an article without links."""

    def neighbours(self, urls: Iterable[str]) -> set[str]:
        """The articles linked to any of ``urls`` (their links' kinds not read: a big component
        is found without reading every link of it)."""
        return {v for out in self.get_links(urls).values() for v in out}

    @abstractmethod
    def set_links(self, url: str, links: Mapping[str, int]) -> None:
        """Replace the links of ``url``, on both sides (the other article gets :func:`swap_link`
        of the kind). Kinds of 0 are not stored."""

    @abstractmethod
    def set_clusters(
        self, members: Mapping[str, str], originals: Mapping[str, tuple[str | None, str | None]]
    ) -> None:
        """Atomically put each stored article ``url`` of ``members`` in cluster ``members[url]``
        (creating it when new), record ``(original, rule)`` of each cluster of ``originals``, and
        delete the clusters this leaves without members."""

    @abstractmethod
    def get_cluster(self, cluster_id: str) -> Cluster | None:
        """The cluster with its members (sorted URLs), or None."""

    # --- pending relinks ---------------------------------------------------------------------
    @abstractmethod
    def add_relink_hashes(self, hashes: Iterable[int], version: int) -> None:
        """Remember ``hashes`` at ``version`` (a newer version replaces an older one): their
        boilerplate status changed, and the links of the articles indexed under them are to be
        derived again (kept until :meth:`drop_relink_hashes`)."""

    @abstractmethod
    def relink_hashes(self) -> dict[int, int]:
        """The remembered hashes of :meth:`add_relink_hashes` and their versions."""

    @abstractmethod
    def count_relink_hashes(self) -> int:
        """How many hashes :meth:`relink_hashes` would give."""

    @abstractmethod
    def drop_relink_hashes(self, versions: Mapping[int, int]) -> None:
        """Forget each hash of ``versions`` still remembered at that version (its articles were
        linked again; a hash remembered again since then stays)."""

    # --- meta values -------------------------------------------------------------------------
    @abstractmethod
    def get_meta(self, key: str) -> str | None:
        """A small named value kept with the state (what its derived data was built with)."""

    @abstractmethod
    def set_meta(self, key: str, value: str | None) -> None:
        """Set a meta value (None deletes it)."""

    # --- verdicts and seen URLs --------------------------------------------------------------
    @abstractmethod
    def put_verdict(self, url: str, kind: str, value: Mapping[str, Any]) -> None:
        """Store the latest verdict of ``kind`` (``syndication``, ``sourceCheck``) for ``url``."""

    @abstractmethod
    def get_verdict(self, url: str, kind: str) -> dict[str, Any] | None:
        """The latest verdict of ``kind`` for ``url``."""

    @abstractmethod
    def mark_seen(self, url: str, when: float | datetime | None = None) -> None:
        """Remember that ``url`` was fetched at ``when`` (epoch seconds or datetime; now if None)."""

    @abstractmethod
    def last_seen(self, url: str) -> float | None:
        """When ``url`` was last marked seen (epoch seconds), or None."""

    @abstractmethod
    def expire_seen(self, before: float | datetime) -> int:
        """Forget seen URLs last marked before ``before``; the number forgotten."""

    def mark_seen_many(self, urls: Iterable[str], when: float | datetime | None = None) -> None:
        """:meth:`mark_seen` for many URLs at once (backends override it with one round trip)."""
        for url in urls:
            self.mark_seen(url, when)

    def last_seen_many(self, urls: Iterable[str]) -> dict[str, float]:
        """:meth:`last_seen` of many URLs: url -> epoch seconds, for the URLs seen."""
        out = {}
        for url in urls:
            last = self.last_seen(url)
            if last is not None:
                out[url] = last
        return out

    # --- run history (health monitors, reports) ----------------------------------------------
    @abstractmethod
    def add_site_run(self, site: str, run: Mapping[str, Any], keep: int = 100) -> None:
        """Record one run's health figures of ``site``: a JSON-able mapping with a numeric
        ``finished`` (epoch seconds) that orders the runs. Only the newest ``keep`` runs of the
        site are kept. Two runs with equal contents may count as one (give each a run id)."""

    @abstractmethod
    def site_runs(self, site: str, limit: int = 10) -> list[dict[str, Any]]:
        """The newest ``limit`` runs recorded for ``site``, newest first."""

    @abstractmethod
    def run_sites(self) -> list[str]:
        """The sites with at least one recorded run, sorted."""
