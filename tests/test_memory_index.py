"""The in-memory index of the syndication benchmark (benchmarks/memory_index.py): it clusters as
``crawler.syndication.assign`` does on a store, in batches as one by one."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from benchmarks.memory_index import MemoryIndex
from crawler.state import open_store
from crawler.syndication import DedupConfig, assign
from crawler.syndication.sketch import shingle_hash_array, tokens, word_hashes
from tests.helpers import paragraphs, rec

ORIG = rec("https://news.example/2024/05/01/story", "\n".join(paragraphs(1)), date="2024-05-01T08:00:00Z")


def test_memory_index_matches_store_clusters(tmp_path: Path) -> None:
    """The in-memory index (bulk/benchmark path) ends with the clusters of assign() on the store."""
    store = open_store(f"sqlite:///{tmp_path / 'state.sqlite3'}")


    records = [ORIG, rec("https://agg.example/e", "\n".join(paragraphs(1)[:2]), kind="aggregator"),
               rec("https://agg.example/f", ORIG["articleBody"] + "\nRead More", kind="aggregator")]
    records += [rec(f"https://n{i}.example/a", "\n".join(paragraphs(500 + i))) for i in range(10)]
    records.insert(0, records.pop(1))  # the excerpt comes first
    index = MemoryIndex(DedupConfig.from_settings())
    mem_clusters = []
    for r in records:
        q = np.unique(shingle_hash_array(word_hashes(tokens(r["articleBody"]))))
        mem_clusters.append(index.assign(q)[1])
        assign(store, r)
    for r in records:
        r["_cid"] = store.get_article(r["url"]).cluster_id  # type: ignore[union-attr]
    same_mem = [[a == b for b in mem_clusters] for a in mem_clusters]
    same_store = [[a["_cid"] == b["_cid"] for b in records] for a in records]
    assert same_mem == same_store
    assert len(set(mem_clusters)) == 11


def test_memory_index_batch_equals_one_by_one() -> None:
    """assign_batch (vectorised, the scale path) gives the clusters of assign one by one."""


    rng = random.Random(5)
    bodies = []
    for i in range(40):
        paras = paragraphs(3000 + i, n=8)
        bodies.append((paras, i))
    records = []
    for paras, i in bodies:
        records.append(("\n".join(paras), 1 + i, None))
        if i % 3 == 0:  # excerpts, full copies and a follow-up, anywhere in the stream
            records.append(("\n".join(paras[:2]), 500 + i, None))
            records.append(("\n".join([*paras, "Read More Post a Comment"]), 600 + i, None))
            records.append(("\n".join([*paragraphs(9000 + i, n=6), paras[0]]), 700 + i, None))
    rng.shuffle(records)
    queries = [np.unique(shingle_hash_array(word_hashes(tokens(b)))) for b, _s, _d in records]
    one = MemoryIndex(DedupConfig.from_settings())
    single = [one.assign(q, site=s)[1] for q, (_b, s, _d) in zip(queries, records, strict=True)]
    for batch in (7, 50):
        many = MemoryIndex(DedupConfig.from_settings())
        got: list[int] = []
        for b0 in range(0, len(queries), batch):
            got += many.assign_batch(queries[b0 : b0 + batch], [s for _b, s, _d in records[b0 : b0 + batch]]).tolist()
        assert got == single
        assert many.cluster[: many.n].tolist() == one.cluster[: one.n].tolist()
    assert len(set(one.cluster[: one.n].tolist())) < len(records)  # copies did join


def test_memory_index_postings_oldest_first_within_limit() -> None:
    """The packed 8-byte postings (partition, 32 key bits, id) across both levels and their merges
    return, per looked-up hash, the oldest ``limit`` ids in order, like a plain dict of lists."""


    rng = np.random.default_rng(3)
    pool = rng.integers(0, 1 << 63, 400, dtype=np.uint64)
    pool[:4] = [0, 1 << 23, (1 << 63) - 1, 1 << 55]  # partition and key edges (the low 23 bits are not kept)
    index = MemoryIndex(DedupConfig.from_settings(), bitmap_bits=16)
    ref: dict[int, list[int]] = {}
    aid = 0
    for _batch in range(30):
        keys, ids = [], []
        for _ in range(int(rng.integers(1, 12))):
            hs = np.unique(rng.choice(pool, size=int(rng.integers(1, 40))))
            keys.append(hs)
            ids.append(np.full(len(hs), aid, np.int32))
            for h in hs.tolist():
                ref.setdefault(h, []).append(aid)
            aid += 1
        index._add_postings(np.concatenate(keys), np.concatenate(ids))
        needles = np.concatenate((rng.choice(pool, 50), rng.integers(0, 1 << 63, 20, dtype=np.uint64)))
        need, got_ids, used = index._lookup(needles, limit=5)
        got: dict[int, list[int]] = {}
        for n, i in zip(need.tolist(), got_ids.tolist(), strict=True):
            got.setdefault(n, []).append(i)
        for n, h in enumerate(needles.tolist()):
            assert got.get(n, []) == ref.get(h, [])[:5]
            assert used[n] == len(ref.get(h, [])[:5])
    assert index.n_postings() == sum(len(v) for v in ref.values())
