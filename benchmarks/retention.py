"""Retention: how fast old articles leave the state store, against how fast they were indexed.

Builds a state of ``--articles`` synthetic records in two halves of equal shape (stories of an
original and 1-4 copies on other sites, excerpts and edits among them, single articles, and
sites whose shared template turns into boilerplate), the first half indexed before a cutoff and
the second after it, then prunes the first half (:func:`crawler.syndication.retention.prune`,
default batch, no per-run limit) and prints, for the store given:

* indexing: articles/s of :func:`crawler.syndication.assign` over the whole state, with the
  relinks it leaves waiting done at the end, as the stage does when it closes (the anchor);
* pruning: articles/s removed, with the articles linked again and the boilerplate changes;
* the SQLite file's size (WAL checkpointed) before, after the prune, and after ``VACUUM``; Redis's
  ``used_memory`` before and after the prune.

    python benchmarks/retention.py [--articles 4000] [--store sqlite:///PATH | redis://HOST:PORT/DB?prefix=X]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
# this folder holds incremental.py, which must not shadow Twisted's dependency `incremental`
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(REPO))

from crawler.state import open_store  # noqa: E402
from crawler.state.sqlite import sqlite_path  # noqa: E402
from crawler.syndication import DedupConfig, assign  # noqa: E402
from crawler.syndication.clusters import flush_relinks  # noqa: E402
from crawler.syndication.retention import prune  # noqa: E402

WORDS = [f"w{i}" for i in range(5000)]
TEMPLATE = ("Subscribe to our newsletter for the latest headlines delivered every morning and share this "
            "article with your friends on every social network you use today")


def _para(rng: random.Random, n: int = 45) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def records(n: int, seed: int, tag: str) -> list[dict[str, Any]]:
    """About ``n`` records: stories with copies, single articles and templated site pages."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    i = 0
    while len(out) < n:
        i += 1
        body = [_para(rng) for _ in range(rng.randint(4, 10))]
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        roll = rng.random()
        if roll < 0.5:  # a story and its copies
            out.append({"url": f"https://news{i % 40}.example/{tag}/{i}", "site": f"news{i % 40}", "siteKind": "news",
                        "articleBody": "\n".join(body), "datePublished": f"{day}T06:00:00Z"})
            for k in range(rng.randint(1, 4)):
                kind = rng.choice(("full", "excerpt", "edit"))
                text = body if kind == "full" else body[1:3] if kind == "excerpt" else \
                    [p.replace(" w1", " w2") for p in body]
                out.append({"url": f"https://agg{k}.example/{tag}/{i}", "site": f"agg{k}", "siteKind": "aggregator",
                            "articleBody": "\n".join(text), "datePublished": None})
        elif roll < 0.8:  # a single article
            out.append({"url": f"https://news{i % 40}.example/{tag}/{i}", "site": f"news{i % 40}", "siteKind": "news",
                        "articleBody": "\n".join(body), "datePublished": f"{day}T06:00:00Z"})
        else:  # a short page of a templated site
            out.append({"url": f"https://tpl{i % 5}.example/{tag}/{i}", "site": f"tpl{i % 5}", "siteKind": "aggregator",
                        "articleBody": "\n".join([_para(rng, 30), TEMPLATE]), "datePublished": None})
    return out[:n]


def _size(uri: str) -> int | None:
    if not uri.startswith("sqlite:"):
        return None
    path = sqlite_path(uri)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
    return Path(path).stat().st_size


def _redis_memory(store: Any) -> int | None:
    client = getattr(store, "r", None)
    return int(client.info("memory")["used_memory"]) if client is not None else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--store", default=None, help="an empty store (default: a new SQLite file in a temporary folder)")
    args = ap.parse_args(argv)
    tmp = tempfile.TemporaryDirectory()
    uri = args.store or f"sqlite:///{Path(tmp.name) / 'state.sqlite3'}"
    cfg = DedupConfig.from_settings()
    half = args.articles // 2
    old, new = records(half, args.seed, "old"), records(args.articles - half, args.seed + 1, "new")
    with open_store(uri) as store:
        if store.count_articles():
            print(f"error: {uri} is not empty", file=sys.stderr)
            return 2
        started = time.perf_counter()
        for r in old:
            assign(store, r, cfg)
        cutoff = time.time()
        while time.time() <= cutoff:
            time.sleep(0.001)
        for r in new:
            assign(store, r, cfg)
        flush_relinks(store, cfg)  # the relinks indexing left waiting (as a crawl's stage does as it closes)
        indexed = time.perf_counter() - started
        size = _size(uri)
        memory = _redis_memory(store)
        started = time.perf_counter()
        done = prune(store, cfg, cutoff, limit=len(old))
        pruned = time.perf_counter() - started
        left = store.count_articles()
        if memory is not None:
            print(f"Redis used_memory: {memory / 2**20:.1f} MiB before, "
                  f"{(_redis_memory(store) or 0) / 2**20:.1f} MiB after the prune")
    print(f"store: {uri.split('?')[0]}")
    print(f"indexing (anchor): {args.articles} articles in {indexed:.1f}s = {args.articles / indexed:.0f} articles/s")
    print(f"pruning: {done.articles} articles in {pruned:.1f}s = {done.articles / pruned:.0f} articles/s "
          f"({done.relinked} linked again, {done.boilerplate_changes} boilerplate changes, "
          f"{done.verdicts} verdicts); {left} articles left")
    if size is not None:
        after = _size(uri)
        with sqlite3.connect(sqlite_path(uri)) as conn:
            conn.execute("VACUUM")
        print(f"SQLite file: {size / 2**20:.1f} MiB before, {(after or 0) / 2**20:.1f} MiB after the prune, "
              f"{(_size(uri) or 0) / 2**20:.1f} MiB after VACUUM")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
