"""``SampleWeb``: serves the built sample web, one ``ThreadingHTTPServer`` per site on 127.0.0.1.

Pages are built once with ``@@SW:<site>@@`` placeholders; when the servers have their ports the
placeholders are replaced by ``http://127.0.0.1:PORT`` and every body is encoded (and gzipped where
needed) once, so serving a request is a dictionary lookup.

Faults (``SampleWeb(faults={site: fault})`` or :meth:`SampleWeb.set_fault`) break one site the
way real sites break, for the health monitors' tests and demos: see :data:`FAULTS`.
"""

from __future__ import annotations

import copy
import gzip
import json
import random
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from .build import SITES, Web, build_web

_PH_RE = re.compile(r"@@SW:([a-z]+)@@")
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)
_SERVER_ERROR = (b"<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>"
                 b"<body><h1>Error</h1></body></html>")

#: articles still listed by a site with the "shrink" fault
SHRINK_TO = 2
#: what :meth:`SampleWeb.set_fault` can do to a site
FAULTS = {
    "down": "every request is answered with HTTP 500 (a failing server, or one blocking the crawler)",
    "redesign": "article pages come in a new template without the article text (a client-side rendered shell)",
    "shrink": f"feeds, sitemaps and index pages list only the {SHRINK_TO} newest articles (news sites)",
}
_NOT_FOUND = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    pages: dict[str, tuple[int, str, bytes]]
    #: the answer to every request, when set (the "down" fault)
    fallback: tuple[int, str, bytes] | None = None


def find_page(srv: _Server, target: str) -> tuple[int, str, bytes]:
    """``(status, content type, body)`` of the request target ``target`` on the site ``srv``."""
    parts = urlsplit(target)
    pages = srv.pages
    key = parts.path + ("?" + parts.query if parts.query else "")
    found = srv.fallback or pages.get(key) or pages.get(parts.path)
    return found if found is not None else (404, "text/html; charset=utf-8", _NOT_FOUND)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SampleWeb/1.0"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing per request."""

    def _respond(self, head_only: bool) -> None:
        status, ctype, body = find_page(self.server, self.path)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._respond(False)

    def do_HEAD(self) -> None:
        self._respond(True)


def heavy_page(html: str, path: str) -> str:
    """``html`` with the weight of a real news page (~110 KB): a mega-menu of links, inline
    style, an inline JSON state blob and a link-farm footer, as publishers' pages carry them.

    Real news pages median ~117 KB against ~7 KB for the plain sample pages, and extraction
    time follows the size of the tree: the crawl benchmark serves these (``heavy=True``).
    """
    rng = random.Random(path)
    words = ["politics", "world", "business", "opinion", "sport", "culture", "science", "health",
             "travel", "tech", "climate", "markets", "video", "podcasts", "newsletters", "obituaries"]
    elsewhere = "https://www.example.com"  # off every site: costs parsing, never a request
    menu = "".join(
        f'<li><a href="{elsewhere}/section/{rng.choice(words)}/{i}">{rng.choice(words).title()} {i}</a></li>'
        for i in range(260)
    )
    blob = ",".join(f'"k{i}":{{"id":{rng.randrange(10**9)},"slug":"{rng.choice(words)}-{i}",'
                    f'"tags":["{rng.choice(words)}","{rng.choice(words)}"]}}' for i in range(700))
    style = "".join(f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{i * 4099 % 0xFFFFFF:06x}}}"
                    for i in range(450))
    footer = "".join(f'<a href="{elsewhere}/topic/{rng.choice(words)}-{i}">{rng.choice(words)} {i}</a> '
                     for i in range(300))
    head_extra = f"<style>{style}</style>"
    body_top = f'<nav class="mega-menu"><ul>{menu}</ul></nav>'
    body_end = (f'<script>window.__STATE__={{{blob}}};</script>'
                f'<div class="site-footer-links">{footer}</div>')
    html = html.replace("</head>", head_extra + "</head>", 1)
    html = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + body_top, html, count=1)
    return html.replace("</body>", body_end + "</body>", 1)


def redesigned_page(html: str) -> str:
    """An article page after a redesign that renders the article in the browser: the same
    ``<title>``, an empty application root and a script; no article text in the HTML."""
    found = _TITLE_RE.search(html)
    title = found.group(1) if found else ""
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>' + title + "</title>"
            '<meta name="viewport" content="width=device-width"><link rel="stylesheet" href="/static/app.css">'
            '</head><body><div id="app" data-view="article"><noscript>Please enable JavaScript to read this '
            'article.</noscript></div><script src="/static/app.js" defer></script></body></html>')


class SampleWeb:
    """A small web of news sites and aggregators on 127.0.0.1 (see the package docstring)."""

    def __init__(self, scale: int = 0, host: str = "127.0.0.1", heavy: bool = False,
                 faults: dict[str, str] | None = None) -> None:
        self.scale = scale
        self.heavy = heavy
        self.host = host
        self.faults: dict[str, str] = {}
        for site, fault in (faults or {}).items():
            self._check_fault(site, fault)
            self.faults[site] = fault
        self._web: Web = build_web(scale, self._listed())
        self._servers: dict[str, _Server] = {}
        self._threads: list[threading.Thread] = []
        self._bases: dict[str, str] = {}

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self, threads: bool = True) -> SampleWeb:
        """Bind every site to a free port, render the final bodies and serve in daemon threads.

        With ``threads=False`` the sockets listen but nobody answers: :func:`serve_asyncio`
        (``crawler.sampleweb.aserve``) serves them from an event loop instead.
        """
        if self._servers:
            return self
        for name in SITES:
            srv = _Server((self.host, 0), _Handler)
            self._servers[name] = srv
            self._bases[name] = f"http://{self.host}:{srv.server_address[1]}"
        self._render()
        if not threads:
            return self
        for name, srv in self._servers.items():
            t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2},
                                 name=f"sampleweb-{name}", daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def _render(self) -> None:
        for name, srv in self._servers.items():
            final: dict[str, tuple[int, str, bytes]] = {}
            fault = self.faults.get(name)
            articles = self._article_paths(name) if fault == "redesign" else set()
            for path, page in self._web.pages[name].items():
                body = page.body
                if path in articles and isinstance(body, str):
                    body = redesigned_page(body)
                if isinstance(body, str):
                    if self.heavy and page.ctype.startswith("text/html") and page.status == 200:
                        body = heavy_page(body, path)
                    body = self._subst(body).encode("utf-8")
                if page.gzip:
                    body = gzip.compress(body, mtime=0)
                final[path] = (page.status, page.ctype, body)
            srv.pages = final  # one assignment: requests see the old web or the new one
            srv.fallback = (500, "text/html; charset=utf-8", _SERVER_ERROR) if fault == "down" else None

    def _article_paths(self, site: str) -> set[str]:
        base = f"@@SW:{site}@@"
        return {a["url"][len(base):] for a in self._web.manifest["articles"] if a["site"] == site}

    def _listed(self) -> dict[str, int]:
        return {site: SHRINK_TO for site, fault in self.faults.items() if fault == "shrink"}

    @staticmethod
    def _check_fault(site: str, fault: str | None) -> None:
        if site not in SITES:
            raise ValueError(f"no site {site!r} in the sample web (sites: {', '.join(SITES)})")
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r} (faults: {', '.join(FAULTS)})")
        if fault == "shrink" and SITES[site] != "news":
            raise ValueError(f"the shrink fault applies to news sites, not {site!r}")

    def set_fault(self, site: str, fault: str | None) -> None:
        """Break ``site`` the way :data:`FAULTS` says (None: repair it), on the same ports."""
        self._check_fault(site, fault)
        before = self._listed()
        if fault is None:
            self.faults.pop(site, None)
        else:
            self.faults[site] = fault
        if self._listed() != before:
            self._web = build_web(self.scale, self._listed())
        if self._servers:
            self._render()

    def grow(self, scale: int) -> None:
        """Publish more articles on the same ports: the web of ``SampleWeb(scale)``.

        Pages of the current web keep their URLs, content and dates; feeds, sitemaps and index
        pages list the new articles too (and aggregators post copies of ~10% of them).
        """
        if scale < self.scale:
            raise ValueError("a sample web can only grow")
        self.scale = scale
        self._web = build_web(scale, self._listed())
        if self._servers:
            self._render()

    def stop(self) -> None:
        """Stop serving and close the sockets."""
        for srv in self._servers.values():
            if self._threads:
                srv.shutdown()
            srv.server_close()
        for t in self._threads:
            t.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> SampleWeb:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # -- information --------------------------------------------------------------------------
    @property
    def servers(self) -> dict[str, _Server]:
        """Site name -> its bound server (socket, ``pages``, ``fallback``), once started."""
        self._need_started()
        return dict(self._servers)

    def _need_started(self) -> None:
        if not self._bases:
            raise RuntimeError("SampleWeb is not started: call start() (or use it as a context manager)")

    def _subst(self, text: str) -> str:
        return _PH_RE.sub(lambda m: self._bases[m.group(1)], text)

    @property
    def sites(self) -> dict[str, str]:
        """Site name -> kind."""
        return dict(SITES)

    def base_url(self, name: str) -> str:
        """``http://127.0.0.1:PORT`` of a site."""
        self._need_started()
        return self._bases[name]

    @property
    def manifest(self) -> dict[str, Any]:
        """What the sample web holds and what a crawl should emit (see the package docstring)."""
        self._need_started()
        return json.loads(self._subst(json.dumps(self._web.manifest, ensure_ascii=False)))

    def sites_toml(self) -> str:
        """A sites file (TOML) with every site of the sample web."""
        self._need_started()
        out = ["# Sites of the bundled sample web (crawler.sampleweb); ports change on every start.\n"]
        for name, kind in SITES.items():
            entry = copy.deepcopy(self._web.sites_entries[name])
            out.append("[[site]]")
            out.append(f'name = "{name}"')
            out.append(f'kind = "{kind}"')
            out.append(f'hosts = ["{urlsplit(self._bases[name]).netloc}"]')
            for key in ("sitemaps", "feeds", "start_urls"):
                if key in entry:
                    vals = ", ".join(f'"{self._subst(v)}"' for v in entry[key])
                    out.append(f"{key} = [{vals}]")
            if "article_pattern" in entry:
                out.append(f"article_pattern = '{entry['article_pattern']}'")
            out.append("")
        return "\n".join(out)

    def write_sites_file(self, path: str | Path) -> Path:
        """Write :meth:`sites_toml` to ``path`` and return it."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(self.sites_toml(), encoding="utf-8")
        return p
