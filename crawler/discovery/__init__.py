"""Discovery: reading the documents that list a site's articles.

* :mod:`.listings`: :func:`parse_listing` reads a *listing*, an XML document that lists URLs
  (a sitemap, a sitemap index, an RSS or Atom feed) into a :class:`Listing`, dispatching to
  :mod:`.sitemaps` and :mod:`.feeds`; :func:`listing_body` unpacks and bounds its bytes;
* :mod:`.robots`: the ``Sitemap:`` lines of a robots.txt;
* :mod:`.index_pages`: the links of an HTML *index page* (a section or home page), pagination
  apart from the rest.

Pure functions on bytes, no Scrapy imports. XML is parsed without entity expansion or network
access, so hostile sitemaps cannot blow up memory or reach elsewhere.
"""

from __future__ import annotations

from crawler.discovery.index_pages import IndexLinks, index_links
from crawler.discovery.listings import Entry, Listing, ListingError, listing_body, parse_listing
from crawler.discovery.robots import robots_sitemaps

__all__ = [
    "Entry",
    "IndexLinks",
    "Listing",
    "ListingError",
    "index_links",
    "listing_body",
    "parse_listing",
    "robots_sitemaps",
]
