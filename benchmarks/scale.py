"""Scaling out: crawl pages/s with 1, 2 and 4 distributed workers, and Redis vs SQLite lookups/s.

Serves ``SampleWeb(scale=N, heavy=True)`` (every HTML page weighs ~110 KB, as a real news page)
from a separate process (``python -m crawler.sampleweb serve --scale N --heavy``), starts a
throw-away ``redis-server`` (or uses ``--redis URI``), then for each mode seeds the ``news``
frontier (``scrapy seed``) and runs W worker processes (``scrapy crawl news -s DISTRIBUTED=True``),
each with fresh state (its own key prefix in Redis, STATE_URI on the same Redis), and times them
from launch until the last worker exits (``DISTRIBUTED_IDLE_TIMEOUT=0``: a worker exits as soon
as the shared frontier is drained). Extraction, syndication and source check all run.

Modes (``--modes``): ``single`` (a plain ``scrapy crawl``, no Redis frontier, default settings: the
anchor), ``1x1``, ``2x1``, ``4x1`` (1, 2, 4 workers with ``EXTRACTION_WORKERS=1``: one extraction
process each), ``1xdef`` and ``2xdef`` (1 and 2 workers with default settings: an extraction pool
per CPU each). Politeness is off (loopback, no delay, 64 requests per site).

Then the syndication-index lookup rate, Redis against SQLite, with ``benchmarks/store_lookups.py``'s
data and queries (``--articles``, ``--lookups``).

    python benchmarks/scale.py [--scale 5000] [--modes single,1x1,2x1,4x1,1xdef,2xdef]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
# this folder holds incremental.py, which must not shadow Twisted's dependency `incremental`
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(REPO))

FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
    "RETRY_TIMES": 0,
    "LOG_LEVEL": "INFO",
    "DISTRIBUTED_IDLE_TIMEOUT": 0,
}
MODES: dict[str, tuple[int, dict[str, object]]] = {
    "single": (0, {}),
    "1x1": (1, {"EXTRACTION_WORKERS": 1}),
    "2x1": (2, {"EXTRACTION_WORKERS": 1}),
    "4x1": (4, {"EXTRACTION_WORKERS": 1}),
    "1xdef": (1, {}),
    "2xdef": (2, {}),
}


def stat(log: str, name: str) -> int:
    marker = f"'{name}': "
    if marker not in log:
        return 0
    return int(log.split(marker, 1)[1].split(",", 1)[0].split("}", 1)[0])


def scrapy(*args: str, env: dict[str, str], cwd: Path, **kw: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "scrapy", *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)  # type: ignore[call-overload]


def run_mode(mode: str, sites: Path, redis_uri: str, tmp: Path, env: dict[str, str]) -> dict[str, float]:
    workers, extra = MODES[mode]
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    settings = {**FAST, **extra, "STATE_URI": f"{redis_uri}?prefix={prefix}", "REDIS_URL": redis_uri,
                "DISTRIBUTED_KEY_PREFIX": f"{prefix}:"}
    flags = [a for k, v in settings.items() for a in ("-s", f"{k}={v}")]
    out = tmp / mode
    out.mkdir()
    if workers == 0:
        cmds = [["crawl", "news", "-a", f"sites={sites}", "-o", str(out / "single.jsonl"), *flags]]
    else:
        seed = scrapy("seed", "news", "-a", f"sites={sites}", *flags, env=env, cwd=REPO)
        _, err = seed.communicate(timeout=120)
        if seed.returncode != 0:
            raise RuntimeError(f"{mode}: seed failed\n{err[-2000:]}")
        cmds = [["crawl", "news", "-a", f"sites={sites}", "-o", str(out / f"w{i}.jsonl"), "-s", "DISTRIBUTED=True",
                 *flags] for i in range(workers)]
    started = time.perf_counter()
    procs = [scrapy(*cmd, env=env, cwd=REPO) for cmd in cmds]
    logs = [p.communicate(timeout=3600)[1] for p in procs]
    elapsed = time.perf_counter() - started
    for p, log in zip(procs, logs, strict=True):
        if p.returncode != 0 or "Traceback" in log:
            raise RuntimeError(f"{mode}: a worker failed\n{log[-3000:]}")
    responses = sum(stat(log, "response_received_count") for log in logs)
    items = sum(stat(log, "item_scraped_count") for log in logs)
    shares = [stat(log, "item_scraped_count") for log in logs]
    return {"workers": workers, "responses": responses, "items": items, "seconds": elapsed,
            "pages_per_s": responses / elapsed, "shares": shares}  # type: ignore[dict-item]


def lookups(redis_uri: str, articles: int, calls: int) -> dict[str, tuple[float, float, int]]:
    import store_lookups as sl  # benchmarks/store_lookups.py

    from crawler.state import open_store

    arts = sl.make_data(articles, 125, 7)
    queries = sl.make_queries(arts, calls, 400, 7)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}") as store:
            results["sqlite"] = sl.run(store, arts, queries)
        with open_store(f"{redis_uri}?prefix=lookups{uuid.uuid4().hex[:8]}") as store:
            results["redis"] = sl.run(store, arts, queries)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=5000, help="extra synthetic news articles (default 5000)")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--redis", help="redis:// URI of an existing server (default: start redis-server)")
    parser.add_argument("--articles", type=int, default=5000, help="articles indexed for the lookup benchmark")
    parser.add_argument("--lookups", type=int, default=1000, help="lookup_hashes calls")
    args = parser.parse_args()
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings", PYTHONPATH=str(REPO))
    sys.path.insert(0, str(HERE))  # store_lookups
    from store_lookups import redis_or_start

    redis_uri, server = redis_or_start(args.redis)
    if redis_uri is None:
        return 2
    try:
        with tempfile.TemporaryDirectory() as tmpdir:
            tmp = Path(tmpdir)
            sites = tmp / "sites.toml"
            web = subprocess.Popen(
                [sys.executable, "-m", "crawler.sampleweb", "serve", "--scale", str(args.scale), "--heavy",
                 "--sites-file", str(sites)],
                cwd=REPO, env=env, stdout=subprocess.DEVNULL,
            )
            try:
                deadline = time.monotonic() + 300
                while not sites.exists() and time.monotonic() < deadline:
                    time.sleep(0.2)
                if not sites.exists():
                    print("the sample web did not start", file=sys.stderr)
                    return 1
                time.sleep(0.5)
                print(f"sample web: scale={args.scale} --heavy; cpus={os.cpu_count()}; news spider; "
                      f"Redis {redis_uri}")
                print(f"{'mode':<8}{'workers':>8}{'responses':>10}{'items':>7}{'seconds':>9}{'pages/s':>9}"
                      "  items/worker")
                results = {}
                for mode in args.modes.split(","):
                    r = run_mode(mode, sites, redis_uri, tmp, env)
                    results[mode] = r
                    print(f"{mode:<8}{r['workers']:>8}{r['responses']:>10}{r['items']:>7}{r['seconds']:>9.1f}"
                          f"{r['pages_per_s']:>9.1f}  {r['shares']}", flush=True)
            finally:
                web.send_signal(signal.SIGTERM)
                web.wait(timeout=30)

        def ratio(a: str, b: str) -> str:
            if a in results and b in results:
                return f"{results[a]['pages_per_s'] / results[b]['pages_per_s']:.2f}x"
            return "n/a"

        print(f"EXTRACTION_WORKERS=1: 2 workers vs 1: {ratio('2x1', '1x1')} (target >= 1.70x); "
              f"4 workers vs 1: {ratio('4x1', '1x1')}")
        print(f"default settings: 2 workers vs 1 worker using both cores: {ratio('2xdef', '1xdef')} "
              f"(target >= 0.90x); 1 worker vs plain scrapy crawl: {ratio('1xdef', 'single')}")
        res = lookups(redis_uri, args.articles, args.lookups)
        print(f"syndication index: {args.articles} articles x 125 hashes, "
              f"{args.lookups} lookup_hashes calls x 400 hashes")
        for name, (puts, rate, hits) in res.items():
            print(f"  {name:6s} lookup_hashes: {rate:8.1f} calls/s   put_article: {puts:8.1f} /s   (hits {hits})")
        print(f"  redis/sqlite lookup rate: {res['redis'][1] / res['sqlite'][1]:.2f}x")
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
