"""Hourly runs on a site whose sitemap index lists many child sitemaps, one per month.

Serves one news site on 127.0.0.1 from this process: ``robots.txt`` names a sitemap index of
``--children`` child sitemaps (oldest first, each with its ``<lastmod>``), each listing
``--per-child`` article URLs of small article pages, and the sites file names an RSS feed of the
newest 50 articles too. The server gives its sitemaps and feed an ``ETag`` and answers a request
that sends it back ``304 Not Modified``, as most servers do. The first run crawls it all on a fresh
state file. Then the site publishes ``--new`` articles in its newest child (whose ``lastmod``
moves) and its feed, and the next run crawls it again three times, each time from a copy of the
first run's state: with the defaults (unchanged children skipped, conditional requests:
``crawler/spiders/listing_marks.py``), without conditional requests
(``INCREMENTAL_CONDITIONAL_LISTINGS=False``), and with neither (every child and the feed read
whole, as before both). A second set of three crawls the site unchanged.

Prints, per run: requests, 304 answers, child sitemaps requested, bytes received, articles written
and wall seconds; and checks that every next run wrote exactly the new articles (exit status 1 if
not).

    python benchmarks/sitemap_index.py [--children 120] [--per-child 40] [--new 3]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
        "-s", "LOG_LEVEL=INFO", "-s", "EXTRACTION_WORKERS=1"]
_STAT = re.compile(r"^[\s{]*'([^']+)':\s*(-?\d+(?:\.\d+)?)[,}]?\s*$", re.M)
_WORDS = ("harbour council budget school river market station festival ferry bridge library court "
          "farmers museum hospital railway election weather theatre stadium").split()


class Site:
    """The served site: ``children[i]`` is the list of article numbers of month ``i``."""

    def __init__(self, children: int, per_child: int) -> None:
        self.children = [list(range(i * per_child, (i + 1) * per_child)) for i in range(children)]
        self.changed = [datetime(2015, 1, 1, tzinfo=UTC) + timedelta(days=31 * i) for i in range(children)]
        self.hits: list[str] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler(self))
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def publish(self, count: int) -> None:
        """``count`` more articles in the newest child, whose lastmod moves."""
        last = self.children[-1]
        start = max(n for child in self.children for n in child) + 1
        if count:
            last.extend(range(start, start + count))
            self.changed[-1] += timedelta(hours=1)

    def page(self, path: str) -> tuple[int, str, bytes]:
        if path == "/robots.txt":
            return 200, "text/plain", f"User-agent: *\nDisallow:\nSitemap: {self.base}/index.xml\n".encode()
        if path == "/index.xml":
            items = "".join(f"<sitemap><loc>{self.base}/sm/{i}.xml</loc><lastmod>{when.isoformat()}</lastmod></sitemap>"
                            for i, when in enumerate(self.changed))
            return 200, "application/xml", ('<?xml version="1.0"?><sitemapindex '
                                             f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}'
                                             "</sitemapindex>").encode()
        if path == "/feed.xml":
            newest = sorted((n for child in self.children for n in child), reverse=True)[:50]
            items = "".join(f"<item><title>Story {n}</title><link>{self.base}/a/{n}</link></item>" for n in newest)
            return 200, "application/rss+xml", ('<?xml version="1.0"?><rss version="2.0"><channel><title>Paper'
                                                f"</title>{items}</channel></rss>").encode()
        if m := re.fullmatch(r"/sm/(\d+)\.xml", path):
            i = int(m.group(1))
            if i >= len(self.children):
                return 404, "text/plain", b"no"
            urls = "".join(f"<url><loc>{self.base}/a/{n}</loc></url>" for n in self.children[i])
            return 200, "application/xml", ('<?xml version="1.0"?><urlset '
                                            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()
        if m := re.fullmatch(r"/a/(\d+)", path):
            n = int(m.group(1))
            words = [_WORDS[(n * 7 + k * 3) % len(_WORDS)] for k in range(60)]
            text = "".join(f"<p>Story {n}: the {' '.join(words[k:k + 12])} reported on day {n + k}.</p>"
                           for k in range(0, 48, 12))
            return 200, "text/html; charset=utf-8", (f"<html><head><title>Story {n}</title></head><body><article>"
                                                     f"<h1>Story number {n} of the paper</h1>{text}</article>"
                                                     "</body></html>").encode()
        return 404, "text/plain", b"no"


def handler(site: Any) -> type[BaseHTTPRequestHandler]:
    """The request handler of a served ``site`` (its ``page(path)``, ``hits`` and ``lock``): an
    XML answer (a sitemap, a feed) gets an ``ETag``, and a request that sends it back gets ``304
    Not Modified``, as most servers do."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            with site.lock:
                site.hits.append(self.path)
            status, ctype, body = site.page(self.path)
            etag = f'"{zlib.crc32(body):08x}"' if status == 200 and "xml" in ctype else None
            if etag is not None and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if etag is not None:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def crawl(site: Site, sites: Path, state: Path, out: Path, *extra: str) -> dict[str, float]:
    """One ``scrapy crawl news`` run: its figures."""
    site.hits.clear()
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"sites={sites}", "-O", str(out),
                           "-s", f"STATE_URI=sqlite:///{state}", *FAST, *extra],
                          cwd=REPO, capture_output=True, text=True, check=False,
                          env={"SCRAPY_SETTINGS_MODULE": "crawler.settings", "PATH": "/usr/bin:/bin"})
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 3):  # 3: a health check failed (not this benchmark's business)
        raise SystemExit(f"crawl failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    stats = {m.group(1): float(m.group(2)) for m in _STAT.finditer(proc.stderr[proc.stderr.rfind("Dumping"):])}
    written = {line for line in out.read_text(encoding="utf-8").splitlines() if line}
    children = sum(h.startswith("/sm/") for h in site.hits)
    return {"requests": stats.get("downloader/request_count", 0), "children": children,
            "not_modified": stats.get("downloader/response_status_count/304", 0),
            "bytes": stats.get("downloader/response_bytes", 0), "articles": len(written), "seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--children", type=int, default=120)
    parser.add_argument("--per-child", type=int, default=40)
    parser.add_argument("--new", type=int, default=3)
    args = parser.parse_args(argv)
    site = Site(args.children, args.per_child)
    threading.Thread(target=site.server.serve_forever, daemon=True).start()
    ok = True
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        sites = tmp / "sites.toml"
        sites.write_text(f'[[site]]\nname = "paper"\nkind = "news"\nhosts = ["{site.base[7:]}"]\n'
                         f'sitemaps = ["{site.base}/robots.txt"]\nfeeds = ["{site.base}/feed.xml"]\n',
                         encoding="utf-8")
        first = crawl(site, sites, tmp / "state.db", tmp / "first.jsonl")
        print(f"site: {args.children} child sitemaps x {args.per_child} articles; {args.new} new articles, then none")
        print(f"{'run':<52}{'requests':>9}{'304s':>6}{'children':>9}{'MB in':>8}{'articles':>9}{'seconds':>9}")
        rows = [("first run (fresh state)", first)]
        for label, new in (("next run, {n} new articles", args.new), ("next run, nothing new", 0)):
            site.publish(new)
            no_conditional = ("-s", "INCREMENTAL_CONDITIONAL_LISTINGS=False")
            for mode, extra in (("defaults", ()), ("no conditional requests", no_conditional),
                                ("neither", ("-s", "INCREMENTAL_SKIP_UNCHANGED_SITEMAPS=False", *no_conditional))):
                state = tmp / f"state-{mode[:4]}-{new}.db"
                shutil.copy(tmp / "state.db", state)
                found = crawl(site, sites, state, tmp / "next.jsonl", *extra)
                rows.append((f"{label.format(n=new)}: {mode}", found))
                ok &= found["articles"] == new
            # the next pair starts from the state of a run that wrote the new articles
            crawl(site, sites, tmp / "state.db", tmp / "catch-up.jsonl")
        for label, r in rows:
            print(f"{label:<52}{r['requests']:>9.0f}{r.get('not_modified', 0):>6.0f}{r['children']:>9.0f}"
                  f"{r['bytes'] / 1e6:>8.2f}{r['articles']:>9.0f}{r['seconds']:>9.1f}")
    print(f"every next run wrote exactly the new articles: {ok}")
    site.server.shutdown()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
