"""The frontier's middlewares: acknowledge a leased request once it is finished."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response

from crawler.distributed.keys import TOKEN
from crawler.distributed.scheduler import Scheduler
from crawler.distributed.spider import FrontierSpider

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def _frontier(crawler: Crawler) -> Scheduler | None:
    spider = crawler.spider
    frontier = spider.frontier if isinstance(spider, FrontierSpider) else None
    return frontier if isinstance(frontier, Scheduler) else None


class FrontierSpiderMiddleware:
    """Acknowledges a leased request once its callback (or errback) output has been handled."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierSpiderMiddleware:
        return cls(crawler)

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        token: str | None = response.meta.get(TOKEN)
        frontier = _frontier(self.crawler) if token is not None else None
        if token is None or frontier is None or frontier.output_started(token) is None:
            async for out in result:
                yield out
            return
        try:
            async for out in result:
                if not isinstance(out, Request):
                    frontier.item_started(token, out)
                yield out
        finally:
            frontier.output_done(token, response)

    def process_spider_exception(self, response: Response, exception: BaseException) -> None:
        token: str | None = response.meta.get(TOKEN)
        frontier = _frontier(self.crawler) if token is not None else None
        if token is not None and frontier is not None:
            frontier.output_done(token, response)


class FrontierDownloaderMiddleware:
    """Acknowledges a leased request whose download failed for good (no retry left)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierDownloaderMiddleware:
        return cls(crawler)

    def process_exception(self, request: Request, exception: BaseException) -> None:
        token: str | None = request.meta.get(TOKEN)
        frontier = _frontier(self.crawler) if token is not None else None
        if token is not None and frontier is not None:
            frontier.ack(token)
