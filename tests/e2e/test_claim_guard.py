"""AddressGuardMiddleware: claimed sources on private, loopback and metadata addresses are refused.

The unit table covers ``forbidden_address``; the end-to-end test runs the real ``scrapy crawl``
against a local aggregator site whose post claims a ``http://localhost:PORT/...`` page of a host
that is not in the sites file, with ``SOURCE_CHECK_FETCH_OUTSIDE=True``.

Decision: a claimed source the guard refuses is not fetched, and the refusal is our own policy, not
a fact about the source, so it gives no evidence: the post comes out ``unverified`` (unless other
evidence decides), never ``source_unreachable``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import read_jsonl, scrapy_cmd
from tests.hostile_web import QUICK, HostileSite, Reply, article_page, rss, run_measured, sites_toml

POST_BODY = (
    "The harbour town of Quayside welcomed thousands of visitors on Saturday as its quiet harbour festival "
    "returned after a three year pause, with boat parades, fish markets and music along the old pier. "
    "Organisers said the festival had been rebuilt by volunteers who repaired the stalls and painted the "
    "lighthouse, and that local fishermen had donated the catch for the evening supper on the quay. "
    "The mayor thanked the volunteers and promised that the harbour festival would return every summer."
)


class _Site:
    """A tiny aggregator site (feed + one post) or a would-be claimed source, counting requests."""

    def __init__(self, pages: dict[str, tuple[str, str]]) -> None:
        self.pages = pages
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                site.hits.append(self.path)
                found = site.pages.get(self.path)
                status, ctype, body = (200, *found) if found else (404, "text/html", "<h1>Not found</h1>")
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hidden() -> Iterator[_Site]:
    """A server on 127.0.0.1 standing for an internal service (reached as ``localhost``)."""
    with _Site({"/world/quiet-harbour-festival-returns": ("text/html", f"<html><body><p>{POST_BODY}</p>"
                                                                        "</body></html>")}) as site:
        yield site


def test_claim_on_a_private_address_is_refused_end_to_end(hidden: _Site, tmp_path: Path) -> None:
    claimed = f"http://localhost:{hidden.port}/world/quiet-harbour-festival-returns"
    pages: dict[str, tuple[str, str]] = {}
    with _Site(pages) as blog:
        base = f"http://127.0.0.1:{blog.port}"
        post = f"{base}/2024/05/quiet-harbour-festival-returns.html"
        pages["/feed.xml"] = ("application/rss+xml", (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>'
            f"<link>{base}/</link><description>d</description><item><title>Quiet harbour festival returns</title>"
            f"<link>{post}</link><pubDate>Sat, 04 May 2024 10:00:00 +0000</pubDate></item></channel></rss>"))
        pages["/2024/05/quiet-harbour-festival-returns.html"] = ("text/html; charset=utf-8", (
            "<!DOCTYPE html><html><head><title>Quiet harbour festival returns</title></head><body><article>"
            "<h1>Quiet harbour festival returns</h1>"
            f"<p>{POST_BODY}</p><p>Article source: {claimed}</p></article></body></html>"))
        sites = tmp_path / "sites.toml"
        sites.write_text(f'[[site]]\nname = "blog"\nkind = "aggregator"\nhosts = ["127.0.0.1:{blog.port}"]\n'
                         f'feeds = ["{base}/feed.xml"]\n', encoding="utf-8")
        out = tmp_path / "out.jsonl"
        proc = scrapy_cmd("crawl", "aggregator", "-a", f"sites={sites}", "-O", str(out),
                          "-s", f"STATE_URI=sqlite:///{tmp_path / 's.db'}", "-s", "SOURCE_CHECK_FETCH_OUTSIDE=True",
                          "-s", "LOG_LEVEL=INFO", "-s", "RETRY_TIMES=0", "-s", "EXTRACTION_WORKERS=0")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert hidden.hits == []  # nothing, not even robots.txt, reached the internal service
    assert "'address_guard/refused': 1" in proc.stderr
    assert "'address_guard/refused/loopback': 1" in proc.stderr
    assert "'source_check/fetch/requests': 1" in proc.stderr
    records = read_jsonl(out)
    assert [r["url"] for r in records] == [post]  # the post is not lost
    (record,) = records
    assert record["claimedSource"]["url"] == claimed
    assert record["sourceCheck"] == {"status": "unverified", "reasons": [], "originalUrl": None}
    assert "Source check: 0 match, 0 mismatch, 0 missing, 1 unverified, 0 none" in proc.stderr


#: loopback spellings a claimed source (or a redirect of one) may use to reach a local listener
SPELLINGS = ["127.1", "0x7f.0.0.1", "2130706433", "017700000001", "[::ffff:127.0.0.1]", "LOCALHOST"]


def test_claims_reaching_loopback_through_redirects_and_odd_spellings_are_refused(tmp_path: Path) -> None:
    """An aggregator's posts claim pages of a news site of the sites file (trusted: the user chose
    it) that REDIRECT to a local listener through odd loopback spellings, and pages on those
    spellings directly: not one request reaches the listener, each is refused and counted, and
    every post is still written."""
    with HostileSite() as hidden, HostileSite() as source, HostileSite() as blog:
        hidden.routes["/*"] = Reply(f"<html><body><p>{POST_BODY}</p></body></html>")
        targets = [f"http://{host}:{hidden.port}/internal/{i}" for i, host in enumerate(SPELLINGS)]
        source.routes.update({"/robots.txt": Reply("User-agent: *\nDisallow:\n", ctype="text/plain")})
        source.routes.update({f"/story/{i}.html": Reply("", status=302, headers={"Location": target})
                              for i, target in enumerate(targets)})
        claims = [f"{source.base}/story/{i}.html" for i in range(len(targets))] + targets
        posts = [f"{blog.base}/2024/05/post-{i}.html" for i in range(len(claims))]
        blog.routes["/feed.xml"] = rss(posts)
        blog.routes.update({f"/2024/05/post-{i}.html": article_page(f"Harbour post {i}",
                                                                     f"<p>Article source: {claim}</p>")
                            for i, claim in enumerate(claims)})
        sites = sites_toml(tmp_path / "sites.toml",
                           {"name": "source", "kind": "news", "hosts": [source.netloc],
                            "feeds": [f"{source.base}/feed.xml"]},
                           {"name": "blog", "kind": "aggregator", "hosts": [blog.netloc],
                            "feeds": [f"{blog.base}/feed.xml"]})
        run = run_measured("crawl", "aggregator", "-a", f"sites={sites}", "-O", str(tmp_path / "out.jsonl"),
                           "-s", f"STATE_URI=sqlite:///{tmp_path / 's.db'}", "-s", "SOURCE_CHECK_FETCH_OUTSIDE=True",
                           *QUICK, cwd=tmp_path)
    assert run.code == 0, run.log[-3000:]
    assert hidden.hits == []  # nothing, not even robots.txt, reached the listener
    assert sorted(source.hits_of("^/story/")) == sorted(f"/story/{i}.html" for i in range(len(targets)))
    assert run.stats["address_guard/refused"] == 2 * len(SPELLINGS)
    assert run.stats["address_guard/refused/loopback"] == 2 * len(SPELLINGS)
    records = {r["url"]: r for r in read_jsonl(tmp_path / "out.jsonl")}
    assert sorted(records) == sorted(posts)  # no post lost
    assert {r["sourceCheck"]["status"] for r in records.values()} == {"unverified"}
    assert "Traceback" not in run.log
