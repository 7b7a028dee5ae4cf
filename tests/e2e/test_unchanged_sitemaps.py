"""Child sitemaps an earlier run read whole are not requested again while their sitemap index
gives them the same ``lastmod`` (``crawler/spiders/listing_marks.py``). Each test serves one site
on 127.0.0.1 whose sitemap index and children it changes between runs, crawls it with the real
``scrapy crawl`` on one state file, and checks which sitemaps were requested and what was written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import read_jsonl
from tests.hostile_web import QUICK, Crawl, HostileSite, Reply, article_page, run_measured, sites_toml, urlset

ROBOTS = Reply("User-agent: *\nDisallow: /private/\n", ctype="text/plain")


class Site:
    """A site whose sitemap index lists children with the ``lastmod`` given; each child lists
    its articles (``/<child>/<n>``); ``status`` gives an article another answer than 200."""

    def __init__(self, host: HostileSite) -> None:
        self.host = host
        self.children: dict[str, tuple[str | None, list[str]]] = {}
        self.status: dict[str, int] = {}
        host.routes.update({"/robots.txt": ROBOTS, "/index.xml": self._index, "/sm/*": self._child,
                            "/a/*": self._article, "/private/*": self._article})

    def child(self, name: str, lastmod: str | None, articles: list[str]) -> None:
        self.children[name] = (lastmod, articles)

    def _index(self, _path: str) -> Reply:
        items = "".join(f"<sitemap><loc>{self.host.base}/sm/{name}.xml</loc>"
                        + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</sitemap>"
                        for name, (lastmod, _) in self.children.items())
        return Reply('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                     f"{items}</sitemapindex>", ctype="application/xml")

    def _child(self, path: str) -> Reply:
        name = path.rsplit("/", 1)[1].removesuffix(".xml")
        if name not in self.children:
            return Reply("gone", status=404)
        return Reply(urlset([f"{self.host.base}{a}" for a in self.children[name][1]]), ctype="application/xml")

    def _article(self, path: str) -> Reply:
        status = self.status.get(path, 200)
        return article_page(f"Story {path}") if status == 200 else Reply("no", status=status)

    def crawl(self, tmp_path: Path, run: int, *extra: str) -> tuple[Crawl, list[str], set[str]]:
        """One run: its result, the child sitemaps it requested and the URLs it wrote."""
        self.host.hits.clear()
        sites = sites_toml(tmp_path / "sites.toml", {"name": "paper", "kind": "news", "hosts": [self.host.netloc],
                                                     "sitemaps": [f"{self.host.base}/index.xml"]})
        out = tmp_path / f"{run}.jsonl"
        result = run_measured("crawl", "news", "-a", f"sites={sites}", "-O", str(out),
                              "-s", f"STATE_URI=sqlite:///{tmp_path / 'state.db'}", *QUICK, *extra, cwd=tmp_path)
        assert result.code == 0, result.log[-3000:]
        children = sorted(h.removeprefix("/sm/").removesuffix(".xml") for h in self.host.hits_of("^/sm/"))
        return result, children, {r["url"].removeprefix(self.host.base) for r in read_jsonl(out)}


@pytest.fixture
def site() -> Iterator[Site]:
    with HostileSite() as host:
        yield Site(host)


def test_unchanged_children_are_not_read_again_until_their_lastmod_moves(site: Site, tmp_path: Path) -> None:
    site.child("2024-01", "2024-01-31T23:00:00Z", ["/a/1", "/a/2", "/a/3"])
    site.child("2024-02", "2024-02-29T23:00:00+01:00", ["/a/4", "/a/5"])
    site.child("2024-03", "2024-03-05T08:00:00Z", ["/a/6", "/a/7"])
    run, children, written = site.crawl(tmp_path, 1)
    assert children == ["2024-01", "2024-02", "2024-03"]
    assert written == {f"/a/{n}" for n in range(1, 8)}
    assert run.stats["incremental/sitemaps_recorded"] == 3
    # nothing changed: the newest child is read, the two others are not
    run, children, written = site.crawl(tmp_path, 2)
    assert children == ["2024-03"]
    assert written == set()
    assert run.stats["incremental/sitemaps_unchanged"] == 2
    # their articles count as listed and unchanged: the health checks see the site as before
    assert run.stats["site/paper/unchanged"] == 7
    assert "error: health monitors failed" not in run.log
    # the January sitemap gains an article and its lastmod moves: it is read, February's is not
    site.child("2024-01", "2024-03-06T09:00:00Z", ["/a/1", "/a/2", "/a/3", "/a/8"])
    run, children, written = site.crawl(tmp_path, 3)
    assert children == ["2024-01"]  # now the newest; March's keeps its record
    assert written == {"/a/8"}
    assert run.stats["incremental/sitemaps_unchanged"] == 2
    # without the setting every child is read
    run, children, written = site.crawl(tmp_path, 4, "-s", "INCREMENTAL_SKIP_UNCHANGED_SITEMAPS=False")
    assert children == ["2024-01", "2024-02", "2024-03"]
    assert "incremental/sitemaps_unchanged" not in run.stats


def test_a_child_whose_article_failed_is_read_again(site: Site, tmp_path: Path) -> None:
    site.child("old", "2023-05-01T00:00:00Z", ["/a/1", "/a/2"])
    site.child("gone", "2023-06-01T00:00:00Z", ["/a/3", "/a/4"])
    site.child("forbidden", "2023-07-01T00:00:00Z", ["/a/5", "/private/6"])
    site.child("new", "2024-01-01T00:00:00Z", ["/a/7"])
    site.status.update({"/a/2": 503, "/a/4": 404})
    run, children, written = site.crawl(tmp_path, 1)
    assert written == {"/a/1", "/a/3", "/a/5", "/a/7"}
    # a 503 leaves "old" unfinished; a 404 and a page robots.txt forbids are answers for good
    assert run.stats["incremental/sitemaps_recorded"] == 3
    assert run.stats["incremental/sitemaps_unfinished"] == 1
    site.status.clear()
    run, children, written = site.crawl(tmp_path, 2)
    assert children == ["new", "old"]
    assert written == {"/a/2"}
    run, children, written = site.crawl(tmp_path, 3)
    assert children == ["new"]


def test_children_without_a_lastmod_or_dated_today_are_always_read(site: Site, tmp_path: Path) -> None:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    site.child("undated", None, ["/a/1"])
    site.child("today", today, ["/a/2"])
    site.child("longago", "2020-01-01", ["/a/3"])
    site.child("newest", f"{today}T23:59:59Z", ["/a/4"])
    site.crawl(tmp_path, 1)
    run, children, written = site.crawl(tmp_path, 2)
    # a date alone may change again the same day; read two days after it, it is known whole
    assert children == ["newest", "today", "undated"]
    assert written == set()
    assert run.stats["incremental/sitemaps_unchanged"] == 1


def test_a_run_cut_short_records_no_child(site: Site, tmp_path: Path) -> None:
    for month in range(1, 7):
        site.child(f"2024-0{month}", f"2024-0{month}-28T00:00:00Z", [f"/a/{month}{n}" for n in range(3)])
    run, _, first = site.crawl(tmp_path, 1, "-s", "CLOSESPIDER_ITEMCOUNT=2", "-s", "CONCURRENT_REQUESTS=1",
                               "-s", "MONITOR_MIN_ARTICLES=0")
    assert "closespider_itemcount" in run.log
    assert "incremental/sitemaps_recorded" not in run.stats
    run, children, written = site.crawl(tmp_path, 2)
    assert len(children) == 6
    assert first | written == {f"/a/{month}{n}" for month in range(1, 7) for n in range(3)}
    assert run.stats["incremental/sitemaps_recorded"] == 6


def test_the_newest_children_are_read_first(site: Site, tmp_path: Path) -> None:
    """Whatever the index's order: the new articles come before the archive's (and a budget is spent on them)."""
    order = ["2023-11", "2024-02", "undated", "2023-12", "2024-01"]
    for name in order:
        site.child(name, None if name == "undated" else f"{name}-15T00:00:00Z", [f"/a/{name}-{n}" for n in range(2)])
    site.crawl(tmp_path, 1, "-s", "CONCURRENT_REQUESTS=1")
    hits = site.host.hits_of("^/(sm|a)/")
    read = [h.removeprefix("/sm/").removesuffix(".xml") for h in hits if h.startswith("/sm/")]
    # an undated child may be new too: it goes with the newest (the order among equals is the scheduler's)
    assert sorted(read[:2]) == ["2024-02", "undated"] and read[2:] == ["2024-01", "2023-12", "2023-11"]
    # the newest child's articles before the older children are read
    assert hits.index("/a/2024-02-0") < hits.index("/sm/2023-12.xml")
