"""Scrapy's robots.txt middleware, fixed for requests that wait for one robots.txt together.

Used for every crawl (see ``DOWNLOADER_MIDDLEWARES`` in ``crawler/settings.py``).
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, fixed for requests that wait for a robots.txt together.

    Scrapy 2.19 makes every request to a host whose robots.txt is being downloaded await one
    Deferred through ``maybe_deferred_to_future``, whose callback returns None: only the first
    waiter gets the parser, the others get None and are let through unchecked. A single process
    meets this when a site's sitemaps, feeds and index pages start together; a distributed
    worker starts with dozens of popped article requests to each host. Here each waiter gets
    its own Deferred, relayed without consuming the shared one's result.
    """

    async def robot_parser(self, request: Request) -> Any:
        netloc = urlparse_cached(request).netloc
        pending = self._parsers.get(netloc)
        if isinstance(pending, Deferred):
            waiter: Deferred[Any] = Deferred()

            def relay(result: Any) -> Any:
                waiter.callback(None)
                return result  # the next waiter gets it too

            pending.addBoth(relay)
            await maybe_deferred_to_future(waiter)
            return self._parsers.get(netloc)
        return await super().robot_parser(request)
