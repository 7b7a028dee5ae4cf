"""``scrapy crawl news -a sites=FILE [-a site=NAME]``: the sites of kind ``news``."""

from __future__ import annotations

from crawler.spiders.base import SiteSpider


class NewsSpider(SiteSpider):
    """Crawls news publishers: sitemaps, Google News sitemaps, feeds and section pages."""

    name = "news"
    kind = "news"
