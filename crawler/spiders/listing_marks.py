"""Listings an earlier run read whole are not read again while nothing says they changed: child
sitemaps their index gives the same ``lastmod``, sitemaps and feeds their server answers ``304 Not
Modified``, index pages past a page of articles all seen.

A news site's sitemap index often lists hundreds of child sitemaps (one a day, a month or a
thousand posts), each with its ``<lastmod>``, and only the newest ones change. Reading them all
every hour costs the site and the crawl megabytes for nothing, and on a site with a budget
(``SITE_MAX_PAGES``, ``SITE_MAX_BYTES``) it can spend the run's budget on the archive. So a run
records, per site, each child sitemap it read whole with the ``lastmod`` the index gave it, and a
later run does not request a child while the index gives it the ``lastmod`` (the same instant)
recorded (stat ``incremental/sitemaps_unchanged``). The articles it gave when it was read (those
written, and those skipped as unchanged) count as listed and unchanged for the site's health
checks (``site/<site>/unchanged``, :mod:`crawler.health`), as they would if it were read again.

*Read whole* is proved, not assumed. Every article request the child gave (made at once or held in
the site's backlog) is counted, and counted off when it ends in an answer another run would not
change: its page was read (an article or not), the site answered 404 or 410, robots.txt forbids
it, or the duplicate filter dropped it (another request of this run fetches that URL). Anything
else leaves the child unfinished, to be read again by the next run: a network error, a 5xx, an
extraction that failed or timed out, a request a site's budget refused, a link its backlog
dropped, a request that never ran. The records are written when the spider closes, and only when
the run finished (not on a kill, a shutdown, a state store error or a failed output), so a run
cut short never makes a later one skip what it did not read.

Never skipped: the index's newest child (those with its latest ``lastmod``: where a site adds its
new articles, whether it numbers its sitemaps or gives one to each day, and read even when the
site never updates the ``lastmod`` of a child it appends to); a child the index lists without a
``lastmod``; a child whose ``lastmod`` is a date without a time, until a run reads it two days
after that date (the site may change it again that day and give the same date); a child last
read more than ``INCREMENTAL_SITEMAP_RECHECK_HOURS`` ago (24: a site that adds articles to an
older child without moving its ``lastmod`` is read a day late, not never); a child of the sites
file or of robots.txt (only an index's children carry a ``lastmod``). A child not read for
``INCREMENTAL_SEEN_EXPIRY_DAYS`` is read again, as the seen marks of its articles are forgotten,
and its record is dropped when the site's records are written. Distributed workers read every
child (their articles end in other workers).

**Index pages' pagination** (``INCREMENTAL_STOP_AT_SEEN_PAGES``, sites with an
``article_pattern``). An index page whose article links earlier runs all fetched (none new, none
due for a recheck) holds nothing new, nor, on a site that lists its newest first, do the pages
after it: its pagination is not followed (stat ``incremental/pagination_stopped``), as long as a
finished run walked that pagination to its end within ``INCREMENTAL_SITEMAP_RECHECK_HOURS`` (the
record of a walk: its first page -> the article links of all its pages; without one, or past that
time, the walk goes on to its end and is recorded, unless a page of it failed or a budget stopped
its site). A page of new articles takes the walk's record out of the store at once, to be written
back when the run finishes: a run cut short may leave new articles unfetched on the next pages
while those it wrote make the first page look seen, and the next run must walk on. The article
links of the pages not read (the record's count less the earlier articles this run's pages of it
gave) count as listed and unchanged for the health checks. Pages linked from the stopped page that
are already asked for (numbered pagination lists several) are read, each stopping in turn.

**Conditional requests** (``INCREMENTAL_CONDITIONAL_LISTINGS``). A sitemap or feed that lists
articles only (no child sitemaps, no next page), read whole, is recorded the same way with the
validators its server gave it (``ETag``, ``Last-Modified``), the child sitemaps of an index
with them. A later run asks for it with ``If-None-Match`` and ``If-Modified-Since``; a ``304 Not
Modified`` answer is the server's word that it is the listing read before (stat
``incremental/listings_not_modified``): nothing to read, its articles counted unchanged as
above. The same rules bound it: a listing last read whole more than
``INCREMENTAL_SITEMAP_RECHECK_HOURS`` ago (or ``INCREMENTAL_SEEN_EXPIRY_DAYS``) is asked for
without validators and read whole again, and one not read whole is not recorded, so its
articles that failed are tried again by the next run. A sitemap index is never asked for
conditionally: its newest child must be read each run.

The records are kept in the state store's meta table, one JSON object per site (``listings/<site>``:
listing URL -> ``[lastmod, time read, articles]``, then ``ETag`` and ``Last-Modified`` when the
server gave one), read when the site's first listing is requested or parsed and written once per
site when the spider closes. A record that does not parse is ignored (stat
``incremental/sitemap_records_unreadable``): every listing is read again.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from crawler.dates import to_epoch
from crawler.state import StateStore, StateStoreError

logger = logging.getLogger(__name__)

#: The meta key of a site's records.
KEY = "listings/"
#: A ``lastmod`` that is a date alone covers that whole day in any time zone: its child is read
#: again until a run reads it this long after the date's start.
DATE_ONLY_GRACE = 2 * 86400.0
#: The key prefix of an index page pagination's record (its first page's URL follows).
PAGES = "pages:"
#: Validators longer than this are not kept (a server's, not ours to store at any size).
MAX_VALIDATOR = 256
#: Request priorities an index's children are spread over (:func:`newest_first`): Scrapy keeps one
#: queue per priority (with ``JOBDIR``, one open file each), so an index of 2,000 children must
#: not make 2,000 of them.
PRIORITY_STEPS = 8


@dataclass
class _Child:
    """A listing read in this run: its site, the ``lastmod`` its index gave (``""``: none), its
    articles (written, or skipped as unchanged), the article requests it gave that have not ended
    yet, whether one ended in a failure, and its server's validators."""

    site: str
    lastmod: str
    articles: int = 0
    pending: int = 0
    failed: bool = False
    etag: str | None = None
    last_modified: str | None = None


def newest(lastmods: Iterable[str]) -> float | None:
    """The latest of an index's ``lastmod`` values, as epoch seconds (None: none reads as a date)."""
    return max((when for when in map(to_epoch, lastmods) if when is not None), default=None)


def newest_first(urls: list[str], lastmods: dict[str, str]) -> list[tuple[str, int]]:
    """An index's children in the order to read them, each with its request priority: those
    without a ``lastmod`` first, in the index's order (nothing says how old they are), then the
    others newest first, each a step lower in priority (0, -1, -2... down to ``-PRIORITY_STEPS``
    for the rest), so that a site's new articles are fetched before its archive's and a budget
    (``SITE_MAX_PAGES``) is spent on them first, whatever order the index lists them in and the
    scheduler pops them in."""
    when = {url: to_epoch(lastmods[url]) for url in urls if url in lastmods}
    undated = [(url, 0) for url in urls if when.get(url) is None]
    dated = sorted((url for url in urls if when.get(url) is not None), key=lambda url: -(when[url] or 0.0))
    return undated + [(url, -min(rank, PRIORITY_STEPS)) for rank, url in enumerate(dated)]


@dataclass
class _Pages:
    """An index page's pagination walked in this run: its site, the pages read, the article links
    they gave and how many of those earlier runs fetched, and whether the walk stopped at a page of
    nothing new."""

    site: str
    pages: int = 0
    articles: int = 0
    unchanged: int = 0
    stopped: bool = False
    whole: bool = False  # walked to its end in this run (no record, or one past the recheck)
    failed: bool = False  # a page of it failed (a 5xx, a network error, a budget's refusal)
    invalidated: bool = False  # its record taken out of the store until this run ends well


class ListingMarks:
    """The records of one crawl: the skip, conditional-request and pagination decisions, the count
    of each listing's article requests and of each pagination's articles, and the write at close.
    ``recheck_after`` and ``expiry`` in seconds (0: never); ``skip_children``, ``conditional`` and
    ``stop_pages``: ``INCREMENTAL_SKIP_UNCHANGED_SITEMAPS``, ``INCREMENTAL_CONDITIONAL_LISTINGS`` and
    ``INCREMENTAL_STOP_AT_SEEN_PAGES``."""

    def __init__(self, store: StateStore, recheck_after: float, expiry: float, stats: Any,
                 skip_children: bool = True, conditional: bool = True, stop_pages: bool = True) -> None:
        self.store = store
        self.recheck_after = recheck_after
        self.expiry = expiry
        self.stats = stats
        self.skip_children = skip_children
        self.conditional = conditional
        self.stop_at_seen_pages = stop_pages
        self.pages: dict[str, _Pages] = {}
        self.stopped_sites: set[str] = set()
        self.run_started = time.time()
        self.records: dict[str, dict[str, list[Any]]] = {}
        self.children: dict[str, _Child] = {}
        self.failed = False

    def _records(self, site: str) -> dict[str, list[Any]]:
        """The site's records as the store holds them (read once per run)."""
        if site not in self.records:
            records: dict[str, list[Any]] = {}
            try:
                raw = None if self.failed else self.store.get_meta(KEY + site)
            except StateStoreError as exc:
                self._store_failed(exc)
                raw = None
            if raw:
                try:
                    found = json.loads(raw)
                    records = {url: value for url, value in found.items()
                               if isinstance(url, str) and isinstance(value, list) and len(value) in (3, 5)
                               and isinstance(value[0], str) and isinstance(value[1], (int, float))
                               and isinstance(value[2], int)
                               and all(v is None or isinstance(v, str) for v in value[3:])}
                except (ValueError, AttributeError):
                    self.stats.inc_value("incremental/sitemap_records_unreadable")
                    logger.warning("The sitemap records of site %s do not parse; every child sitemap is read", site)
            self.records[site] = records
        return self.records[site]

    def unchanged(self, site: str, url: str, lastmod: str | None, newest: float | None) -> bool:
        """True when an earlier run read the child sitemap ``url`` whole and its index's
        ``lastmod`` says nothing changed since (see the module docstring). ``newest``: the
        index's latest ``lastmod``, as epoch seconds."""
        if not self.skip_children or not lastmod or url in self.children:
            return False
        given = to_epoch(lastmod)
        if given is None or newest is None or given >= newest:
            return False
        record = self._records(site).get(url)
        if record is None:
            return False
        recorded, read = to_epoch(record[0]), float(record[1])
        if recorded is None or given != recorded:  # later, or earlier (a site that shrank or restored it)
            self.stats.inc_value("incremental/sitemaps_changed")
            return False
        if len(lastmod) == 10 and read < given + DATE_ONLY_GRACE:  # a date alone: that day may not be over
            return False
        if not self._fresh(read, "incremental/sitemaps_recheck_due"):
            return False
        self.stats.inc_value("incremental/sitemaps_unchanged")
        self._count_unchanged(site, record[2])
        return True

    def _fresh(self, read: float, recheck_stat: str) -> bool:
        """A record read (whole) at ``read`` may stand for the listing in this run: neither
        forgotten (``INCREMENTAL_SEEN_EXPIRY_DAYS``, as its articles' marks) nor due for a read
        anyway (``INCREMENTAL_SITEMAP_RECHECK_HOURS``, counted in ``recheck_stat``)."""
        if self.expiry > 0 and self.run_started - read > self.expiry:
            return False
        if self.recheck_after > 0 and self.run_started - read > self.recheck_after:
            self.stats.inc_value(recheck_stat)
            return False
        return True

    def _count_unchanged(self, site: str, articles: int) -> None:
        """Articles a listing gave when it was read count as listed and unchanged again."""
        if articles > 0:
            self.stats.inc_value(f"site/{site}/unchanged", articles)

    def validators(self, site: str, url: str) -> dict[str, str]:
        """The headers of a conditional request for the listing ``url`` (none when no fresh
        record of it holds a validator, see the module docstring)."""
        if not self.conditional or url in self.children:
            return {}
        record = self._records(site).get(url)
        if record is None or len(record) < 5 or not (record[3] or record[4]):
            return {}
        if not self._fresh(float(record[1]), "incremental/listings_recheck_due"):
            return {}
        headers = {}
        if record[3]:
            headers["If-None-Match"] = record[3]
        if record[4]:
            headers["If-Modified-Since"] = record[4]
        return headers

    def not_modified(self, site: str, url: str) -> bool:
        """The server answered ``304 Not Modified`` to the conditional request of ``url``: the
        listing is the one an earlier run read whole (its articles count as unchanged). False
        when no record of it is left to stand for it (the store failed since the request)."""
        record = self._records(site).get(url)
        if record is None:
            self.stats.inc_value("incremental/listings_not_modified_unrecorded")
            return False
        self.stats.inc_value("incremental/listings_not_modified")
        self._count_unchanged(site, record[2])
        return True

    def index_page(self, site: str, first: str, articles: int, unchanged: int) -> None:
        """A page of the pagination that starts at ``first`` was read: it gave ``articles``
        article links, ``unchanged`` of them fetched by earlier runs."""
        walk = self.pages.setdefault(first, _Pages(site))
        walk.pages += 1
        walk.articles += articles
        walk.unchanged += unchanged
        if articles > unchanged and not walk.invalidated and PAGES + first in self._records(site):
            # new articles: until this run ends well, the record no longer says that the pages
            # past one of articles all seen hold nothing new (a run cut short may leave some
            # there unfetched, while the ones it wrote make their page look seen)
            walk.invalidated = True
            out = {PAGES + f for f, w in self.pages.items() if w.invalidated and w.site == site}
            self._write(site, {k: v for k, v in self._records(site).items() if k not in out})

    def page_failed(self, site: str, first: str) -> None:
        """A page of the pagination that starts at ``first`` failed: the walk is not whole."""
        self.pages.setdefault(first, _Pages(site)).failed = True

    def site_stopped(self, site: str) -> None:
        """A budget stopped ``site`` (its backlog dropped): none of its walks is whole."""
        self.stopped_sites.add(site)

    def stop_pages(self, site: str, first: str) -> bool:
        """A page of the pagination that starts at ``first`` gave no article link that is new:
        True when its next pages need not be read, as a finished run walked them to their end
        recently (see the module docstring)."""
        if not self.stop_at_seen_pages:
            return False
        walk = self.pages.setdefault(first, _Pages(site))
        if walk.whole:
            return False
        record = self._records(site).get(PAGES + first)
        if record is None or not self._fresh(float(record[1]), "incremental/pagination_recheck_due"):
            walk.whole = True
            return False
        self.stats.inc_value("incremental/pagination_stopped")
        if not walk.stopped:  # the earlier articles on the pages not read count once
            walk.stopped = True
            self._count_unchanged(site, record[2] - walk.unchanged)
        return True

    def opened(self, site: str, url: str, lastmod: str | None, etag: str | None = None,
               last_modified: str | None = None) -> None:
        """The listing ``url`` (with its index's ``lastmod``, and its server's validators) is
        being read whole in this run."""
        keep = [v if v and len(v) <= MAX_VALIDATOR and v.isprintable() else None for v in (etag, last_modified)]
        self.children.setdefault(url, _Child(site, lastmod or "", etag=keep[0], last_modified=keep[1]))

    def unchanged_article(self, url: str) -> None:
        """The child sitemap ``url`` listed an article an earlier run wrote (not requested)."""
        child = self.children.get(url)
        if child is not None:
            child.articles += 1

    def issued(self, url: str) -> None:
        """The child sitemap ``url`` gave one more article request."""
        child = self.children.get(url)
        if child is not None:
            child.pending += 1

    def ended(self, url: str, ok: bool, article: bool = False) -> None:
        """One article request of the child sitemap ``url`` ended; ``ok``: in an answer another
        run would not change; ``article``: an article was extracted."""
        child = self.children.get(url)
        if child is None:
            return
        child.pending -= 1
        child.articles += article
        if not ok:
            child.failed = True

    def close(self, finished: bool) -> None:
        """Write the records of every site with a listing read in this run, when the run
        ``finished``: the listings read whole with their ``lastmod`` and validators; a listing read
        but not whole loses its record. Stats ``incremental/sitemaps_recorded`` and
        ``incremental/sitemaps_unfinished`` (listings of either kind)."""
        if not finished or self.failed:
            return
        walks = {first: walk for first, walk in self.pages.items() if walk.pages > 1 or walk.invalidated}
        sites = sorted({child.site for child in self.children.values()} | {walk.site for walk in walks.values()})
        if not sites:
            return
        done = unfinished = 0
        for site in sites:
            records = dict(self._records(site))
            if self.expiry > 0:
                records = {u: r for u, r in records.items() if self.run_started - float(r[1]) <= self.expiry}
            for url, child in self.children.items():
                if child.site != site:
                    continue
                if child.pending == 0 and not child.failed:
                    records[url] = [child.lastmod, self.run_started, child.articles]
                    if child.etag or child.last_modified:
                        records[url] += [child.etag, child.last_modified]
                    done += 1
                else:
                    records.pop(url, None)
                    unfinished += 1
            self._walk_records(site, records, walks)
            if not self._write(site, records):
                return
        self.stats.set_value("incremental/sitemaps_recorded", done)
        if unfinished:
            self.stats.set_value("incremental/sitemaps_unfinished", unfinished)

    def _walk_records(self, site: str, records: dict[str, list[Any]], walks: dict[str, _Pages]) -> None:
        """The records of the site's paginations walked in this run, updated in ``records``."""
        for first, walk in walks.items():
            if walk.site != site or walk.stopped:  # stopped at a page of nothing new: the record stands
                continue
            if walk.pages > 1 and not (walk.failed or site in self.stopped_sites):  # walked whole
                records[PAGES + first] = ["", self.run_started, walk.articles]
            else:  # not whole, or an index page without a next one (it needs no record)
                records.pop(PAGES + first, None)

    def _write(self, site: str, records: dict[str, list[Any]]) -> bool:
        """Store the site's records; False when the store failed."""
        if self.failed:
            return False
        try:
            self.store.set_meta(KEY + site, json.dumps(records, sort_keys=True, separators=(",", ":")))
        except StateStoreError as exc:
            self._store_failed(exc)
            return False
        return True

    def _store_failed(self, exc: StateStoreError) -> None:
        """The store failed: no child is skipped or recorded from here on (the spider's seen
        marks report the failure and stop the crawl)."""
        self.failed = True
        self.records.clear()
        logger.warning("Sitemap records not available: %s", exc)
