"""A corpus where arrival order used to matter, as records and as a small web to crawl.

:func:`corpus` gives records with every case on which the former incremental clustering gave
different clusters in different orders (copies before their originals, excerpts contained both in
a follow-up and in the original, a site template turning into boilerplate halfway, near-duplicates
within a site, ties broken by the URL, dates missing). :class:`OrderWeb` serves the same records
as article pages with an RSS feed per site (one loopback port per site, port 0), so crawls can
fetch them in different orders.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.helpers import paragraphs, rec

TEMPLATE = ("Sign up for the morning briefing and get the top stories of the day in your inbox every "
            "morning before breakfast. Share this story on every network you use. Comments are closed "
            "for this post but you can write to the editors at any time using the contact page.")


def corpus() -> list[dict[str, Any]]:
    """Records built so that the former incremental method gave different clusters in different orders."""
    out: list[dict[str, Any]] = []
    for s in range(6):
        body = paragraphs(4000 + s, n=8)
        day = f"2024-06-{10 + s:02d}"
        orig = rec(f"https://news{s % 3}.example/story/{s}", "\n".join(body), date=f"{day}T06:00:00Z")
        out.append(orig)
        out.append(rec(f"https://agg{s % 2}.example/full/{s}", "\n".join([*body, "Read More"]), kind="aggregator",
                       date=f"{day}T08:00:00Z",
                       claimedSource={"url": orig["url"], "text": ""} if s % 2 else None))
        out.append(rec(f"https://agg{(s + 1) % 2}.example/excerpt/{s}", "\n".join(body[2:4]), kind="aggregator",
                       date=f"{day}T09:00:00Z" if s != 3 else None))
        edited = [p.replace(" the ", " a ") for p in body[:7]]
        edited[1] = "Editor's note: this story was updated. " + edited[1]
        out.append(rec(f"https://agg2.example/edited/{s}", "\n".join(edited), kind="aggregator"))
        # a follow-up quoting the excerpted paragraphs (undated ones: only the clusters keep it apart)
        out.append(rec(f"https://news3.example/analysis/{s}", "\n".join([*paragraphs(5000 + s, n=6), *body[2:4]]),
                       date=None if s % 2 else f"{day}T12:00:00Z"))
    # one story only on aggregators: ties broken by claims, length and URL
    body = paragraphs(4100, n=5)
    out += [rec(f"https://agg{i}.example/only/{i}", "\n".join(body[: 5 - (i == 2)]), kind="aggregator",
                claimedSource={"url": "https://agg0.example/only/0", "text": ""} if i else None) for i in range(3)]
    # near-duplicates on one news site (two URLs, one text) and a copy of them
    body = paragraphs(4200, n=6)
    out += [rec("https://news0.example/a/dup", "\n".join(body), date="2024-06-20"),
            rec("https://news0.example/b/dup", "\n".join(body), date="2024-06-20"),
            rec("https://agg1.example/dup", "\n".join(body[:3]), kind="aggregator")]
    # a site whose template becomes boilerplate at its 6th page, on short pages
    for i in range(8):
        own = paragraphs(4300 + i, n=1, words=30)[0]
        out.append(rec(f"https://tpl.example/p/{i}", "\n".join([own, TEMPLATE]), kind="aggregator"))
    out.append(rec("https://agg0.example/tpl-copy", "\n".join([paragraphs(4300, n=1, words=30)[0], TEMPLATE]),
                   kind="aggregator"))
    out.append(rec("https://news1.example/short", "Too short to say anything."))
    return out


class _Handler(BaseHTTPRequestHandler):
    pages: dict[str, bytes]

    def do_GET(self) -> None:
        body = self.pages.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        kind = "application/rss+xml" if self.path.endswith(".xml") else "text/html; charset=utf-8"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class OrderWeb:
    """The records of :func:`corpus` served as sites on 127.0.0.1 (one port per host)."""

    def __init__(self, records: list[dict[str, Any]] | None = None) -> None:
        self.records = records or corpus()
        self.servers: dict[str, ThreadingHTTPServer] = {}
        for host in sorted({urlsplit(r["url"]).netloc for r in self.records}):
            handler = type("Handler", (_Handler,), {"pages": {}})
            self.servers[host] = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        for host, server in self.servers.items():
            pages = server.RequestHandlerClass.pages  # type: ignore[attr-defined]
            mine = [r for r in self.records if urlsplit(r["url"]).netloc == host]
            for r in mine:
                pages[urlsplit(r["url"]).path] = self._article(r)
            pages["/feed.xml"] = self._feed(mine)
        self.threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in self.servers.values()]

    def local(self, url: str) -> str:
        """The served address of a corpus URL."""
        parts = urlsplit(url)
        port = self.servers[parts.netloc].server_address[1]
        return f"http://127.0.0.1:{port}{parts.path}"

    def _article(self, r: dict[str, Any]) -> bytes:
        headline = " ".join(r["articleBody"].split()[:8]).title()
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline}
        if r.get("datePublished"):
            data["datePublished"] = r["datePublished"]
        paras = "".join(f"<p>{html.escape(p)}</p>" for p in r["articleBody"].split("\n"))
        claim = (r.get("claimedSource") or {}).get("url")
        if claim:
            local = self.local(claim)
            paras += f'<p>Article source: <a href="{local}">{local}</a></p>'
        page = (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(headline)}</title>"
                f'<meta property="og:type" content="article">'
                f'<script type="application/ld+json">{json.dumps(data)}</script></head>'
                f"<body><article><h1>{html.escape(headline)}</h1>{paras}</article></body></html>")
        return page.encode("utf-8")

    def _feed(self, records: list[dict[str, Any]]) -> bytes:
        items = "".join(f"<item><title>{i}</title><link>{self.local(r['url'])}</link></item>"
                        for i, r in enumerate(records))
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>feed</title>{items}</channel></rss>'
                ).encode()

    def write_sites_file(self, path: Path) -> Path:
        kinds = {urlsplit(r["url"]).netloc: r["siteKind"] for r in self.records}
        lines = []
        for host, server in self.servers.items():
            port = server.server_address[1]
            lines += ["[[site]]", f'name = "{host.split(".")[0]}"', f'kind = "{kinds[host]}"',
                      f'hosts = ["127.0.0.1:{port}"]', f'feeds = ["http://127.0.0.1:{port}/feed.xml"]', ""]
        path.write_text("\n".join(lines), encoding="utf-8")
        return path

    def __enter__(self) -> OrderWeb:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for s in self.servers.values():
            s.shutdown()
            s.server_close()

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records)
