"""Per-site request counts for the health monitors (``site/<site>/requests``).

A downloader middleware next to the engine (priority 10): it sees each request's final outcome,
after the retry and redirect middlewares are done with it, and counts one ended request per
site request (``meta["site_name"]``): a response of any status, or a download error. Requests
refused before download (``IgnoreRequest``: robots.txt, offsite, address guard) are not counted.
The spider counts the failures (``site/<site>/fetch_errors/<what>``); see :mod:`crawler.health`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

#: the request meta key naming the request's site (set by the spiders)
SITE_META = "site_name"


class SiteRequestStats:
    """Downloader middleware: ``site/<site>/requests`` += 1 for every site request that ended."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteRequestStats:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def _count(self, request: Request) -> None:
        site = request.meta.get(SITE_META)
        if site:
            self.stats.inc_value(f"site/{site}/requests")

    def process_response(self, request: Request, response: Response) -> Response:
        self._count(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, IgnoreRequest):
            self._count(request)
