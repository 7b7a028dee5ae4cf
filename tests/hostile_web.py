"""A hostile web for the end-to-end tests: small sites on 127.0.0.1 (port 0) whose pages are made
by functions, so a page can be endless, huge, slow or rude, and every request is recorded.

``HostileSite(routes)``: ``routes`` maps a path (``/feed.xml``) or a path prefix ending in ``*``
(``/sm/*``) to a :class:`Reply` or to a function of the request path returning one. Unknown paths
get a 404. ``site.hits`` lists the paths requested, in order. A reply with an ``ETag`` or
``Last-Modified`` header is answered ``304 Not Modified`` to a request whose ``If-None-Match`` (or,
without one, ``If-Modified-Since``) gives that value back, as a server that honours conditional
requests does; ``site.answers`` lists ``(path, status, conditional)`` of every request.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass
class Reply:
    """One HTTP response: status, content type, body, extra headers, and seconds to wait before
    sending it (a slow server)."""

    body: bytes | str = b""
    ctype: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Route = Reply | Callable[[str], Reply]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a slow reply must not hold the test up at shutdown
    allow_reuse_address = True
    request_queue_size = 128


def not_modified(reply: Reply, if_none_match: str | None, if_modified_since: str | None) -> bool:
    """A conditional request whose validator is the reply's (RFC 9110: ``If-None-Match`` first;
    ``If-Modified-Since`` only without it, compared as the same date string)."""
    if reply.status != 200:
        return False
    if if_none_match is not None:
        return if_none_match == reply.headers.get("ETag")
    return if_modified_since is not None and if_modified_since == reply.headers.get("Last-Modified")


class HostileSite:
    """One site on ``127.0.0.1:port`` serving ``routes`` (see the module docstring)."""

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.hits: list[str] = []
        self.answers: list[tuple[str, int, bool]] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with site._lock:
                    site.hits.append(self.path)
                reply = site.reply(self.path)
                given = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
                if not_modified(reply, *given):
                    reply = Reply(b"", ctype=reply.ctype, status=304, headers=reply.headers)
                with site._lock:
                    site.answers.append((self.path, reply.status, any(given)))
                if reply.delay:
                    time.sleep(reply.delay)
                data = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.ctype)
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (a timeout, a size limit)
                    pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.netloc = f"127.0.0.1:{self.port}"
        self.base = f"http://{self.netloc}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    def reply(self, path: str) -> Reply:
        route = self.routes.get(path)
        if route is None:
            prefixes = [p for p in self.routes if p.endswith("*") and path.startswith(p[:-1])]
            if prefixes:
                route = self.routes[max(prefixes, key=len)]
        if route is None:
            return Reply("<h1>Not found</h1>", status=404)
        return route(path) if callable(route) else route

    def hits_of(self, pattern: str) -> list[str]:
        """The requested paths matching the regular expression ``pattern``."""
        with self._lock:
            return [h for h in self.hits if re.search(pattern, h)]

    def __enter__(self) -> HostileSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def sites_toml(path: Path, *entries: dict[str, Any]) -> Path:
    """Write a sites file with ``entries`` (``name``, ``kind``, ``hosts``, ``feeds``...)."""
    lines: list[str] = []
    for entry in entries:
        lines.append("[[site]]")
        for key, value in entry.items():
            if isinstance(value, (list, tuple)):
                lines.append(f"{key} = [{', '.join(repr_toml(v) for v in value)}]")
            else:
                lines.append(f"{key} = {repr_toml(value)}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def repr_toml(value: Any) -> str:
    return "'" + str(value) + "'" if isinstance(value, str) else str(value).lower()


#: settings that make a crawl of a hostile site quick and deterministic
QUICK = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "EXTRACTION_WORKERS=0",
         "-s", "LOG_LEVEL=INFO", "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_TIMEOUT=5"]

_STAT_RE = re.compile(r"^[\s{]*'([^']+)':\s*(-?\d+(?:\.\d+)?)[,}]?\s*$", re.M)


@dataclass
class Crawl:
    """A finished ``scrapy`` command: exit code, stderr, the stats dumped, peak memory (MiB) and
    wall time."""

    code: int
    log: str
    stats: dict[str, float]
    peak_mib: float
    seconds: float


def run_measured(*args: str, cwd: Path, timeout: float = 120) -> Crawl:
    """Run ``scrapy ARGS`` in a subprocess and measure its peak resident memory (``wait4``)."""
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings", PYTHONUNBUFFERED="1")
    err = cwd / f"stderr-{time.monotonic_ns()}.log"
    started = time.monotonic()
    with err.open("w", encoding="utf-8") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "scrapy", *args], cwd=Path(__file__).resolve().parents[1],
                                env=env, stdout=subprocess.DEVNULL, stderr=fh, text=True)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                raise AssertionError(f"scrapy {' '.join(args)} still running after {timeout} s (killed)")
            time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    log = err.read_text(encoding="utf-8", errors="replace")
    return Crawl(proc.returncode, log, crawl_stats(log), usage.ru_maxrss / 1024, time.monotonic() - started)


def crawl_stats(log: str) -> dict[str, float]:
    """The numeric stats of Scrapy's closing stats dump in ``log``."""
    start = log.rfind("Dumping Scrapy stats:")
    if start < 0:
        return {}
    return {m.group(1): float(m.group(2)) for m in _STAT_RE.finditer(log[start:])}


# --- pages ---------------------------------------------------------------------------------------

ARTICLE_TEXT = (
    "The harbour town of Quayside welcomed thousands of visitors on Saturday as its quiet harbour festival "
    "returned after a three year pause, with boat parades, fish markets and music along the old pier. "
    "Organisers said the festival had been rebuilt by volunteers who repaired the stalls and painted the "
    "lighthouse, and that local fishermen had donated the catch for the evening supper on the quay. "
    "The mayor thanked the volunteers and promised that the harbour festival would return every summer."
)


def article_page(title: str, extra: str = "") -> Reply:
    """An ordinary article page; its text is the same for one title, different between titles
    (so a crawl of many of them is not one story copied a thousand times)."""
    from tests.helpers import paragraphs

    own = "".join(f"<p>{p}</p>" for p in paragraphs(zlib.crc32(title.encode()), n=3))
    return Reply(
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        '<meta property="article:published_time" content="2024-05-04T10:00:00Z"></head><body><article>'
        f"<h1>{title}</h1><p>{ARTICLE_TEXT}</p>{own}{extra}</article></body></html>")


def rss(items: list[str], next_page: str | None = None) -> Reply:
    """An RSS 2.0 feed of ``items`` (URLs), with an Atom ``rel="next"`` link when given."""
    nxt = f'<atom:link rel="next" href="{next_page}"/>' if next_page else ""
    body = "".join(f"<item><title>Item {i}</title><link>{u}</link></item>" for i, u in enumerate(items))
    return Reply('<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
                 f"<title>Feed</title>{nxt}{body}</channel></rss>", ctype="application/rss+xml")


def sitemap_index(children: list[str]) -> Reply:
    body = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in children)
    return Reply('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                 f"{body}</sitemapindex>", ctype="application/xml")


def urlset(urls: list[str]) -> bytes:
    head = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    return head + b"".join(b"<url><loc>%s</loc></url>" % u.encode() for u in urls) + b"</urlset>"
