"""Incremental crawling: a second run fetches what is new and nothing else.

Serves ``SampleWeb(scale=N)`` in this process, crawls it (``news`` then ``aggregator``, one
fresh state file), grows the web by 10% (new articles on the news sites, new copies on the
aggregators, on the same ports), and crawls again with the same state. Prints requests, article
requests and time of both runs, and checks that the second run fetched every new article and
no unchanged one. Target: second-run article requests under 20% of the first run's.

    python benchmarks/incremental.py [--scale 500]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# this file's folder must not shadow Twisted's dependency `incremental` (the same name)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(REPO))

from crawler.sampleweb import SampleWeb  # noqa: E402

FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "LOG_LEVEL": "WARNING"}


def child(spider: str, sites: str, state: str, out: str) -> None:
    """Run one spider in this process; print its request counts as JSON."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setdict({**FAST, "STATE_URI": f"sqlite:///{state}",
                      "FEEDS": {out: {"format": "jsonlines", "overwrite": True}}}, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, sites=sites)
    started = time.perf_counter()
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({
        "seconds": time.perf_counter() - started,
        "requests": stats.get("downloader/request_count", 0),
        "article_requests": sum(v for k, v in stats.items() if k.startswith("discovery/article_links/")),
        "skipped": stats.get("incremental/unchanged_skipped", 0),
    }))


def run(sites: Path, state: Path, tmp: Path, tag: str) -> tuple[dict[str, float], set[str]]:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings", PYTHONPATH=str(REPO))
    total = {"seconds": 0.0, "requests": 0, "article_requests": 0, "skipped": 0}
    urls: set[str] = set()
    for spider in ("news", "aggregator"):
        out = tmp / f"{tag}-{spider}.jsonl"
        proc = subprocess.run([sys.executable, __file__, "--child", spider, str(sites), str(state), str(out)],
                              cwd=REPO, env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"{spider} crawl failed:\n{proc.stderr[-3000:]}")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        for k in total:
            total[k] += r[k]
        urls |= {json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines() if line}
    return total, urls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=500)
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory() as t, SampleWeb(scale=args.scale) as web:
        tmp = Path(t)
        sites, state = web.write_sites_file(tmp / "sites.toml"), tmp / "state.sqlite3"
        before = {a["url"] for a in web.manifest["articles"]}
        first, urls1 = run(sites, state, tmp, "run1")
        # each new news article brings ~0.1 aggregator copy: grow by 10% of all articles
        web.grow(args.scale + math.ceil(len(before) * 0.1 / 1.1))
        after = {a["url"] for a in web.manifest["articles"]}
        new = after - before
        second, urls2 = run(sites, state, tmp, "run2")
    print(f"sample web: {len(before)} articles, then {len(new)} new ({len(new) / len(before):.1%})")
    print(f"{'run':<8}{'requests':>10}{'article req':>13}{'skipped':>9}{'articles':>10}{'seconds':>9}")
    for name, r, urls in (("first", first, urls1), ("second", second, urls2)):
        print(f"{name:<8}{r['requests']:>10}{r['article_requests']:>13}{r['skipped']:>9}{len(urls):>10}"
              f"{r['seconds']:>9.1f}")
    ratio = second["article_requests"] / first["article_requests"]
    missed, refetched = new - urls2, urls2 & before
    print(f"first run found every article: {urls1 == before}")
    print(f"second run: {len(urls2 & new)}/{len(new)} new articles fetched, {len(missed)} missed, "
          f"{len(refetched)} unchanged articles fetched again")
    print(f"second-run article requests / first run: {ratio:.1%} (target < 20%)")
    return 0 if not missed and not refetched and ratio < 0.2 else 1


if __name__ == "__main__":
    sys.exit(main())
