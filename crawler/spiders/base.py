"""The base of the ``news`` and ``aggregator`` spiders: start, callbacks and item building.

Each site of the spider's kind is crawled through every mechanism its sites-file entry offers
(:func:`crawler.discovery.targets.discovery_targets`): robots.txt ``Sitemap:`` lines, sitemap
indexes, plain and Google News sitemaps (their ``news:`` title and date are kept as hints), RSS
and Atom feeds (with ``rel="next"`` pages), and index pages followed through their pagination and
links, ``article_pattern`` telling article links from the rest. Requests stay on the site's
``host:port`` values (:mod:`crawler.middlewares.offsite`); an article URL is normalised once,
where it is discovered, and carried (``meta["article_url"]``), so it is requested once per run.

The parts live next door: :mod:`crawler.spiders.seen` (incremental runs),
:mod:`crawler.spiders.claims` (fetching claimed sources), :mod:`crawler.distributed.spider`
(distributed workers), :mod:`crawler.discovery` (parsing the listings),
:mod:`crawler.spiders.queues` (how many requests of one site may wait at once),
:mod:`crawler.spiders.listings` (the callbacks of robots.txt, sitemaps, feeds and index pages).

Discovery is bounded: sitemap indexes ``DISCOVERY_MAX_SITEMAP_DEPTH`` levels deep, feeds
``DISCOVERY_MAX_FEED_PAGES`` pages long, ``DISCOVERY_MAX_PAGE_LINKS`` links taken from one page,
listings downloaded up to ``DISCOVERY_MAX_SITEMAP_BYTES``; each limit that cuts something is
counted (``discovery/limit/*``) and logged once per site.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from crawler.dates import now_iso
from crawler.discovery.config import DiscoveryConfig
from crawler.discovery.targets import (
    ARTICLE_URL,
    DEPTH,
    FOLLOWED,
    HINT,
    LISTING_URL,
    PAGES_OF,
    ROBOTS_FORBIDDEN,
    SITE,
    SITE_STOPPED,
    VIA,
    Target,
    discovery_targets,
)
from crawler.distributed.spider import DistributedSpiderMixin
from crawler.extraction import NotArticle
from crawler.extraction_runner import ExtractionRunner
from crawler.items import Article, ClaimedSource, Metadata, audios, authors, breadcrumbs, image, images, videos
from crawler.sites import Site, SiteIndex, SitesFileError, load_sites, select_sites
from crawler.source_check import normalize_error
from crawler.spiders.claims import ClaimFetchConfig, ClaimFetcher
from crawler.spiders.fetch_failures import count_over_a_limit, failure_kind
from crawler.spiders.listing_marks import ListingMarks
from crawler.spiders.listings import ListingsMixin
from crawler.spiders.queues import QueueConfig, SiteQueues
from crawler.spiders.seen import IncrementalConfig, SeenMarks
from crawler.state import STATE_ERROR, StateStoreError, open_store
from crawler.syndication.prepared import SAMPLE_KEY
from crawler.urls import netloc_key, normalize_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: the stat crawler/feedstorage.py sets when an output cannot be written
OUTPUT_FAILED = "output/write_errors"
#: how a page was found (``meta[VIA]``) that means a sitemap or feed lists it as an item
LISTED_VIA = frozenset({"sitemap", "news-sitemap", "rss", "atom", "feed"})


def response_headers(response: Response) -> dict[str, str]:
    """The response headers as a plain ``{name: value}`` dict of strings."""
    out: dict[str, str] = {}
    for key, values in response.headers.items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        out[name] = ", ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values)
    return out


class SiteSpider(ListingsMixin, DistributedSpiderMixin, scrapy.Spider):
    """Base spider: crawls the sites of ``kind`` from a sites file (``-a sites=FILE``)."""

    kind: ClassVar[str] = ""
    #: fetch each post's claimed source (when the crawl has not) as evidence for the check
    fetch_claims: ClassVar[bool] = False

    # set in from_crawler
    site_index: SiteIndex
    discovery: DiscoveryConfig
    incremental: IncrementalConfig
    claim_config: ClaimFetchConfig
    extractor: ExtractionRunner
    state_uri: str
    queue_config: QueueConfig
    queues: SiteQueues

    def __init__(self, sites: str | None = None, site: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sites_file = sites
        self.site_filter = site
        self.index_pages: Counter[str] = Counter()
        self.seen: SeenMarks | None = None
        self.listing_marks: ListingMarks | None = None
        self.claims: ClaimFetcher | None = None
        self.limits_logged: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        path = spider.sites_file or s.get("SITES_FILE")
        if not path:
            raise SitesFileError(f"spider {cls.name!r} needs a sites file: -a sites=FILE (or -s SITES_FILE=FILE)")
        spider.configure(load_sites(path))
        spider.discovery = DiscoveryConfig.from_settings(s)
        spider.incremental = IncrementalConfig.from_settings(s)
        spider.claim_config = ClaimFetchConfig.from_settings(s)
        spider.extractor = ExtractionRunner.from_settings(s)
        spider.extractor.prepare()
        spider.state_uri = s.get("STATE_URI")
        spider.queue_config = QueueConfig.from_settings(s)
        crawler.signals.connect(spider.spider_opened, signal=scrapy.signals.spider_opened)
        crawler.signals.connect(spider.spider_closed, signal=scrapy.signals.spider_closed)
        crawler.signals.connect(spider.request_dropped, signal=scrapy.signals.request_dropped)
        crawler.signals.connect(spider.spider_idle, signal=scrapy.signals.spider_idle)
        return spider

    def configure(self, sites: list[Site]) -> None:
        """Choose the sites of the spider's kind (or the one of ``-a site=``) from the file."""
        chosen = select_sites(sites, self.kind, self.site_filter)
        if not chosen:
            logger.warning("The sites file has no site of kind %r: nothing to crawl", self.kind)
        self.site_index = SiteIndex(chosen, sites)

    @property
    def sites(self) -> list[Site]:
        return self.site_index.sites

    def spider_opened(self) -> None:
        # connected here, after the feed exporter connected its own handler in the crawler's
        # extensions: handlers run in the order they were connected, so a record is written
        # before its URL is marked seen
        self.crawler.signals.connect(self.item_done, signal=scrapy.signals.item_scraped)
        self.crawler.signals.connect(self.item_done, signal=scrapy.signals.item_dropped)
        self.extractor.stats = self.crawler.stats
        self.extractor.start()  # warm while the first pages download, not when the first article arrives
        self.queues = SiteQueues(self.queue_config, self.crawler.stats)
        if self.fetch_claims and self.claim_config.enabled:
            self.claims = ClaimFetcher(self.claim_config, self.site_index, self.crawler.stats)
        if self.incremental.enabled:
            try:
                store = open_store(self.state_uri)
            except StateStoreError as exc:
                self.state_failed(exc)
                raise CloseSpider(STATE_ERROR) from None
            uri = self.state_uri
            self.seen = SeenMarks(store, self.incremental, self.crawler.stats, self.state_failed,
                                  open_writer=lambda: open_store(uri))
            self.seen.expire()
            inc = self.incremental
            if ((inc.skip_sitemaps or inc.conditional_listings or inc.stop_at_seen_pages)
                    and not self.crawler.settings.getbool("DISTRIBUTED")):
                self.listing_marks = ListingMarks(store, inc.sitemap_recheck_after, inc.seen_expiry,
                                                  self.crawler.stats, skip_children=inc.skip_sitemaps,
                                                  conditional=inc.conditional_listings,
                                                  stop_pages=inc.stop_at_seen_pages)

    def state_failed(self, exc: Exception) -> None:
        """The state store failed: one error line, and the crawl stops (``scrapy crawl`` exits 1)."""
        self.crawler.stats.inc_value("state/errors")
        logger.error("The state store failed: %s; stopping the crawl", exc)
        engine = self.crawler.engine
        if engine is not None and engine.running:
            deferred_from_coro(engine.close_spider_async(reason=STATE_ERROR))

    def spider_closed(self, reason: str = "") -> None:
        self.extractor.close()
        if self.listing_marks is not None:  # before the store closes, with the seen marks
            self.listing_marks.close(reason == "finished" and self.seen is not None and not self.seen.failed
                                     and not self.crawler.stats.get_value(OUTPUT_FAILED))
            self.listing_marks = None
        if self.seen is not None:
            self.seen.close()
            self.seen = None

    def item_done(self, item: Any) -> None:
        """An item was written (or dropped on purpose): its URL counts as seen from now on (this
        handler runs after the feed exporter's, so nothing is marked seen unwritten; once an
        output failed, ``output/write_errors`` in crawler/feedstorage.py, nothing is marked)."""
        if self.seen is not None and isinstance(item, Article) and not self.crawler.stats.get_value(OUTPUT_FAILED):
            self.seen.mark(item.url)

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
            for target in discovery_targets(site):
                yield self.target_request(site, target)

    def site_for(self, name: str) -> Site | None:
        return self.site_index.by_name.get(name)

    def target_request(self, site: Site, target: Target, **meta: Any) -> scrapy.Request:
        """The request of one discovery URL."""
        if target.depth is not None:
            meta[DEPTH] = target.depth
        if self.frontier is None:
            self.queues.started(site.name)
        return self._request(target.url, getattr(self, target.callback), site, target.via, **meta)

    def _request(self, url: str, callback: Any, site: Site, via: str, priority: int = 0, **meta: Any
                 ) -> scrapy.Request:
        # one download slot per site, so politeness (delay, concurrency) applies per site even
        # when several sites share a host name on different ports
        m = {SITE: site.name, VIA: via, "download_slot": f"site:{site.name}", **meta}
        headers = None
        if callback == self.parse_listing:  # listings may be larger than pages (DOWNLOAD_MAXSIZE)
            m["download_maxsize"] = m["download_warnsize"] = self.discovery.max_listing_bytes
            m[LISTING_URL] = url
            if self.listing_marks is not None and (headers := self.listing_marks.validators(site.name, url)):
                m["handle_httpstatus_list"] = [304]  # the answer to a conditional request
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=m, priority=priority,
                              headers=headers)

    def _site(self, response: Response | scrapy.Request) -> Site:
        """The site of a response (or request): the one its request names, else the one its host
        belongs to (a URL given to ``scrapy parse``)."""
        name = response.meta.get(SITE)
        site = self.site_index.by_name.get(name) if name else self.site_index.site_of(response.url)
        if site is None:
            raise ValueError(f"{response.url}: its host is not one of the sites file's hosts")
        return site

    def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        """The default callback, used by ``scrapy parse URL``: the page read as an article of the
        site its host belongs to."""
        return self.parse_article(response)

    # --- articles -----------------------------------------------------------------------
    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        site, released = self._arrived(response)
        for request in released:
            yield request
        hint: dict[str, Any] = response.meta.get(HINT) or {}
        try:
            fields = await self.extractor.extract(response.body, response.url, response_headers(response),
                                                  **self.provenance(site, response))
        except NotArticle as exc:
            self.crawler.stats.inc_value(f"extraction/skipped/{exc.reason}")
            logger.debug("Not an article (%s): %s", exc.reason, response.url)
            self.article_ended(response.meta, ok=True)
            depth = hint.get("index_depth")
            if depth is None:  # listed, or matching article_pattern: expected to be an article
                self.crawler.stats.inc_value(f"site/{site.name}/skipped")
            if depth is not None and exc.reason == "not_article" and depth <= self.discovery.index_depth:
                response.meta[DEPTH] = depth
                for req in self.read_index(site, response):
                    yield req
            return
        if fields is None:  # the extraction failed or timed out; counted by the runner
            self.article_ended(response.meta, ok=False)
            self.crawler.stats.inc_value(f"site/{site.name}/skipped")
            return
        self.article_ended(response.meta, ok=True, article=True)
        self.crawler.stats.inc_value("extraction/articles")
        self.crawler.stats.inc_value(f"articles/{site.name}")
        item, claim_url = self.build_item(response, site, fields, hint)
        if self.claims is not None and item.claimedSource is not None:
            target, waiting = self.claims.target(item, claim_url, self.seen.store if self.seen else None)
            if target is not None:
                self.crawler.stats.inc_value(f"site/{site.name}/claim_fetches")
                yield scrapy.Request(
                    target.url, callback=self.parse_claimed, errback=self.claim_failed, dont_filter=True,
                    meta={"claim_fetch": True, "allow_offsite": True, "claim_url": target.url,
                          "download_slot": target.slot, "claim_site": site.name},
                )
            if waiting:  # the item goes out with the claimed page's evidence
                return
        yield item

    def provenance(self, site: Site, response: Response) -> dict[str, bool]:
        """What the crawl knows of an article page, for the extraction's article decision: a
        sitemap or feed lists it as an item (``listed``), or its URL matches the site's
        ``article_pattern`` (``pattern_match``). A page found only through an index link has
        neither and is judged on its own evidence."""
        return {
            "listed": response.meta.get(VIA) in LISTED_VIA,
            "pattern_match": site.article_pattern is not None and site.is_article_url(response.url),
        }

    def response_url(self, response: Response) -> str:
        """The normalised URL of an article response (carried from discovery unless redirected)."""
        carried = response.meta.get(ARTICLE_URL)
        return carried if carried == response.url else normalize_url(response.url, self.discovery.strip_params)

    def build_item(self, response: Response, site: Site, fields: dict[str, Any], hint: dict[str, Any]
                   ) -> tuple[Article, str | None]:
        """The item of an extracted article, and its claimed URL normalised (None: no claim, or
        one that does not normalise)."""
        url = self.response_url(response)
        claim, claim_url = self.claimed_source(url, site, fields.get("claimedSource"))
        item = Article(
            url=url,
            canonicalUrl=fields.get("canonicalUrl"),
            site=site.name,
            siteKind=site.kind,
            headline=fields.get("headline") or hint.get("headline"),
            articleBody=fields.get("articleBody"),
            articleBodyHtml=fields.get("articleBodyHtml"),
            description=fields.get("description"),
            datePublished=fields.get("datePublished") or hint.get("datePublished"),
            datePublishedRaw=fields.get("datePublishedRaw"),
            dateModified=fields.get("dateModified") or hint.get("dateModified"),
            dateModifiedRaw=fields.get("dateModifiedRaw"),
            authors=authors(fields.get("authors")),
            inLanguage=fields.get("inLanguage"),
            mainImage=image(fields.get("mainImage")),
            images=images(fields.get("images")),
            breadcrumbs=breadcrumbs(fields.get("breadcrumbs")),
            videos=videos(fields.get("videos")),
            audios=audios(fields.get("audios")),
            claimedSource=claim,
            textSample=fields.get(SAMPLE_KEY),
            metadata=Metadata(dateDownloaded=now_iso(), discoveredVia=response.meta.get(VIA),
                              httpStatus=response.status, spider=self.name),
        )
        return item, claim_url

    def claimed_source(self, url: str, site: Site, claim: dict[str, Any] | None
                       ) -> tuple[ClaimedSource | None, str | None]:
        """The page's attribution as the record's ``claimedSource`` (None when there is none) and
        its URL normalised.

        A canonical link or ``og:url`` claims a source only when it points to another site:
        one pointing into the page's own site is just its canonical URL.
        """
        if not claim or not claim.get("url"):
            return None, None
        try:
            claimed = normalize_url(claim["url"], self.discovery.strip_params)
        except ValueError:
            self.crawler.stats.inc_value("source_check/bad_claim_url")
            return None, None
        if claim.get("kind") in ("canonical", "og:url") and (netloc_key(claimed) in site.hosts or claimed == url):
            return None, None
        return ClaimedSource(url=claim["url"], text=claim.get("text") or claim["url"], kind=claim.get("kind"),
                             strength=claim.get("strength")), claimed

    # --- claimed sources (see crawler.spiders.claims) -------------------------------------
    async def parse_claimed(self, response: Response) -> AsyncIterator[Any]:
        assert self.claims is not None
        url = response.meta["claim_url"]
        evidence = self.claims.page_evidence(url, response.status, response.url)
        if "error" not in evidence:
            try:
                fields = await self.extractor.extract(response.body, response.url, response_headers(response))
            except NotArticle as exc:
                evidence["notArticle"] = exc.reason
            else:
                if fields:
                    evidence.update(headline=fields.get("headline"), articleBody=fields.get("articleBody"),
                                    canonicalUrl=fields.get("canonicalUrl"), datePublished=fields.get("datePublished"))
        outcome = evidence.get("error", "ok")
        self.crawler.stats.inc_value(f"source_check/fetch/{outcome}")
        for item in self.claims.release(url, evidence):
            yield item

    def claim_failed(self, failure: Failure) -> Iterator[Article]:
        assert self.claims is not None
        meta = failure.request.meta  # type: ignore[attr-defined]
        url = meta["claim_url"]
        if failure.check(HttpError):
            error = f"http_{failure.value.response.status}"
        else:
            error = normalize_error(type(failure.value).__name__) or "error"
        self.crawler.stats.inc_value(f"source_check/fetch/{error}")
        if error != "not_allowed":  # refused on purpose (robots.txt, address guard) is no failure
            self.crawler.stats.inc_value(f"site/{meta.get('claim_site')}/claim_failures")
        logger.info("Claimed source %s could not be fetched: %s", url, error)
        yield from self.claims.release(url, {"url": url, "error": error})

    # --- errors -------------------------------------------------------------------------
    def on_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        """Count a failed site request (globally and per site) and log it at the level it deserves:
        a 404/410 of a link followed from an index page is a dead link on the site (DEBUG, and
        not a fetch error of the site); a failing article page is INFO (the run's health checks
        judge the site as a whole); a failing feed, sitemap, robots.txt or start page is WARNING.
        The requests of the site's backlog that may go out now are returned."""
        request = failure.request  # type: ignore[attr-defined]
        site = request.meta.get(SITE, "?")
        if site in self.site_index.by_name:
            yield from self._arrived(request)[1]
        gone = failure.check(HttpError) and failure.value.response.status in (404, 410)
        ok = bool(gone or request.meta.get(ROBOTS_FORBIDDEN))
        self.article_ended(request.meta, ok)
        if self.listing_marks is not None and site in self.site_index.by_name:
            if request.meta.get(SITE_STOPPED):
                self.listing_marks.site_stopped(site)
            if not ok and request.callback == self.parse_index:  # a page of a pagination: the walk is not whole
                self.listing_marks.page_failed(site, request.meta.get(PAGES_OF, request.url))
        stats = self.crawler.stats
        followed = bool(request.meta.get(FOLLOWED))
        level = logging.INFO if followed or ARTICLE_URL in request.meta else logging.WARNING
        if failure.check(HttpError):
            status = failure.value.response.status
            stats.inc_value(f"fetch/http_error/{status}")
            if followed and status in (404, 410):
                stats.inc_value("discovery/dead_links")
                logger.debug("Site %s: dead link (HTTP %d) %s", site, status, request.url)
                return
            stats.inc_value(f"site/{site}/fetch_errors/http_{status}")
            logger.log(level, "Site %s: HTTP %d for %s", site, status, request.url)
            return
        kind = failure_kind(failure)
        if kind is not None:
            count_over_a_limit(self.crawler, kind, request, site, listing=request.callback == self.parse_listing)
            return
        reason = type(failure.value).__name__
        if reason == "IgnoreRequest":
            return
        stats.inc_value(f"fetch/failed/{reason}")
        stats.inc_value(f"site/{site}/fetch_errors/{reason}")
        logger.log(level, "Site %s: cannot fetch %s: %s", site, request.url, failure.getErrorMessage())

    # --- the frontier's questions (crawler.distributed.spider.FrontierSpider) -------------
    def written_this_run(self, requests: list[scrapy.Request], since: float) -> list[bool]:
        """For each request: is it an article request whose record was already written in this
        run (by any worker)? One store call for the whole list."""
        urls = [r.meta.get(ARTICLE_URL) if self.seen is not None else None for r in requests]
        wanted = [u for u in urls if u is not None]
        if not wanted or self.seen is None:
            return [False] * len(requests)
        seen = self.seen.store.last_seen_many(wanted)
        return [u is not None and seen.get(u, -1.0) >= since for u in urls]

    def held_items(self, response: Response) -> list[Article]:
        """Posts of this article response waiting for their claimed source (not written yet)."""
        if self.claims is None or not self.claims.pending:
            return []
        try:
            return self.claims.held(self.response_url(response))
        except ValueError:
            return []
