"""The state store interface: what outlives a crawl run (articles, sketches, clusters, verdicts).

The store is deliberately dumb: keyed records, sets of hashes -> articles, clusters with their
members, and one atomic step ("join this cluster or create it"). All evaluation logic lives in
:mod:`crawler.syndication` and :mod:`crawler.source_check`. It is built so that a key-value store
such as Redis can implement it:

* articles: one record per URL (a hash ``article:{url}``), found also by normalised URL or
  canonical URL (``urlkey:{key}`` -> url);
* candidate index: per sampled shingle hash a set of article URLs and a set of cluster ids
  (``h:{hash}``, ``hc:{hash}``);
* clusters: a record (original URL, deciding rule) and a member set (``cluster:{id}``,
  ``members:{id}``); :meth:`StateStore.join_cluster` is atomic (a Lua script or WATCH/MULTI);
* verdicts and seen URLs: plain keyed values;
* run history: per site, the health figures of its last runs (``runs:{site}``), read by the
  health monitors (a site's article count against its earlier runs) and ``scrapy report``.

No Scrapy imports here, and no module-level state.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


def chunks(items: list[Any], n: int) -> Iterator[list[Any]]:
    """``items`` in lists of at most ``n`` (bounded IN lists and scripts)."""
    for i in range(0, len(items), n):
        yield items[i : i + n]


@dataclass
class StoredArticle:
    """One article as the state store keeps it.

    ``sketch`` is an opaque string (:meth:`crawler.syndication.sketch.Sketch.to_json`); ``index_hashes`` are
    the hashes put in the candidate index for it (its sampled shingle hashes).
    ``cluster_id`` is set by :meth:`StateStore.join_cluster`, never by :meth:`put_article`.
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


@dataclass
class Cluster:
    """A cluster of copies of one story. ``original`` is the current original's URL, ``rule`` the
    rule that chose it (see :mod:`crawler.syndication`)."""

    cluster_id: str
    members: tuple[str, ...] = ()
    original: str | None = None
    rule: str | None = None


class StateStore(ABC):
    """State that outlives a run. Implementations: SQLite (``sqlite:///``), Redis later."""

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

    # --- articles and the candidate index ----------------------------------------------------
    @abstractmethod
    def put_article(self, article: StoredArticle) -> None:
        """Insert or update an article by URL and replace its candidate-index hashes.

        Keeps the article's cluster (``article.cluster_id`` is ignored)."""

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

    @abstractmethod
    def hash_cluster_counts(self, hashes: Iterable[int]) -> dict[int, int]:
        """For each hash, in how many distinct clusters it is indexed (absent = 0)."""

    def candidate_postings(
        self, hashes: Iterable[int], limit: int, boilerplate_clusters: int
    ) -> tuple[dict[int, list[str]], set[int]]:
        """``(postings, boilerplate)``: the hashes indexed in ``boilerplate_clusters`` clusters or
        more (none when it is 0 or less), and :meth:`lookup_hashes` of the others. The candidate
        search of one record in one call (backends override it with one round trip)."""
        wanted = {int(h) for h in hashes}
        ignore: set[int] = set()
        if boilerplate_clusters > 0:
            ignore = {h for h, n in self.hash_cluster_counts(wanted).items() if n >= boilerplate_clusters}
        return self.lookup_hashes([h for h in wanted if h not in ignore], limit=limit), ignore

    @abstractmethod
    def count_articles(self) -> int:
        """How many articles the store holds."""

    # --- clusters ----------------------------------------------------------------------------
    @abstractmethod
    def join_cluster(self, url: str, cluster_id: str) -> str:
        """Atomically put the article ``url`` in ``cluster_id`` (creating the cluster when new)
        unless it is already in a cluster; return the cluster it is in. Cluster ids never change.
        """

    @abstractmethod
    def move_article(self, url: str, cluster_id: str) -> None:
        """Move a stored article into an existing cluster (used only to fold a single-member
        cluster into the cluster of its story; the emptied cluster's id is never reused)."""

    @abstractmethod
    def get_cluster(self, cluster_id: str) -> Cluster | None:
        """The cluster with its members (sorted URLs), or None."""

    @abstractmethod
    def set_original(self, cluster_id: str, url: str | None, rule: str | None) -> None:
        """Record the cluster's current original and the rule that chose it."""

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
