"""Per-site queues: how many requests of one site may wait in the scheduler at once.

One page can list 100,000 links, and as Scrapy requests (headers, meta, callbacks) in the
scheduler's memory queue they cost ~4 KB each: 400 MB for one index page, 700 MB for one big
sitemap. The spider asks :class:`SiteQueues` before it yields a request found on a page: while
the site has fewer than ``SITE_MAX_QUEUED`` requests outstanding the request goes out; beyond
that the link waits in the site's backlog as a :class:`Held` tuple (a few hundred bytes), and is
turned into a request when one of the site's requests finishes (every callback and errback of a
site request calls :meth:`SiteQueues.finished`; a request dropped by the duplicate filter too)
or, as a safety net, when the whole crawl goes idle.

A backlog holds at most ``SITE_MAX_PAGES`` links (the site cannot be fetched further in this run
anyway; 0: no limit); links beyond it are counted and left for the next run. A site stopped by
its budget (:mod:`crawler.middlewares.site_budget`) has its backlog dropped.

Stats: ``site_queue/held`` (links that waited), ``site_queue/dropped/overflow`` (backlog full),
``site_queue/dropped/stopped`` (backlog of a site stopped by its budget),
``site_queue/max_backlog`` (the longest backlog of the run).
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from crawler.config import SettingsReader

logger = logging.getLogger(__name__)


class Held(NamedTuple):
    """A link waiting in a site's backlog: what the spider needs to make its request."""

    url: str
    callback: str
    via: str
    meta: dict[str, Any]


@dataclass(frozen=True)
class QueueConfig:
    """Plain settings of the per-site queues (``SITE_MAX_QUEUED``, ``SITE_MAX_PAGES``)."""

    max_queued: int  # 0: no limit
    max_backlog: int  # 0: no limit

    @classmethod
    def from_settings(cls, s: SettingsReader) -> QueueConfig:
        return cls(max_queued=s.getint("SITE_MAX_QUEUED"), max_backlog=s.getint("SITE_MAX_PAGES"))


class SiteQueues:
    """Outstanding requests and backlogs per site (see the module docstring)."""

    def __init__(self, config: QueueConfig, stats: Any) -> None:
        self.config = config
        self.stats = stats
        self.outstanding: Counter[str] = Counter()
        self.backlog: dict[str, deque[Held]] = {}
        self.stopped: set[str] = set()
        self.warned: set[str] = set()
        self.longest = 0

    def started(self, site: str) -> None:
        """A request of ``site`` went out without asking (a discovery URL of the sites file)."""
        self.outstanding[site] += 1

    def admit(self, site: str, held: Held) -> bool:
        """True: make the request now (it counts as outstanding). False: it waits in the backlog,
        or is dropped (counted) when the backlog is full or the site was stopped."""
        if site in self.stopped:
            self.stats.inc_value("site_queue/dropped/stopped")
            return False
        cap = self.config.max_queued
        waiting = self.backlog.get(site)
        if cap <= 0 or (self.outstanding[site] < cap and not waiting):
            self.outstanding[site] += 1
            return True
        if waiting is None:
            waiting = self.backlog[site] = deque()
        if 0 < self.config.max_backlog <= len(waiting):
            self.stats.inc_value("site_queue/dropped/overflow")
            if site not in self.warned:
                self.warned.add(site)
                logger.warning("Site %s: more links waiting than its page budget (%d, SITE_MAX_PAGES); "
                               "the rest are left for the next run", site, self.config.max_backlog)
            return False
        waiting.append(held)
        self.stats.inc_value("site_queue/held")
        if len(waiting) > self.longest:
            self.longest = len(waiting)
            self.stats.max_value("site_queue/max_backlog", self.longest)
        return False

    def finished(self, site: str) -> None:
        """A request of ``site`` is done (its callback or errback ran, or it was dropped)."""
        if self.outstanding[site] > 0:
            self.outstanding[site] -= 1

    def release(self, site: str) -> Iterator[Held]:
        """Links of ``site``'s backlog that may go out now (each counted as outstanding)."""
        waiting = self.backlog.get(site)
        cap = self.config.max_queued
        while waiting and (cap <= 0 or self.outstanding[site] < cap):
            self.outstanding[site] += 1
            yield waiting.popleft()
        if waiting is not None and not waiting:
            del self.backlog[site]

    def release_idle(self) -> Iterator[tuple[str, Held]]:
        """The crawl is idle, so nothing is outstanding: the next batch of every backlog."""
        self.outstanding.clear()
        for site in list(self.backlog):
            for held in self.release(site):
                yield site, held

    def stop(self, site: str) -> int:
        """``site`` was stopped by its budget: drop its backlog; the number of links dropped."""
        self.stopped.add(site)
        dropped = len(self.backlog.pop(site, ()))
        if dropped:
            self.stats.inc_value("site_queue/dropped/stopped", dropped)
        return dropped

    @property
    def waiting(self) -> int:
        """Links waiting in all backlogs."""
        return sum(len(q) for q in self.backlog.values())
