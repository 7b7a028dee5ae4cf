"""Per-site queues: how many requests of one site may wait in the scheduler at once.

One page can list 100,000 links, and as Scrapy requests (headers, meta, callbacks) in the
scheduler's memory queue they cost ~4 KB each: 400 MB for one index page, 700 MB for one big
sitemap. The spider asks :class:`SiteQueues` before it yields a request found on a page: while
the site has fewer than ``SITE_MAX_QUEUED`` requests outstanding the request goes out; beyond
that the link waits in the site's backlog as a :class:`Held` tuple (a few hundred bytes), and is
turned into a request when one of the site's requests finishes (every callback and errback of a
site request calls :meth:`SiteQueues.finished`; a request dropped by the duplicate filter too)
or, as a safety net, when the whole crawl goes idle.

Distributed workers (their queue is in Redis) and crawls with ``JOBDIR`` (their queue is on
disk, and a pause saves it) use no cap.

A backlog holds at most ``SITE_MAX_PAGES`` links (the site cannot be fetched further in this run
anyway; 0: no limit); links beyond it are counted and left for the next run. A site stopped by
its budget (:mod:`crawler.middlewares.site_budget`) has its backlog dropped.

:class:`BoundedRequestsMixin` is the spider's side: requests made through it, backlogs released
as the site's requests finish, and the per-page link limit (``DISCOVERY_MAX_PAGE_LINKS``).

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

import scrapy
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from crawler.config import SettingsReader
from crawler.discovery.config import DiscoveryConfig
from crawler.discovery.targets import SITE, SITE_STOPPED
from crawler.sites import Site, SiteIndex
from crawler.spiders.fetch_failures import REDIRECT_LOOP, count_over_a_limit, is_redirect_loop

logger = logging.getLogger(__name__)


class Held(NamedTuple):
    """A link waiting in a site's backlog: what the spider needs to make its request."""

    url: str
    callback: str
    via: str
    meta: dict[str, Any]
    priority: int = 0


@dataclass(frozen=True)
class QueueConfig:
    """Plain settings of the per-site queues (``SITE_MAX_QUEUED``, ``SITE_MAX_PAGES``)."""

    max_queued: int  # 0: no limit
    max_backlog: int  # 0: no limit

    @classmethod
    def from_settings(cls, s: SettingsReader) -> QueueConfig:
        # with JOBDIR the scheduler keeps its queue on disk (and a pause saves it; a backlog in
        # memory would be lost by the pause): no cap then
        max_queued = 0 if s.get("JOBDIR") else s.getint("SITE_MAX_QUEUED")
        return cls(max_queued=max_queued, max_backlog=s.getint("SITE_MAX_PAGES"))


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


class BoundedRequestsMixin:
    """The spider side of :class:`SiteQueues` and of the discovery limits (mixed into
    :class:`crawler.spiders.base.SiteSpider`, which provides the attributes below)."""

    crawler: Any
    frontier: Any
    queues: SiteQueues
    site_index: SiteIndex
    discovery: DiscoveryConfig
    limits_logged: set[tuple[str, str]]

    def _request(self, url: str, callback: Any, site: Site, via: str, priority: int = 0, **meta: Any
                 ) -> scrapy.Request:
        raise NotImplementedError

    def _site(self, response: Response | scrapy.Request) -> Site:
        raise NotImplementedError

    def _queued(self, url: str, callback: str, site: Site, via: str, priority: int = 0, **meta: Any
                ) -> scrapy.Request | None:
        """The request of a link found on a page, or None when it waits in the site's backlog
        (or is dropped) because the site has ``SITE_MAX_QUEUED`` requests outstanding."""
        if self.frontier is None and not self.queues.admit(site.name, Held(url, callback, via, meta, priority)):
            return None
        return self._request(url, getattr(self, callback), site, via, priority, **meta)

    def _arrived(self, response: Response | scrapy.Request) -> tuple[Site, list[scrapy.Request]]:
        """A site request is done: its site, and the requests of the site's backlog that may go
        out now (see :mod:`crawler.spiders.queues`)."""
        meta = response.meta
        site = self._site(response)
        if self.frontier is not None or SITE not in meta:  # a distributed worker; `scrapy parse URL`
            return site, []
        self.queues.finished(site.name)
        if meta.get(SITE_STOPPED):
            self.queues.stop(site.name)
        released = [self._request(h.url, getattr(self, h.callback), site, h.via, h.priority, **h.meta)
                    for h in self.queues.release(site.name)]
        return site, released

    def request_dropped(self, request: scrapy.Request) -> None:
        """The duplicate filter dropped a request: it is no longer outstanding. A redirect back
        into its own chain (a loop) is counted and logged."""
        if is_redirect_loop(request):
            count_over_a_limit(self.crawler, REDIRECT_LOOP, request, request.meta.get(SITE, "?"))
        if self.frontier is None and request.meta.get(SITE) in self.site_index.by_name:
            self.queues.finished(request.meta[SITE])

    def spider_idle(self) -> None:
        """Nothing is outstanding: release the next batch of every site's backlog."""
        if self.frontier is not None or not self.queues.waiting:
            return
        released = 0
        for name, held in self.queues.release_idle():
            site = self.site_index.by_name[name]
            self.crawler.engine.crawl(self._request(held.url, getattr(self, held.callback), site, held.via,
                                                    held.priority, **held.meta))
            released += 1
        if released:
            raise DontCloseSpider

    def _capped(self, site: Site, url: str, links: list[Any]) -> list[Any]:
        """The first ``DISCOVERY_MAX_PAGE_LINKS`` of the links found on the page at ``url``."""
        cap = self.discovery.max_page_links
        if cap <= 0 or len(links) <= cap:
            return links
        self.crawler.stats.inc_value("discovery/limit/page_links", len(links) - cap)
        logger.warning("Site %s: %s lists %d links; only the first %d are followed (DISCOVERY_MAX_PAGE_LINKS)",
                       site.name, url, len(links), cap)
        return links[:cap]

    def _limited(self, site: Site, what: str, urls: list[str], setting: str) -> list[str]:
        """A discovery limit cut ``urls``: counted, and logged once per site."""
        if urls:
            self.crawler.stats.inc_value(f"discovery/limit/{what}", len(urls))
            if (site.name, what) not in self.limits_logged:
                self.limits_logged.add((site.name, what))
                logger.warning("Site %s: %s reached (%s); not following %s and what lies beyond",
                               site.name, what.replace("_", " ") + " limit", setting, urls[0])
        return []
