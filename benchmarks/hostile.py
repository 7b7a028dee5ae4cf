"""Peak memory and time of crawls of a hostile web, bounded and unbounded, next to an anchor.

Each case crawls one small site on 127.0.0.1 (tests/hostile_web.py) in a fresh ``scrapy crawl``
process, twice: with the project's defaults (``bounded``) and with the bounds switched off
(``unbounded``: what the crawler did before they existed). The anchor is a crawl of an ordinary
site of three articles, measured in the same run. Peak memory is the process's ``ru_maxrss``.

* ``robots-5mb``: a 5.4 MB robots.txt (ROBOTSTXT_MAX_BYTES);
* ``index-100k``: one index page with 100,000 article links (DISCOVERY_MAX_PAGE_LINKS,
  SITE_MAX_QUEUED);
* ``sitemap-200k``: one 20 MB sitemap of 200,000 URLs (the same bounds).

Articles are served in 0.2 s (a remote server's latency), so the crawl finds links faster than
it fetches them. Both runs of a case stop the site after ``--pages`` pages (SITE_MAX_PAGES), so
they finish.
Extraction runs in one worker process, as in a real crawl (the reactor thread is free to turn a
page's links into requests); peak memory is the largest of the crawl process and its worker.

    python benchmarks/hostile.py [--pages 300] [--cases robots-5mb,index-100k,sitemap-200k]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(REPO))

from tests.hostile_web import (  # noqa: E402
    QUICK,
    Crawl,
    HostileSite,
    Reply,
    article_page,
    rss,
    run_measured,
    sites_toml,
    urlset,
)

UNBOUNDED = {
    "robots-5mb": ["-s", "ROBOTSTXT_MAX_BYTES=0"],
    "index-100k": ["-s", "DISCOVERY_MAX_PAGE_LINKS=0", "-s", "SITE_MAX_QUEUED=0"],
    "sitemap-200k": ["-s", "DISCOVERY_MAX_PAGE_LINKS=0", "-s", "SITE_MAX_QUEUED=0"],
}


def routes(case: str, site: HostileSite) -> tuple[dict[str, object], dict[str, object]]:
    """The site's pages and its sites-file entry for ``case``."""
    allow = Reply("User-agent: *\nDisallow:\n", ctype="text/plain")

    def article(path: str) -> Reply:  # a remote server's latency: the crawl finds links faster than it fetches
        return Reply(article_page(f"Story {path}").body, delay=0.2)

    if case == "anchor":
        urls = [f"{site.base}/news/{i}.html" for i in range(3)]
        return ({"/robots.txt": allow, "/feed.xml": rss(urls), "/news/*": article},
                {"feeds": [f"{site.base}/feed.xml"]})
    if case == "robots-5mb":
        robots = "User-agent: *\n" + "".join(f"Disallow: /filler/{i}/\n" for i in range(250_000))
        return ({"/robots.txt": Reply(robots, ctype="text/plain"), "/feed.xml": rss([f"{site.base}/news/1.html"]),
                 "/news/*": article}, {"feeds": [f"{site.base}/feed.xml"]})
    if case == "index-100k":
        links = "".join(f'<a href="/a/{i}.html">Story {i}</a>' for i in range(100_000))
        return ({"/robots.txt": allow, "/": Reply(f"<html><body>{links}</body></html>"), "/a/*": article},
                {"start_urls": [f"{site.base}/"], "article_pattern": "/a/"})
    if case == "sitemap-200k":
        body = urlset([f"{site.base}/articles/2024/05/a-long-enough-article-slug-{i}.html" for i in range(200_000)])
        return ({"/robots.txt": allow, "/sitemap.xml": Reply(body, ctype="application/xml"), "/articles/*": article},
                {"sitemaps": [f"{site.base}/sitemap.xml"]})
    raise ValueError(case)


def crawl(case: str, extra: list[str], pages: int) -> Crawl:
    with tempfile.TemporaryDirectory() as tmp, HostileSite() as site:
        pages_routes, entry = routes(case, site)
        site.routes.update(pages_routes)  # type: ignore[arg-type]
        sites = sites_toml(Path(tmp) / "sites.toml", {"name": "site", "kind": "news", "hosts": [site.netloc],
                                                      **entry})
        return run_measured("crawl", "news", "-a", f"sites={sites}", "-O", f"{tmp}/out.jsonl",
                            "-s", f"STATE_URI=sqlite:///{tmp}/state.db", *QUICK, "-s", "EXTRACTION_WORKERS=1",
                            "-s", f"SITE_MAX_PAGES={pages}", *extra,
                            cwd=Path(tmp), timeout=1800)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="SITE_MAX_PAGES of every run")
    parser.add_argument("--cases", default=",".join(UNBOUNDED))
    args = parser.parse_args()
    print(f"{'case':<14} {'mode':<10} {'peak MiB':>9} {'seconds':>8} {'exit':>5}  requests  pages")
    anchor = crawl("anchor", [], args.pages)
    print(f"{'anchor':<14} {'':<10} {anchor.peak_mib:>9.0f} {anchor.seconds:>8.1f} {anchor.code:>5}")
    for case in args.cases.split(","):
        for mode, extra in (("bounded", []), ("unbounded", UNBOUNDED[case])):
            run = crawl(case, extra, args.pages)
            enqueued = int(run.stats.get("scheduler/enqueued", 0))
            fetched = int(run.stats.get("site/site/pages", 0))
            print(f"{case:<14} {mode:<10} {run.peak_mib:>9.0f} {run.seconds:>8.1f} {run.code:>5}  {enqueued:>8}  "
                  f"{fetched:>5}", flush=True)


if __name__ == "__main__":
    main()
