"""Hourly runs on a site found through its index pages only: a section whose pagination is long.

Serves one news site on 127.0.0.1 from this process: the sites file gives its section
``/news/`` as ``start_urls`` with an ``article_pattern``; the section lists ``--stories`` stories
newest first, ``--per-page`` to a page, each page linking the next with ``rel="next"``. The first
run crawls it all on a fresh state file (up to ``DISCOVERY_MAX_INDEX_PAGES``, raised here so
that the whole section is read). Then the site publishes ``--new`` stories, and the next run
crawls it again twice, each time from a copy of the first run's state: with the defaults (the
pagination not followed from a page whose stories earlier runs all fetched:
``INCREMENTAL_STOP_AT_SEEN_PAGES``) and without it (every page read, as before). A second pair
crawls the site unchanged.

Prints, per run: requests, index pages read, articles written and wall seconds; and checks that
every next run wrote exactly the new stories (exit status 1 if not).

    python benchmarks/index_pages.py [--stories 2000] [--per-page 20] [--new 3]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from sitemap_index import crawl, handler  # noqa: E402  (the same server, crawl run and figures)


class Section:
    """The served site: ``stories`` newest first, ``per_page`` to an index page."""

    def __init__(self, stories: int, per_page: int) -> None:
        self.stories = list(range(stories, 0, -1))
        self.per_page = per_page
        self.hits: list[str] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler(self))
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def publish(self, count: int) -> None:
        top = self.stories[0]
        self.stories[:0] = range(top + count, top, -1)

    def page(self, path: str) -> tuple[int, str, bytes]:
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nDisallow:\n"
        if path == "/news/" or path.startswith("/news/page/"):
            n = 1 if path == "/news/" else int(path.strip("/").rsplit("/", 1)[1])
            shown = self.stories[(n - 1) * self.per_page : n * self.per_page]
            if not shown:
                return 404, "text/plain", b"no"
            items = "".join(f'<li><a href="/2024/05/01/story-{k}/">Story {k}</a></li>' for k in shown)
            nxt = (f'<a rel="next" href="/news/page/{n + 1}/">Older posts</a>'
                   if len(self.stories) > n * self.per_page else "")
            return 200, "text/html; charset=utf-8", (f'<html><body><a href="/">Home</a><h1>News</h1>'
                                                     f"<ul>{items}</ul>{nxt}</body></html>").encode()
        if path.startswith("/2024/05/01/story-"):
            k = path.strip("/").rsplit("-", 1)[1]
            text = "".join(f"<p>Story {k}, part {p}: the council met on day {k} and heard the river report.</p>"
                           for p in range(4))
            return 200, "text/html; charset=utf-8", (f"<html><head><title>Story {k}</title></head><body><article>"
                                                     f"<h1>Story number {k} of the paper</h1>{text}</article>"
                                                     "</body></html>").encode()
        return 404, "text/plain", b"no"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument("--new", type=int, default=3)
    args = parser.parse_args(argv)
    site = Section(args.stories, args.per_page)
    threading.Thread(target=site.server.serve_forever, daemon=True).start()
    pages = args.stories // args.per_page + 10
    limits = ("-s", f"DISCOVERY_MAX_INDEX_PAGES={pages}", "-s", f"SITE_MAX_PAGES={args.stories * 2 + pages}")
    ok = True
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        sites = tmp / "sites.toml"
        pattern = r"/\\d{4}/\\d{2}/\\d{2}/"  # a TOML basic string: the backslashes doubled
        sites.write_text(f'[[site]]\nname = "paper"\nkind = "news"\nhosts = ["{site.base[7:]}"]\n'
                         f'start_urls = ["{site.base}/news/"]\narticle_pattern = "{pattern}"\n', encoding="utf-8")
        rows = []

        def run(label: str, state: Path, out: Path, *extra: str) -> dict[str, float]:
            found = crawl(site, sites, state, out, *limits, *extra)  # type: ignore[arg-type]
            found["index"] = sum(h.startswith("/news/") for h in site.hits)
            rows.append((label, found))
            return found

        run("first run (fresh state)", tmp / "state.db", tmp / "first.jsonl")
        for label, new in (("next run, {n} new stories", args.new), ("next run, nothing new", 0)):
            if new:
                site.publish(new)
            for mode, extra in (("defaults", ()), ("every page read", ("-s", "INCREMENTAL_STOP_AT_SEEN_PAGES=False"))):
                state = tmp / f"state-{mode[:4]}-{new}.db"
                shutil.copy(tmp / "state.db", state)
                ok &= run(f"{label.format(n=new)}: {mode}", state, tmp / "next.jsonl", *extra)["articles"] == new
            crawl(site, sites, tmp / "state.db", tmp / "catch-up.jsonl", *limits)  # type: ignore[arg-type]
    print(f"site: a section of {args.stories} stories, {args.per_page} to a page; {args.new} new stories, then none")
    print(f"{'run':<44}{'requests':>9}{'index pages':>12}{'articles':>9}{'seconds':>9}")
    for label, r in rows:
        print(f"{label:<44}{r['requests']:>9.0f}{r['index']:>12.0f}{r['articles']:>9.0f}{r['seconds']:>9.1f}")
    print(f"every next run wrote exactly the new stories: {ok}")
    site.server.shutdown()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
