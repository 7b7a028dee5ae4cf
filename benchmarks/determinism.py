"""Same pages, same records: crawl order, store and assignment order change nothing (issue 15).

Serves the sample web (``--scale N`` extra synthetic articles and their aggregator copies, default
2000) from another process and runs:

1. three crawls (``news`` then ``aggregator``, each pair on a fresh state): SQLite with
   ``CONCURRENT_REQUESTS=1`` and FIFO queues; SQLite with ``CONCURRENT_REQUESTS=32`` and every
   request's priority shuffled (:class:`ShufflePriorities`); Redis with the defaults and another
   shuffle. Their records must be identical apart from ``metadata.dateDownloaded``;
2. the first crawl's records assigned again in ``--orders`` shuffled orders (default 10) on fresh
   SQLite and Redis stores (:func:`assign_in_order`): every record's verdicts must be identical;
3. with ``--eval N``, the same for the syndication eval set (``benchmarks/syndication.py``, N
   copies of each type per original; its hard negatives and shared templates are the cases that
   depended on order).

Printed: the number of differing records for each comparison, and the cost per record.

    .venv/bin/python benchmarks/determinism.py [--scale 2000] [--orders 10] [--eval 1] [--no-crawl]

The functions here are also used by ``tests/e2e/test_order_independence.py`` on the small sample
web; :class:`ShufflePriorities` is a spider middleware for those crawls only.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if __name__ == "__main__":
    # this folder holds incremental.py, which must not shadow Twisted's dependency `incremental`
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
    sys.path.insert(0, str(REPO))

from scrapy import Request  # noqa: E402

#: The settings of each crawl of the comparison (besides STATE_URI and the output).
ORDERS = {
    "sqlite-1-fifo": ["-s", "CONCURRENT_REQUESTS=1", "-s", "SCHEDULER_MEMORY_QUEUE=scrapy.squeues.FifoMemoryQueue",
                      "-s", "SCHEDULER_DISK_QUEUE=scrapy.squeues.PickleFifoDiskQueue"],
    "sqlite-32-shuffled": ["-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
                           "-s", "SPIDER_MIDDLEWARES={\"benchmarks.determinism.ShufflePriorities\": 1000}",
                           "-s", "SHUFFLE_PRIORITIES_SEED=1"],
    "redis-shuffled": ["-s", "SPIDER_MIDDLEWARES={\"benchmarks.determinism.ShufflePriorities\": 1000}",
                       "-s", "SHUFFLE_PRIORITIES_SEED=2"],
}
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]


class ShufflePriorities:
    """Spider middleware (benchmarks and tests only): every request gets a random priority, seeded
    by the ``SHUFFLE_PRIORITIES_SEED`` setting, so the crawl fetches its pages in another order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ShufflePriorities:
        return cls(crawler.settings.getint("SHUFFLE_PRIORITIES_SEED", 0))

    def _shuffle(self, item: Any) -> Any:
        return item.replace(priority=self.rng.randrange(-100, 100)) if isinstance(item, Request) else item

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item in start:
            yield self._shuffle(item)

    async def process_spider_output(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item in result:
            yield self._shuffle(item)


def crawl(sites: Path, out: Path, state: str, extra: Iterable[str] = (), timeout: float = 3600) -> dict[str, Any]:
    """``scrapy crawl news`` then ``scrapy crawl aggregator`` on one state: each spider's records
    by URL, and the logs."""
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings", PYTHONUNBUFFERED="1")
    result: dict[str, Any] = {"logs": {}}
    for spider in ("news", "aggregator"):
        path = out / f"{spider}.jsonl"
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"sites={sites}", "-O", str(path),
             "-s", f"STATE_URI={state}", *FAST, *extra],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"{spider} crawl failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        result["logs"][spider] = proc.stderr
        with path.open(encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        result[spider] = {r["url"]: r for r in records}
        result[f"{spider}_order"] = [r["url"] for r in records]
    return result


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """The record without what may differ between identical crawls (the download time)."""
    out = dict(record)
    out["metadata"] = {k: v for k, v in (record.get("metadata") or {}).items() if k != "dateDownloaded"}
    return out


def differences(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]]) -> list[str]:
    """``url field`` for every field that differs between two crawls' records (and missing URLs)."""
    out = [f"{u} (only in one)" for u in sorted(set(a) ^ set(b))]
    for u in sorted(set(a) & set(b)):
        x, y = comparable(a[u]), comparable(b[u])
        out += [f"{u} {k}" for k in sorted(set(x) | set(y)) if x.get(k) != y.get(k)]
    return out


def assign_in_order(records: list[dict[str, Any]], uri: str, seed: int) -> dict[str, dict[str, Any]]:
    """Index ``records`` in a shuffled order on a fresh store, then give each its verdicts from the
    final state (what a crawl's final verdicts or ``scrapy recheck`` do)."""
    from crawler.records import open_evaluator

    order = list(records)
    random.Random(seed).shuffle(order)
    with open_evaluator({"STATE_URI": uri}) as evaluator:
        for r in order:
            evaluator.index(r)
        return {r["url"]: {k: evaluator.reevaluate(r)[k] for k in ("syndication", "sourceCheck")} for r in records}


def _vs_crawl(crawled: dict[str, Any], got: dict[str, dict[str, Any]]) -> str:
    """How the assignment's syndication fields differ from the crawl's final ones: none for the
    aggregator run (the last: its final state is the whole state); for the news run, only its
    originals whose copies came in the aggregator run may differ (unique -> original)."""
    agg = sum(got[u]["syndication"] != r["syndication"] for u, r in crawled["aggregator"].items())
    taught = other = 0
    for u, r in crawled["news"].items():
        new = got[u]["syndication"]
        if new == r["syndication"]:
            continue
        if r["syndication"]["role"] == "unique" and new == {**r["syndication"], "role": "original"}:
            taught += 1
        else:
            other += 1
    return f"aggregator run {agg} differ; news run {taught} unique -> original, {other} other"


def _serve(scale: int, sites: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings")
    server = subprocess.Popen([sys.executable, "-m", "crawler.sampleweb", "serve", "--scale", str(scale),
                               "--sites-file", str(sites)], cwd=REPO, env=env, stdout=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 300
    while not sites.exists() and time.monotonic() < deadline and server.poll() is None:
        time.sleep(0.2)
    if not sites.exists():
        server.kill()
        raise RuntimeError("the sample web did not start")
    time.sleep(0.5)
    return server


def _crawl_comparison(scale: int, root: Path, redis_uri: str, keep: Path | None) -> dict[str, Any]:
    """Three crawls (:data:`ORDERS`) of the sample web, compared record for record."""
    import shutil
    import uuid

    server = _serve(scale, root / "sites.toml")
    try:
        crawls = {}
        for name, extra in ORDERS.items():
            (root / name).mkdir()
            state = f"{redis_uri}?prefix=det-{uuid.uuid4().hex[:8]}" if name.startswith("redis") \
                else f"sqlite:///{root / name / 'state.sqlite3'}"
            t0 = time.perf_counter()
            crawls[name] = crawl(root / "sites.toml", root / name, state, extra)
            n = sum(len(crawls[name][s]) for s in ("news", "aggregator"))
            print(f"crawl {name:<20} {n:>6} records in {time.perf_counter() - t0:7.1f} s", flush=True)
            if keep:
                (keep / name).mkdir(parents=True, exist_ok=True)
                for spider in ("news", "aggregator"):
                    shutil.copy(root / name / f"{spider}.jsonl", keep / name / f"{spider}.jsonl")
    finally:
        server.terminate()
        server.wait(timeout=30)
    first, *others = ORDERS
    print(f"{'comparison':<48} {'records':>8} {'differing':>10}")
    for name in others:
        for spider in ("news", "aggregator"):
            a, b = crawls[first][spider], crawls[name][spider]
            same_order = crawls[first][f"{spider}_order"] == crawls[name][f"{spider}_order"]
            diff = differences(a, b)
            print(f"{f'{spider}: {first} vs {name}':<48} {len(a):>8} {len({d.split()[0] for d in diff}):>10}"
                  f"{'  (same output order!)' if same_order else ''}")
            for d in diff[:10]:
                print("    ", d)
    return crawls[first]


def _assignment_comparison(name: str, records: list[dict[str, Any]], root: Path, redis_uri: str, orders: int,
                           crawled: dict[str, Any] | None) -> None:
    """``records`` indexed in ``orders`` shuffled orders on SQLite and on Redis, compared."""
    import uuid

    expected = None
    for store in ("sqlite", "redis"):
        for seed in range(orders):
            uri = f"sqlite:///{root / f'assign-{name}-{store}-{seed}.sqlite3'}" if store == "sqlite" \
                else f"{redis_uri}?prefix=assign-{uuid.uuid4().hex[:8]}"
            t0 = time.perf_counter()
            got = assign_in_order(records, uri, seed)
            elapsed = time.perf_counter() - t0
            expected = expected or got
            n_diff = sum(got[u] != expected[u] for u in expected)
            vs = f"vs the crawl: {_vs_crawl(crawled, got)}; " if crawled else ""
            print(f"{f'{name}: assignment {store} order {seed}':<48} {len(got):>8} {n_diff:>10}   "
                  f"{vs}{elapsed / len(records) * 1000:.1f} ms/record", flush=True)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, default=2000, help="extra synthetic news articles (default 2000)")
    ap.add_argument("--orders", type=int, default=10, help="shuffled assignments per store (default 10)")
    ap.add_argument("--no-crawl", dest="crawl", action="store_false", help="skip the crawls")
    ap.add_argument("--eval", type=int, default=0, metavar="VARIANTS",
                    help="also assign the syndication eval set (VARIANTS copies per type) in shuffled orders")
    ap.add_argument("--keep", type=Path, help="copy the crawls' output files to this folder")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO / "tests"))
    from redis_server import RedisServer

    redis = RedisServer()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            if args.crawl:
                first = _crawl_comparison(args.scale, root, redis.uri, args.keep)
                records = [r for s in ("news", "aggregator") for r in first[s].values()]
                _assignment_comparison("crawl", records, root, redis.uri, args.orders, first)
            if args.eval:
                from benchmarks.syndication import DEFAULT_DATA, build_eval_set

                beside_worktrees = REPO.parents[1] / "shared" / "benchmarks" / "article-extraction"
                data = DEFAULT_DATA if DEFAULT_DATA.is_dir() else beside_worktrees
                records = build_eval_set(data, 20240501, args.eval)
                for r in records:
                    del r["_type"], r["_story"]
                _assignment_comparison("eval set", records, root, redis.uri, args.orders, None)
    finally:
        redis.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
