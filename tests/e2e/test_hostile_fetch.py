"""A hostile web, fetching: robots.txt of claimed sources, huge and slow robots.txt files, rude
Retry-After headers. Each test crawls small sites on 127.0.0.1 through the real ``scrapy crawl``.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.helpers import read_jsonl, scrapy_cmd
from tests.hostile_web import QUICK, HostileSite, Reply, article_page, crawl_stats, rss, sites_toml


def crawl(spider: str, sites: Path, out: Path, *extra: str, timeout: float = 120) -> tuple[int, str, dict[str, float]]:
    proc = scrapy_cmd("crawl", spider, "-a", f"sites={sites}", "-O", str(out),
                      "-s", f"STATE_URI=sqlite:///{out.parent / 'state.db'}", *QUICK, *extra, timeout=timeout)
    return proc.returncode, proc.stderr, crawl_stats(proc.stderr)


def test_claimed_source_fetch_obeys_the_claimed_hosts_robots_txt(tmp_path: Path) -> None:
    """Case 1: the claimed host is a site of the file but not of this crawl (a news site claimed
    by an aggregator's post); its robots.txt disallows the claimed page, which must not be fetched."""
    with HostileSite() as source, HostileSite() as blog:
        claimed = f"{source.base}/private/harbour-festival-returns.html"
        source.routes.update({
            "/robots.txt": Reply("User-agent: *\nDisallow: /private/\n", ctype="text/plain"),
            "/private/harbour-festival-returns.html": article_page("Harbour festival returns"),
        })
        post = f"{blog.base}/2024/05/harbour-festival.html"
        blog.routes.update({
            "/feed.xml": rss([post]),
            "/2024/05/harbour-festival.html": article_page("Harbour festival", f"<p>Article source: {claimed}</p>"),
        })
        sites = sites_toml(tmp_path / "sites.toml",
                           {"name": "source", "kind": "news", "hosts": [source.netloc],
                            "feeds": [f"{source.base}/feed.xml"]},
                           {"name": "blog", "kind": "aggregator", "hosts": [blog.netloc],
                            "feeds": [f"{blog.base}/feed.xml"]})
        code, log, stats = crawl("aggregator", sites, tmp_path / "out.jsonl")
    assert code == 0, log[-3000:]
    assert source.hits == ["/robots.txt"]  # the robots.txt was read, the disallowed page never fetched
    assert stats["robotstxt/forbidden"] == 1
    assert "offsite/filtered" not in stats
    (record,) = read_jsonl(tmp_path / "out.jsonl")  # the post is not lost
    assert record["url"] == post and record["claimedSource"]["url"] == claimed
    assert record["sourceCheck"]["status"] == "unverified"
    assert "Traceback" not in log


def test_huge_robots_txt_is_cut_to_the_limit(tmp_path: Path) -> None:
    """Case 7: a 5 MB robots.txt is read up to ROBOTSTXT_MAX_BYTES (its rules there still apply)."""
    filler = "".join(f"Disallow: /filler/{i}/\n" for i in range(250_000))  # ~5.4 MB
    robots = "User-agent: *\nDisallow: /private/\n" + filler + "Disallow: /\n"
    with HostileSite() as site:
        site.routes.update({
            "/robots.txt": Reply(robots, ctype="text/plain"),
            "/feed.xml": rss([f"{site.base}/news/a.html", f"{site.base}/private/b.html"]),
            "/news/a.html": article_page("An article"),
            "/private/b.html": article_page("A private article"),
        })
        sites = sites_toml(tmp_path / "sites.toml", {"name": "big", "kind": "news", "hosts": [site.netloc],
                                                     "feeds": [f"{site.base}/feed.xml"]})
        code, log, stats = crawl("news", sites, tmp_path / "out.jsonl")
    assert len(robots) > 5_000_000
    assert code == 0, log[-3000:]
    assert stats["robotstxt/truncated"] == 1
    assert "is over 512000 bytes: only its first 512000 bytes are read" in log
    # the rules in the first 500 KiB apply; the "Disallow: /" after the cut does not
    assert [r["url"] for r in read_jsonl(tmp_path / "out.jsonl")] == [f"{site.base}/news/a.html"]
    assert site.hits_of("^/private/") == []
    assert stats["robotstxt/forbidden"] == 1


def test_robots_txt_timeout_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """Case 7: a robots.txt that times out is logged in one line; the site is crawled."""
    with HostileSite() as site:
        site.routes.update({
            "/robots.txt": Reply("User-agent: *\nDisallow:\n", ctype="text/plain", delay=4),
            "/feed.xml": rss([f"{site.base}/news/a.html"]),
            "/news/a.html": article_page("An article"),
        })
        sites = sites_toml(tmp_path / "sites.toml", {"name": "slow", "kind": "news", "hosts": [site.netloc],
                                                     "feeds": [f"{site.base}/feed.xml"]})
        code, log, stats = crawl("news", sites, tmp_path / "out.jsonl", "-s", "DOWNLOAD_TIMEOUT=1")
    assert code == 0, log[-3000:]
    assert "Traceback" not in log
    lines = [ln for ln in log.splitlines() if "robots.txt" in ln and "Cannot fetch" in ln]
    assert len(lines) == 1, log[-3000:]
    assert "TimeoutError" in lines[0] or "Timeout" in lines[0]
    assert stats["robotstxt/error/DownloadTimeoutError"] == 1
    assert [r["url"] for r in read_jsonl(tmp_path / "out.jsonl")] == [f"{site.base}/news/a.html"]


def test_retry_after_longer_than_the_cap_is_not_retried(tmp_path: Path) -> None:
    """Case 7: a 429 asking for an hour's pause is given up at once, counted, not retried."""
    with HostileSite() as site:
        site.routes.update({
            "/robots.txt": Reply("User-agent: *\nDisallow:\n", ctype="text/plain"),
            "/feed.xml": rss([f"{site.base}/news/a.html", f"{site.base}/news/b.html"]),
            "/news/a.html": Reply("slow down", status=429, headers={"Retry-After": "3600"}),
            "/news/b.html": article_page("Another article"),
        })
        sites = sites_toml(tmp_path / "sites.toml", {"name": "rude", "kind": "news", "hosts": [site.netloc],
                                                     "feeds": [f"{site.base}/feed.xml"]})
        started = time.monotonic()
        code, log, stats = crawl("news", sites, tmp_path / "out.jsonl", "-s", "RETRY_TIMES=2")
        elapsed = time.monotonic() - started
    assert code == 0, log[-3000:]
    assert site.hits_of("^/news/a.html") == ["/news/a.html"]  # asked once, never again
    assert stats["fetch/retry_after/gave_up"] == 1
    assert stats["fetch/http_error/429"] == 1
    assert "retry/count" not in stats
    assert "asks to retry in 3600 s, over RETRY_AFTER_MAX (30 s): not retried" in log
    assert [r["url"] for r in read_jsonl(tmp_path / "out.jsonl")] == [f"{site.base}/news/b.html"]
    assert elapsed < 60


def test_short_retry_after_is_waited_for_then_retried(tmp_path: Path) -> None:
    """A 503 asking for a 2-second pause is retried after 2 seconds, not at once."""
    asked: list[float] = []

    def flaky(path: str) -> Reply:
        asked.append(time.monotonic())
        if len(asked) == 1:
            return Reply("busy", status=503, headers={"Retry-After": "2"})
        return article_page("An article")

    with HostileSite() as site:
        site.routes.update({
            "/robots.txt": Reply("User-agent: *\nDisallow:\n", ctype="text/plain"),
            "/feed.xml": rss([f"{site.base}/news/a.html"]),
            "/news/a.html": flaky,
        })
        sites = sites_toml(tmp_path / "sites.toml", {"name": "busy", "kind": "news", "hosts": [site.netloc],
                                                     "feeds": [f"{site.base}/feed.xml"]})
        code, log, stats = crawl("news", sites, tmp_path / "out.jsonl", "-s", "RETRY_TIMES=2")
    assert code == 0, log[-3000:]
    assert len(asked) == 2
    assert asked[1] - asked[0] >= 1.9
    assert stats["fetch/retry_after/waited"] == 1
    assert stats["retry/count"] == 1
    assert [r["url"] for r in read_jsonl(tmp_path / "out.jsonl")] == [f"{site.base}/news/a.html"]


def test_meta_refreshes_are_followed_as_scrapy_follows_them(tmp_path: Path) -> None:
    """The meta-refresh middleware (crawler/middlewares/meta_refresh.py) in a real crawl: a refresh
    in a UTF-8 page and in a UTF-16 one is followed, one inside ``<noscript>`` is not, and a page
    that only mentions the word stays where it is."""
    def moved(target: str, encoding: str = "utf-8", noscript: bool = False) -> Reply:
        tag = f'<meta http-equiv="Refresh" content="0; URL={target}">'
        refresh = f"<noscript>{tag}</noscript>" if noscript else tag
        head = f'<meta charset="{encoding}"><title>Moved — déplacé</title>{refresh}'
        html = f"<!DOCTYPE html><html><head>{head}</head><body><p>This page moved.</p></body></html>"
        return Reply(html.encode(encoding), ctype=f"text/html; charset={encoding}")

    def reloading() -> Reply:
        """A small news page that reloads itself every five minutes, with a Latin-1 byte in its
        UTF-8 (w3lib's strict decoding raised in the middleware: the page was a fetch failure)."""
        page = article_page("Harbour webcam", '<meta http-equiv="refresh" content="300">')
        return Reply(str(page.body).encode("utf-8").replace(b"Harbour webcam</h1>", b"Harbour webcam \xe9t\xe9</h1>"))

    with HostileSite() as site:
        mention = article_page("Refresh your feed", "<p>Press refresh; http-equiv is an attribute.</p>")
        site.routes.update({
            "/robots.txt": Reply("User-agent: *\nDisallow:\n", ctype="text/plain"),
            "/feed.xml": rss([f"{site.base}/old/{name}.html" for name in ("a", "b", "c", "d", "e")]),
            "/old/e.html": reloading(),
            "/old/a.html": moved("/news/a.html"),
            "/old/b.html": moved("/news/b.html", "utf-16"),
            "/old/c.html": moved("/news/c.html", noscript=True),
            "/old/d.html": mention,
            "/news/a.html": article_page("Harbour festival returns"),
            "/news/b.html": article_page("Ferry timetable changes"),
            "/news/c.html": article_page("Never reached"),
        })
        sites = sites_toml(tmp_path / "sites.toml", {"name": "moving", "kind": "news", "hosts": [site.netloc],
                                                     "feeds": [f"{site.base}/feed.xml"]})
        code, log, _ = crawl("news", sites, tmp_path / "out.jsonl")
        hits = site.hits_of("^/news/")
    assert code == 0, log[-3000:]
    assert sorted(hits) == ["/news/a.html", "/news/b.html"]
    urls = sorted(r["url"] for r in read_jsonl(tmp_path / "out.jsonl"))
    assert urls == [f"{site.base}/news/a.html", f"{site.base}/news/b.html", f"{site.base}/old/d.html",
                    f"{site.base}/old/e.html"]
    assert "Traceback" not in log and "cannot fetch" not in log
