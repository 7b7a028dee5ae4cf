"""Mutated real pages, feeds and sitemaps: what the extraction and the listing reader do with them.

Every page of the data folders (default: both shared development sets; ``--data DIR``, repeatable,
any folder in their layout) is mutated one to four times at random (seeded): cut short, a chunk
cut out or copied elsewhere, junk written in (NUL and broken UTF-8 bytes, unclosed tags, deep
nesting, surrogate character references, broken charset declarations, odd ``<time>`` values),
broken JSON-LD or ``<meta>`` values added, its URL or headers replaced by hostile ones, or the
page re-encoded (UTF-16/32 with or without a BOM, cp1251, Shift_JIS); then handed to
``extract_article`` (with or without a hint). Feeds and sitemaps (``tests/test_discovery.py``'s
and two written after real ones) are mutated the same way and read by ``parse_listing``; index
pages by ``index_links`` with the encodings Scrapy may name.

Allowed outcomes: a record (JSON-serialisable, UTF-8 encodable), ``NotArticle``, ``ListingError``.
Anything else is printed once per place it was raised (exception, file, line) with the case
that raised it, and the script exits 1; a page taking more than ``--slow`` CPU seconds is
printed too. Defects this found are in benchmarks/JOURNAL.md ("Mutated real pages").

``--crawl N``: the real ``scrapy crawl`` instead, of both spiders on one SQLite state: a news
site on 127.0.0.1 lists N mutated pages in its feed (served under a random charset), an
aggregator copies every third one (mutated again) with a claim naming it (or a broken URL).
Printed per spider: records, skipped pages, seconds, fetches that failed (``fetch/failed/*``:
the local server answers every request, so any is a page lost in a middleware) and the log's
ERROR and Traceback lines (exit 1 when there are any of the last two). What only a crawl shows:
middlewares, exporters, the state stages.

    python benchmarks/mutations.py [--seconds 120] [--seed 0] [--data DIR ...] [--slow 2] [--crawl N]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# not this folder (run as a script, it comes first, and its incremental.py hides the package
# Twisted imports); the repository instead, for ``crawler`` and ``tests``
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_DATA = [REPO.parent / "shared" / "benchmarks" / "wcxb-dev", REPO.parent / "shared" / "benchmarks" /
                "article-extraction"]

JUNK: tuple[bytes, ...] = (
    b"\x00", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"<", b"</div>", b"<!--", b"<![CDATA[", b"<script>", b"</html>",
    b"<table>", b"<div>" * 300, b"<p " + b"a" * 5000 + b">", b"</body></html><p>after</p>",
    b"<meta charset='x-garbage'>", b"<meta charset=utf-16>", b"<?xml version='1.0' encoding='\x01\x02'?>",
    b"<base href='http://[::1'>", b"<a href='javascript:alert(1)'>Source: x</a>", b"<br>" * 2000,
    b"<h1></h1>", "<h1>\u202e\u200b</h1>".encode(), b"&#0;&#xD800;&#x110000;&#99999999999;&#xD83D;&#xDE00;",
    b"<time datetime='9999-99-99T99:99:99+99:99'>x</time>", b"<p>Source: <a href='http://[bad'>x</a></p>",
    b"<p>Originally published at <a href='//'>x</a></p>", b"<p>via <a href='http://%zz/'>x</a></p>",
    b"<svg><foreignObject><p>text</p></foreignObject></svg>", b"<math><mi>x</mi></math>", b"<template><p>t</p>",
    b"<noscript>" + b"word " * 400, b"<frameset><frame src=x></frameset>", b"<plaintext>", b"<xmp><p>x</xmp>",
    b"<textarea>", b"<meta http-equiv='refresh' content='300'>",
)
JSONLD: tuple[str, ...] = (
    "[]", "1", "null", '"x"', '{"@type": 5}', '{"@type": ["NewsArticle", {"a": 1}]}',
    '{"@type": "NewsArticle", "datePublished": "0000-00-00", "headline": 7, "author": 3}',
    '{"@type": "NewsArticle", "datePublished": ["2025-02-30T25:61:00+25:00"], "author": [null, 1, {"name": []}]}',
    '{"@graph": [{"@graph": [{"@graph": {}}]}]}', '{"@type": "NewsArticle", "articleBody": {"x": 1}}',
    '{"@type": "NewsArticle", "headline": "cut \\ud83d", "author": {"name": "x\\udc00"}}',
    "[" * 500 + "]" * 500, '{"@type": "NewsArticle", "headline": "' + "x" * 100000 + '"}',
    '{"@type": "BreadcrumbList", "itemListElement": [{"item": 5}, {"item": {"name": null}}, null]}',
    '{"@type": "NewsArticle", "dateCreated": 1e309, "isBasedOn": [1, {"url": []}]}',
)
META_TAGS: tuple[bytes, ...] = (
    b"<meta property='article:published_time' content='%s'>", b"<meta property='og:url' content='%s'>",
    b"<link rel='canonical' href='%s'>", b"<meta name='author' content='%s'>", b"<html lang='%s'>",
    b"<meta http-equiv='content-language' content='%s'>", b"<meta property='og:image' content='%s'>",
)
VALUES: tuple[bytes, ...] = (
    b"", b"x", b"http://[::1", b"//", b"9999-99-99", b"2025-13-45T99:00:00Z", b"\x00", b"zz-ZZ-xx", b"\xff",
    b"a" * 5000, b"javascript:alert(1)", b"1e309", b"2025-01-01T00:00:00+99:99", b"2025-01-01 10:00 UTC+30",
    b"Mon, 32 Foo 2025", b"http://%zz", b"\t\n",
)
URLS: tuple[str, ...] = (
    "", "not a url", "http://[::1", "https://exa mple.com/a b", "https://example.com/" + "a" * 5000,
    "https://b\u00fccher.de/\u00e4?\u00f6=\u00fc#x", "javascript:alert(1)", "//x/y", "https://x.example/%zz",
    "https://", "http://127.0.0.1:99999/",
)
HEADERS: tuple[Any, ...] = (
    None, {"Content-Type": "text/html; charset=utf-16"}, {"Content-Type": "text/html; charset=garbage\x00"},
    {b"Content-Type": [b"text/html; charset=latin-1", b"x"]}, {"Content-Type": "application/octet-stream"},
    {"content-type": 'text/html; charset="utf-8'}, {"Content-Language": "xx, en;q=0.5"},
    {b"Content-Type": b"text/html;charset=\xff"}, {"Content-Type": ["text/html", "charset=utf-8"]},
)
ENCODINGS = ("utf-16", "utf-16-le", "utf-32", "latin-1", "cp1251", "shift_jis")
#: Encodings Scrapy may name an index page's (Python's names; libxml2 knows some under others).
INDEX_ENCODINGS = (None, "utf-8", "cp1252", "euc_jp", "iso2022_jp", "mac-roman", "utf-16-le", "no-such-codec")
LISTINGS: tuple[bytes, ...] = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>J</title><item><title>Post &amp; more</title>'
    b"<link>https://blog.example/2024/05/post/</link><pubDate>Tue, 14 May 2024 08:00:00 +0000</pubDate></item>"
    b"<item><title>Guid only</title><guid>https://blog.example/p/2</guid></item></channel></rss>",
    b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Post</title>'
    b'<link rel="alternate" type="text/html" href="https://blog.example/2018/05/post.html"/>'
    b"<published>2018-06-01T08:00:00Z</published></entry></feed>",
    b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://news.example/a/1.html</loc>'
    b"<lastmod>2024-05-14T08:00:00+02:00</lastmod><news:news><news:publication_date>2018-05-31T10:00:00+03:00"
    b"</news:publication_date><news:title>T</news:title></news:news></url></urlset>",
    b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
    b"<loc>https://news.example/sitemap-1.xml</loc></sitemap></sitemapindex>",
)


class Mutator:
    """Seeded mutations of bytes, URLs and headers (see the module docstring)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def bytes_(self, data: bytes, *, markup: bool = True) -> bytes:
        rng = self.rng
        for _ in range(rng.randint(1, 4)):
            n = len(data)
            kind = rng.randrange(7 if markup else 5)
            if kind == 0 and n:
                data = data[: rng.randrange(n)]
            elif kind == 1 and n:
                i = rng.randrange(n)
                data = data[:i] + data[i + rng.randrange(1, 5000):]
            elif kind == 2 and n:
                i, j = rng.randrange(n), rng.randrange(n)
                data = data[:j] + data[i : i + rng.randrange(1, 20000)] + data[j:]
            elif kind == 3:
                i = rng.randrange(n + 1)
                data = data[:i] + rng.choice(JUNK) + data[i:]
            elif kind == 4:
                data = data.decode("utf-8", "replace").encode(rng.choice(ENCODINGS), "replace")
            elif kind == 5:
                i = rng.randrange(n + 1)
                data = data[:i] + b"<script type='application/ld+json'>" + rng.choice(JSONLD).encode() + b"</script>" \
                    + data[i:]
            else:
                i = rng.randrange(n + 1)
                data = data[:i] + rng.choice(META_TAGS).replace(b"%s", rng.choice(VALUES)) + data[i:]
        return data

    def page(self, html: bytes, url: str) -> tuple[bytes | str, str, Any, dict[str, Any]]:
        rng = self.rng
        data = self.bytes_(html)
        url = rng.choice(URLS) if rng.random() < 0.15 else url
        headers = rng.choice(HEADERS) if rng.random() < 0.3 else None
        hints: dict[str, Any] = rng.choice([{}, {"listed": True}, {"min_words": 0}])
        return (data if rng.random() < 0.8 else data.decode("utf-8", "replace")), url, headers, hints


def load_pages(folders: Sequence[Path]) -> list[tuple[str, Path]]:
    """(url, page file) of every page of the folders: the benchmark layout (gzipped pages and
    their URLs in ``ground-truth.json``), or a folder of ``.html`` files."""
    pages = []
    for folder in folders:
        if not (folder / "ground-truth.json").is_file():
            files = sorted(folder.glob("*.html"))
            pages += [(f"https://{path.stem.replace('_', '-')}.example/a/1", path) for path in files]
            continue
        truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
        for page_id, entry in sorted(truth.items()):
            pages.append((entry.get("url") or "https://example.com/a", folder / "html" / f"{page_id}.html.gz"))
    return pages


def page_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


class Tally:
    """Outcomes, and the first case of each unexpected exception (by where it was raised)."""

    def __init__(self) -> None:
        self.outcomes: collections.Counter[str] = collections.Counter()
        self.failures: dict[str, tuple[int, str]] = {}
        self.slow: list[tuple[float, str]] = []

    def failed(self, what: str, exc: BaseException, case: str) -> None:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        key = f"{what}: {type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
        count, first = self.failures.get(key, (0, f"{exc!r}"[:300] + f" ({case})"))
        self.failures[key] = (count + 1, first)
        self.outcomes[f"{what}/unexpected"] += 1


def run_page(mutator: Mutator, url: str, html: bytes, tally: Tally, slow: float, case: str) -> None:
    from crawler.extraction import NotArticle, extract_article

    data, page_url, headers, hints = mutator.page(html, url)
    started = time.process_time()
    try:
        record = extract_article(data, page_url, headers, **hints)
        json.dumps(record, ensure_ascii=False).encode("utf-8")
        tally.outcomes["page/record"] += 1
    except NotArticle as exc:
        tally.outcomes[f"page/{exc.reason}"] += 1
    except Exception as exc:  # what this script looks for
        tally.failed("page", exc, case)
    spent = time.process_time() - started
    if spent > slow:
        tally.slow.append((spent, case))


def run_listing(mutator: Mutator, tally: Tally, case: str) -> None:
    from crawler.discovery import ListingError, parse_listing

    rng = mutator.rng
    try:
        parse_listing(mutator.bytes_(rng.choice(LISTINGS), markup=False), rng.choice(["https://x.example/", "", "http://[::1"]))
        tally.outcomes["listing/read"] += 1
    except ListingError:
        tally.outcomes["listing/refused"] += 1
    except Exception as exc:
        tally.failed("listing", exc, case)


def run_index(mutator: Mutator, url: str, html: bytes, tally: Tally, case: str) -> None:
    from crawler.discovery import index_links

    try:
        index_links(mutator.bytes_(html), url, mutator.rng.choice(INDEX_ENCODINGS))
        tally.outcomes["index/read"] += 1
    except Exception as exc:
        tally.failed("index", exc, case)


def run(pages: Sequence[tuple[str, Path]], seconds: float, seed: int, slow: float, cases: int = 0,
        clock: Callable[[], float] = time.monotonic) -> Tally:
    """Mutated cases for ``seconds`` (or ``cases`` of them, when given: the same ones for one
    seed): pages, listings and index pages in turn."""
    mutator = Mutator(seed)
    order = list(pages)
    mutator.rng.shuffle(order)
    tally = Tally()
    started, n = clock(), 0
    while order and (n < cases if cases else clock() - started < seconds):
        url, path = order[n % len(order)]
        html = page_bytes(path)
        case = f"seed {seed}, case {n}, {path.name}"
        run_page(mutator, url, html, tally, slow, case)
        if n % 4 == 0:
            run_listing(mutator, tally, case)
        if n % 8 == 0:
            run_index(mutator, url, html, tally, case)
        n += 1
    return tally


CLAIMS = ('<p>Source: <a href="{url}">the original</a></p>', "<p>Article source: {url}</p>",
          '<link rel="canonical" href="{url}">', '<p>Source: <a href="http://[::1">x</a></p>',
          '<p>Originally published at <a href="{url}">x</a></p>')
CHARSETS = ("text/html; charset=utf-8", "text/html", "text/html; charset=iso-8859-1", "text/html; charset=euc-jp")


def crawl(pages: Sequence[tuple[str, Path]], n: int, seed: int) -> int:
    """The ``--crawl`` mode (module docstring): the number of ERROR and Traceback lines."""
    from tests.helpers import read_jsonl
    from tests.hostile_web import QUICK, HostileSite, Reply, rss, run_measured, sites_toml

    mutator = Mutator(seed)
    order = list(pages)
    mutator.rng.shuffle(order)
    bad = 0
    with tempfile.TemporaryDirectory() as folder, HostileSite() as news, HostileSite() as agg:
        tmp = Path(folder)
        news_urls, agg_urls = [], []
        for i, (url, path) in enumerate(order[:n]):
            data, _url, _headers, _hints = mutator.page(page_bytes(path), url)
            body = data if isinstance(data, bytes) else data.encode("utf-8", "replace")
            news.routes[f"/a/{i}.html"] = Reply(body, ctype=mutator.rng.choice(CHARSETS))
            news_urls.append(f"{news.base}/a/{i}.html")
            if i % 3 == 0:
                claim = mutator.rng.choice(CLAIMS).format(url=f"{news.base}/a/{i}.html").encode()
                copy = body.replace(b"</body>", claim + b"</body>", 1) if b"</body>" in body else body + claim
                agg.routes[f"/p/{i}.html"] = Reply(mutator.bytes_(copy))
                agg_urls.append(f"{agg.base}/p/{i}.html")
        for site, urls in ((news, news_urls), (agg, agg_urls)):
            site.routes["/robots.txt"] = Reply("User-agent: *\nDisallow:\n", ctype="text/plain")
            site.routes["/feed.xml"] = rss(urls)
        entries = [{"name": name, "kind": kind, "hosts": [site.netloc], "feeds": [f"{site.base}/feed.xml"]}
                   for name, kind, site in (("news", "news", news), ("agg", "aggregator", agg))]
        sites = sites_toml(tmp / "sites.toml", *entries)
        for spider, urls in (("news", news_urls), ("aggregator", agg_urls)):
            out = tmp / f"{spider}.jsonl"
            run = run_measured("crawl", spider, "-a", f"sites={sites}", "-O", str(out),
                               "-s", f"STATE_URI=sqlite:///{tmp / 'state.db'}", *QUICK, "-s", "EXTRACTION_WORKERS=1",
                               "-s", "MONITOR_MIN_ARTICLES=0", cwd=tmp, timeout=900)
            records = read_jsonl(out) if out.exists() else []
            errors = [line for line in run.log.splitlines() if "ERROR" in line or "Traceback" in line]
            skipped = sum(v for k, v in run.stats.items() if k.startswith("extraction/skipped/"))
            failed = {k: v for k, v in run.stats.items() if k.startswith("fetch/failed/")}
            print(f"crawl {spider}: exit {run.code}, {len(urls)} pages listed, {len(records)} records, "
                  f"{skipped:.0f} skipped, {run.seconds:.1f} s, failed fetches {failed or 0}, "
                  f"{len(errors)} ERROR/Traceback lines")
            for line in [*errors, *(ln for ln in run.log.splitlines() if "cannot fetch" in ln)][:10]:
                print(f"  {line[:300]}")
            bad += len(errors) + len(failed) + (run.code != 0)
    return bad


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="how long to mutate (wall clock)")
    parser.add_argument("--seed", type=int, default=0, help="the mutations' seed")
    parser.add_argument("--data", action="append", type=Path,
                        help="data folder (repeatable; default: both shared sets), or a folder of .html files")
    parser.add_argument("--slow", type=float, default=2.0, help="CPU seconds past which a page is printed")
    parser.add_argument("--crawl", type=int, default=0, metavar="N",
                        help="a real crawl of N mutated pages and their aggregator copies instead (module docstring)")
    args = parser.parse_args(argv)
    folders = args.data or [d for d in DEFAULT_DATA if d.is_dir()]
    missing = [d for d in folders if not d.is_dir()]
    if missing or not folders:
        print(f"benchmark data not found: {missing or DEFAULT_DATA}", file=sys.stderr)
        return 2
    if args.crawl:
        return 1 if crawl(load_pages(folders), args.crawl, args.seed) else 0
    tally = run(load_pages(folders), args.seconds, args.seed, args.slow)
    total = sum(v for k, v in tally.outcomes.items() if k.startswith("page/"))
    print(f"seed {args.seed}, {args.seconds:.0f} s: {total} mutated pages")
    for name, count in sorted(tally.outcomes.items()):
        print(f"  {name:<24} {count}")
    for key, (count, first) in sorted(tally.failures.items()):
        print(f"UNEXPECTED {key}: {count} times; first: {first}")
    for spent, case in sorted(tally.slow, reverse=True)[:10]:
        print(f"SLOW {spent:.2f} s CPU: {case}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
