"""RobotsTxtMiddleware: every request that waits for a host's robots.txt is checked against it.

Scrapy 2.19's middleware hands the parser to the first request waiting for a robots.txt being
downloaded; the other waiters get None and go out unchecked. The crawl here starts a burst of
requests to one real HTTP server on 127.0.0.1 (port 0) whose robots.txt disallows ``/private/``
and answers slowly, so they all wait for it together; it runs on the real Scrapy engine, with
the project's settings, once with Scrapy's middleware (a disallowed page is fetched: the bug)
and once with ours (none is).
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.http import Response
from scrapy.utils.defer import deferred_f_from_coro_f, maybe_deferred_to_future

from crawler.discovery.targets import ROBOTS_FORBIDDEN
from crawler.middlewares.robotstxt import FORBIDDEN, truncate_lines
from crawler.settings import DOWNLOADER_MIDDLEWARES
from tests.helpers import project_crawler

OURS = "crawler.middlewares.robotstxt.RobotsTxtMiddleware"
SCRAPYS = "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
ROBOTS_DELAY = 0.5  # seconds: every request of the burst is waiting for robots.txt by then

PUBLIC = [f"/public/{i}.html" for i in range(4)]
PRIVATE = [f"/private/{i}.html" for i in range(6)]


class _Server:
    """A site on 127.0.0.1:0 serving a slow robots.txt, recording every path requested."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server.hits.append(self.path)
                if self.path == "/robots.txt":
                    time.sleep(ROBOTS_DELAY)
                    body, ctype = ROBOTS, "text/plain"
                else:
                    body, ctype = b"<html><body><p>page</p></body></html>", "text/html"
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[_Server]:
    s = _Server()
    yield s
    s.close()


class BurstSpider(scrapy.Spider):
    """Another project's spider: a burst of requests to one host, all at the start."""

    name = "burst"

    def __init__(self, base: str = "", paths: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base = base
        self.paths = paths
        self.fetched: list[str] = []
        self.failed: dict[str, bool] = {}

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for path in self.paths:
            yield scrapy.Request(self.base + path, callback=self.parse, errback=self.failure)

    def parse(self, response: Response) -> None:
        self.fetched.append(response.url.removeprefix(self.base))

    def failure(self, failure: Any) -> None:
        """A request that failed, and whether it carries the robots.txt refusal's mark."""
        request = failure.request
        self.failed[request.url.removeprefix(self.base)] = bool(request.meta.get(FORBIDDEN))


def _settings(tmp_path: Path, robots_middleware: str) -> dict[str, Any]:
    middlewares = {**DOWNLOADER_MIDDLEWARES, OURS: None, SCRAPYS: None, robots_middleware: 100}
    return {
        "DOWNLOADER_MIDDLEWARES": middlewares,
        "STATE_URI": f"sqlite:///{tmp_path / 'state.sqlite3'}",
        "FEEDS": {},
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "RETRY_TIMES": 0,
    }


@pytest.mark.parametrize(("robots_middleware", "fixed"), [(OURS, True), (SCRAPYS, False)])
@deferred_f_from_coro_f
async def test_requests_waiting_together_are_all_checked(server: _Server, tmp_path: Path,
                                                         robots_middleware: str, fixed: bool) -> None:
    # public first: the request that downloads robots.txt is a public one, every private one waits
    paths = (*PUBLIC, *PRIVATE)
    crawler = project_crawler(_settings(tmp_path, robots_middleware), BurstSpider)
    await maybe_deferred_to_future(crawler.crawl(base=server.base, paths=paths))

    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    assert server.hits.count("/robots.txt") == 1
    assert stats.get("robotstxt/request_count") == 1
    leaked = sorted(p for p in server.hits if p.startswith("/private/"))
    spider = crawler.spider
    assert isinstance(spider, BurstSpider)
    assert set(PUBLIC) <= set(spider.fetched)
    if fixed:
        assert leaked == []
        assert stats.get("robotstxt/forbidden") == len(PRIVATE)
        assert sorted(spider.fetched) == sorted(PUBLIC)
    else:
        # Scrapy 2.19: only the first waiter got the parser, the others went out unchecked
        assert leaked, "Scrapy's middleware checked every waiter: the burst did not wait together"
        assert stats.get("robotstxt/forbidden", 0) + len(leaked) == len(PRIVATE)


@deferred_f_from_coro_f
async def test_after_robots_txt_is_parsed_requests_are_checked(server: _Server, tmp_path: Path) -> None:
    """The later, one-at-a-time case (the parser is ready): disallowed pages stay unfetched."""
    crawler = project_crawler({**_settings(tmp_path, OURS), "CONCURRENT_REQUESTS": 1}, BurstSpider)
    paths = ("/public/0.html", "/private/0.html", "/public/1.html", "/private/1.html")
    await maybe_deferred_to_future(crawler.crawl(base=server.base, paths=paths))
    assert [p for p in server.hits if p.startswith("/private/")] == []
    assert crawler.stats is not None
    assert crawler.stats.get_value("robotstxt/forbidden") == 2
    # the refusals reach the errback marked (the spiders tell them from failures: crawler.spiders.listing_marks)
    spider = crawler.spider
    assert isinstance(spider, BurstSpider)
    assert spider.failed == {"/private/0.html": True, "/private/1.html": True}
    assert FORBIDDEN == ROBOTS_FORBIDDEN


def test_truncate_lines_cuts_after_the_last_whole_line() -> None:
    body = b"User-agent: *\nDisallow: /a/\nDisallow: /b/\n"
    assert truncate_lines(body, 1000) == body
    assert truncate_lines(body, 30) == b"User-agent: *\nDisallow: /a/\n"
    assert truncate_lines(b"x" * 50, 10) == b""
