"""Tests of the bundled sample web (``crawler.sampleweb``): it serves what its manifest says."""

from __future__ import annotations

import asyncio
import gzip
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.sampleweb import SampleWeb
from crawler.sampleweb.aserve import serve_asyncio
from crawler.sites import load_sites


@pytest.fixture(scope="module")
def web() -> Iterator[SampleWeb]:
    with SampleWeb() as w:
        yield w


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def test_manifest_shape(web: SampleWeb) -> None:
    m = web.manifest
    assert set(m["sites"]) == {"haaretz", "jpost", "dailyherald", "worldwire", "blogspot", "wpnews"}
    urls = [a["url"] for a in m["articles"]]
    assert len(urls) == len(set(urls))
    for a in m["articles"]:
        assert "#" not in a["url"] and "utm_" not in a["url"]
        assert a["role"] in ("original", "copy", "unique")
        assert a["datePublished"][:4].isdigit() and a["body"] and a["headline"]
        if a["role"] == "copy":
            assert a["duplicate_of"] in urls
            assert a["datePublished"] > "" and a["copy_type"] in ("full", "excerpt", "edited")
    per_agg = {s: sum(a["site"] == s for a in m["articles"]) for s in ("blogspot", "wpnews")}
    assert min(per_agg.values()) >= 10
    statuses = {a["expected_source_status"] for a in m["articles"]}
    assert {"match", "mismatch", "missing", "none"} <= statuses
    assert {a["language"] for a in m["articles"]} >= {"en", "ru", "ko", "ja"}
    assert not set(urls) & set(m["not_articles"])


def test_every_article_is_served(web: SampleWeb) -> None:
    urls = [a["url"] for a in web.manifest["articles"]]
    with ThreadPoolExecutor(16) as ex:
        results = list(ex.map(fetch, urls))
    for url, (status, ctype, body) in zip(urls, results, strict=True):
        assert status == 200, url
        assert ctype.startswith("text/html"), url
        assert body.strip(), url
        assert b"@@SW:" not in body, url


def test_sites_file_loads(web: SampleWeb, tmp_path: Path) -> None:
    path = web.write_sites_file(tmp_path / "sites.toml")
    sites = {s.name: s for s in load_sites(path)}
    assert {s: sites[s].kind for s in sites} == {n: v["kind"] for n, v in web.manifest["sites"].items()}
    assert sites["haaretz"].sitemaps[0].endswith("/robots.txt")
    dh = sites["dailyherald"]
    assert dh.is_article_url(web.manifest["seed"]["original_url"].replace(web.base_url("haaretz"),
                                                                          web.base_url("dailyherald"))) is False
    assert not dh.is_article_url(web.base_url("dailyherald") + "/tag/politics/")
    for a in web.manifest["articles"]:
        if a["site"] == "dailyherald":
            assert dh.is_article_url(a["url"])
        assert urlsplit(a["url"]).netloc in sites[a["site"]].hosts


def test_discovery_documents_parse(web: SampleWeb) -> None:
    hz = web.base_url("haaretz")
    status, _, robots = fetch(hz + "/robots.txt")
    assert status == 200 and b"Disallow: /private/" in robots
    sitemap_urls = [ln.split(":", 1)[1].strip() for ln in robots.decode().splitlines() if ln.startswith("Sitemap:")]
    locs: list[str] = []
    todo = list(sitemap_urls)
    while todo:
        url = todo.pop()
        status, _, body = fetch(url)
        assert status == 200
        if url.endswith(".gz"):
            body = gzip.decompress(body)
        root = ET.fromstring(body)
        found = [el.text or "" for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        if root.tag.endswith("sitemapindex"):
            todo += found
        else:
            locs += found
    assert any("/private/" in u for u in locs)
    expected = {a["url"] for a in web.manifest["articles"] if a["site"] == "haaretz"}
    assert expected <= set(locs)
    feeds = {
        "jpost": "/rss/rssfeedsfrontpage.aspx", "worldwire": "/feeds/atom.xml",
        "blogspot": "/feeds/posts/default", "wpnews": "/feed/",
    }
    for site, path in feeds.items():
        status, _, body = fetch(web.base_url(site) + path)
        assert status == 200
        ET.fromstring(body)
    status, _, body = fetch(web.base_url("jpost") + feeds["jpost"])
    assert b"utm_source=rss" in body


def test_faults_and_odd_pages(web: SampleWeb) -> None:
    m = web.manifest
    assert {f["status"] for f in m["faults"]} == {404, 500}
    for fault in m["faults"]:
        assert fetch(fault["url"])[0] == fault["status"]
    odd = {fetch(u)[1].split(";")[0] for u in m["not_articles"]}
    assert "image/png" in odd
    assert any(fetch(u)[2] == b"" for u in m["not_articles"])


def test_seed(web: SampleWeb) -> None:
    seed = web.manifest["seed"]
    _, _, post = fetch(seed["post_url"])
    text = post.decode("utf-8")
    assert "Article source: " + seed["claimed_url"] in text
    assert "Thank you for signing up." in text and "No comments:" in text and "Post a Comment" in text
    _, _, orig = fetch(seed["original_url"])
    assert "Lieberman" in orig.decode("utf-8")
    _, _, claimed = fetch(seed["claimed_url"])
    assert "hunger strike" in claimed.decode("utf-8")
    by_url = {a["url"]: a for a in web.manifest["articles"]}
    assert by_url[seed["post_url"]]["expected_source_status"] == "mismatch"
    assert by_url[seed["post_url"]]["duplicate_of"] == seed["original_url"]
    assert by_url[seed["original_url"]]["role"] == "original"


def test_scale_adds_articles() -> None:
    with SampleWeb(scale=40) as w:
        m = w.manifest
        assert len(m["articles"]) >= 63 + 40 + 4
        assert fetch(m["articles"][-1]["url"])[0] == 200


def test_faults_break_one_site_and_can_be_repaired() -> None:
    """``set_fault``: a site down (HTTP 500 everywhere), redesigned (article pages without their
    text), or shrunk (its listings name only its newest articles); the other sites are untouched."""
    with SampleWeb() as w:
        m = w.manifest
        article = next(a for a in m["articles"] if a["site"] == "jpost")
        other = next(a for a in m["articles"] if a["site"] == "worldwire")
        feed = w.base_url("jpost") + "/rss/rssfeedsfrontpage.aspx"
        w.set_fault("jpost", "down")
        assert fetch(feed)[0] == 500 and fetch(article["url"])[0] == 500
        assert fetch(w.base_url("jpost") + "/no/such/page")[0] == 500
        assert fetch(other["url"])[0] == 200
        w.set_fault("jpost", "redesign")
        status, _, body = fetch(article["url"])
        assert status == 200 and f"<title>{article['headline']}".encode() in body
        assert article["body"].split("\n")[0][:40].encode() not in body
        assert fetch(feed)[0] == 200  # listings are unchanged
        w.set_fault("jpost", None)
        assert article["body"].split("\n")[0][:40].encode() in fetch(article["url"])[2]
        sitemap = w.base_url("haaretz") + "/sitemaps/articles.xml.gz"
        before = gzip.decompress(fetch(sitemap)[2]).count(b"<url>")
        w.set_fault("haaretz", "shrink")
        assert gzip.decompress(fetch(sitemap)[2]).count(b"<url>") < before
        assert all(fetch(a["url"])[0] == 200 for a in m["articles"] if a["site"] == "haaretz")
        with pytest.raises(ValueError, match="news sites"):
            w.set_fault("blogspot", "shrink")
        with pytest.raises(ValueError, match="unknown fault"):
            w.set_fault("jpost", "gone")


def test_asyncio_server_answers_like_the_threaded_one(web: SampleWeb) -> None:
    """``start(threads=False)`` + ``serve_asyncio`` (``serve --asyncio``): every page with the
    same status, headers and body as the threaded servers, keep-alive, HEAD, 404 and faults."""
    other = SampleWeb().start(threads=False)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    thread = threading.Thread(target=loop.run_until_complete, args=(serve_asyncio(other, stop),), daemon=True)
    thread.start()

    def norm(w: SampleWeb, body: bytes) -> bytes:
        for name in w.sites:
            body = body.replace(w.base_url(name).encode(), f"@@{name}@@".encode())
        return body

    try:
        for name in web.sites:
            paths = [*web.servers[name].pages, "/no/such/page", "/robots.txt?x=1"]
            conns = [HTTPConnection(urlsplit(w.base_url(name)).netloc, timeout=10) for w in (web, other)]
            for path in paths:  # one connection per server for all of a site's pages: keep-alive
                answers = []
                for conn, w in zip(conns, (web, other), strict=True):
                    conn.request("GET", path)
                    resp = conn.getresponse()
                    raw = resp.read()
                    assert resp.getheader("Content-Length") == str(len(raw))
                    headers = sorted((k, v) for k, v in resp.getheaders() if k not in ("Date", "Content-Length"))
                    body = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw  # ports differ in length
                    answers.append((resp.status, headers, norm(w, body)))
                assert answers[0] == answers[1], (name, path)
            for conn in conns:
                conn.close()
        conn = HTTPConnection(urlsplit(other.base_url("jpost")).netloc, timeout=10)
        conn.request("HEAD", "/")
        resp = conn.getresponse()
        assert resp.status == 200 and int(resp.getheader("Content-Length") or 0) > 0 and resp.read() == b""
        other.set_fault("jpost", "down")
        assert fetch(other.base_url("jpost") + "/")[0] == 500
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=10)
        loop.close()
        other.stop()
