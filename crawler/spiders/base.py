"""Discovery shared by the ``news`` and ``aggregator`` spiders.

Each site of the spider's kind is crawled through every mechanism its sites-file entry offers:
robots.txt ``Sitemap:`` lines, sitemap indexes, plain and Google News sitemaps (their ``news:``
title and date are kept as hints), RSS 2.0 and Atom feeds (with ``rel="next"`` pages), and
index pages followed through their pagination and links, ``article_pattern`` telling article
links from the rest. Requests stay on the site's ``host:port`` values (see
``crawler.middlewares.offsite``) and article URLs are normalised (fragment and tracking
parameters dropped) so an article is requested once per run.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from crawler.discovery import ListingError, index_links, parse_listing, robots_sitemaps
from crawler.extraction import NotArticle
from crawler.extraction_runner import ExtractionRunner
from crawler.items import Article
from crawler.sites import Site, SitesFileError, load_sites, netloc_key, select_sites
from crawler.state import StateStore, open_store
from crawler.urls import normalize_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: meta keys used between callbacks
SITE = "site_name"
VIA = "discovered_via"
HINT = "listing_hint"
DEPTH = "index_depth"


#: exception class names (Scrapy 2.19 and Twisted) -> claimFetch error words
FETCH_ERRORS = {
    "DNSLookupError": "dns", "CannotResolveHostError": "dns",
    "TimeoutError": "timeout", "TCPTimedOutError": "timeout", "DownloadTimeoutError": "timeout",
    "ConnectionRefusedError": "refused", "DownloadConnectionRefusedError": "refused",
    "ConnectionLost": "connection_lost", "ResponseNeverReceived": "connection_lost",
    "DownloadFailedError": "connection_lost",
    "IgnoreRequest": "not_allowed",
}


def to_epoch_or_none(value: str | None) -> float | None:
    """An ISO 8601 date or datetime (naive = UTC) as epoch seconds, or None."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


def _now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def response_headers(response: Response) -> dict[str, str]:
    """The response headers as a plain ``{name: value}`` dict of strings."""
    out: dict[str, str] = {}
    for key, values in response.headers.items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        out[name] = ", ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values)
    return out


class SiteSpider(scrapy.Spider):
    """Base spider: crawls the sites of ``kind`` from a sites file (``-a sites=FILE``)."""

    kind: ClassVar[str] = ""
    #: fetch each post's claimed source (when the crawl has not) as evidence for the check
    fetch_claims: ClassVar[bool] = False

    # set from the settings in from_crawler
    extractor: ExtractionRunner
    incremental: bool
    recheck_after: float
    seen_expiry: float
    state_uri: str
    mark_batch: int
    fetch_claims_enabled: bool
    claim_budget: int
    claim_outside: bool

    def __init__(self, sites: str | None = None, site: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sites_file = sites
        self.site_filter = site
        self.sites: list[Site] = []
        self.sites_by_name: dict[str, Site] = {}
        self.site_by_netloc: dict[str, Site] = {}
        self.allowed_netlocs: frozenset[str] = frozenset()
        self.index_pages: Counter[str] = Counter()
        self.claims_done: dict[str, dict[str, Any]] = {}
        self.claims_pending: dict[str, list[Article]] = {}
        self.claim_fetches = 0
        self.store: StateStore | None = None
        self.skipped_unchanged: set[str] = set()
        self.seen_prefetched: dict[str, float | None] = {}  # prefetch_seen -> unchanged
        self.seen_batch: list[str] = []
        self.seen_flushed = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        path = spider.sites_file or settings.get("SITES_FILE")
        if not path:
            raise SitesFileError(f"spider {cls.name!r} needs a sites file: -a sites=FILE (or -s SITES_FILE=FILE)")
        spider.configure(
            load_sites(path),
            strip_params=settings.getlist("DISCOVERY_STRIP_PARAMS"),
            max_index_pages=settings.getint("DISCOVERY_MAX_INDEX_PAGES"),
            index_depth=settings.getint("DISCOVERY_INDEX_DEPTH"),
            max_listing_bytes=settings.getint("DISCOVERY_MAX_SITEMAP_BYTES"),
        )
        spider.fetch_claims_enabled = cls.fetch_claims and settings.getbool("SOURCE_CHECK_FETCH_CLAIMS", True)
        spider.claim_budget = settings.getint("SOURCE_CHECK_FETCH_BUDGET", 500)
        spider.claim_outside = settings.getbool("SOURCE_CHECK_FETCH_OUTSIDE", False)
        spider.extractor = ExtractionRunner.from_settings(settings)
        spider.incremental = settings.getbool("INCREMENTAL_ENABLED", True)
        spider.recheck_after = settings.getfloat("INCREMENTAL_RECHECK_DAYS", 7.0) * 86400
        spider.seen_expiry = settings.getfloat("INCREMENTAL_SEEN_EXPIRY_DAYS", 90.0) * 86400
        spider.state_uri = settings.get("STATE_URI")
        spider.mark_batch = max(1, settings.getint("INCREMENTAL_MARK_BATCH", 50))
        crawler.signals.connect(spider.spider_opened, signal=scrapy.signals.spider_opened)
        crawler.signals.connect(spider.spider_closed, signal=scrapy.signals.spider_closed)
        crawler.signals.connect(spider.item_done, signal=scrapy.signals.item_scraped)
        crawler.signals.connect(spider.item_done, signal=scrapy.signals.item_dropped)
        return spider

    def spider_opened(self) -> None:
        self.extractor.stats = self.crawler.stats
        if self.incremental:
            self.store = open_store(self.state_uri)
            if self.seen_expiry > 0:
                expired = self.store.expire_seen(time.time() - self.seen_expiry)
                if expired:
                    self.crawler.stats.set_value("incremental/expired", expired)
                    logger.info("Forgot %d article URLs not seen for %.0f days", expired, self.seen_expiry / 86400)

    def spider_closed(self) -> None:
        self.extractor.close()
        self.flush_seen()
        if self.store is not None:
            self.store.close()
            self.store = None

    def item_done(self, item: Any) -> None:
        """An item was written (or dropped on purpose): its URL counts as seen from now on.

        Runs after the feed exporter wrote the record (its handler was connected first), so an
        article is never marked seen without being in the output. Marks are written in batches
        (``INCREMENTAL_MARK_BATCH`` URLs or every 2 seconds, and at the end), one short
        transaction each, so the reactor thread seldom waits for the store's write lock. A kill
        loses at most the last batch of marks: with ``JOBDIR`` the resume marks them from the
        output files; without it, those few articles are fetched again by the next run.
        """
        if self.store is not None and isinstance(item, Article):
            self.seen_batch.append(item.url)
            if len(self.seen_batch) >= self.mark_batch or time.monotonic() - self.seen_flushed > 2.0:
                self.flush_seen()

    def flush_seen(self) -> None:
        """Write the batched seen marks in one transaction."""
        self.seen_flushed = time.monotonic()
        if self.store is None or not self.seen_batch:
            return
        batch, self.seen_batch = self.seen_batch, []
        self.store.mark_seen_many(batch, time.time())

    def prefetch_seen(self, site: Site, urls: Iterable[str]) -> None:
        """Read the seen marks of a listing's article URLs in one store call, for :meth:`unchanged`
        (one round trip per listing instead of one per article on a shared store)."""
        if self.store is None:
            return
        self.seen_prefetched.clear()
        wanted = []
        for url in urls:
            try:
                norm = normalize_url(url, self.strip_params)
            except ValueError:
                continue
            if netloc_key(norm) in site.hosts and norm not in self.skipped_unchanged:
                wanted.append(norm)
        if wanted:
            found = self.store.last_seen_many(wanted)
            self.seen_prefetched.update((u, found.get(u)) for u in wanted)

    def unchanged(self, url: str, hint: dict[str, Any] | None) -> bool:
        """True when ``url`` was fetched in an earlier run and nothing says it changed since.

        It changed when the listing's ``lastmod`` / feed date is later than the last fetch, or
        when ``INCREMENTAL_RECHECK_DAYS`` have passed since.
        """
        if self.store is None:
            return False
        if url in self.skipped_unchanged:  # listed again (another sitemap or feed)
            return True
        last = self.seen_prefetched.pop(url) if url in self.seen_prefetched else self.store.last_seen(url)
        if last is None:
            return False
        stats = self.crawler.stats
        for key in ("dateModified", "datePublished"):
            when = to_epoch_or_none((hint or {}).get(key))
            if when is not None and when > last:
                stats.inc_value("incremental/changed")
                return False
        if self.recheck_after > 0 and time.time() - last > self.recheck_after:
            stats.inc_value("incremental/recheck_due")
            return False
        stats.inc_value("incremental/unchanged_skipped")
        self.skipped_unchanged.add(url)
        return True

    def configure(
        self,
        sites: list[Site],
        *,
        strip_params: list[str],
        max_index_pages: int,
        index_depth: int,
        max_listing_bytes: int,
    ) -> None:
        self.sites = select_sites(sites, self.kind, self.site_filter)
        if not self.sites:
            logger.warning("The sites file has no site of kind %r: nothing to crawl", self.kind)
        self.sites_by_name = {s.name: s for s in self.sites}
        # every site of the file, so links and claims can be told apart by site
        self.site_by_netloc = {h: s for s in sites for h in s.hosts}
        self.allowed_netlocs = frozenset(h for s in self.sites for h in s.hosts)
        self.known_netlocs = frozenset(self.site_by_netloc)
        self.strip_params = strip_params
        self.max_index_pages = max_index_pages
        self.index_depth = index_depth
        self.max_listing_bytes = max_listing_bytes

    # --- start --------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.frontier is not None:  # DISTRIBUTED: the discovery URLs come from `scrapy seed`
            for request in self.requests_from_seeds():
                yield request
            return
        for site in self.sites:
            logger.info(
                "Site %s (%s): %d sitemaps, %d feeds, %d start URLs",
                site.name, site.kind, len(site.sitemaps), len(site.feeds), len(site.start_urls),
            )
            for url in site.sitemaps:
                cb = self.parse_robots if url.rstrip("/").lower().endswith("/robots.txt") else self.parse_listing
                yield self._request(url, cb, site, "sitemap")
            for url in site.feeds:
                yield self._request(url, self.parse_listing, site, "feed")
            for url in site.start_urls:
                yield self._request(url, self.parse_index, site, "index", depth=0)

    def _request(self, url: str, callback: Any, site: Site, via: str, **meta: Any) -> scrapy.Request:
        # one download slot per site, so politeness (delay, concurrency) applies per site even
        # when several sites share a host name on different ports
        m = {SITE: site.name, VIA: via, "download_slot": f"site:{site.name}"}
        if "depth" in meta:
            m[DEPTH] = meta.pop("depth")
        m.update(meta)
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=m)

    def _site(self, response: Response) -> Site:
        return self.sites_by_name[response.meta[SITE]]

    def _article_request(
        self, url: str, site: Site, via: str, hint: dict[str, Any] | None = None
    ) -> scrapy.Request | None:
        try:
            url = normalize_url(url, self.strip_params)
        except ValueError as exc:
            self.crawler.stats.inc_value("discovery/bad_url")
            logger.debug("Skipping bad article URL: %s", exc)
            return None
        if netloc_key(url) not in site.hosts:
            self.crawler.stats.inc_value("discovery/offsite_link")
            return None
        if self.unchanged(url, hint):
            return None
        self.crawler.stats.inc_value(f"discovery/article_links/{via}")
        return self._request(url, self.parse_article, site, via, **{HINT: hint or {}})

    # --- listings -----------------------------------------------------------------------
    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        site = self._site(response)
        sitemaps = robots_sitemaps(response.body, response.url)
        self.crawler.stats.inc_value("discovery/robots_sitemaps", len(sitemaps))
        if not sitemaps:
            logger.warning("Site %s: %s lists no Sitemap: lines", site.name, response.url)
        for url in sitemaps:
            if netloc_key(url) in site.hosts:
                yield self._request(url, self.parse_listing, site, "sitemap")

    def _listing_body(self, response: Response) -> bytes | None:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=self.max_listing_bytes)
            except (OSError, ValueError) as exc:
                self.crawler.stats.inc_value("discovery/listing_error")
                logger.warning("Cannot gunzip %s: %s", response.url, exc)
                return None
        if len(body) > self.max_listing_bytes:
            self.crawler.stats.inc_value("discovery/listing_too_large")
            logger.warning("Skipping %s: %d bytes is over DISCOVERY_MAX_SITEMAP_BYTES", response.url, len(body))
            return None
        return body

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        site = self._site(response)
        body = self._listing_body(response)
        if body is None:
            return
        try:
            listing = parse_listing(body, response.url)
        except ListingError as exc:
            self.crawler.stats.inc_value("discovery/listing_error")
            logger.warning("Site %s: cannot read %s as a sitemap or feed: %s", site.name, response.url, exc)
            return
        self.crawler.stats.inc_value(f"discovery/listings/{listing.kind}")
        for url in listing.sitemaps + listing.next_pages:
            if netloc_key(url) in site.hosts:
                yield self._request(url, self.parse_listing, site, response.meta[VIA])
        if listing.kind == "urlset":
            via = "sitemap"
        elif listing.kind in ("rss", "atom"):
            via = listing.kind
        else:
            via = response.meta[VIA]
        self.prefetch_seen(site, (entry.url for entry in listing.entries))
        for entry in listing.entries:
            if listing.kind == "urlset" and entry.title is not None:
                entry_via = "news-sitemap"
            else:
                entry_via = via
            hint = {"headline": entry.title, "datePublished": entry.published, "dateModified": entry.modified}
            req = self._article_request(entry.url, site, entry_via, hint)
            if req is not None:
                yield req

    def parse_index(self, response: Response) -> Iterator[scrapy.Request]:
        site = self._site(response)
        depth = response.meta.get(DEPTH, 0)
        self.index_pages[site.name] += 1
        self.crawler.stats.inc_value("discovery/index_pages")
        found = index_links(response.body, response.url, getattr(response, "encoding", None))
        for url in found.pagination:
            if netloc_key(url) not in site.hosts:
                continue
            if self.max_index_pages and self.index_pages[site.name] >= self.max_index_pages:
                self.crawler.stats.inc_value("discovery/index_page_limit")
                break
            yield self._request(url.split("#", 1)[0], self.parse_index, site, "index", depth=depth)
        self.prefetch_seen(site, found.links)
        for url in found.links:
            if netloc_key(url) not in site.hosts:
                continue
            if site.article_pattern is not None:
                if site.is_article_url(url):
                    req = self._article_request(url, site, "index")
                    if req is not None:
                        yield req
                elif depth < self.index_depth:
                    yield self._request(url.split("#", 1)[0], self.parse_index, site, "index", depth=depth + 1)
            else:
                # no pattern: any page may be an article; those that are not are read as indexes
                req = self._article_request(url, site, "index", {"index_depth": depth + 1})
                if req is not None:
                    yield req

    # --- articles -----------------------------------------------------------------------
    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        site = self._site(response)
        hint: dict[str, Any] = response.meta.get(HINT) or {}
        try:
            fields = await self.extractor.extract(response.body, response.url, response_headers(response))
        except NotArticle as exc:
            self.crawler.stats.inc_value(f"extraction/skipped/{exc.reason}")
            logger.debug("Not an article (%s): %s", exc.reason, response.url)
            depth = hint.get("index_depth")
            if depth is not None and exc.reason == "not_article" and depth <= self.index_depth:
                response.meta[DEPTH] = depth
                for req in self.parse_index(response):
                    yield req
            return
        if fields is None:  # the extraction failed or timed out; counted by the runner
            return
        self.crawler.stats.inc_value("extraction/articles")
        self.crawler.stats.inc_value(f"articles/{site.name}")
        item = self.build_item(response, site, fields, hint)
        if self.fetch_claims_enabled and item.claimedSource:
            claim_req, waiting = self.claim_request(item)
            if claim_req is not None:
                yield claim_req
            if waiting:  # the item goes out with the claimed page's evidence
                return
        yield item

    def build_item(self, response: Response, site: Site, fields: dict[str, Any], hint: dict[str, Any]) -> Article:
        url = normalize_url(response.url, self.strip_params)
        claim = self.claimed_source(url, site, fields.get("claimedSource"))
        return Article(
            url=url,
            canonicalUrl=fields.get("canonicalUrl"),
            site=site.name,
            siteKind=site.kind,
            headline=fields.get("headline") or hint.get("headline"),
            articleBody=fields.get("articleBody"),
            description=fields.get("description"),
            datePublished=fields.get("datePublished") or hint.get("datePublished"),
            dateModified=fields.get("dateModified") or hint.get("dateModified"),
            authors=fields.get("authors") or None,
            inLanguage=fields.get("inLanguage"),
            mainImage=fields.get("mainImage"),
            claimedSource=claim,
            metadata={
                "dateDownloaded": _now_iso(),
                "discoveredVia": response.meta.get(VIA),
                "httpStatus": response.status,
                "spider": self.name,
            },
        )

    def claimed_source(self, url: str, site: Site, claim: dict[str, Any] | None) -> dict[str, str] | None:
        """The page's attribution as the record's ``claimedSource``, or None.

        A canonical link or ``og:url`` claims a source only when it points to another site:
        one pointing into the page's own site is just its canonical URL.
        """
        if not claim or not claim.get("url"):
            return None
        try:
            claimed = normalize_url(claim["url"], self.strip_params)
        except ValueError:
            self.crawler.stats.inc_value("source_check/bad_claim_url")
            return None
        if claim.get("kind") in ("canonical", "og:url") and (netloc_key(claimed) in site.hosts or claimed == url):
            return None
        out = {"url": claim["url"], "text": claim.get("text") or claim["url"]}
        out.update((k, claim[k]) for k in ("kind", "strength") if claim.get(k))
        return out

    # --- claimed sources --------------------------------------------------------------------
    def _claim_key(self, item: Article) -> str | None:
        try:
            return normalize_url((item.claimedSource or {})["url"], self.strip_params)
        except (KeyError, ValueError):
            return None

    def claim_request(self, item: Article) -> tuple[scrapy.Request | None, bool]:
        """A request for the item's claimed source (or None), and whether the item waits for it.

        Claimed URLs are fetched once per run, within ``SOURCE_CHECK_FETCH_BUDGET``; hosts outside
        the sites file only with ``SOURCE_CHECK_FETCH_OUTSIDE``. Posts that claim a URL being
        fetched wait for it and go out together when it arrives.
        """
        stats = self.crawler.stats
        url = self._claim_key(item)
        if url is None:
            item.claimFetch = {"url": (item.claimedSource or {}).get("url"), "error": "bad_url"}
            return None, False
        if url in self.claims_done:
            item.claimFetch = self.claims_done[url]
            return None, False
        if url in self.claims_pending:
            self.claims_pending[url].append(item)
            return None, True
        if self.store is not None and self.store.find_article(url) is not None:
            stats.inc_value("source_check/fetch/already_crawled")  # the check reads it from the store
            return None, False
        if netloc_key(url) not in self.site_by_netloc and not self.claim_outside:
            stats.inc_value("source_check/fetch/outside_sites")
            return None, False
        if self.claim_fetches >= self.claim_budget:
            stats.inc_value("source_check/fetch/over_budget")
            return None, False
        self.claim_fetches += 1
        stats.inc_value("source_check/fetch/requests")
        self.claims_pending[url] = [item]
        site = self.site_by_netloc.get(netloc_key(url))
        slot = f"site:{site.name}" if site else f"host:{netloc_key(url)}"
        request = scrapy.Request(
            url, callback=self.parse_claimed, errback=self.claim_failed, dont_filter=True,
            meta={"claim_fetch": True, "allow_offsite": True, "claim_url": url, "download_slot": slot},
        )
        return request, True

    def _release_claim(self, url: str, evidence: dict[str, Any]) -> list[Article]:
        self.claims_done[url] = evidence
        items = self.claims_pending.pop(url, [])
        for item in items:
            item.claimFetch = evidence
        return items

    async def parse_claimed(self, response: Response) -> AsyncIterator[Any]:
        url = response.meta["claim_url"]
        evidence: dict[str, Any] = {"url": url, "status": response.status, "finalUrl": response.url}
        if urlsplit(url).path.strip("/") and not urlsplit(response.url).path.strip("/"):
            evidence["error"] = "redirect_home"  # a dead link redirected to the home page
        else:
            site = self.site_by_netloc.get(netloc_key(response.url))
            evidence["site"] = site.name if site else None
            try:
                fields = await self.extractor.extract(response.body, response.url, response_headers(response))
            except NotArticle as exc:
                evidence["notArticle"] = exc.reason
            else:
                if fields:
                    evidence.update(headline=fields.get("headline"), articleBody=fields.get("articleBody"),
                                    canonicalUrl=fields.get("canonicalUrl"),
                                    datePublished=fields.get("datePublished"))
        self.crawler.stats.inc_value("source_check/fetch/ok" if "error" not in evidence else
                                     f"source_check/fetch/{evidence['error']}")
        for item in self._release_claim(url, evidence):
            yield item

    def claim_failed(self, failure: Failure) -> Iterator[Article]:
        request = failure.request  # type: ignore[attr-defined]
        url = request.meta["claim_url"]
        if failure.check(HttpError):
            error = f"http_{failure.value.response.status}"
        else:
            name = type(failure.value).__name__
            error = FETCH_ERRORS.get(name, name)
        self.crawler.stats.inc_value(f"source_check/fetch/{error}")
        logger.info("Claimed source %s could not be fetched: %s", url, error)
        yield from self._release_claim(url, {"url": url, "error": error})

    # --- errors -------------------------------------------------------------------------
    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        site = request.meta.get(SITE, "?")
        if failure.check(HttpError):
            status = failure.value.response.status
            self.crawler.stats.inc_value(f"fetch/http_error/{status}")
            logger.warning("Site %s: HTTP %d for %s", site, status, request.url)
            return
        reason = type(failure.value).__name__
        if reason == "IgnoreRequest":
            return
        self.crawler.stats.inc_value(f"fetch/failed/{reason}")
        logger.warning("Site %s: cannot fetch %s: %s", site, request.url, failure.getErrorMessage())

    # === Distributed crawling (DISTRIBUTED=True; see crawler/distributed.py) ====================
    # Everything the scrapy-redis workers need from the spider. With DISTRIBUTED off, `frontier`
    # stays None and nothing below runs (update_settings only calls Scrapy's own).

    #: the shared frontier (crawler.distributed.Scheduler) once the worker's scheduler is open
    frontier: Any = None

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)
        if settings.getbool("DISTRIBUTED", False):
            from crawler.distributed import configure_settings

            configure_settings(settings)

    @property
    def worker_id(self) -> str:
        """Names this process in the shared frontier and in its output file (``%(worker_id)s``)."""
        if "_worker_id" not in self.__dict__:
            from crawler.distributed import worker_id

            self.__dict__["_worker_id"] = worker_id()
        return str(self.__dict__["_worker_id"])

    def discovery_seeds(self) -> Iterator[dict[str, Any]]:
        """The discovery URLs of the spider's sites as JSON seeds (what `start()` requests)."""
        for site in self.sites:
            for url in site.sitemaps:
                robots = url.rstrip("/").lower().endswith("/robots.txt")
                yield {"url": url, "callback": "parse_robots" if robots else "parse_listing",
                       "meta": {SITE: site.name, VIA: "sitemap"}}
            for url in site.feeds:
                yield {"url": url, "callback": "parse_listing", "meta": {SITE: site.name, VIA: "feed"}}
            for url in site.start_urls:
                yield {"url": url, "callback": "parse_index", "meta": {SITE: site.name, VIA: "index", DEPTH: 0}}

    def request_from_seed(self, seed: dict[str, Any]) -> scrapy.Request | None:
        """The request of one JSON seed, or None (logged) when it does not fit this spider's sites."""
        from crawler.distributed import SEED_CALLBACKS

        meta = dict(seed.get("meta") or {})
        callback = seed.get("callback") or meta.pop("callback", None) or "parse_index"
        site = self.sites_by_name.get(str(meta.get(SITE)))
        if site is None or callback not in SEED_CALLBACKS:
            self.crawler.stats.inc_value("distributed/seed_skipped")
            logger.warning("Skipping start URL %s: site %r is not a %s site of this sites file, or callback %r "
                           "is unknown", seed.get("url"), meta.get(SITE), self.kind, callback)
            return None
        via = str(meta.pop(VIA, None) or {"parse_index": "index", "parse_listing": "feed"}.get(callback, "sitemap"))
        meta.pop(SITE, None)
        if callback == "parse_index":
            meta.setdefault("depth", meta.pop(DEPTH, 0))
        return self._request(seed["url"], getattr(self, callback), site, via, **meta)

    def requests_from_seeds(self) -> Iterator[scrapy.Request]:
        """Requests for the JSON seeds waiting in the shared frontier (each leased until queued)."""
        from crawler.distributed import TOKEN

        frontier = self.frontier
        while frontier is not None:
            popped = frontier.pop_seed()
            if popped is None:
                return
            token, seed = popped
            request = self.request_from_seed(seed)
            if request is None:
                frontier.ack_seed(token)
                continue
            request.meta[TOKEN] = token  # acknowledged once the scheduler queued it
            yield request

    def written_this_run(self, requests: list[scrapy.Request], since: float) -> list[bool]:
        """For each request: is it an article request whose record was already written in this
        run (by any worker)? One store call for the whole list."""
        urls: list[str | None] = []
        for request in requests:
            url = None
            if self.store is not None and getattr(request.callback, "__name__", None) == "parse_article":
                try:
                    url = normalize_url(request.url, self.strip_params)
                except ValueError:
                    url = None
            urls.append(url)
        wanted = [u for u in urls if u is not None]
        if not wanted or self.store is None:
            return [False] * len(requests)
        seen = self.store.last_seen_many(wanted)
        return [u is not None and seen.get(u, -1.0) >= since for u in urls]

    def held_items(self, response: Response) -> list[Article]:
        """Posts of this article response waiting for their claimed source (not written yet)."""
        if not self.claims_pending:
            return []
        try:
            url = normalize_url(response.url, self.strip_params)
        except ValueError:
            return []
        return [item for items in self.claims_pending.values() for item in items if item.url == url]

    # === end of distributed crawling =========================================================
