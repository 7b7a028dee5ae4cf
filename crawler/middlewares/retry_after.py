"""Honour ``Retry-After`` on 429 (Too Many Requests) and 503 (Service Unavailable) responses.

Scrapy's ``RetryMiddleware`` retries these at once, so a server that asks for an hour's pause
is asked again a moment later. This downloader middleware sits just before it (its
``process_response`` runs first) and reads the header (seconds or an HTTP date):

* when the wait is at most ``RETRY_AFTER_MAX`` seconds and the request has retries left, it
  waits that long (the request keeps its place; other requests go on) and hands the response to
  Scrapy's retry, which counts the retry as usual (stat ``fetch/retry_after/waited``);
* when the wait is longer, the request is given up at once (``dont_retry``; stat
  ``fetch/retry_after/gave_up``, one warning line); the spider's errback counts the HTTP error.

Without the header, Scrapy's retry works as before. A stop (SIGINT) waits for a pending pause,
at most ``RETRY_AFTER_MAX`` seconds.
"""

from __future__ import annotations

import asyncio
import logging
import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

_STATUSES = (429, 503)


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header value asks to wait (0 for a date in the past), or None
    when it is missing or unreadable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class RetryAfterMiddleware:
    """Downloader middleware: see the module docstring."""

    def __init__(self, stats: StatsCollector, max_wait: float, retry_times: int) -> None:
        self.stats = stats
        self.max_wait = max_wait
        self.retry_times = retry_times

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        if not crawler.settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getfloat("RETRY_AFTER_MAX"), crawler.settings.getint("RETRY_TIMES"))

    async def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in _STATUSES or request.meta.get("dont_retry"):
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None:
            return response
        retries_left = request.meta.get("max_retry_times", self.retry_times) - request.meta.get("retry_times", 0)
        if wait > self.max_wait:
            request.meta["dont_retry"] = True
            self.stats.inc_value("fetch/retry_after/gave_up")
            logger.warning("%s: HTTP %d asks to retry in %.0f s, over RETRY_AFTER_MAX (%g s): not retried",
                           request.url, response.status, wait, self.max_wait)
            return response
        if retries_left > 0:
            self.stats.inc_value("fetch/retry_after/waited")
            if wait > 0:
                await asyncio.sleep(wait)
        return response
