"""Candidate-index lookups per second: the Redis state store against SQLite, in one run.

Indexes N synthetic articles (``put_article`` with H sampled hashes each, as the syndication stage
stores them: mostly unique hashes plus some shared "boilerplate" ones), then times M
``lookup_hashes`` calls of K hashes each (as ``find_links`` makes them: the hashes of one stored
article plus hashes indexed nowhere). Both stores get the same data and the same queries.

    .venv/bin/python benchmarks/store_lookups.py                       # starts its own redis-server
    .venv/bin/python benchmarks/store_lookups.py --redis redis://127.0.0.1:6379/0   # an existing one

With ``--redis`` the keys go under a fresh ``prefix`` and are deleted afterwards. Without it a
throw-away ``redis-server`` (``apt-get install redis-server``) runs on a free loopback port.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawler.state import StateStore, StoredArticle, open_store  # noqa: E402


def redis_or_start(uri: str | None) -> tuple[str | None, Any]:
    """``(uri, None)`` for a server of the user's, else a throw-away redis-server's ``(uri, server)``
    (stop it when done); ``(None, None)`` with a message when redis-server is not installed."""
    if uri:
        return uri, None
    sys.path.insert(0, str(REPO / "tests"))
    from redis_server import RedisServer, redis_server_path

    if redis_server_path() is None:
        print("redis-server is not installed (apt-get install redis-server), or pass --redis URI")
        return None, None
    server = RedisServer()
    return server.uri, server


def make_data(n: int, per_article: int, seed: int) -> list[StoredArticle]:
    rng = random.Random(seed)
    common = [rng.getrandbits(63) for _ in range(2000)]
    arts = []
    for i in range(n):
        hashes = {rng.choice(common) if rng.random() < 0.05 else rng.getrandbits(63) for _ in range(per_article)}
        arts.append(
            StoredArticle(
                url=f"https://site{i % 50}.example/2024/05/{i:07d}/a-story-headline-of-some-length",
                site=f"site{i % 50}",
                site_kind="news" if i % 3 else "aggregator",
                headline=f"Headline {i}",
                sketch='{"mod": 4, "hashes": []}',
                index_hashes=tuple(sorted(hashes)),
            )
        )
    return arts


def make_queries(arts: list[StoredArticle], m: int, per_query: int, seed: int) -> list[list[int]]:
    rng = random.Random(seed + 1)
    queries = []
    for _ in range(m):
        own = list(rng.choice(arts).index_hashes)
        queries.append(own + [rng.getrandbits(63) for _ in range(max(0, per_query - len(own)))])
    return queries


def run(store: StateStore, arts: list[StoredArticle], queries: list[list[int]]) -> tuple[float, float, int]:
    t0 = time.perf_counter()
    for a in arts:
        store.put_article(a)
    t1 = time.perf_counter()
    found = 0
    for q in queries:
        found += len(store.lookup_hashes(q, limit=200))
    t2 = time.perf_counter()
    return len(arts) / (t1 - t0), len(queries) / (t2 - t1), found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", "-n", type=int, default=5000, help="articles indexed (default 5000)")
    ap.add_argument("--lookups", "-m", type=int, default=1000, help="lookup_hashes calls (default 1000)")
    ap.add_argument("--hashes", type=int, default=125, help="index hashes per article (default 125)")
    ap.add_argument("--query-hashes", type=int, default=400, help="hashes per lookup_hashes call (default 400)")
    ap.add_argument("--redis", help="redis:// URI of an existing server (default: start redis-server)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    arts = make_data(args.articles, args.hashes, args.seed)
    queries = make_queries(arts, args.lookups, args.query_hashes, args.seed)
    redis_base, server = redis_or_start(args.redis)
    if redis_base is None:
        return 2
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    sep = "&" if "?" in redis_base else "?"
    results = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            with open_store(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}") as store:
                results["sqlite"] = run(store, arts, queries)
            with open_store(f"{redis_base}{sep}prefix={prefix}") as store:
                client = store.r  # type: ignore[attr-defined]
                before = int(client.info("memory")["used_memory"])
                results["redis"] = run(store, arts, queries)
                used = int(client.info("memory")["used_memory"]) - before
                if server is None:  # a server of the user's: remove the benchmark's keys
                    pipe = client.pipeline(transaction=False)
                    for key in client.scan_iter(match=f"crawler:{prefix}:*", count=5000):
                        pipe.unlink(key)
                    pipe.execute()
    finally:
        if server is not None:
            server.stop()

    print(
        f"{args.articles} articles x {args.hashes} index hashes; "
        f"{args.lookups} lookup_hashes calls x {args.query_hashes} hashes"
    )
    for name, (puts, lookups, found) in results.items():
        print(f"  {name:6s} lookup_hashes: {lookups:8.1f} calls/s   put_article: {puts:8.1f} /s   (hits {found})")
    assert results["sqlite"][2] == results["redis"][2], "the stores disagree"
    ratio = results["redis"][1] / results["sqlite"][1]
    print(f"  redis/sqlite lookup rate: {ratio:.2f}x;  redis memory: {used / args.articles / 1024:.1f} KiB per article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
