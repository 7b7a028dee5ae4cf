"""Syndication benchmark: a labelled evaluation set from real articles, and a scale run.

1. **Evaluation set** (``--eval``, on by default): from the 111 real article bodies of
   ``../shared/benchmarks/article-extraction/ground-truth.json`` (exit status 2 when absent) the
   generator (``--seed``, deterministic) makes, per original and per variant (``--variants``):

   * ``full``: the whole text on an aggregator, with its header, "Article source:", a newsletter
     widget and a Blogger footer ("Read More", "No comments:", "Post a Comment");
   * ``excerpt``: 2 to 4 paragraphs (sentences for articles of fewer than 6 paragraphs), mostly
     from the top, sometimes from the middle, then "Read More";
   * ``edited``: a new headline line, ~3% of the words replaced, one paragraph dropped, one
     editor's sentence added;

   and hard negatives that must stay apart:

   * ``same_event``: another outlet on the same event: every sentence rewritten with the same
     words (names, numbers) in another order, plus one verbatim quote of <= 25 words;
   * ``follow_up``: a new text (word-shuffled paragraphs of another article) quoting one
     paragraph of the original (at most a third of it);
   * ``boilerplate``: short new texts on one aggregator sharing only its template (widget,
     related headlines, footer), and the same across aggregators sharing the Blogger footer.

   All records are shuffled (copies often come before their originals) and indexed with the
   real :func:`crawler.syndication.assign` into an SQLite store, in two runs (the store is
   closed and reopened halfway, as two crawls with one ``STATE_URI``). The figures are those of
   the final state, which does not depend on the shuffle (``benchmarks/determinism.py``). Printed: precision and
   recall per copy type, the false-link rate per hard-negative type, and which rule elected
   each cluster's original and how often it was the true one.

2. **Scale** (``--scale N``, default 20,000): N synthetic articles (~600 words, Zipf vocabulary of
   50,000 words, paragraphs of 25-90 words; 6% of the stream are copies, 2% of each type, of
   articles anywhere in the stream, so many come before their original). Token ids are
   generated with numpy; words are hashed with :func:`crawler.syndication.sketch.word_hashes` (the vocabulary
   once) and shingles with :func:`crawler.syndication.sketch.batch_shingle_hashes`, sampled with
   :func:`crawler.syndication.sketch.sample_mask`, matched and clustered by
   :meth:`benchmarks.memory_index.MemoryIndex.assign_batch` (the same decisions as the store path).
   Printed: articles/s, peak memory (``ru_maxrss``), index bytes, recall per copy type, precision.
   datasketch ``MinHash(128)`` + ``MinHashLSH(threshold=0.5)`` is measured in the same run on
   the first ``--ds-sample`` articles of the same stream (default 20,000), fed the same shingle
   hashes; rates are printed with the shingle hashing counted on neither side and on both.

3. **One story copied by many sites** (``--one-story N``): one real body (the first of the
   ground truth with over 400 words) on a wire's site, then N aggregators' copies of it (a line of
   their own before it, 200 characters of another real body after it; dates spread over 12
   hours; every other copy claims the wire), each indexed with the real
   :func:`crawler.syndication.assign` into one SQLite store, in order: every copy is linked to
   every other, so the story's component has N*N links. Printed: ms per record over each
   quarter of the copies and the growth exponent of that time between the second and the last
   quarter (0: constant; 1: it grows as the copies, the whole run as their square).

Usage::

    python benchmarks/syndication.py                      # eval set + scale 20,000
    python benchmarks/syndication.py --no-eval --scale 1000000   # the 1M run (see README)
    python benchmarks/syndication.py --no-eval --scale 0 --one-story 800
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.memory_index import MemoryIndex  # noqa: E402
from crawler.state import open_store  # noqa: E402
from crawler.syndication import DedupConfig, assign, cluster_original  # noqa: E402
from crawler.syndication.boilerplate import BoilerplateMemo  # noqa: E402
from crawler.syndication.clusters import flush_relinks  # noqa: E402
from crawler.syndication.sketch import batch_shingle_hashes, split_unique, word_hashes  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "article-extraction"

WIDGET = (
    "Get the morning briefing. Sign up for our free newsletter and receive the top stories of the day "
    "in your inbox every morning. Please enter a valid email address. By signing up you agree to our "
    "terms of use and privacy policy. You can unsubscribe at any time."
)
RELATED = [
    "Related: Markets rally as central bank signals a pause in rate hikes",
    "Related: Ten things to know before you travel this summer",
    "Related: The best phones of the year, ranked by our editors",
    "Most read: City council approves the new transit budget after long debate",
]
BLOGGER = "Read More\nNo comments:\nPost a Comment\nNewer Post Older Post Home\nSubscribe to: Post Comments (Atom)"
AGG_HEADER = "Posted by admin in World News | Leave a comment | Share on Facebook Share on Twitter"
EDITS = ["reportedly", "officials", "also", "recently", "major", "local", "new", "several", "announced", "key"]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _units(body: str) -> list[str]:
    paras = [p.strip() for p in body.split("\n") if p.strip()]
    if len(paras) >= 6:
        return paras
    return _sentences(" ".join(paras))


# Han and kana characters are words of their own (as crawler.syndication.sketch.tokens splits them).
_CJK_CHARS = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\uff9f"
_CJK_WORD = re.compile(rf"[{_CJK_CHARS}]|[^\s{_CJK_CHARS}]+")


def _shuffle_words(text: str, rng: random.Random) -> str:
    """The words of ``text`` in random order. Words are split by spaces and, in scripts written
    without spaces (Japanese, Chinese), per character: splitting those by spaces only would keep
    whole sentences verbatim and make the "rewritten" hard negatives real copies."""
    words = _CJK_WORD.findall(text)
    rng.shuffle(words)
    return " ".join(words)


def build_eval_set(data: Path, seed: int, variants: int) -> list[dict[str, Any]]:  # noqa: PLR0915  (builds the evaluation set, one copy type after another)
    """The labelled records: each has ``url``, ``site``, ``siteKind``, ``articleBody``,
    ``datePublished``, ``claimedSource`` and the labels ``_type`` and ``_story`` (None for
    records that belong to no story but their own)."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    ids = sorted(truth)
    bodies = {k: truth[k]["articleBody"] for k in ids}
    records: list[dict[str, Any]] = []

    def rec(url: str, site: str, kind: str, body: str, typ: str, story: str | None, date: str, **kw: Any) -> None:
        records.append({
            "url": url, "site": site, "siteKind": kind, "headline": kw.get("headline"), "articleBody": body,
            "description": None, "datePublished": date, "canonicalUrl": None,
            "claimedSource": kw.get("claimed"), "_type": typ, "_story": story,
        })

    for n, k in enumerate(ids):
        body = bodies[k]
        orig_url = f"https://news{n % 37}.example/{n}/story-{k[:8]}"
        day = f"2024-{1 + n % 12:02d}-{1 + n % 27:02d}"
        rec(orig_url, f"news{n % 37}", "news", body, "original", k, f"{day}T06:00:00Z")
        paras = [p.strip() for p in body.split("\n") if p.strip()]
        units = _units(body)
        for v in range(variants):
            agg = f"agg{rng.randrange(12)}"
            claimed = {"url": orig_url, "text": f"Article source: {orig_url}"} if rng.random() < 0.5 else None
            # full copy with other boilerplate
            full = "\n".join([AGG_HEADER, *paras, f"Article source: {orig_url}" if claimed else "", WIDGET,
                              rng.choice(RELATED), BLOGGER])
            rec(f"https://{agg}.example/full/{n}-{v}", agg, "aggregator", full, "full", k,
                f"{day}T{8 + v:02d}:00:00Z", claimed=claimed)
            # excerpt of 2-4 paragraphs
            kk = min(rng.randint(2, 4), max(1, len(units) - 1))
            start = 0 if rng.random() < 0.7 or len(units) <= kk else rng.randrange(0, len(units) - kk + 1)
            # sentences stand in for paragraphs in short articles: take at least 40 words
            while kk < len(units) - start - 1 and len(" ".join(units[start : start + kk]).split()) < 40:
                kk += 1
            excerpt = "\n".join([*units[start : start + kk], "Read More", "Continue reading at the source."])
            agg = f"agg{rng.randrange(12)}"
            rec(f"https://{agg}.example/excerpt/{n}-{v}", agg, "aggregator", excerpt, "excerpt", k,
                f"{day}T{9 + v:02d}:00:00Z")
            # lightly edited rewrite with a new headline
            eparas = list(paras)
            if len(eparas) >= 6:
                del eparas[rng.randrange(1, len(eparas))]
            words = "\n".join(eparas).split(" ")
            for _ in range(max(1, len(words) * 3 // 100)):
                i = rng.randrange(len(words))
                words[i] = rng.choice(EDITS) + ("\n" if words[i].endswith("\n") else "")
            edited = " ".join(words).split("\n")
            note = "Editor's note: this story has been updated with comments from officials."
            edited.insert(min(len(edited), 2), note)
            edited.insert(0, f"BREAKING: What we know so far ({rng.randrange(1000)})")
            agg = f"agg{rng.randrange(12)}"
            rec(f"https://{agg}.example/edited/{n}-{v}", agg, "aggregator", "\n".join(edited), "edited", k,
                f"{day}T{10 + v:02d}:00:00Z")
        # hard negatives (one of each per original)
        sents = _sentences(" ".join(paras))
        quotes = [s for s in sents if 8 <= len(s.split()) <= 25]
        rewritten = [_shuffle_words(s, rng) for s in sents]
        if quotes:
            rewritten.insert(len(rewritten) // 2, rng.choice(quotes))
        rec(f"https://other{n % 9}.example/event/{n}", f"other{n % 9}", "news", "\n".join(rewritten), "same_event",
            None, f"{day}T07:00:00Z")
        host = bodies[ids[(n + 1 + rng.randrange(len(ids) - 1)) % len(ids)]]
        salad = [_shuffle_words(p, rng) for p in host.split("\n") if p.strip()][:12]
        total = len(body.split())
        quotable = [p for p in paras if 10 <= len(p.split()) <= total / 3]
        if quotable:
            salad.insert(len(salad) // 2, rng.choice(quotable))
            rec(f"https://follow{n % 7}.example/analysis/{n}", f"follow{n % 7}", "news", "\n".join(salad),
                "follow_up", None, f"{day}T12:00:00Z")
        # pages sharing only boilerplate: short new text + a site's template
        for j in range(2):
            agg = f"agg{rng.randrange(12)}"
            own = _shuffle_words(" ".join(sents[: 3 + j * 2]), rng)
            parts = [AGG_HEADER, own, WIDGET, *rng.sample(RELATED, 2), BLOGGER] if j == 0 else [own, BLOGGER]
            rec(f"https://{agg}.example/page/{n}-{j}", agg, "aggregator", "\n".join(parts), "boilerplate", None,
                f"{day}T13:00:00Z")
    return records


def run_eval(data: Path, seed: int, variants: int, cfg: DedupConfig) -> None:
    records = build_eval_set(data, seed, variants)
    rng = random.Random(seed + 1)
    rng.shuffle(records)
    with tempfile.TemporaryDirectory() as tmp:
        uri = f"sqlite:///{tmp}/state.sqlite3"
        half = len(records) // 2
        t0 = time.perf_counter()
        for part in (records[:half], records[half:]):  # two runs, one STATE_URI
            store = open_store(uri)
            memo = BoilerplateMemo()  # as the pipelines' Evaluator keeps one per run
            for r in part:
                assign(store, r, cfg, memo)
            flush_relinks(store, cfg, memo)  # as the syndication stage does when it closes
            store.close()
        elapsed = time.perf_counter() - t0
        store = open_store(uri)
        cluster_of = {r["url"]: store.get_article(r["url"]).cluster_id for r in records}  # type: ignore[union-attr]
        members: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in records:
            members[cluster_of[r["url"]]].append(r)
        orig_of = {r["_story"]: r["url"] for r in records if r["_type"] == "original"}
        elected = Counter()
        rules = Counter()
        for cid, ms in members.items():
            stories = {m["_story"] for m in ms if m["_story"]}
            if len(ms) > 1 and len(stories) == 1 and any(m["_type"] == "original" for m in ms):
                url, rule = cluster_original(store, cid)
                rules[rule] += 1
                elected[url == orig_of[next(iter(stories))]] += 1
        store.close()

    print(f"eval set: {len(records)} records from {len(orig_of)} real articles, seed {seed}, "
          f"{variants} variants per copy type; {len(records) / elapsed:.0f} records/s through SQLite assign()")
    print(f"config: {cfg}")
    print(f"{'copy type':<12} {'n':>5} {'recall':>8} {'precision':>10}")
    for typ in ("full", "excerpt", "edited"):
        rs = [r for r in records if r["_type"] == typ]
        found = sum(cluster_of[r["url"]] == cluster_of[orig_of[r["_story"]]] for r in rs)
        # precision: of the copies linked to anything, those whose cluster-mates are all of their story
        linked = [r for r in rs if len(members[cluster_of[r["url"]]]) > 1]
        correct = sum(all(m["_story"] == r["_story"] for m in members[cluster_of[r["url"]]]) for r in linked)
        print(f"{typ:<12} {len(rs):>5} {found / len(rs):>8.4f} {correct / max(1, len(linked)):>10.4f}")
    pairs_true = pairs_all = 0
    for ms in members.values():
        for i in range(len(ms)):
            for j in range(i + 1, len(ms)):
                pairs_all += 1
                pairs_true += bool(ms[i]["_story"]) and ms[i]["_story"] == ms[j]["_story"]
    print(f"{'all pairs':<12} {pairs_all:>5} {'':>8} {pairs_true / max(1, pairs_all):>10.4f}")
    print(f"{'hard negative':<14} {'n':>5} {'false links':>12}")
    for typ in ("same_event", "follow_up", "boilerplate"):
        rs = [r for r in records if r["_type"] == typ]
        bad = sum(len(members[cluster_of[r["url"]]]) > 1 for r in rs)
        print(f"{typ:<14} {len(rs):>5} {bad / len(rs):>12.4f}")
    print(f"original elected correctly in {elected[True]}/{sum(elected.values())} clusters; "
          f"deciding rule: {dict(rules.most_common())}")


# --- scale ------------------------------------------------------------------------------------

VOCAB = 50_000


def _vocab_cdf() -> np.ndarray:
    ranks = np.arange(1, VOCAB + 1, dtype=np.float64)
    p = 1.0 / (ranks + 2.7) ** 1.0
    return np.cumsum(p / p.sum())


def _article_tokens(i: int, seed: int, cdf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and paragraph start offsets of synthetic original ``i`` (deterministic)."""
    rng = np.random.default_rng([seed, i])
    plen = rng.integers(25, 91, size=14)
    n = int(rng.integers(450, 751))
    starts = np.concatenate(([0], np.cumsum(plen)))
    starts = starts[starts < n]
    toks = np.searchsorted(cdf, rng.random(n)).astype(np.int32)
    return toks, starts


def _copy_tokens(kind: int, i: int, seed: int, cdf: np.ndarray, j: int) -> np.ndarray:
    toks, starts = _article_tokens(i, seed, cdf)
    rng = np.random.default_rng([seed, i, j, 7])
    header = np.arange(VOCAB - 40, VOCAB - 20, dtype=np.int32)  # an aggregator's template words
    footer = np.arange(VOCAB - 20, VOCAB, dtype=np.int32)
    ends = np.append(starts[1:], len(toks))
    if kind == 0:  # full
        return np.concatenate((header, toks, footer))
    if kind == 1:  # excerpt of 2-4 paragraphs
        k = int(rng.integers(2, 5))
        p0 = 0 if rng.random() < 0.7 else int(rng.integers(0, max(1, len(starts) - k)))
        p1 = min(len(starts), p0 + k) - 1
        return np.concatenate((toks[starts[p0] : ends[p1]], footer[:6]))
    # edited: a paragraph dropped, 3% of words replaced, a sentence and a headline added
    drop = int(rng.integers(1, len(starts)))
    toks = np.concatenate((toks[: starts[drop]], toks[ends[drop] :]))
    pos = rng.choice(len(toks), size=len(toks) * 3 // 100, replace=False)
    toks[pos] = np.searchsorted(cdf, rng.random(len(pos)))
    head = np.searchsorted(cdf, rng.random(10)).astype(np.int32)
    note = np.searchsorted(cdf, rng.random(15)).astype(np.int32)
    return np.concatenate((head, toks[:80], note, toks[80:]))


def _stream(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(kind, story, variant)`` arrays, one entry per record: kind -1 = original (the record of
    story ``s`` is the ``s``-th original); copies point to any story. The same stream as a list of
    tuples would be, kept in numpy arrays (a few bytes per article, not a Python tuple)."""
    rng = np.random.default_rng(seed)
    n_copies = int(n * 0.06)
    n_orig = n - n_copies
    stories = rng.integers(0, n_orig, size=n_copies)
    kind = np.concatenate((np.full(n_orig, -1, np.int8), (np.arange(n_copies) % 3).astype(np.int8)))
    story = np.concatenate((np.arange(n_orig, dtype=np.int64), stories.astype(np.int64)))
    variant = np.concatenate((np.zeros(n_orig, np.int64), np.arange(n_copies, dtype=np.int64)))
    perm = rng.permutation(n)
    return kind[perm], story[perm], variant[perm]


def run_scale(n: int, seed: int, cfg: DedupConfig, ds_sample: int, batch: int) -> None:
    cdf = _vocab_cdf()
    vocab_hashes = word_hashes([f"w{t}" for t in range(VOCAB)])  # the production word hash
    kind, story, variant = _stream(n, seed)
    # article ids are stream positions (assign_batch numbers articles in order)
    sites = np.where(kind < 0, 1 + story % 1000, 1001 + story % 50).astype(np.int32)
    index = MemoryIndex(cfg)
    ds_n = min(ds_sample, n)
    ds_hashes: list[np.ndarray] = []
    t_gen = t_hash = t_match = 0.0
    t_start = time.perf_counter()
    for b0 in range(0, n, batch):
        t0 = time.perf_counter()
        b1 = min(n, b0 + batch)
        toks = [_article_tokens(s, seed, cdf)[0] if k < 0 else _copy_tokens(k, s, seed, cdf, j)
                for k, s, j in zip(kind[b0:b1].tolist(), story[b0:b1].tolist(), variant[b0:b1].tolist(), strict=True)]
        t1 = time.perf_counter()
        offsets = np.concatenate(([0], np.cumsum([len(t) for t in toks])))
        sh, soff = batch_shingle_hashes(vocab_hashes[np.concatenate(toks)], offsets, cfg.shingle_size)
        del toks
        queries = split_unique(sh, soff)
        del sh, soff
        t2 = time.perf_counter()
        index.assign_batch(queries, sites[b0:b1])
        t3 = time.perf_counter()
        if len(ds_hashes) < ds_n:
            ds_hashes.extend(queries[: ds_n - len(ds_hashes)])
        del queries
        t_gen += t1 - t0
        t_hash += t2 - t1
        t_match += t3 - t2
        if b1 % (batch * 20) == 0 or b1 == n:
            el = time.perf_counter() - t_start
            print(f"  {b1:>9,} articles  {el:7.1f}s  peak RSS {_rss_mib():7.0f} MiB", file=sys.stderr, flush=True)
    total = t_hash + t_match
    n_copies = int((kind >= 0).sum())
    print(f"scale: {n:,} synthetic articles (~600 words), {n_copies:,} copies, seed {seed}, batches of {batch:,}, "
          f"config {cfg}")
    print(f"{'system':<38} {'articles/s':>11} {'full':>7} {'excerpt':>8} {'edited':>7} {'precision':>10}")
    rec, prec = _scale_quality(index, kind, story)
    print(f"{'textsim+MemoryIndex, match only':<38} {n / t_match:>11,.0f} {rec[0]:>7.4f} {rec[1]:>8.4f} "
          f"{rec[2]:>7.4f} {prec:>10.4f}")
    print(f"{'textsim+MemoryIndex, hash+match':<38} {n / total:>11,.0f}")
    print(f"  time: text generation {t_gen:.1f}s (not counted), shingle hashing {t_hash:.1f}s "
          f"({t_hash / n * 1e6:.0f} us/article), match+index {t_match:.1f}s; {index.n_postings():,} postings, "
          f"index arrays {index.nbytes() / 2**20:.0f} MiB; peak RSS {_rss_mib():.0f} MiB")
    if ds_n:
        ds_rate = _datasketch(ds_hashes, kind[:ds_n], story[:ds_n])
        hash_s = t_hash / n
        print(f"{'datasketch, hash+MinHash+LSH':<38} {1 / (hash_s + 1 / ds_rate):>11,.0f}  (the same shingle hashing "
              f"time per article added)")
        print(f"  ratio ours/datasketch: match only {n / t_match / ds_rate:.1f}x; with the same hashing counted on "
              f"both sides {(n / total) * (hash_s + 1 / ds_rate):.1f}x")


def _scale_quality(index: MemoryIndex, kind: np.ndarray, story: np.ndarray) -> tuple[list[float], float]:
    """Recall per copy type (the copy in its original's cluster) and precision (articles in a
    multi-member cluster whose members are all of one story), vectorised."""
    n = index.n
    cl = index.cluster[:n].astype(np.int64)
    orig = np.flatnonzero(kind < 0)
    aid_of_story = np.full(int(story.max()) + 1 if n else 1, -1, np.int64)
    aid_of_story[story[orig]] = orig
    rec = []
    for k in range(3):
        cp = np.flatnonzero(kind == k)
        rec.append(float((cl[cp] == cl[aid_of_story[story[cp]]]).mean()) if len(cp) else 0.0)
    sizes = np.bincount(cl)
    multi = np.flatnonzero(sizes[cl] > 1)
    pairs = np.unique(np.stack((cl[multi], story[multi]), axis=1), axis=0)
    n_stories = np.bincount(pairs[:, 0], minlength=len(sizes))
    good = int((n_stories[cl[multi]] == 1).sum())
    return rec, good / max(1, len(multi))


def _datasketch(queries: list[np.ndarray], kind: np.ndarray, story: np.ndarray) -> float:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    aid_of: dict[int, int] = {}
    found = [0, 0, 0]
    count = [0, 0, 0]
    t0 = time.perf_counter()
    results: list[tuple[int, int, set[Any]]] = []
    for i, (k, s, q) in enumerate(zip(kind.tolist(), story.tolist(), queries, strict=True)):
        m = MinHash(num_perm=128, hashfunc=lambda x: x)
        m.update_batch((q & np.uint64(0xFFFFFFFF)).tolist())
        hits = set(lsh.query(m))
        lsh.insert(i, m)
        results.append((k, s, hits))
        if k < 0:
            aid_of[s] = i
    el = time.perf_counter() - t0
    for i, (k, s, hits) in enumerate(results):
        if k < 0 or s not in aid_of:
            continue
        count[k] += 1
        o = aid_of[s]
        found[k] += int(o in hits or i in results[o][2])  # whichever came second finds the other
    rec = [f / max(1, c) for f, c in zip(found, count, strict=True)]
    print(f"{'datasketch MinHash(128)+LSH(0.5) only':<38} {len(queries) / el:>11,.0f} {rec[0]:>7.4f} {rec[1]:>8.4f} "
          f"{rec[2]:>7.4f} {'':>10}")
    print(f"  datasketch measured on the first {len(queries):,} articles of the same stream: MinHash(128).update_batch"
          f" of the article's shingle hashes (the same ones) + LSH query + insert; recall over copies whose original"
          f" is in that sample")
    return len(queries) / el


def run_one_story(data: Path, n: int, cfg: DedupConfig) -> None:
    """One story and ``n`` copies of it through ``assign()`` (module docstring, 3)."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = [truth[k]["articleBody"] for k in sorted(truth)]
    story = next(b for b in bodies if len(b.split()) > 400)
    others = [b for b in bodies if b is not story]
    wire = "https://wire.example/story"
    records = [{"url": wire, "site": "wire", "siteKind": "news", "headline": "H", "articleBody": story,
                "datePublished": "2024-01-01T06:00:00Z", "claimedSource": None}]
    for i in range(n):
        tail = others[i % len(others)][:200]
        body = f"Posted by aggregator {i} for its readers today\n{story}\nMore from site {i}: {tail}"
        records.append({"url": f"https://agg{i}.example/p/{i}", "site": f"agg{i}", "siteKind": "aggregator",
                        "headline": "H", "articleBody": body, "datePublished": f"2024-01-01T{7 + i % 12:02d}:00:00Z",
                        "claimedSource": {"url": wire} if i % 2 else None})
    quarter = max(1, n // 4)
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/state.sqlite3")
        memo = BoilerplateMemo()
        t0 = time.perf_counter()
        last = t0
        field: dict[str, Any] = {}
        for i, r in enumerate(records):
            field = assign(store, r, cfg, memo)
            if i and i % quarter == 0:
                now = time.perf_counter()
                times.append((now - last) / quarter * 1000)
                last = now
        total = time.perf_counter() - t0
        original, rule = cluster_original(store, field["clusterId"])
        store.close()
    print(f"one story, {n} copies on {n} sites through SQLite assign(): {total:.2f} s, "
          f"the last copy's original {original} ({rule})")
    for q, ms in enumerate(times[:4], 1):
        print(f"  copies {(q - 1) * quarter + 1:>6}-{q * quarter:<6} {ms:9.2f} ms/record")
    if len(times) >= 4 and times[1] > 0:
        import math

        growth = math.log(times[3] / times[1]) / math.log(3.5 / 1.5)  # the quarters' middles
        print(f"  growth of the time per copy, second to last quarter: {growth:.2f}")


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seed", type=int, default=20240501)
    ap.add_argument("--variants", type=int, default=3, help="copies of each type per original (eval set)")
    ap.add_argument("--no-eval", dest="eval", action="store_false", help="skip the evaluation set")
    ap.add_argument("--scale", type=int, default=20_000, help="synthetic articles for the scale run (0: none)")
    ap.add_argument("--ds-sample", type=int, default=20_000, help="articles for the datasketch comparison")
    ap.add_argument("--batch", type=int, default=10_000, help="articles hashed and looked up per batch")
    ap.add_argument("--one-story", type=int, default=0,
                    help="copies of one story, each on its own site, indexed one after another (0: none)")
    ap.add_argument("--sample-mod", type=int, default=None)
    ap.add_argument("--sample-floor", type=int, default=None)
    args = ap.parse_args(argv)
    cfg = DedupConfig.from_settings()
    if args.sample_mod is not None or args.sample_floor is not None:
        from dataclasses import replace

        cfg = replace(cfg, sample_mod=args.sample_mod or cfg.sample_mod,
                      sample_floor=cfg.sample_floor if args.sample_floor is None else args.sample_floor)
    if args.eval:
        if not (args.data / "ground-truth.json").is_file():
            print(f"evaluation data not found: {args.data} (see ../shared/benchmarks/article-extraction)",
                  file=sys.stderr)
            return 2
        run_eval(args.data, args.seed, args.variants, cfg)
    if args.scale:
        run_scale(args.scale, args.seed, cfg, args.ds_sample, args.batch)
    if args.one_story:
        if not (args.data / "ground-truth.json").is_file():
            print(f"data not found: {args.data}", file=sys.stderr)
            return 2
        run_one_story(args.data, args.one_story, cfg)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
