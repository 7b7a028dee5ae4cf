"""Fetches that Scrapy ends without an error of their own: what they were, for the stats.

Scrapy ends some hostile fetches by raising ``IgnoreRequest`` or cancelling the download, which
reach the spider's errback with no counter of ours, or (a redirect loop back to a URL already
requested) by the duplicate filter dropping the request, which reaches no callback at all:

* a body over its size limit (``DOWNLOAD_MAXSIZE``, or ``DISCOVERY_MAX_SITEMAP_BYTES`` for a
  listing): cancelled on its ``Content-Length`` or while it arrives, or ignored by
  ``HttpCompressionMiddleware`` when it inflates past the limit (a compression bomb);
* an endless redirect chain, ignored after ``REDIRECT_MAX_TIMES`` hops;
* a redirect loop (A -> B -> A), dropped by the duplicate filter when it comes back to A.

:func:`failure_kind` and :func:`is_redirect_loop` tell them apart; the spider counts them
(``fetch/too_large``, ``fetch/redirect/too_many``, ``fetch/redirect/loop`` and the per-site
``site/<site>/fetch_errors/<kind>``) and logs one line for each.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from twisted.python.failure import Failure

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

TOO_LARGE = "too_large"
TOO_MANY_REDIRECTS = "redirect/too_many"
REDIRECT_LOOP = "redirect/loop"


def failure_kind(failure: Failure) -> str | None:
    """:data:`TOO_LARGE` or :data:`TOO_MANY_REDIRECTS` for a fetch Scrapy ended on a limit, else
    None (the messages are Scrapy's: its download handler, HttpCompression and Redirect
    middlewares)."""
    message = str(failure.value)
    name = type(failure.value).__name__
    if name in ("DownloadCancelledError", "CancelledError") and "max size" in message:
        return TOO_LARGE
    if not failure.check(IgnoreRequest):
        return None
    if "during decompression" in message:
        return TOO_LARGE
    if "max redirections reached" in message:
        return TOO_MANY_REDIRECTS
    return None


def is_redirect_loop(request: Request) -> bool:
    """Is ``request`` a redirect back to a URL of its own redirect chain?"""
    return request.url in request.meta.get("redirect_urls", ())


def count_over_a_limit(crawler: Crawler, kind: str, request: Request, site: str, *, listing: bool = False) -> None:
    """Count (``fetch/<kind>``, ``site/<site>/fetch_errors/<kind>``) and log in one line a fetch
    ended on a limit; ``listing``: the request was for a sitemap or feed."""
    assert crawler.stats is not None
    crawler.stats.inc_value(f"fetch/{kind}")
    crawler.stats.inc_value(f"site/{site}/fetch_errors/{kind.replace('/', '_')}")
    chain = [*request.meta.get("redirect_urls", ()), request.url]
    if kind == TOO_LARGE:
        setting = "DISCOVERY_MAX_SITEMAP_BYTES" if listing else "DOWNLOAD_MAXSIZE"
        limit = request.meta.get("download_maxsize") or crawler.settings.getint("DOWNLOAD_MAXSIZE")
        logger.warning("Site %s: %s is over %d bytes (%s): skipped", site, request.url, limit, setting)
    elif kind == REDIRECT_LOOP:
        logger.warning("Site %s: %s redirects in a loop (%s): skipped", site, chain[0], " -> ".join(chain))
    else:
        logger.warning("Site %s: %s redirects more than %d times (REDIRECT_MAX_TIMES): skipped", site, chain[0],
                       crawler.settings.getint("REDIRECT_MAX_TIMES"))
