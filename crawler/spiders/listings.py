"""The spider's discovery callbacks: robots.txt, sitemaps and feeds, index pages.

Mixed into :class:`crawler.spiders.base.SiteSpider`. Each callback reads one discovery document
(:mod:`crawler.discovery` parses it), follows the deeper listings within the limits
(``DISCOVERY_MAX_SITEMAP_DEPTH``, ``DISCOVERY_MAX_FEED_PAGES``, ``DISCOVERY_MAX_PAGE_LINKS``,
``DISCOVERY_INDEX_DEPTH``, ``DISCOVERY_MAX_INDEX_PAGES``) and requests the article URLs it lists,
normalised once here and carried in ``meta["article_url"]``. A URL an earlier run fetched and
nothing says changed is not requested (:mod:`crawler.spiders.seen`), nor is a child sitemap an
earlier run read whole while its index gives it the same ``lastmod``
(:mod:`crawler.spiders.listing_marks`).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from crawler.discovery import Listing, ListingError, index_links, listing_body, parse_listing, robots_sitemaps
from crawler.discovery.targets import (
    ARTICLE_URL,
    DEPTH,
    FOLLOWED,
    HINT,
    INDEX_LASTMOD,
    LISTED_IN,
    LISTING_DEPTH,
    LISTING_URL,
    PAGES_OF,
    VIA,
)
from crawler.sites import Site
from crawler.spiders.listing_marks import ListingMarks, newest, newest_first
from crawler.spiders.queues import BoundedRequestsMixin
from crawler.spiders.seen import SeenMarks
from crawler.urls import netloc_key, normalize_url

logger = logging.getLogger(__name__)


class ListingsMixin(BoundedRequestsMixin):
    """The discovery callbacks (the spider provides the attributes below)."""

    seen: SeenMarks | None
    listing_marks: ListingMarks | None
    index_pages: Counter[str]

    def article_urls(self, site: Site, urls: Iterable[str]) -> list[tuple[int, str]]:
        """``(position, normalised URL)`` for each of a listing's URLs that is on ``site`` (bad
        and offsite URLs counted and left out); the seen marks of them all read in one store call."""
        out: list[tuple[int, str]] = []
        stats = self.crawler.stats
        for i, url in enumerate(urls):
            try:
                norm = normalize_url(url, self.discovery.strip_params)
            except ValueError as exc:
                stats.inc_value("discovery/bad_url")
                logger.debug("Skipping bad article URL: %s", exc)
                continue
            if netloc_key(norm) not in site.hosts:
                stats.inc_value("discovery/offsite_link")
                continue
            out.append((i, norm))
        if self.seen is not None:
            self.seen.prefetch(norm for _, norm in out)
        return out

    def article_request(self, url: str, site: Site, via: str, hint: dict[str, Any] | None = None,
                        listed_in: str | None = None, seen_checked: bool = False) -> scrapy.Request | None:
        """The request of a normalised article URL, or None when an earlier run fetched it and
        nothing says it changed (or when it waits in the site's backlog). ``listed_in``: the
        listing that lists it, whose article requests are counted until they end;
        ``seen_checked``: the caller asked the seen marks already."""
        if not seen_checked and self.seen is not None and self.seen.unchanged(url, hint, site.name):
            if listed_in is not None and self.listing_marks is not None:
                self.listing_marks.unchanged_article(listed_in)
            return None
        self.crawler.stats.inc_value(f"discovery/article_links/{via}")
        meta: dict[str, Any] = {HINT: hint or {}, ARTICLE_URL: url}
        if hint and "index_depth" in hint:  # any link of an index page, tried as an article
            meta[FOLLOWED] = True
        if listed_in is not None and self.listing_marks is not None:
            meta[LISTED_IN] = listed_in
            self.listing_marks.issued(listed_in)
        return self._queued(url, "parse_article", site, via, **meta)

    def article_ended(self, meta: dict[str, Any], ok: bool, article: bool = False) -> None:
        """An article request ended (``ok``: in an answer a later run would not change;
        ``article``: an article was extracted); the child sitemap that listed it counts it off
        (:mod:`crawler.spiders.listing_marks`)."""
        listed_in = meta.get(LISTED_IN)
        if listed_in is not None and self.listing_marks is not None:
            self.listing_marks.ended(listed_in, ok, article)

    def request_dropped(self, request: scrapy.Request) -> None:
        """The duplicate filter dropped a request: another request of this run fetches its URL."""
        super().request_dropped(request)
        self.article_ended(request.meta, ok=True)

    # --- listings and index pages -------------------------------------------------------
    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        site, released = self._arrived(response)
        yield from released
        sitemaps = robots_sitemaps(response.body, response.url)
        self.crawler.stats.inc_value("discovery/robots_sitemaps", len(sitemaps))
        if not sitemaps:
            logger.warning("Site %s: %s lists no Sitemap: lines", site.name, response.url)
        for url in self._capped(site, response.url, [u for u in sitemaps if netloc_key(u) in site.hosts]):
            req = self._queued(url, "parse_listing", site, "sitemap")
            if req is not None:
                yield req

    def _deeper_listings(self, site: Site, response: Response, sitemaps: list[str], next_pages: list[str]
                         ) -> list[str]:
        """The on-site child sitemaps and next feed pages of a listing, within the depth limits."""
        depth = response.meta.get(LISTING_DEPTH, 0)
        sitemaps = [u for u in sitemaps if netloc_key(u) in site.hosts]
        next_pages = [u for u in next_pages if netloc_key(u) in site.hosts]
        if depth + 1 > self.discovery.max_sitemap_depth:
            sitemaps = self._limited(site, "sitemap_depth", sitemaps, "DISCOVERY_MAX_SITEMAP_DEPTH")
        if depth + 2 > self.discovery.max_feed_pages:
            next_pages = self._limited(site, "feed_pages", next_pages, "DISCOVERY_MAX_FEED_PAGES")
        return self._capped(site, response.url, sitemaps + next_pages)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        site, released = self._arrived(response)
        yield from released
        stats = self.crawler.stats
        key = response.meta.get(LISTING_URL, response.url)
        if response.status == 304 and self.listing_marks is not None:  # asked for conditionally
            if not self.listing_marks.not_modified(site.name, key):
                logger.warning("Site %s: %s answered 304 Not Modified and no record of it is left", site.name, key)
            return
        try:
            listing = parse_listing(listing_body(response.body, self.discovery.max_listing_bytes), response.url)
        except ListingError as exc:
            stats.inc_value("discovery/listing_too_large" if exc.reason == "too_large" else "discovery/listing_error")
            logger.warning("Site %s: cannot read %s as a sitemap or feed: %s", site.name, response.url, exc)
            return
        stats.inc_value(f"discovery/listings/{listing.kind}")
        if listing.truncated:
            stats.inc_value("discovery/listing_truncated")
            logger.warning("Site %s: %s is broken (an XML bomb, bad markup): read up to the break", site.name,
                           response.url)
        given = response.meta.get(VIA, "sitemap")  # none for a URL given to `scrapy parse -c parse_listing`
        depth = response.meta.get(LISTING_DEPTH, 0)
        marks = self.listing_marks
        latest = newest(listing.lastmods.values())
        for url, priority in newest_first(self._deeper_listings(site, response, listing.sitemaps, listing.next_pages),
                                          listing.lastmods):
            lastmod = listing.lastmods.get(url)
            if marks is not None and marks.unchanged(site.name, url, lastmod, latest):
                continue
            meta: dict[str, Any] = {LISTING_DEPTH: depth + 1}
            if lastmod is not None:  # the URL as the index lists it (the key of its record) and its lastmod
                meta[INDEX_LASTMOD] = [url, lastmod]
            req = self._queued(url, "parse_listing", site, given, priority, **meta)
            if req is not None:
                yield req
        via = {"urlset": "sitemap", "rss": "rss", "atom": "atom"}.get(listing.kind, given)
        entries = self._capped(site, response.url, listing.entries)
        listed_in = self._recorded_listing(site, response, key, listing, entries)
        for i, norm in self.article_urls(site, [entry.url for entry in entries]):
            entry = entries[i]
            hint = {"headline": entry.title, "datePublished": entry.published, "dateModified": entry.modified}
            entry_via = "news-sitemap" if listing.kind == "urlset" and entry.title is not None else via
            req = self.article_request(norm, site, entry_via, hint, listed_in)
            if req is not None:
                yield req

    def _recorded_listing(self, site: Site, response: Response, key: str, listing: Listing, entries: list[Any]
                          ) -> str | None:
        """``key`` when the listing is one a later run may skip or ask for conditionally (its
        articles are then counted until they end, :mod:`crawler.spiders.listing_marks`): a listing
        of articles only (no child sitemaps, no next page: a sitemap index's newest child must be
        read each run), read to its end with every entry taken, with its index's ``lastmod`` or
        its server's validators."""
        if (self.listing_marks is None or listing.kind not in ("urlset", "rss", "atom") or listing.sitemaps
                or listing.next_pages or listing.truncated or len(entries) != len(listing.entries)):
            return None
        lastmod = response.meta.get(INDEX_LASTMOD, [None, None])[1]
        etag, modified = (response.headers.get(name) for name in (b"ETag", b"Last-Modified"))
        if not (lastmod or etag or modified):
            return None
        etag_text, modified_text = (v.decode("latin-1") if v else None for v in (etag, modified))
        self.listing_marks.opened(site.name, key, lastmod, etag_text, modified_text)
        return key

    def parse_index(self, response: Response) -> Iterator[scrapy.Request]:
        site, released = self._arrived(response)
        yield from released
        yield from self.read_index(site, response)

    def read_index(self, site: Site, response: Response) -> Iterator[scrapy.Request]:
        """The requests of an index page's links (pagination, then the others). The pagination is
        not followed from a page whose article links earlier runs all fetched (see
        :meth:`ListingMarks.stop_pages <crawler.spiders.listing_marks.ListingMarks.stop_pages>`)."""
        depth = response.meta.get(DEPTH, 0)
        chain = response.meta.get(PAGES_OF, response.url)
        self.index_pages[site.name] += 1
        self.crawler.stats.inc_value("discovery/index_pages")
        found = index_links(response.body, response.url, getattr(response, "encoding", None))
        links = self._capped(site, response.url, [u for u in found.links if netloc_key(u) in site.hosts])
        requests, articles, unchanged = self._index_link_requests(site, links, depth)
        pagination = [u for u in found.pagination if netloc_key(u) in site.hosts]
        marks = self.listing_marks
        if marks is not None and site.article_pattern is not None:
            marks.index_page(site.name, chain, articles, unchanged)
            if pagination and articles and articles == unchanged and marks.stop_pages(site.name, chain):
                pagination = []
        limit = self.discovery.max_index_pages
        for url in self._capped(site, response.url, pagination):
            if limit and self.index_pages[site.name] >= limit:
                self.crawler.stats.inc_value("discovery/index_page_limit")
                break
            req = self._queued(url.split("#", 1)[0], "parse_index", site, "index", **{DEPTH: depth, PAGES_OF: chain})
            if req is not None:
                yield req
        yield from requests

    def _index_link_requests(self, site: Site, links: list[str], depth: int
                             ) -> tuple[list[scrapy.Request], int, int]:
        """Requests for an index page's on-site links, in page order: articles (any page when the
        site has no ``article_pattern``; those that are not are read as indexes), and other pages
        as index pages down to ``DISCOVERY_INDEX_DEPTH``; with the number of article links (those
        matching the site's ``article_pattern``) and of those an earlier run fetched unchanged."""
        pattern = site.article_pattern is not None
        normalised = dict(self.article_urls(site, links))
        requests: list[scrapy.Request] = []
        articles = unchanged = 0
        for i, url in enumerate(links):
            if pattern and not site.is_article_url(url):
                if depth < self.discovery.index_depth:
                    req = self._queued(url.split("#", 1)[0], "parse_index", site, "index",
                                       **{DEPTH: depth + 1, FOLLOWED: True})
                    if req is not None:
                        requests.append(req)
                continue
            norm = normalised.get(i)
            if norm is None:
                continue
            hint = None if pattern else {"index_depth": depth + 1}
            articles += 1
            if self.seen is not None and self.seen.unchanged(norm, hint, site.name):
                unchanged += 1
                continue
            req = self.article_request(norm, site, "index", hint, seen_checked=True)
            if req is not None:
                requests.append(req)
        return requests, articles, unchanged
