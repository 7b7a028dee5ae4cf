"""SiteRequestStats: one ``site/<site>/requests`` per site request that ended (the health checks' denominator).

Built from the project's settings with ``build_from_crawler``, as Scrapy's own middleware tests
build theirs; then ``process_response`` and ``process_exception`` over a table of outcomes.
"""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler
from twisted.internet.error import ConnectionRefusedError as TxConnectionRefusedError

from crawler.middlewares.sitestats import SiteRequestStats
from tests.helpers import project_crawler


@pytest.fixture
def mw_and_stats() -> tuple[SiteRequestStats, dict[str, int]]:
    crawler = project_crawler({}, Spider)
    assert crawler.stats is not None
    crawler.stats.open_spider()
    return build_from_crawler(SiteRequestStats, crawler), crawler.stats.get_stats()


def test_enabled_next_to_the_engine() -> None:
    crawler = project_crawler({}, Spider)
    assert crawler.settings.getdict("DOWNLOADER_MIDDLEWARES")["crawler.middlewares.sitestats.SiteRequestStats"] < 50


def test_counts_responses_of_any_status_and_download_errors(mw_and_stats: tuple[SiteRequestStats, dict[str, int]]
                                                            ) -> None:
    mw, stats = mw_and_stats
    site = Request("http://a.example/x", meta={"site_name": "a"})
    for status in (200, 404, 500):
        response = Response(site.url, status=status, request=site)
        assert mw.process_response(site, response) is response
    assert mw.process_exception(site, TxConnectionRefusedError()) is None
    mw.process_exception(site, IgnoreRequest("robots.txt"))  # refused before download: not a request
    mw.process_response(Request("http://b.example/", meta={"site_name": "b"}),
                        Response("http://b.example/", request=site))
    claim = Request("http://c.example/claimed", meta={"claim_fetch": True})  # no site: not counted
    mw.process_response(claim, Response(claim.url, request=claim))
    assert {k: v for k, v in stats.items() if k.startswith("site/")} == {"site/a/requests": 4, "site/b/requests": 1}
