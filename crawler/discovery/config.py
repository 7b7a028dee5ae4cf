"""The discovery limits of a crawl (``DISCOVERY_*``), read once from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.config import SettingsReader


@dataclass(frozen=True)
class DiscoveryConfig:
    """Plain settings of discovery (defaults in ``crawler/settings.py``)."""

    #: query parameters dropped from article URLs besides ``crawler.urls.TRACKING_PARAMS``
    strip_params: tuple[str, ...]
    #: pagination pages followed per site (0: no limit)
    max_index_pages: int
    #: link hops from a start URL that non-article, same-site pages are followed
    index_depth: int
    #: sitemaps and feeds larger than this (after gunzip) are skipped
    max_listing_bytes: int

    @classmethod
    def from_settings(cls, s: SettingsReader) -> DiscoveryConfig:
        return cls(
            strip_params=tuple(s.getlist("DISCOVERY_STRIP_PARAMS")),
            max_index_pages=s.getint("DISCOVERY_MAX_INDEX_PAGES"),
            index_depth=s.getint("DISCOVERY_INDEX_DEPTH"),
            max_listing_bytes=s.getint("DISCOVERY_MAX_SITEMAP_BYTES"),
        )
