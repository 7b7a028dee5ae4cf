"""Scrapy's robots.txt middleware, fixed and bounded.

Used for every crawl (see ``DOWNLOADER_MIDDLEWARES`` in ``crawler/settings.py``). What it changes
from Scrapy 2.19's:

* **requests waiting together**: Scrapy makes every request to a host whose robots.txt is being
  downloaded await one Deferred through ``maybe_deferred_to_future``, whose callback returns
  None: only the first waiter gets the parser, the others get None and are let through
  unchecked. Here each waiter gets its own Deferred, relayed without consuming the shared one's.
* **claimed sources obey robots.txt too**: the robots.txt request of a host is only made for a
  request that already passed the ``host:port`` offsite filter, so it carries
  ``allow_offsite`` (Scrapy's own request was dropped by that filter for a claimed host outside
  the crawled sites, and the page was then fetched as if robots.txt allowed everything), the
  request's ``claim_fetch`` mark (the address guard checks it like the page) and its download
  slot (the site's politeness).
* **bounded size**: at most ``ROBOTSTXT_MAX_BYTES`` of a robots.txt are downloaded and parsed
  (RFC 9309 asks parsers for at least 500 KiB), cut at the last whole line; the rest is dropped
  (stat ``robotstxt/truncated``): a 5 MB robots.txt cost the parser ~300 MB.
* **one line per failure**: a robots.txt that cannot be fetched (timeout, refused connection)
  is logged as one warning naming the host and the error, counted in
  ``robotstxt/error/<Error>``, and the host's pages are crawled as Scrapy does, as if robots.txt
  allowed everything. Scrapy logged a full traceback for each.
* **a refusal is marked**: a request robots.txt forbids carries ``meta["robots_forbidden"]``
  into its errback, so the spider can tell a page it may never fetch from one that failed
  (:mod:`crawler.spiders.listing_marks`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: request meta of a robots.txt request: the bytes to keep of it
MAX_BYTES = "robotstxt_max_bytes"
_RECEIVED = "robotstxt_received"
#: request meta set on a request robots.txt forbids (``crawler.discovery.targets.ROBOTS_FORBIDDEN``)
FORBIDDEN = "robots_forbidden"
#: request meta copied from a page's request to its host's robots.txt request
_INHERITED = ("claim_fetch", "download_slot")


def truncate_lines(body: bytes, max_bytes: int) -> bytes:
    """The first ``max_bytes`` of ``body``, cut after the last whole line in them."""
    if len(body) <= max_bytes:
        return body
    head = body[:max_bytes]
    cut = head.rfind(b"\n")
    return head[: cut + 1] if cut >= 0 else b""


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, fixed and bounded (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.max_bytes = crawler.settings.getint("ROBOTSTXT_MAX_BYTES")
        if self.max_bytes > 0:
            crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    def bytes_received(self, data: bytes, request: Request, spider: Any = None) -> None:
        """Stop downloading a robots.txt once it is over ``ROBOTSTXT_MAX_BYTES`` (the part
        received goes on to the parser)."""
        limit = request.meta.get(MAX_BYTES)
        if not limit:
            return
        received = request.meta.get(_RECEIVED, 0) + len(data)
        request.meta[_RECEIVED] = received
        if received > limit:
            raise StopDownload(fail=False)

    def process_request_2(self, rp: Any, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            request.meta[FORBIDDEN] = True
            raise

    def robots_request(self, request: Request) -> Request:
        """The robots.txt request of ``request``'s host (see the module docstring)."""
        url = urlparse_cached(request)
        meta: dict[str, Any] = {"dont_obey_robotstxt": True, "allow_offsite": True}
        meta.update((key, request.meta[key]) for key in _INHERITED if key in request.meta)
        if self.max_bytes > 0:
            meta[MAX_BYTES] = self.max_bytes
        return Request(f"{url.scheme}://{url.netloc}/robots.txt", priority=self.DOWNLOAD_PRIORITY,
                       meta=meta, callback=NO_CALLBACK)

    async def robot_parser(self, request: Request) -> Any:
        netloc = urlparse_cached(request).netloc
        if netloc in self._parsers:
            pending = self._parsers[netloc]
            if isinstance(pending, Deferred):
                waiter: Deferred[Any] = Deferred()

                def relay(result: Any) -> Any:
                    waiter.callback(None)
                    return result  # the next waiter gets it too

                pending.addBoth(relay)
                await maybe_deferred_to_future(waiter)
            return self._parsers.get(netloc)
        self._parsers[netloc] = Deferred()
        robots = self.robots_request(request)
        try:
            response = await self.crawler.engine.download_async(robots)
            await self._parse_robots(response, netloc, request)
        except Exception as exc:
            if not isinstance(exc, IgnoreRequest):
                name = type(exc).__name__
                self._stats.inc_value(f"robotstxt/error/{name}")
                logger.warning("Cannot fetch %s (%s: %s): crawling %s as if it allowed everything",
                               robots.url, name, str(exc).splitlines()[0][:200] if str(exc) else "", netloc)
            self._robots_error(exc, netloc)
        self._stats.inc_value("robotstxt/request_count")
        return self._parsers.get(netloc)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        rp_dfd = self._parsers[netloc]
        self._parsers[netloc] = None
        if isinstance(rp_dfd, Deferred):
            rp_dfd.callback(None)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if self.max_bytes > 0 and (len(response.body) > self.max_bytes or "download_stopped" in response.flags):
            self._stats.inc_value("robotstxt/truncated")
            logger.warning("%s is over %d bytes: only its first %d bytes are read (ROBOTSTXT_MAX_BYTES)",
                           response.url, self.max_bytes, self.max_bytes)
            response = response.replace(body=truncate_lines(response.body, self.max_bytes))
        await super()._parse_robots(response, netloc, request)
