"""End-to-end crawl throughput on a generated sample web served on loopback.

Serves ``SampleWeb(scale=N, heavy=True)`` (N extra synthetic news articles plus aggregator
copies, every page with the weight of a real news page, ~105 KB) from a separate process,
then crawls it with the ``news`` and ``aggregator`` spiders, each mode in a fresh process with
fresh state:

- ``full``: the whole product (extraction workers + syndication + source check pipelines);
- ``no-pipelines``: the same crawl with ``ITEM_PIPELINES = {}``;
- ``inline-extraction``: the full product with ``EXTRACTION_WORKERS=0`` (extraction in the
  reactor thread), the anchor for the worker pool;
- ``no-pipelines-inline``: no item pipelines and inline extraction (the pool's effect alone);
- ``full-no-final-verdicts``: the full product without the final verdicts pass at the end of a run.

Politeness is switched off for the measurement (loopback, no delay, 64 requests per site).
Besides pages/s (wall time, sensitive to whatever else the machine runs), the CPU time the crawl
process and its extraction workers used per page is printed: steadier on a shared machine.

    python benchmarks/crawl.py [--scale 2000] [--modes full,no-pipelines,inline-extraction]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# this folder holds incremental.py, which must not shadow Twisted's dependency `incremental`
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
    "LOG_LEVEL": "WARNING",
    "RETRY_TIMES": 0,
}
MODES = {
    "full": {},
    "no-pipelines": {"ITEM_PIPELINES": {}},
    "inline-extraction": {"EXTRACTION_WORKERS": 0},
    "no-pipelines-inline": {"ITEM_PIPELINES": {}, "EXTRACTION_WORKERS": 0},
    "full-not-incremental": {"INCREMENTAL_ENABLED": False},
    "full-no-final-verdicts": {"FINAL_VERDICTS_ENABLED": False},
}


def serve_heavy_web(scale: int, sites: Path, env: dict[str, str], timeout: float = 300) -> subprocess.Popen[str] | None:
    """Start ``python -m crawler.sampleweb serve --scale N --heavy`` in a process of its own and
    return it once it has written ``sites``; None (process stopped, message printed) when it
    did not start within ``timeout`` seconds."""
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler.sampleweb", "serve", "--scale", str(scale), "--heavy",
         "--sites-file", str(sites)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, text=True,
    )
    deadline = time.monotonic() + timeout
    while not sites.exists() and time.monotonic() < deadline and server.poll() is None:
        time.sleep(0.2)
    if not sites.exists():
        print("the sample web did not start", file=sys.stderr)
        server.kill()
        server.wait(timeout=10)
        return None
    time.sleep(0.5)
    return server


def child(mode: str, sites_file: str, state: str) -> None:
    """Run both spiders in this process and print their stats as one JSON line."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setdict({**FAST, **MODES[mode], "STATE_URI": f"sqlite:///{state}"}, priority="cmdline")
    process = CrawlerProcess(settings)
    crawlers = []
    for name in ("news", "aggregator"):
        c = process.create_crawler(name)
        crawlers.append(c)
        process.crawl(c, sites=sites_file)
    import resource

    started = time.perf_counter()
    process.start()
    elapsed = time.perf_counter() - started
    cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for f in ("ru_utime", "ru_stime"))
    totals = {"seconds": elapsed, "responses": 0, "items": 0, "cpu_seconds": cpu}
    for c in crawlers:
        stats = c.stats.get_stats()
        totals["responses"] += stats.get("response_received_count", 0)
        totals["items"] += stats.get("item_scraped_count", 0)
    print(json.dumps(totals))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=2000, help="extra synthetic news articles (default 2000)")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--child", nargs=3, metavar=("MODE", "SITES", "STATE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings")
    with tempfile.TemporaryDirectory() as tmp:
        sites = Path(tmp) / "sites.toml"
        server = serve_heavy_web(args.scale, sites, env, timeout=120)
        if server is None:
            return 1
        try:
            print(f"sample web: scale={args.scale}, served by pid {server.pid}; cpus={os.cpu_count()}")
            print(f"{'mode':<24}{'responses':>10}{'items':>8}{'seconds':>9}{'pages/s':>9}{'CPU ms/page':>12}")
            results = {}
            for mode in args.modes.split(","):
                state = Path(tmp) / f"state-{mode}.sqlite3"
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", mode, str(sites), str(state)],
                    cwd=REPO, env=env, capture_output=True, text=True, check=False,
                )
                if proc.returncode != 0:
                    print(f"{mode}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
                    return 1
                r = json.loads(proc.stdout.strip().splitlines()[-1])
                r["pages_per_s"] = r["responses"] / r["seconds"]
                results[mode] = r
                cpu_ms = 1000 * r["cpu_seconds"] / max(1, r["responses"])
                print(f"{mode:<24}{r['responses']:>10}{r['items']:>8}{r['seconds']:>9.1f}{r['pages_per_s']:>9.1f}"
                      f"{cpu_ms:>12.1f}")
            if "full" in results and "inline-extraction" in results:
                ratio = results["full"]["pages_per_s"] / results["inline-extraction"]["pages_per_s"]
                print(f"worker pool vs inline extraction (full pipeline): {ratio:.2f}x")
            if "no-pipelines" in results and "no-pipelines-inline" in results:
                ratio = results["no-pipelines"]["pages_per_s"] / results["no-pipelines-inline"]["pages_per_s"]
                print(f"worker pool vs inline extraction (no item pipelines): {ratio:.2f}x")
            if "full" in results and "no-pipelines" in results:
                ratio = results["full"]["pages_per_s"] / results["no-pipelines"]["pages_per_s"]
                print(f"full pipeline vs no item pipelines: {ratio:.2f}x")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
