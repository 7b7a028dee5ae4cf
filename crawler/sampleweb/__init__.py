"""The bundled sample web: small news sites and aggregators served on 127.0.0.1 (stdlib only).

Used by ``scrapy demo``, the test suite and the benchmarks; nothing on the crawl path imports it.

>>> from crawler.sampleweb import SampleWeb
>>> with SampleWeb() as web:              # doctest: +SKIP
...     web.write_sites_file("sites.toml")
...     web.manifest["seed"]["post_url"]

Sites (each on its own port): news ``haaretz`` (robots.txt -> sitemap index -> news sitemap +
gzipped plain sitemap), ``jpost`` (RSS 2.0), ``dailyherald`` (paginated index pages and
``article_pattern``), ``worldwire`` (Atom); aggregators ``blogspot`` (Blogger, Atom feed) and
``wpnews`` (WordPress, RSS with ``content:encoded``). ``SampleWeb(scale=N)`` adds N synthetic news
articles and aggregator copies of about 10% of them.

``manifest``: ``sites``, ``articles`` (exactly the pages a crawl should emit, with the expected
clean body, role, duplicate and source-check verdicts), ``not_articles``, ``faults`` (404/500 URLs
linked from indexes, feeds or sitemaps) and ``seed`` (the seed post, its original, its claimed URL).
"""

from __future__ import annotations

from .server import SampleWeb

__all__ = ["SampleWeb"]
