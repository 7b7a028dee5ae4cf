"""The discovery limits of a crawl (``DISCOVERY_*``), read once from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.config import SettingsReader


@dataclass(frozen=True)
class DiscoveryConfig:
    """Plain settings of discovery (defaults in ``crawler/settings.py``)."""

    #: query parameters dropped from article URLs besides ``crawler.urls.TRACKING_PARAMS``
    strip_params: tuple[str, ...]
    #: index pages read per site before pagination stops being followed (0: no limit)
    max_index_pages: int
    #: link hops from a start URL that non-article, same-site pages are followed
    index_depth: int
    #: sitemaps and feeds larger than this (after gunzip) are skipped
    max_listing_bytes: int
    #: levels of sitemap indexes followed below the first listing
    max_sitemap_depth: int
    #: pages of one feed followed through rel="next"
    max_feed_pages: int
    #: links one listing or index page may add to the crawl (0: no limit)
    max_page_links: int

    @classmethod
    def from_settings(cls, s: SettingsReader) -> DiscoveryConfig:
        return cls(
            strip_params=tuple(s.getlist("DISCOVERY_STRIP_PARAMS")),
            max_index_pages=s.getint("DISCOVERY_MAX_INDEX_PAGES"),
            index_depth=s.getint("DISCOVERY_INDEX_DEPTH"),
            max_listing_bytes=s.getint("DISCOVERY_MAX_SITEMAP_BYTES"),
            max_sitemap_depth=s.getint("DISCOVERY_MAX_SITEMAP_DEPTH"),
            max_feed_pages=s.getint("DISCOVERY_MAX_FEED_PAGES"),
            max_page_links=s.getint("DISCOVERY_MAX_PAGE_LINKS"),
        )
