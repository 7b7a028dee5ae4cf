"""Seen marks: incremental runs skip articles an earlier run fetched, unless they changed.

An article written (or dropped on purpose) is marked seen in the state store; a later run with the
same ``STATE_URI`` skips it unless its listing's ``lastmod`` / feed date is later than that fetch,
or ``INCREMENTAL_RECHECK_DAYS`` have passed. Marks are written in batches (one short transaction
each) and read per listing in one store call.

With ``open_writer`` (the spiders give one) the batches are written by a thread of their own on
a store connection of its own, so the reactor thread never waits for the store's write lock (the
state stages hold it for a batch of items at a time: waiting for it stalled the whole crawl, tens
of milliseconds per batch of marks); one batch is in flight at a time, the next one waits in
memory meanwhile, and the spider's close waits for the last one.

When the store fails (:class:`crawler.state.StateStoreError`: a read-only or corrupt file, a full
disk), the marks stop there: ``on_error`` is told once (the spider stops the crawl), the stat
``state/errors`` is set, and from then on every article counts as unseen and none is marked.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from crawler.config import SettingsReader
from crawler.dates import to_epoch
from crawler.state import StateStore, StateStoreError

logger = logging.getLogger(__name__)

#: Seen marks are flushed at least this often (seconds), whatever the batch size.
FLUSH_INTERVAL = 2.0


@dataclass(frozen=True)
class IncrementalConfig:
    """Plain settings of incremental crawling (``INCREMENTAL_*``)."""

    enabled: bool
    recheck_after: float  # seconds; 0: never
    seen_expiry: float  # seconds; 0: never
    mark_batch: int
    skip_sitemaps: bool = True  # crawler.spiders.listing_marks
    sitemap_recheck_after: float = 86400.0  # seconds; 0: never
    conditional_listings: bool = True  # crawler.spiders.listing_marks
    stop_at_seen_pages: bool = True  # crawler.spiders.listing_marks

    @classmethod
    def from_settings(cls, s: SettingsReader) -> IncrementalConfig:
        return cls(
            enabled=s.getbool("INCREMENTAL_ENABLED"),
            recheck_after=s.getfloat("INCREMENTAL_RECHECK_DAYS") * 86400,
            seen_expiry=s.getfloat("INCREMENTAL_SEEN_EXPIRY_DAYS") * 86400,
            mark_batch=max(1, s.getint("INCREMENTAL_MARK_BATCH")),
            skip_sitemaps=s.getbool("INCREMENTAL_SKIP_UNCHANGED_SITEMAPS"),
            sitemap_recheck_after=s.getfloat("INCREMENTAL_SITEMAP_RECHECK_HOURS") * 3600,
            conditional_listings=s.getbool("INCREMENTAL_CONDITIONAL_LISTINGS"),
            stop_at_seen_pages=s.getbool("INCREMENTAL_STOP_AT_SEEN_PAGES"),
        )


class SeenMarks:
    """The seen marks of one crawl: batched writes, per-listing reads, the skip decision.

    ``stats`` is the crawl's stats collector (``incremental/*`` counters). ``open_writer``: opens
    the store the marks are written to, in a writer thread of their own (None: written with
    ``store``, in the calling thread). ``on_error`` is always called in the calling thread.
    """

    def __init__(self, store: StateStore, config: IncrementalConfig, stats: Any,
                 on_error: Callable[[StateStoreError], None] | None = None,
                 open_writer: Callable[[], StateStore] | None = None) -> None:
        self.store = store
        self.config = config
        self.stats = stats
        self.on_error = on_error
        self.open_writer = open_writer
        self._writer: ThreadPoolExecutor | None = None
        self._writer_store: StateStore | None = None
        self._in_flight: Future[None] | None = None
        self.failed = False
        self.skipped: set[str] = set()
        self.prefetched: dict[str, float | None] = {}
        self.batch: list[str] = []
        self.flushed = time.monotonic()
        self.run_started = time.time()

    def expire(self) -> None:
        """Forget URLs not fetched for ``INCREMENTAL_SEEN_EXPIRY_DAYS`` (at the start of a run)."""
        if self.config.seen_expiry <= 0 or self.failed:
            return
        try:
            expired = self.store.expire_seen(time.time() - self.config.seen_expiry)
        except StateStoreError as exc:
            self._failed(exc)
            return
        if expired:
            self.stats.set_value("incremental/expired", expired)
            logger.info("Forgot %d article URLs not seen for %.0f days", expired, self.config.seen_expiry / 86400)

    def mark(self, url: str) -> None:
        """``url`` was written: seen from now on (flushed per batch or every 2 seconds).

        Called after the feed exporter wrote the record, so an article is never marked seen
        without being in the output. A kill loses at most the last batch of marks: with
        ``JOBDIR`` the resume marks them from the output files; without it, those few articles
        are fetched again by the next run.
        """
        if self.failed:
            return
        self.batch.append(url)
        if len(self.batch) >= self.config.mark_batch or time.monotonic() - self.flushed > FLUSH_INTERVAL:
            self.flush()

    def flush(self, wait: bool = False) -> None:
        """Write the batched marks in one transaction (with a writer: hand them to its thread,
        unless a batch is still in flight; ``wait``: also wait until every mark is written)."""
        self.flushed = time.monotonic()
        if self.open_writer is None:
            if self.batch and not self.failed:
                batch, self.batch = self.batch, []
                try:
                    self.store.mark_seen_many(batch, time.time())
                except StateStoreError as exc:
                    self._failed(exc)
            return
        if self._in_flight is not None and (wait or self._in_flight.done()):
            self._settle(self._in_flight)
        if self.batch and not self.failed and self._in_flight is None:
            batch, self.batch = self.batch, []
            if self._writer is None:
                self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seen-marks")
            self._in_flight = self._writer.submit(self._write, batch, time.time())
            if wait:
                self._settle(self._in_flight)

    def _write(self, batch: list[str], when: float) -> None:
        """Writer thread: one batch, on the writer's own store connection."""
        if self._writer_store is None:
            assert self.open_writer is not None
            self._writer_store = self.open_writer()
        self._writer_store.mark_seen_many(batch, when)

    def _settle(self, future: Future[None]) -> None:
        """Wait for the batch in flight; a store error stops the marks (told here)."""
        self._in_flight = None
        exc = future.exception()
        if isinstance(exc, StateStoreError):
            self._failed(exc)
        elif exc is not None:
            raise exc

    def close(self) -> None:
        """Write every waiting mark, then close the stores (the writer's in its own thread)."""
        try:
            self.flush(wait=True)
        finally:
            if self._writer is not None:
                if self._writer_store is not None:
                    self._writer.submit(self._writer_store.close).result()
                self._writer.shutdown(wait=True)
                self._writer = None
            self.store.close()

    def _failed(self, exc: StateStoreError) -> None:
        self.failed = True
        self.batch = []
        self.stats.inc_value("state/errors")
        if self.on_error is not None:
            self.on_error(exc)

    def prefetch(self, urls: Iterable[str]) -> None:
        """Read the marks of a listing's (normalised, on-site) article URLs in one store call, for
        :meth:`unchanged`: one round trip per listing instead of one per article."""
        self.prefetched.clear()
        wanted = [u for u in urls if u not in self.skipped]
        if wanted and not self.failed:
            try:
                found = self.store.last_seen_many(wanted)
            except StateStoreError as exc:
                self._failed(exc)
                return
            self.prefetched.update((u, found.get(u)) for u in wanted)

    def unchanged(self, url: str, hint: Mapping[str, Any] | None, site: str | None = None) -> bool:
        """True when ``url`` was fetched in an earlier run and nothing says it changed since.

        Counts ``site/<site>/unchanged`` once per URL of an earlier run (an article written in
        this run and listed again is skipped too, but not counted: it is among the articles)."""
        if url in self.skipped:  # listed again (another sitemap or feed)
            return True
        if self.failed:
            return False
        try:
            last = self.prefetched.pop(url) if url in self.prefetched else self.store.last_seen(url)
        except StateStoreError as exc:
            self._failed(exc)
            return False
        if last is None:
            return False
        for key in ("dateModified", "datePublished"):
            when = to_epoch((hint or {}).get(key))
            if when is not None and when > last:
                self.stats.inc_value("incremental/changed")
                return False
        if self.config.recheck_after > 0 and time.time() - last > self.config.recheck_after:
            self.stats.inc_value("incremental/recheck_due")
            return False
        self.stats.inc_value("incremental/unchanged_skipped")
        self.skipped.add(url)
        if site is not None and last < self.run_started:
            self.stats.inc_value(f"site/{site}/unchanged")
        return True
