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
(distributed workers), :mod:`crawler.discovery` (parsing the listings).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.dates import now_iso
from crawler.discovery import ListingError, index_links, listing_body, parse_listing, robots_sitemaps
from crawler.discovery.config import DiscoveryConfig
from crawler.discovery.targets import ARTICLE_URL, DEPTH, FOLLOWED, HINT, SITE, VIA, Target, discovery_targets
from crawler.distributed.spider import DistributedSpiderMixin
from crawler.extraction import NotArticle
from crawler.extraction_runner import ExtractionRunner
from crawler.items import Article, ClaimedSource, Metadata, authors, breadcrumbs, image, images
from crawler.sites import Site, SiteIndex, SitesFileError, load_sites, select_sites
from crawler.source_check import normalize_error
from crawler.spiders.claims import ClaimFetchConfig, ClaimFetcher
from crawler.spiders.seen import IncrementalConfig, SeenMarks
from crawler.state import open_store
from crawler.urls import netloc_key, normalize_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: how a page was found (``meta[VIA]``) that means a sitemap or feed lists it as an item
LISTED_VIA = frozenset({"sitemap", "news-sitemap", "rss", "atom", "feed"})


def response_headers(response: Response) -> dict[str, str]:
    """The response headers as a plain ``{name: value}`` dict of strings."""
    out: dict[str, str] = {}
    for key, values in response.headers.items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        out[name] = ", ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values)
    return out


class SiteSpider(DistributedSpiderMixin, scrapy.Spider):
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

    def __init__(self, sites: str | None = None, site: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sites_file = sites
        self.site_filter = site
        self.index_pages: Counter[str] = Counter()
        self.seen: SeenMarks | None = None
        self.claims: ClaimFetcher | None = None

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
        spider.state_uri = s.get("STATE_URI")
        crawler.signals.connect(spider.spider_opened, signal=scrapy.signals.spider_opened)
        crawler.signals.connect(spider.spider_closed, signal=scrapy.signals.spider_closed)
        crawler.signals.connect(spider.item_done, signal=scrapy.signals.item_scraped)
        crawler.signals.connect(spider.item_done, signal=scrapy.signals.item_dropped)
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
        self.extractor.stats = self.crawler.stats
        if self.fetch_claims and self.claim_config.enabled:
            self.claims = ClaimFetcher(self.claim_config, self.site_index, self.crawler.stats)
        if self.incremental.enabled:
            self.seen = SeenMarks(open_store(self.state_uri), self.incremental, self.crawler.stats)
            self.seen.expire()

    def spider_closed(self) -> None:
        self.extractor.close()
        if self.seen is not None:
            self.seen.flush()
            self.seen.store.close()
            self.seen = None

    def item_done(self, item: Any) -> None:
        """An item was written (or dropped on purpose): its URL counts as seen from now on (this
        handler runs after the feed exporter's, so nothing is marked seen unwritten)."""
        if self.seen is not None and isinstance(item, Article):
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
        return self._request(target.url, getattr(self, target.callback), site, target.via, **meta)

    def _request(self, url: str, callback: Any, site: Site, via: str, **meta: Any) -> scrapy.Request:
        # one download slot per site, so politeness (delay, concurrency) applies per site even
        # when several sites share a host name on different ports
        m = {SITE: site.name, VIA: via, "download_slot": f"site:{site.name}", **meta}
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=m)

    def _site(self, response: Response) -> Site:
        """The site of a response: the one its request names, else the one its host belongs to
        (a URL given to ``scrapy parse``)."""
        name = response.meta.get(SITE)
        site = self.site_index.by_name.get(name) if name else self.site_index.site_of(response.url)
        if site is None:
            raise ValueError(f"{response.url}: its host is not one of the sites file's hosts")
        return site

    def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        """The default callback, used by ``scrapy parse URL``: the page read as an article of the
        site its host belongs to."""
        return self.parse_article(response)

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

    def article_request(self, url: str, site: Site, via: str, hint: dict[str, Any] | None = None
                        ) -> scrapy.Request | None:
        """The request of a normalised article URL, or None when an earlier run fetched it and
        nothing says it changed."""
        if self.seen is not None and self.seen.unchanged(url, hint, site.name):
            return None
        self.crawler.stats.inc_value(f"discovery/article_links/{via}")
        meta: dict[str, Any] = {HINT: hint or {}, ARTICLE_URL: url}
        if hint and "index_depth" in hint:  # any link of an index page, tried as an article
            meta[FOLLOWED] = True
        return self._request(url, self.parse_article, site, via, **meta)

    # --- listings and index pages -------------------------------------------------------
    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        site = self._site(response)
        sitemaps = robots_sitemaps(response.body, response.url)
        self.crawler.stats.inc_value("discovery/robots_sitemaps", len(sitemaps))
        if not sitemaps:
            logger.warning("Site %s: %s lists no Sitemap: lines", site.name, response.url)
        for url in sitemaps:
            if netloc_key(url) in site.hosts:
                yield self._request(url, self.parse_listing, site, "sitemap")

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        site = self._site(response)
        stats = self.crawler.stats
        try:
            listing = parse_listing(listing_body(response.body, self.discovery.max_listing_bytes), response.url)
        except ListingError as exc:
            stats.inc_value("discovery/listing_too_large" if exc.reason == "too_large" else "discovery/listing_error")
            logger.warning("Site %s: cannot read %s as a sitemap or feed: %s", site.name, response.url, exc)
            return
        stats.inc_value(f"discovery/listings/{listing.kind}")
        given = response.meta.get(VIA, "sitemap")  # none for a URL given to `scrapy parse -c parse_listing`
        for url in listing.sitemaps + listing.next_pages:
            if netloc_key(url) in site.hosts:
                yield self._request(url, self.parse_listing, site, given)
        via = {"urlset": "sitemap", "rss": "rss", "atom": "atom"}.get(listing.kind, given)
        for i, norm in self.article_urls(site, [entry.url for entry in listing.entries]):
            entry = listing.entries[i]
            hint = {"headline": entry.title, "datePublished": entry.published, "dateModified": entry.modified}
            entry_via = "news-sitemap" if listing.kind == "urlset" and entry.title is not None else via
            req = self.article_request(norm, site, entry_via, hint)
            if req is not None:
                yield req

    def parse_index(self, response: Response) -> Iterator[scrapy.Request]:
        site = self._site(response)
        depth = response.meta.get(DEPTH, 0)
        self.index_pages[site.name] += 1
        self.crawler.stats.inc_value("discovery/index_pages")
        found = index_links(response.body, response.url, getattr(response, "encoding", None))
        limit = self.discovery.max_index_pages
        for url in found.pagination:
            if netloc_key(url) not in site.hosts:
                continue
            if limit and self.index_pages[site.name] >= limit:
                self.crawler.stats.inc_value("discovery/index_page_limit")
                break
            yield self._request(url.split("#", 1)[0], self.parse_index, site, "index", **{DEPTH: depth})
        yield from self._index_link_requests(site, found.links, depth)

    def _index_link_requests(self, site: Site, links: list[str], depth: int) -> Iterator[scrapy.Request]:
        """Requests for an index page's links, in page order: articles (any on-site page when
        the site has no ``article_pattern``; those that are not are read as indexes), and other
        pages as index pages down to ``DISCOVERY_INDEX_DEPTH``."""
        pattern = site.article_pattern is not None
        normalised = dict(self.article_urls(site, links))
        for i, url in enumerate(links):
            if netloc_key(url) not in site.hosts:
                continue
            if pattern and not site.is_article_url(url):
                if depth < self.discovery.index_depth:
                    yield self._request(url.split("#", 1)[0], self.parse_index, site, "index",
                                        **{DEPTH: depth + 1, FOLLOWED: True})
                continue
            norm = normalised.get(i)
            req = None if norm is None else self.article_request(
                norm, site, "index", None if pattern else {"index_depth": depth + 1})
            if req is not None:
                yield req

    # --- articles -----------------------------------------------------------------------
    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        site = self._site(response)
        hint: dict[str, Any] = response.meta.get(HINT) or {}
        try:
            fields = await self.extractor.extract(response.body, response.url, response_headers(response),
                                                  **self.provenance(site, response))
        except NotArticle as exc:
            self.crawler.stats.inc_value(f"extraction/skipped/{exc.reason}")
            logger.debug("Not an article (%s): %s", exc.reason, response.url)
            depth = hint.get("index_depth")
            if depth is None:  # listed, or matching article_pattern: expected to be an article
                self.crawler.stats.inc_value(f"site/{site.name}/skipped")
            if depth is not None and exc.reason == "not_article" and depth <= self.discovery.index_depth:
                response.meta[DEPTH] = depth
                for req in self.parse_index(response):
                    yield req
            return
        if fields is None:  # the extraction failed or timed out; counted by the runner
            self.crawler.stats.inc_value(f"site/{site.name}/skipped")
            return
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
            authors=authors(fields.get("authors")),
            inLanguage=fields.get("inLanguage"),
            mainImage=image(fields.get("mainImage")),
            images=images(fields.get("images")),
            breadcrumbs=breadcrumbs(fields.get("breadcrumbs")),
            claimedSource=claim,
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
    def on_error(self, failure: Failure) -> None:
        """Count a failed site request (globally and per site) and log it at the level it deserves:
        a 404/410 of a link followed from an index page is a dead link on the site (DEBUG, and
        not a fetch error of the site); a failing article page is INFO (the run's health checks
        judge the site as a whole); a failing feed, sitemap, robots.txt or start page is WARNING."""
        request = failure.request  # type: ignore[attr-defined]
        site = request.meta.get(SITE, "?")
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
