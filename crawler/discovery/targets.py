"""What the spiders' requests carry between callbacks, and where a site's discovery starts.

Shared by :mod:`crawler.spiders.base` (``start()``) and the distributed seeds
(:mod:`crawler.distributed.seeds`), so both start a site the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from crawler.sites import Site

#: request meta: the site's name
SITE = "site_name"
#: request meta: how the page was found (``sitemap``, ``news-sitemap``, ``rss``, ``atom``, ``feed``, ``index``)
VIA = "discovered_via"
#: request meta: what a listing said of an article (``headline``, ``datePublished``, ``dateModified``)
HINT = "listing_hint"
#: request meta: link hops from a start URL (index pages)
DEPTH = "index_depth"
#: request meta: the article's normalised URL, as discovered
ARTICLE_URL = "article_url"
#: request meta: listing hops from the site's first listing (sitemap index levels, feed pages)
LISTING_DEPTH = "listing_depth"
#: request meta set by crawler.middlewares.site_budget on a request it refused because the
#: site reached a budget (the budget's name)
SITE_STOPPED = "site_budget_stopped"
#: request meta: a link found on an index page and followed to look for more (not a listed
#: article): its 404 is a dead link on the site, not a failing site
FOLLOWED = "followed_link"
#: request meta: ``[URL, lastmod]`` of a child sitemap as its sitemap index lists it
#: (:mod:`crawler.spiders.listing_marks`)
INDEX_LASTMOD = "index_lastmod"
#: request meta: the listing (a sitemap or feed an earlier run's record may stand for) that
#: listed the article
LISTED_IN = "listed_in"
#: request meta: the first page of the index pages an index page is the pagination of (the key
#: of their record, :mod:`crawler.spiders.listing_marks`)
PAGES_OF = "pages_of"
#: request meta: a listing's URL as the spider asked for it (its record's key, whatever redirects
#: follow)
LISTING_URL = "listing_url"
#: request meta set by crawler.middlewares.robotstxt on a request robots.txt forbids
ROBOTS_FORBIDDEN = "robots_forbidden"


@dataclass(frozen=True)
class Target:
    """One discovery URL of a site and the callback that reads it."""

    url: str
    callback: str  # "parse_robots", "parse_listing" or "parse_index"
    via: str
    depth: int | None = None


def discovery_targets(site: Site) -> Iterator[Target]:
    """The site's sitemaps (a robots.txt among them), feeds and start URLs, in that order."""
    for url in site.sitemaps:
        robots = url.rstrip("/").lower().endswith("/robots.txt")
        yield Target(url, "parse_robots" if robots else "parse_listing", "sitemap")
    for url in site.feeds:
        yield Target(url, "parse_listing", "feed")
    for url in site.start_urls:
        yield Target(url, "parse_index", "index", depth=0)
