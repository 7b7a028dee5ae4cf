"""``scrapy crawl aggregator -a sites=FILE [-a site=NAME]``: the sites of kind ``aggregator``.

Aggregators (Blogger- and WordPress-style autoblogs, portals) are discovered like news sites
(feeds, archive and paginated home pages); each post's claimed source ("Article source: URL",
"Source:", "via", "Originally published at", a canonical link to another site) goes into
``claimedSource`` for the source check.
"""

from __future__ import annotations

from crawler.spiders.base import SiteSpider


class AggregatorSpider(SiteSpider):
    """Crawls aggregator sites and records what each post claims as its source."""

    name = "aggregator"
    kind = "aggregator"
    fetch_claims = True
