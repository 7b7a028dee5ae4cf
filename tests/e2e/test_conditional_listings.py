"""Sitemaps and feeds an earlier run read whole are asked for with the validators their server
gave (``If-None-Match``, ``If-Modified-Since``), and a ``304 Not Modified`` is not read again
(``crawler/spiders/listing_marks.py``). Each test serves one site on 127.0.0.1 whose server honours
conditional requests (``tests.hostile_web``), crawls it with the real ``scrapy crawl`` on one state
file, and checks how each listing was asked for and answered, and what was written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import read_jsonl
from tests.hostile_web import QUICK, Crawl, HostileSite, Reply, article_page, rss, run_measured, sites_toml, urlset

ROBOTS = Reply("User-agent: *\nDisallow:\n", ctype="text/plain")
DATE = "Sat, 05 Dec 2026 10:00:00 GMT"


class Site:
    """A site whose listings (path -> reply) and articles (``/a/<n>``) a test changes between runs."""

    def __init__(self, host: HostileSite) -> None:
        self.host = host
        self.listings: dict[str, Reply] = {}
        self.status: dict[str, int] = {}
        host.routes.update({"/robots.txt": ROBOTS, "/l/*": lambda path: self.listings[path], "/a/*": self._article})

    def feed(self, path: str, articles: list[int], etag: str | None = None, modified: str | None = None,
             next_page: str | None = None) -> None:
        reply = rss([f"{self.host.base}/a/{n}" for n in articles], next_page and f"{self.host.base}{next_page}")
        self.listings[path] = Reply(reply.body, ctype=reply.ctype, headers=_validators(etag, modified))

    def sitemap(self, path: str, articles: list[int], etag: str | None = None, modified: str | None = None) -> None:
        body = urlset([f"{self.host.base}/a/{n}" for n in articles])
        self.listings[path] = Reply(body, ctype="application/xml", headers=_validators(etag, modified))

    def index(self, path: str, children: list[str], etag: str) -> None:
        items = "".join(f"<sitemap><loc>{self.host.base}{child}</loc></sitemap>" for child in children)
        self.listings[path] = Reply('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                                    f'sitemap/0.9">{items}</sitemapindex>', ctype="application/xml",
                                    headers=_validators(etag, None))

    def _article(self, path: str) -> Reply:
        status = self.status.get(path, 200)
        return article_page(f"Story {path}") if status == 200 else Reply("no", status=status)

    def crawl(self, tmp_path: Path, run: int, *extra: str, **entry: Any
              ) -> tuple[Crawl, dict[str, tuple[int, bool]], set[str]]:
        """One run: its result, each listing's ``(status, asked conditionally)`` and the articles
        (``/a/<n>``) it wrote."""
        self.host.answers.clear()
        sites = sites_toml(tmp_path / "sites.toml", {"name": "paper", "kind": "news", "hosts": [self.host.netloc],
                                                     **entry})
        out = tmp_path / f"{run}.jsonl"
        result = run_measured("crawl", "news", "-a", f"sites={sites}", "-O", str(out),
                              "-s", f"STATE_URI=sqlite:///{tmp_path / 'state.db'}", *QUICK, *extra, cwd=tmp_path)
        assert result.code == 0, result.log[-3000:]
        answers = {path: (status, conditional) for path, status, conditional in self.host.answers
                   if path.startswith("/l/")}
        return result, answers, {r["url"].removeprefix(self.host.base) for r in read_jsonl(out)}


def _validators(etag: str | None, modified: str | None) -> dict[str, str]:
    return {name: value for name, value in (("ETag", etag), ("Last-Modified", modified)) if value}


@pytest.fixture
def site() -> Iterator[Site]:
    with HostileSite() as host:
        yield Site(host)


def test_listings_not_modified_are_not_read_again(site: Site, tmp_path: Path) -> None:
    site.feed("/l/feed.xml", [1, 2, 3], etag='"v1"')
    site.sitemap("/l/news.xml", [4, 5], modified=DATE)
    entry = {"feeds": [f"{site.host.base}/l/feed.xml"], "sitemaps": [f"{site.host.base}/l/news.xml"]}
    run, answers, written = site.crawl(tmp_path, 1, **entry)
    assert answers == {"/l/feed.xml": (200, False), "/l/news.xml": (200, False)}
    assert written == {f"/a/{n}" for n in range(1, 6)}
    assert run.stats["incremental/sitemaps_recorded"] == 2
    # nothing changed: both are asked for with their validators, and the server says so
    run, answers, written = site.crawl(tmp_path, 2, **entry)
    assert answers == {"/l/feed.xml": (304, True), "/l/news.xml": (304, True)}
    assert written == set()
    assert run.stats["incremental/listings_not_modified"] == 2
    # their articles count as listed and unchanged: the health checks see the site as before
    assert run.stats["site/paper/unchanged"] == 5
    assert "error: health monitors failed" not in run.log
    # the feed gains an article and a new ETag: it is read, the sitemap still is not
    site.feed("/l/feed.xml", [6, 1, 2, 3], etag='"v2"')
    run, answers, written = site.crawl(tmp_path, 3, **entry)
    assert answers == {"/l/feed.xml": (200, True), "/l/news.xml": (304, True)}
    assert written == {"/a/6"}
    run, answers, written = site.crawl(tmp_path, 4, **entry)
    assert answers == {"/l/feed.xml": (304, True), "/l/news.xml": (304, True)}
    assert run.stats["site/paper/unchanged"] == 6


def test_a_listing_whose_article_failed_is_asked_for_whole(site: Site, tmp_path: Path) -> None:
    site.feed("/l/feed.xml", [1, 2], etag='"v1"')
    site.status["/a/2"] = 503
    entry = {"feeds": [f"{site.host.base}/l/feed.xml"]}
    run, _, written = site.crawl(tmp_path, 1, **entry)
    assert written == {"/a/1"}
    assert run.stats["incremental/sitemaps_unfinished"] == 1
    site.status.clear()
    run, answers, written = site.crawl(tmp_path, 2, **entry)
    assert answers == {"/l/feed.xml": (200, False)}
    assert written == {"/a/2"}
    run, answers, written = site.crawl(tmp_path, 3, **entry)
    assert answers == {"/l/feed.xml": (304, True)}


def test_without_the_setting_or_once_a_recheck_is_due_listings_are_asked_for_whole(
        site: Site, tmp_path: Path) -> None:
    site.feed("/l/feed.xml", [1, 2], etag='"v1"', modified=DATE)
    entry = {"feeds": [f"{site.host.base}/l/feed.xml"]}
    site.crawl(tmp_path, 1, **entry)
    run, answers, _ = site.crawl(tmp_path, 2, "-s", "INCREMENTAL_CONDITIONAL_LISTINGS=False", **entry)
    assert answers == {"/l/feed.xml": (200, False)}
    assert "incremental/listings_not_modified" not in run.stats
    run, answers, _ = site.crawl(tmp_path, 3, "-s", "INCREMENTAL_SITEMAP_RECHECK_HOURS=0.0001", **entry)
    assert answers == {"/l/feed.xml": (200, False)}
    assert run.stats["incremental/listings_recheck_due"] == 1
    run, answers, _ = site.crawl(tmp_path, 4, **entry)
    assert answers == {"/l/feed.xml": (304, True)}


def test_indexes_and_feed_pages_with_a_next_page_are_always_read(site: Site, tmp_path: Path) -> None:
    site.index("/l/index.xml", ["/l/one.xml", "/l/two.xml"], etag='"i1"')
    site.sitemap("/l/one.xml", [1], etag='"one"')
    site.sitemap("/l/two.xml", [2], etag='"two"')
    site.feed("/l/feed.xml", [3], etag='"f1"', next_page="/l/feed2.xml")
    site.feed("/l/feed2.xml", [4], etag='"f2"')
    entry = {"feeds": [f"{site.host.base}/l/feed.xml"], "sitemaps": [f"{site.host.base}/l/index.xml"]}
    site.crawl(tmp_path, 1, **entry)
    run, answers, written = site.crawl(tmp_path, 2, **entry)
    # an index must be read for its newest child, a feed page for its next page
    assert answers == {"/l/index.xml": (200, False), "/l/feed.xml": (200, False),
                       "/l/one.xml": (304, True), "/l/two.xml": (304, True), "/l/feed2.xml": (304, True)}
    assert written == set()
    assert run.stats["incremental/listings_not_modified"] == 3
