"""What one site may cost a run: pages, bytes and time, counted per site and bounded.

A downloader middleware that counts, for every site of the sites file (a request belongs to the
site whose ``host:port`` it goes to, robots.txt and claimed-source fetches included), the
requests let through to the site, the responses (``site/<site>/pages``) and body bytes
(``site/<site>/bytes``) of the run, and the time since the site's first request. When a site has
had ``SITE_MAX_PAGES`` requests, or ``SITE_MAX_BYTES`` bytes, or ``SITE_MAX_SECONDS`` seconds
(0: no limit), one warning says which budget stopped it (``site/<site>/stopped/<budget>``, and
``site_budget/stopped/<budget>`` counts the sites stopped), and its requests still to come are
refused (``IgnoreRequest``, counted in ``site/<site>/dropped``; not fetch errors), each
marked ``meta["site_budget_stopped"]`` so the spider drops the site's backlog too. So a site gets
at most ``SITE_MAX_PAGES`` requests; for bytes and time, the requests already in the downloader
(at most ``CONCURRENT_REQUESTS``) finish normally.

Budgets apply per process: each distributed worker has its own.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings

from crawler.sites import site_index_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: request meta set on a refused request: the budget that stopped its site
STOPPED = "site_budget_stopped"


@dataclass(frozen=True)
class SiteBudget:
    """Plain settings of the per-site budgets (``SITE_MAX_*``; 0: no limit)."""

    pages: int
    bytes: int
    seconds: float

    @classmethod
    def from_settings(cls, s: BaseSettings) -> SiteBudget:
        return cls(pages=s.getint("SITE_MAX_PAGES"), bytes=s.getint("SITE_MAX_BYTES"),
                   seconds=s.getfloat("SITE_MAX_SECONDS"))


@dataclass
class _Use:
    """What one site has cost so far."""

    started: float
    requests: int = 0
    pages: int = 0
    bytes: int = 0
    stopped: str | None = None


class SiteBudgetMiddleware:
    """Downloader middleware: see the module docstring."""

    def __init__(self, crawler: Crawler, stats: StatsCollector, budget: SiteBudget) -> None:
        self.crawler = crawler
        self.stats = stats
        self.budget = budget
        self.use: dict[str, _Use] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteBudgetMiddleware:
        assert crawler.stats is not None
        return cls(crawler, crawler.stats, SiteBudget.from_settings(crawler.settings))

    def _site(self, request: Request) -> str | None:
        index = site_index_of(self.crawler.spider)
        if index is None:
            return None
        site = index.site_of(request.url)
        return site.name if site is not None else None

    def process_request(self, request: Request) -> None:
        name = self._site(request)
        if name is None:
            return
        use = self.use.get(name)
        if use is None:
            use = self.use[name] = _Use(started=time.monotonic())
        if use.stopped is None:
            if self.budget.seconds > 0 and time.monotonic() - use.started >= self.budget.seconds:
                self._stop(name, use, "seconds", f"{self.budget.seconds:g} s")
            elif 0 < self.budget.pages <= use.requests:
                self._stop(name, use, "pages", f"{self.budget.pages} pages")
        if use.stopped is not None:
            self.stats.inc_value(f"site/{name}/dropped")
            request.meta[STOPPED] = use.stopped
            raise IgnoreRequest(f"site {name} reached its {use.stopped} budget")
        use.requests += 1

    def process_response(self, request: Request, response: Response) -> Response:
        name = self._site(request)
        if name is None:
            return response
        use = self.use.get(name)
        if use is None:
            use = self.use[name] = _Use(started=time.monotonic())
        use.pages += 1
        use.bytes += len(response.body)
        self.stats.inc_value(f"site/{name}/pages")
        self.stats.inc_value(f"site/{name}/bytes", len(response.body))
        if use.stopped is None and 0 < self.budget.bytes <= use.bytes:
            self._stop(name, use, "bytes", f"{self.budget.bytes} bytes")
        return response

    def _stop(self, name: str, use: _Use, budget: str, limit: str) -> None:
        use.stopped = budget
        self.stats.inc_value(f"site/{name}/stopped/{budget}")
        self.stats.inc_value(f"site_budget/stopped/{budget}")
        logger.warning("Site %s reached its budget of %s (SITE_MAX_%s) after %d requests, %d bytes, %.0f s: "
                       "its remaining requests are dropped", name, limit, budget.upper(), use.requests, use.bytes,
                       time.monotonic() - use.started)
