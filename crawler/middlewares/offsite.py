"""Offsite filtering by ``host:port``.

Scrapy's own ``OffsiteMiddleware`` compares host names only, so two sites served on one host
(``127.0.0.1:8001`` and ``127.0.0.1:8002``) would leak into each other's crawls. This one allows
a request only when its ``host:port`` belongs to one of the spider's sites
(``spider.site_index.allowed_netlocs``, :class:`crawler.sites.HasSiteIndex`), or when the
request says ``meta["allow_offsite"] = True`` (claimed-source fetches, which have their own
checks).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawler.sites import site_index_of
from crawler.urls import netloc_key

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class HostPortOffsiteMiddleware:
    """Downloader middleware: drop requests to ``host:port`` values outside the spider's sites."""

    def __init__(self, crawler: Crawler, stats: StatsCollector) -> None:
        self.crawler = crawler
        self.stats = stats
        self.logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostPortOffsiteMiddleware:
        assert crawler.stats is not None
        return cls(crawler, crawler.stats)

    def process_request(self, request: Request) -> None:
        if request.meta.get("allow_offsite"):
            return
        index = site_index_of(self.crawler.spider)
        if index is None:
            return
        key = netloc_key(request.url)
        if key in index.allowed_netlocs:
            return
        self.stats.inc_value("offsite/filtered")
        if key not in self.logged:
            self.logged.add(key)
            self.stats.inc_value("offsite/domains")
            logger.debug("Filtered offsite request to %r: %s", key, request)
        raise IgnoreRequest(f"offsite: {key}")
