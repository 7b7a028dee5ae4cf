"""An index page's pagination is not followed from a page whose article links earlier runs all
fetched, once a finished run walked it to its end (``crawler/spiders/listing_marks.py``). Each test
serves one site on 127.0.0.1 whose section lists its stories newest first over pages linked by
``rel="next"``, crawls it with the real ``scrapy crawl`` on one state file, and checks which index
pages were read and what was written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import read_jsonl
from tests.hostile_web import QUICK, Crawl, HostileSite, Reply, article_page, run_measured, sites_toml

PER_PAGE = 5
PATTERN = r"/\d{4}/\d{2}/\d{2}/"


class Site:
    """A section of ``stories`` (newest first), ``PER_PAGE`` to a page: ``/news/``, then
    ``/news/page/<n>/``; story ``k`` is ``/2024/05/01/story-<k>/``."""

    def __init__(self, host: HostileSite, stories: int) -> None:
        self.host = host
        self.stories = list(range(stories, 0, -1))
        self.status: dict[str, int] = {}
        host.routes.update({"/robots.txt": Reply("User-agent: *\nDisallow:\n", ctype="text/plain"),
                            "/news/*": self._page, "/2024/*": lambda path: article_page(f"Story {path}")})

    def publish(self, count: int) -> None:
        top = self.stories[0] if self.stories else 0
        self.stories[:0] = range(top + count, top, -1)

    def _page(self, path: str) -> Reply:
        if path in self.status:
            return Reply("busy", status=self.status[path])
        n = 1 if path == "/news/" else int(path.strip("/").rsplit("/", 1)[1])
        shown = self.stories[(n - 1) * PER_PAGE : n * PER_PAGE]
        if not shown:
            return Reply("<h1>Not found</h1>", status=404)
        items = "".join(f'<li><a href="/2024/05/01/story-{k}/">Story {k}</a></li>' for k in shown)
        more = len(self.stories) > n * PER_PAGE
        nxt = f'<nav class="nav-links"><a rel="next" href="/news/page/{n + 1}/">Older posts</a></nav>' if more else ""
        return Reply(f'<html><body><header><a href="/">Home</a> <a href="/about/">About</a></header>'
                     f"<h1>News</h1><ul>{items}</ul>{nxt}</body></html>")

    def crawl(self, tmp_path: Path, run: int, *extra: str, **entry: Any) -> tuple[Crawl, list[str], set[str]]:
        """One run: its result, the index pages it read (``1``, ``2``...) and the stories it wrote."""
        self.host.hits.clear()
        fields = {"name": "paper", "kind": "news", "hosts": [self.host.netloc],
                  "start_urls": [f"{self.host.base}/news/"], "article_pattern": PATTERN, **entry}
        sites = sites_toml(tmp_path / "sites.toml", {k: v for k, v in fields.items() if v is not None})
        out = tmp_path / f"{run}.jsonl"
        result = run_measured("crawl", "news", "-a", f"sites={sites}", "-O", str(out),
                              "-s", f"STATE_URI=sqlite:///{tmp_path / 'state.db'}", *QUICK, *extra, cwd=tmp_path)
        assert result.code == 0, result.log[-3000:]
        pages = sorted(("1" if h == "/news/" else h.strip("/").rsplit("/", 1)[1]) for h in self.host.hits_of("^/news/"))
        written = {r["url"].removeprefix(self.host.base).strip("/").rsplit("-", 1)[1] for r in read_jsonl(out)}
        return result, sorted(pages, key=int), written


@pytest.fixture
def site() -> Iterator[Site]:
    with HostileSite() as host:
        yield Site(host, stories=30)


def test_pagination_stops_at_a_page_of_stories_fetched_before(site: Site, tmp_path: Path) -> None:
    run, pages, written = site.crawl(tmp_path, 1)
    assert pages == ["1", "2", "3", "4", "5", "6"]
    assert len(written) == 30
    assert "incremental/pagination_stopped" not in run.stats
    # nothing new: the first page's stories were all fetched, its next page is not read
    run, pages, written = site.crawl(tmp_path, 2)
    assert pages == ["1"]
    assert written == set()
    assert run.stats["incremental/pagination_stopped"] == 1
    # the stories of the pages not read count as listed and unchanged: the health checks hold
    assert run.stats["site/paper/unchanged"] == 30
    assert "error: health monitors failed" not in run.log
    # two new stories push the first page's last two to the second page, where the walk stops
    site.publish(2)
    run, pages, written = site.crawl(tmp_path, 3)
    assert pages == ["1", "2"]
    assert written == {"31", "32"}
    assert run.stats["site/paper/unchanged"] == 30


def test_without_the_setting_a_recheck_due_or_an_article_pattern_every_page_is_read(
        site: Site, tmp_path: Path) -> None:
    every = ["1", "2", "3", "4", "5", "6"]
    site.crawl(tmp_path, 1)
    run, pages, _ = site.crawl(tmp_path, 2, "-s", "INCREMENTAL_STOP_AT_SEEN_PAGES=False")
    assert pages == every
    run, pages, _ = site.crawl(tmp_path, 3, "-s", "INCREMENTAL_SITEMAP_RECHECK_HOURS=0.0001")
    assert pages == every
    assert run.stats["incremental/pagination_recheck_due"] == 1
    run, pages, _ = site.crawl(tmp_path, 4)
    assert pages == ["1"]
    # without an article_pattern no link is known for an article: every page is read
    run, pages, _ = site.crawl(tmp_path, 5, article_pattern=None)
    assert pages == every


def test_a_run_that_stopped_on_its_budget_records_no_walk(site: Site, tmp_path: Path) -> None:
    run, _, _ = site.crawl(tmp_path, 1, "-s", "CLOSESPIDER_ITEMCOUNT=3", "-s", "CONCURRENT_REQUESTS=1",
                               "-s", "MONITOR_MIN_ARTICLES=0")
    assert "closespider_itemcount" in run.log
    _, pages, written = site.crawl(tmp_path, 2)
    assert pages == ["1", "2", "3", "4", "5", "6"]
    assert len(written) == 30 - len(read_jsonl(tmp_path / "1.jsonl"))
    _, pages, _ = site.crawl(tmp_path, 3)
    assert pages == ["1"]
    # twenty new stories, and a run cut short after a few: the next run walks on to the rest,
    # though the first page's stories were all written
    site.publish(20)
    _, _, cut = site.crawl(tmp_path, 4, "-s", "CLOSESPIDER_ITEMCOUNT=5", "-s", "CONCURRENT_REQUESTS=1",
                           "-s", "MONITOR_MIN_ARTICLES=0")
    assert {"50", "49", "48", "47", "46"} <= cut and len(cut) < 20
    _, pages, written = site.crawl(tmp_path, 5)
    assert cut | written == {str(k) for k in range(31, 51)}


def test_a_walk_with_a_failed_page_or_over_a_budget_is_not_recorded(site: Site, tmp_path: Path) -> None:
    site.status["/news/page/3/"] = 503
    _, pages, written = site.crawl(tmp_path, 1)
    assert pages[:2] == ["1", "2"] and "4" not in pages
    assert len(written) == 10
    site.status.clear()
    _, pages, written = site.crawl(tmp_path, 2)  # the walk goes on to its end
    assert pages == ["1", "2", "3", "4", "5", "6"]
    assert len(written) == 20
    # a budget that stops the site: its walk is not whole either
    site.publish(40)
    _, pages, written = site.crawl(tmp_path, 3, "-s", "SITE_MAX_PAGES=12", "-s", "MONITOR_MIN_ARTICLES=0")
    assert len(written) < 40
    _, pages, _ = site.crawl(tmp_path, 4)
    assert pages == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14"]
    _, pages, _ = site.crawl(tmp_path, 5)
    assert pages == ["1"]
