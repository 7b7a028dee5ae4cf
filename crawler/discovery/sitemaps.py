"""Sitemaps (sitemaps.org): sitemap indexes and URL sets, Google News fields kept.

Scrapy's ``SitemapSpider`` drops the ``news:`` fields; here a Google News sitemap's title and
publication date become the entry's hints.
"""

from __future__ import annotations

from lxml import etree

from crawler.dates import normalize_date
from crawler.discovery.listings import Entry, Listing, child, local_name, text_of, url_of
from crawler.urls import absolute_url


def read_sitemap_index(root: etree._Element, base_url: str) -> Listing:
    """A ``<sitemapindex>``: its child sitemaps, and the ``lastmod`` of those that give one."""
    out = Listing("sitemapindex")
    for sm in root:
        loc = url_of(child(sm, "loc")) if local_name(sm.tag) == "sitemap" else None
        url = absolute_url(base_url, loc)
        if url:
            out.sitemaps.append(url)
            lastmod = normalize_date(text_of(child(sm, "lastmod")))
            if lastmod:
                out.lastmods[url] = lastmod
    return out


def read_urlset(root: etree._Element, base_url: str) -> Listing:
    """A ``<urlset>``: its URLs with ``lastmod`` and, in a news sitemap, title and date."""
    out = Listing("urlset")
    for u in root:
        if local_name(u.tag) != "url":
            continue
        url = absolute_url(base_url, url_of(child(u, "loc")))
        if not url:
            continue
        entry = Entry(url, modified=normalize_date(text_of(child(u, "lastmod"))))
        news = child(u, "news")
        if news is not None:
            entry.title = text_of(child(news, "title"))
            entry.published = normalize_date(text_of(child(news, "publication_date")))
        out.entries.append(entry)
    return out
