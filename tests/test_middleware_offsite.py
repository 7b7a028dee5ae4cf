"""HostPortOffsiteMiddleware: requests stay on the ``host:port`` values of the spider's sites.

Built as Scrapy's own ``tests/test_downloadermiddleware_offsite.py`` builds Scrapy's offsite
middleware: a crawler with the project's settings, the real ``news`` spider created from a sites
file, the middleware from ``build_from_crawler``, then ``process_request`` over tables.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.misc import build_from_crawler

from crawler.middlewares.offsite import HostPortOffsiteMiddleware
from crawler.spiders.news import NewsSpider
from tests.helpers import project_crawler

# Two news sites on one host, told apart by their ports; one on the default ports; one on an
# IPv6 literal; and an aggregator, known to the file but not crawled by the news spider.
SITES = """
[[site]]
name = "left"
kind = "news"
hosts = ["127.0.0.1:8001"]
feeds = ["http://127.0.0.1:8001/feed.xml"]

[[site]]
name = "right"
kind = "news"
hosts = ["127.0.0.1:8002"]
feeds = ["http://127.0.0.1:8002/feed.xml"]

[[site]]
name = "plain"
kind = "news"
hosts = ["news.example", "www.news.example:443"]
sitemaps = ["https://news.example/sitemap.xml"]

[[site]]
name = "six"
kind = "news"
hosts = ["[2001:db8::7]:8080"]
start_urls = ["http://[2001:db8::7]:8080/"]

[[site]]
name = "agg"
kind = "aggregator"
hosts = ["127.0.0.1:8003", "agg.example"]
feeds = ["http://agg.example/feed.xml"]
"""


def _crawler(tmp_path: Path, site: str | None = None) -> Crawler:
    path = tmp_path / "sites.toml"
    path.write_text(SITES, encoding="utf-8")
    crawler = project_crawler({"EXTRACTION_WORKERS": 0}, NewsSpider)
    kwargs: dict[str, Any] = {"sites": str(path)}
    if site is not None:
        kwargs["site"] = site
    crawler.spider = crawler._create_spider(**kwargs)
    return crawler


@pytest.fixture
def crawler(tmp_path: Path) -> Iterator[Crawler]:
    crawler = _crawler(tmp_path)
    assert crawler.stats is not None
    crawler.stats.open_spider()
    yield crawler
    crawler.stats.close_spider()


@pytest.fixture
def mw(crawler: Crawler) -> HostPortOffsiteMiddleware:
    return build_from_crawler(HostPortOffsiteMiddleware, crawler)


def _allowed(mw: HostPortOffsiteMiddleware, request: Request) -> bool:
    try:
        mw.process_request(request)
    except IgnoreRequest:
        return False
    return True


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        # one host, two sites: each port is its own site, any other port is offsite
        ("http://127.0.0.1:8001/a.html", True),
        ("http://127.0.0.1:8002/a.html", True),
        ("http://127.0.0.1:8004/a.html", False),
        ("http://127.0.0.1/a.html", False),
        ("http://localhost:8001/a.html", False),  # another name of the host is another host
        # a site known to the file but of another kind is not crawled by this spider
        ("http://127.0.0.1:8003/a.html", False),
        ("http://agg.example/a.html", False),
        # default ports: no port, :80 for http and :443 for https are one host:port
        ("http://news.example/a", True),
        ("https://news.example/a", True),
        ("http://news.example:80/a", True),
        ("https://news.example:443/a", True),
        ("HTTP://NEWS.Example./a", True),  # case and a trailing dot do not matter
        ("http://news.example:443/a", False),  # 443 is not http's default port
        ("https://news.example:80/a", False),
        ("http://news.example:8080/a", False),
        ("https://www.news.example/a", True),  # listed as www.news.example:443
        ("http://www.news.example/a", True),
        ("http://sub.news.example/a", False),  # no subdomain matching, unlike Scrapy's
        ("http://news.example.evil/a", False),
        ("http://evil.example/news.example", False),
        # IPv6 literals keep their port
        ("http://[2001:db8::7]:8080/a", True),
        ("http://[2001:DB8::7]:8080/a", True),
        ("http://[2001:db8::7]/a", False),
        ("http://[2001:db8::7]:8081/a", False),
        ("http://[2001:db8::8]:8080/a", False),
    ],
)
def test_host_port_filtering(mw: HostPortOffsiteMiddleware, url: str, allowed: bool) -> None:
    assert _allowed(mw, Request(url)) is allowed


@pytest.mark.parametrize(
    ("meta", "dont_filter", "allowed"),
    [
        ({}, False, False),
        ({"allow_offsite": False}, False, False),
        ({"allow_offsite": None}, False, False),
        ({"allow_offsite": True}, False, True),
        ({"allow_offsite": True}, True, True),
        # unlike Scrapy's middleware, dont_filter does not take a request offsite: only
        # allow_offsite does (claimed-source fetches, which have their own checks)
        ({}, True, False),
    ],
)
def test_allow_offsite_meta(mw: HostPortOffsiteMiddleware, meta: dict[str, Any], dont_filter: bool,
                            allowed: bool) -> None:
    request = Request("http://elsewhere.example/story", meta=meta, dont_filter=dont_filter)
    assert _allowed(mw, request) is allowed


@pytest.mark.parametrize(
    ("site", "url", "allowed"),
    [
        ("left", "http://127.0.0.1:8001/a", True),
        ("left", "http://127.0.0.1:8002/a", False),  # -a site=left: the other site is offsite
        ("right", "http://127.0.0.1:8002/a", True),
        ("right", "http://127.0.0.1:8001/a", False),
    ],
)
def test_one_site_chosen(tmp_path: Path, site: str, url: str, allowed: bool) -> None:
    crawler = _crawler(tmp_path, site=site)
    mw = build_from_crawler(HostPortOffsiteMiddleware, crawler)
    assert _allowed(mw, Request(url)) is allowed


@pytest.mark.parametrize("url", ["http://127.0.0.1:8004/a", "https://anything.example/", "http://[::1]:1/"])
def test_spider_without_site_index_is_left_alone(url: str) -> None:
    """Another project's spider (no ``site_index``) and no spider yet: nothing is filtered."""
    crawler = project_crawler({}, Spider)
    mw = build_from_crawler(HostPortOffsiteMiddleware, crawler)
    assert _allowed(mw, Request(url))  # no spider created yet
    crawler.spider = crawler._create_spider(name="other", allowed_domains=["example.com"])
    assert _allowed(mw, Request(url))


def test_stats_and_one_log_line_per_host_port(mw: HostPortOffsiteMiddleware, crawler: Crawler,
                                              caplog: pytest.LogCaptureFixture) -> None:
    urls = [
        "http://127.0.0.1:8004/1",
        "http://127.0.0.1:8004/2",
        "http://127.0.0.1:8001/ok",  # onsite: not counted
        "http://elsewhere.example/1",
        "https://elsewhere.example:443/2",  # same host:port as the one before
        "http://elsewhere.example:8080/3",
        "http://127.0.0.1:8004/3",
    ]
    with caplog.at_level(logging.DEBUG, logger="crawler.middlewares.offsite"):
        outcomes = [_allowed(mw, Request(u)) for u in urls]
    assert outcomes == [False, False, True, False, False, False, False]
    assert crawler.stats is not None
    assert crawler.stats.get_value("offsite/filtered") == 6
    assert crawler.stats.get_value("offsite/domains") == 3
    logged = [r.getMessage() for r in caplog.records if r.name == "crawler.middlewares.offsite"]
    assert len(logged) == 3
    assert [m.split("'")[1] for m in logged] == ["127.0.0.1:8004", "elsewhere.example", "elsewhere.example:8080"]


def test_no_stats_when_nothing_is_filtered(mw: HostPortOffsiteMiddleware, crawler: Crawler) -> None:
    for url in ("http://127.0.0.1:8001/a", "https://news.example/b", "http://x.example/c"):
        mw.process_request(Request(url, meta={"allow_offsite": url.startswith("http://x.")}))
    assert crawler.stats is not None
    assert crawler.stats.get_value("offsite/filtered") is None
    assert crawler.stats.get_value("offsite/domains") is None


def test_ignore_request_names_the_host_port(mw: HostPortOffsiteMiddleware) -> None:
    with pytest.raises(IgnoreRequest, match=r"^offsite: 127\.0\.0\.1:8004$"):
        mw.process_request(Request("http://127.0.0.1:8004/x"))
