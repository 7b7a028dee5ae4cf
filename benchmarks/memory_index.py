"""An in-memory candidate index and clusters in numpy arrays, for bulk runs of the benchmarks.

The crawl never runs it: it uses :func:`crawler.syndication.assign` on a state store. This index
measures the candidate search at scale (``benchmarks/syndication.py --scale``) with the
incremental clustering the crawler used before its clusters became order-independent (issue 15):
each article joins the cluster of its best link as it arrives, with the per-cluster boilerplate
counts, candidate and posting limits of that method (the constants below), which
``tests/test_memory_index.py`` checks on cases where arrival order does not matter.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from crawler.syndication.config import DedupConfig
from crawler.syndication.links import date_key, min_shingles
from crawler.syndication.sketch import HASH_MAX, sample_mask

#: The limits of the incremental method this index implements.
BOILERPLATE_CLUSTERS = 4
MAX_CANDIDATES = 50
POSTING_LIMIT = 200


def link_counts(
    live: np.ndarray, hits: np.ndarray, tau: np.ndarray, mod: np.ndarray, n_sample: np.ndarray, bp_hits: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(shared, forward_base, backward_base)`` per candidate: the containment counts of a
    full query against each candidate's sample.

    ``live`` is the sorted array of the query's non-boilerplate hashes; the other arrays have one
    entry per candidate."""
    live = np.asarray(live, dtype=np.uint64)
    tau = np.asarray(tau, dtype=np.uint64)
    mod = np.asarray(mod, dtype=np.int64)
    fwd_base = np.zeros(len(tau), dtype=np.int64)
    le = np.searchsorted(live, tau, side="right")
    for md in np.unique(mod):
        sel = mod == md
        mm = live % np.uint64(max(int(md), 1)) == 0
        cum = np.concatenate(([0], np.cumsum(mm, dtype=np.int64)))
        fwd_base[sel] = le[sel] + (cum[-1] - cum[le[sel]])
    bwd_base = np.asarray(n_sample, dtype=np.int64) - np.asarray(bp_hits, dtype=np.int64)
    return np.asarray(hits, dtype=np.int64), fwd_base, bwd_base


def link_scores(
    shared: np.ndarray, fwd_base: np.ndarray, bwd_base: np.ndarray, cfg: DedupConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Forward and backward containment per candidate, NaN where undecided (too few hashes)."""
    ok_shared = shared >= cfg.min_shared
    with np.errstate(divide="ignore", invalid="ignore"):
        fwd = np.where(ok_shared & (fwd_base >= cfg.min_base), shared / np.maximum(fwd_base, 1), np.nan)
        bwd = np.where(ok_shared & (bwd_base >= cfg.min_base), shared / np.maximum(bwd_base, 1), np.nan)
    return fwd, bwd


def accept_link(forward: float | None, threshold: float, cluster_size: int, reference_linked: bool) -> bool:
    """Whether a link may bring the record into the candidate's cluster.

    A record contained in a member (``forward`` at the threshold: a copy or excerpt of it) always
    may. A record that only *contains* a member (a longer text holding an excerpt) joins a cluster
    of two or more only when it also links to the cluster's reference member (the original): a
    follow-up quoting the paragraph that an aggregator excerpted is not a copy of the story."""
    if forward is not None and forward >= threshold:
        return True
    return cluster_size < 2 or reference_linked



def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting (numpy 2's hash-based ``np.unique`` is many times slower on the
    integer arrays here)."""
    v = np.sort(values)
    if len(v) > 1:
        v = v[np.concatenate(([True], v[1:] != v[:-1]))]
    return v



class MemoryIndex:
    """The candidate index and clusters in numpy arrays, for bulk runs (``benchmarks/``) and as a
    cache a store can build: articles are dense ``int32`` ids, clusters ``int32`` ids.

    The decisions of the former incremental method: :func:`link_counts`, :func:`link_scores`, the
    boilerplate rule, candidate ranking, the posting limit, :func:`direction_ok`,
    :func:`accept_link` and the folding of contained clusters (the cluster *reference* being its
    fullest member).

    Postings are 8 bytes, kept sorted in two levels of 256 hash partitions: the top 8 bits of a
    63-bit hash choose the partition and a posting packs the next 32 bits with the article id
    (``key << 32 | id`` in one ``uint64``, so a plain sort orders by key, then by id). A hash is
    thus matched on 40 of its 63 bits: a stray match is rare (about ``postings in the partition
    / 2**32`` per looked-up hash, ~0.001 at 1M articles) and only matters with ``min_shared - 1``
    real hits on the same article. The recent level takes each batch (a linear merge of two sorted
    runs) and is merged into the old one when it reaches a quarter of its size, one partition at a
    time (scratch memory: 1/256 of the index). Ids grow with time, so "the oldest
    ``posting_limit`` postings of a hash" are the first ones found. A bitmap of the indexed hashes
    (``2**bitmap_bits`` bits) skips the binary search for hashes indexed nowhere: most of a new
    text's.

    Two ways in: :meth:`assign` (one article; its postings wait in a dict until :meth:`flush`) and
    :meth:`assign_batch` (many articles at once: lookups, counting and sampling vectorised, the
    per-article decision only for the few with a candidate); both give the same clusters.
    """

    _PART_BITS = 8
    _PARTS = 1 << _PART_BITS
    _SHIFT = np.uint64(63 - _PART_BITS)  # hashes are 63-bit: the top bits choose the partition
    _KEY_SHIFT = np.uint64(63 - _PART_BITS - 32)  # the next 32 bits are the key in the partition
    _LOW = np.uint64(0xFFFFFFFF)
    _COLUMNS = (("tau", np.uint64), ("mod", np.int32), ("n_sample", np.int32), ("cluster", np.int32),
                ("site", np.int32), ("size", np.int32), ("day", np.int32), ("secs", np.int64),
                ("kind", np.int8))

    # the per-article columns of ``_COLUMNS`` (set with setattr in ``__init__`` and ``_reserve``)
    tau: NDArray[np.uint64]
    mod: NDArray[np.int32]
    n_sample: NDArray[np.int32]
    cluster: NDArray[np.int32]
    site: NDArray[np.int32]
    size: NDArray[np.int32]
    day: NDArray[np.int32]
    secs: NDArray[np.int64]
    kind: NDArray[np.int8]

    def __init__(self, cfg: DedupConfig | None = None, bitmap_bits: int = 30) -> None:
        self.cfg = cfg or DedupConfig.from_settings()
        # levels[l][p]: the sorted packed postings ``key << 32 | article id`` of partition p
        self.levels: list[list[np.ndarray]] = [[np.empty(0, np.uint64) for _ in range(self._PARTS)] for _ in range(2)]
        self._bits = int(bitmap_bits)
        self.bitmap = np.zeros(1 << max(self._bits - 3, 0), np.uint8)
        self.mem: dict[int, list[int]] = {}
        self._pending: list[tuple[np.ndarray, int]] = []
        self.n = 0
        cap = 1024
        for name, dt in self._COLUMNS:
            setattr(self, name, np.zeros(cap, dt))
        self.cluster_size = np.zeros(cap, np.int32)
        self.cluster_ref = np.zeros(cap, np.int32)  # a cluster's fullest member (its reference)
        self.n_clusters = 0

    # --- storage ---------------------------------------------------------------------------

    def _reserve(self, n: int) -> None:
        cap = len(self.tau)
        if n > cap:
            new_cap = max(n, cap * 2)
            for name, _dt in self._COLUMNS:
                arr = getattr(self, name)
                new = np.zeros(new_cap, arr.dtype)
                new[:cap] = arr
                setattr(self, name, new)

    def _reserve_clusters(self, n: int) -> None:
        cap = len(self.cluster_size)
        if n > cap:
            new_cap = max(n, cap * 2)
            for name in ("cluster_size", "cluster_ref"):
                arr = getattr(self, name)
                new = np.zeros(new_cap, np.int32)
                new[:cap] = arr
                setattr(self, name, new)

    def nbytes(self) -> int:
        """Bytes held by the numpy arrays (postings, bitmap and per-article columns)."""
        arrays: list[np.ndarray] = [a for level in self.levels for a in level]
        arrays += [getattr(self, name) for name, _dt in self._COLUMNS]
        arrays += [self.bitmap, self.cluster_size, self.cluster_ref]
        return int(sum(a.nbytes for a in arrays))

    def n_postings(self) -> int:
        return int(sum(len(a) for level in self.levels for a in level))

    def _bit_index(self, hashes: np.ndarray) -> np.ndarray:
        return (hashes >> np.uint64(63 - self._bits)).astype(np.int64)

    def _maybe_indexed(self, hashes: np.ndarray) -> np.ndarray:
        idx = self._bit_index(hashes)
        return ((self.bitmap[idx >> 3] >> (idx & 7).astype(np.uint8)) & 1).astype(bool)

    def _key(self, hashes: np.ndarray) -> np.ndarray:
        """The 32 hash bits below the partition bits, shifted to the top of a posting."""
        return ((hashes >> self._KEY_SHIFT) & self._LOW) << np.uint64(32)

    def _add_postings(self, keys: np.ndarray, ids: np.ndarray, presorted: bool = False) -> None:
        """Add postings with ids above every indexed id (ids ascending per key; ``presorted``:
        the keys are sorted already)."""
        if not len(keys):
            return
        if not presorted:
            order = np.argsort(keys, kind="stable")
            keys, ids = keys[order], ids[order]
        idx = self._bit_index(keys)  # sorted, as the keys
        first = np.concatenate(([True], idx[1:] != idx[:-1]))
        idx = idx[first]
        byte = idx >> 3
        bits = (np.uint8(1) << (idx & 7).astype(np.uint8)).astype(np.uint8)
        starts = np.flatnonzero(np.concatenate(([True], byte[1:] != byte[:-1])))
        self.bitmap[byte[starts]] |= np.bitwise_or.reduceat(bits, starts)
        del idx, byte, bits, starts, first
        packed = self._key(keys) | ids.astype(np.uint64)
        part = (keys >> self._SHIFT).astype(np.int64)
        bounds = np.searchsorted(part, np.arange(self._PARTS + 1))
        del keys, ids, part
        old, recent = self.levels
        for p in range(self._PARTS):
            a, b = bounds[p], bounds[p + 1]
            if b > a:
                # both runs sorted: the stable sort (timsort) merges them in linear time
                merged = np.concatenate((recent[p], np.sort(packed[a:b])))
                merged.sort(kind="stable")
                recent[p] = merged
        del packed
        if sum(len(a) for a in recent) * 4 > sum(len(a) for a in old):
            for p in range(self._PARTS):  # one partition at a time: little scratch memory
                if len(recent[p]):
                    merged = np.concatenate((old[p], recent[p]))
                    recent[p] = np.empty(0, np.uint64)
                    merged.sort(kind="stable")
                    old[p] = merged

    def _lookup(self, hashes: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Postings of ``hashes`` in the levels: ``(needle index, article id)`` rows, at most
        ``limit`` per needle (the oldest), and the number of rows per needle.

        A posting matches a needle on the partition bits and the 32 bits below them (40 of the
        63 bits): a false match is rare (about ``postings per partition / 2**32`` per needle)
        and counts for a candidate only with ``min_shared - 1`` other hits of the same article."""
        used = np.zeros(len(hashes), np.int64)
        sel_all = np.flatnonzero(self._maybe_indexed(hashes)) if len(hashes) else np.empty(0, np.int64)
        out_n: list[np.ndarray] = []
        out_id: list[np.ndarray] = []
        if not len(sel_all):
            return np.empty(0, np.int64), np.empty(0, np.int32), used
        # needles in hash order (so also by partition): the binary searches walk each partition
        # forward instead of jumping around it
        sel_sorted = sel_all[np.argsort(hashes[sel_all], kind="stable")]
        hs = hashes[sel_sorted]
        part_sorted = (hs >> self._SHIFT).astype(np.int64)
        bounds = np.searchsorted(part_sorted, np.arange(self._PARTS + 1)).tolist()
        lo_key = self._key(hs)
        hi_key = lo_key | self._LOW
        del hs, part_sorted
        parts = np.flatnonzero(np.diff(bounds)).tolist()  # the partitions with needles
        for level in self.levels:
            for p in parts:
                packed = level[p]
                a, b = bounds[p], bounds[p + 1]
                if not len(packed):
                    continue
                lo = np.searchsorted(packed, lo_key[a:b], side="left")
                hi = np.searchsorted(packed, hi_key[a:b], side="right")
                cnt = hi - lo
                hit = cnt > 0
                if not hit.any():
                    continue
                sel = sel_sorted[a:b][hit]
                lo, cnt = lo[hit], cnt[hit]
                cnt = np.minimum(cnt, np.maximum(limit - used[sel], 0))
                used[sel] += cnt
                total = int(cnt.sum())
                if not total:
                    continue
                starts = np.repeat(lo - np.concatenate(([0], np.cumsum(cnt)[:-1])), cnt)
                out_n.append(np.repeat(sel, cnt))
                out_id.append((packed[starts + np.arange(total, dtype=np.int64)] & self._LOW).astype(np.int32))
        if not out_n:
            return np.empty(0, np.int64), np.empty(0, np.int32), used
        return np.concatenate(out_n), np.concatenate(out_id), used

    # --- decisions -------------------------------------------------------------------------

    def _set_article(self, aid: int, q: np.ndarray, site: int, date: str | None, kind: str | None) -> np.ndarray:
        cfg = self.cfg
        mask, tau = sample_mask(q, cfg.sample_mod, cfg.sample_floor)
        sample = q[mask]
        self._reserve(aid + 1)
        self.tau[aid] = np.uint64(min(max(tau, 0), HASH_MAX))
        self.mod[aid] = 1 if tau >= HASH_MAX else cfg.sample_mod
        self.n_sample[aid] = len(sample)
        self.site[aid] = site
        self.size[aid] = len(q)
        self.day[aid], self.secs[aid] = date_key(date)
        self.kind[aid] = kind == "aggregator"
        return sample

    def _decide(self, q: np.ndarray, mpos: np.ndarray, mids: np.ndarray, aid: int) -> list[tuple[int, float, float]]:
        """The accepted links ``(article id, score, backward - limit)`` of article ``aid`` (its
        columns set, not yet in a cluster), best first, from its postings ``(position in q, id)``."""
        cfg = self.cfg
        if len(q) < min_shingles(cfg) or not len(mids):
            return []
        uniq, inv = np.unique(mids, return_inverse=True)
        if BOILERPLATE_CLUSTERS > 0:
            width = self.n_clusters + 1
            pairs = _sorted_unique(mpos.astype(np.int64) * width + self.cluster[mids])
            per_hash = np.bincount(pairs // width, minlength=len(q))
            is_bp = per_hash >= BOILERPLATE_CLUSTERS
        else:
            is_bp = np.zeros(len(q), bool)
        bp_post = is_bp[mpos]
        hits = np.bincount(inv[~bp_post], minlength=len(uniq))
        sel = np.flatnonzero((hits >= cfg.min_shared) & (self.size[uniq] >= min_shingles(cfg)))
        if not len(sel):
            return []
        sel = sel[np.lexsort((uniq[sel], -hits[sel]))][: MAX_CANDIDATES]
        cand = uniq[sel]
        bp_hits = np.bincount(inv[bp_post], minlength=len(uniq))[sel]
        shared, fb, bb = link_counts(q[~is_bp], hits[sel], self.tau[cand], self.mod[cand], self.n_sample[cand], bp_hits)
        fwd, bwd = link_scores(shared, fb, bb, cfg)
        f0, b0 = np.nan_to_num(fwd, nan=-1.0), np.nan_to_num(bwd, nan=-1.0)
        score = np.fmax(f0, b0)
        site = int(self.site[aid])
        limit = np.where((self.site[cand] == site) & (site != 0), cfg.same_site_threshold, cfg.threshold)
        ok = score >= limit
        if not ok.any():
            return []
        # the dates: a containing non-aggregator text published after the contained one is no source
        day, secs = int(self.day[aid]), int(self.secs[aid])
        cday, csecs = self.day[cand], self.secs[cand]
        known = (day >= 0) & (cday >= 0)
        fine = (secs >= 0) & (csecs >= 0)
        rec_after = known & np.where(fine, secs > csecs, day > cday)
        cand_after = known & np.where(fine, csecs > secs, cday > day)
        rec_later = rec_after & (self.kind[aid] == 0)
        cand_later = cand_after & (self.kind[cand] == 0)
        fo, bo = f0 >= limit, b0 >= limit
        ok &= (fo & bo) | (fo & ~cand_later) | (bo & ~rec_later)
        if not ok.any():
            return []
        c_ok, s_ok, f_ok, b_ok, lim = cand[ok], score[ok], f0[ok], b0[ok], limit[ok]
        linked = set(c_ok.tolist())
        links = []
        for i in np.lexsort((c_ok, self.cluster[c_ok], -s_ok)):
            c = int(c_ok[i])
            cl = int(self.cluster[c])
            f = None if f_ok[i] < 0 else float(f_ok[i])
            if accept_link(f, float(lim[i]), int(self.cluster_size[cl]), int(self.cluster_ref[cl]) in linked):
                links.append((c, float(s_ok[i]), float(b_ok[i] - lim[i])))
        return links

    def _place(self, aid: int, links: list[tuple[int, float, float]]) -> int:
        """Put article ``aid`` in the cluster of its best link (or a new one) and fold the other
        linked clusters it contains entirely (as :func:`assign` does)."""
        if links:
            cid = int(self.cluster[links[0][0]])
        else:
            cid = self.n_clusters
            self.n_clusters += 1
            self._reserve_clusters(cid + 1)
            self.cluster_ref[cid] = aid
        self.cluster[aid] = cid
        self._joined(cid, aid)
        contained: dict[int, list[int]] = {}
        for other, _s, bmargin in links:
            oc = int(self.cluster[other])
            if oc != cid and bmargin >= 0:
                contained.setdefault(oc, []).append(other)
        for oc, members in sorted(contained.items()):
            if len(members) == self.cluster_size[oc]:
                self.cluster_size[oc] = 0
                for other in members:
                    self.cluster[other] = cid
                    self._joined(cid, other)
        self.n = max(self.n, aid + 1)
        return cid

    def _joined(self, cid: int, aid: int) -> None:
        self.cluster_size[cid] += 1
        if self.size[aid] > self.size[self.cluster_ref[cid]]:
            self.cluster_ref[cid] = aid

    # --- one by one ------------------------------------------------------------------------

    def assign(
        self, q: np.ndarray, site: int = 0, date: str | None = None, kind: str | None = None
    ) -> tuple[int, int, list[tuple[int, float]]]:
        """Match the sorted distinct hashes ``q`` of a new article, add it, and cluster it as
        :func:`assign` does. Returns ``(article id, cluster id, links)`` with links
        ``(article id, score)`` best first."""
        npos, mids, used = self._lookup(q, POSTING_LIMIT)
        mpos = npos
        if self.mem:  # postings of the articles added since the last flush (after the others)
            get = self.mem.get
            extra_pos: list[int] = []
            extra_ids: list[int] = []
            for i, h in enumerate(q.tolist()):
                lst = get(h)
                if lst:
                    take = lst[: max(POSTING_LIMIT - int(used[i]), 0)]
                    extra_pos.extend([i] * len(take))
                    extra_ids.extend(take)
            if extra_ids:
                mpos = np.concatenate((mpos, np.array(extra_pos, np.int64)))
                mids = np.concatenate((mids, np.array(extra_ids, np.int32)))
        aid = self.n
        sample = self._set_article(aid, q, site, date, kind)
        links = self._decide(q, mpos, mids, aid)
        cid = self._place(aid, links)
        for h in sample.tolist():
            self.mem.setdefault(h, []).append(aid)
        self._pending.append((sample, aid))
        return aid, cid, [(c, s) for c, s, _b in links]

    def flush(self) -> None:
        """Move the postings of the articles added by :meth:`assign` into the sorted levels."""
        if not self._pending:
            return
        keys = np.concatenate([s for s, _ in self._pending])
        ids = np.concatenate([np.full(len(s), a, np.int32) for s, a in self._pending])
        self._pending = []
        self.mem = {}
        self._add_postings(keys, ids)

    # --- in batches ------------------------------------------------------------------------

    def assign_batch(  # noqa: PLR0912, PLR0915  (one vectorised pass over the batch; its arrays stay local)
        self,
        queries: list[np.ndarray],
        sites: Iterable[int] | None = None,
        dates: Iterable[str | None] | None = None,
        kinds: Iterable[str | None] | None = None,
    ) -> np.ndarray:
        """:meth:`assign` for each of ``queries`` (sorted distinct hashes) in order; returns their
        cluster ids. Equal to calling :meth:`assign` one by one (and :meth:`flush`), faster."""
        cfg = self.cfg
        self.flush()
        nq = len(queries)
        if not nq:
            return np.empty(0, np.int32)
        if sites is None:
            site_arr = np.zeros(nq, np.int32)
        else:
            site_arr = np.asarray(sites if isinstance(sites, np.ndarray) else list(sites), np.int32)
        lens = np.array([len(q) for q in queries], dtype=np.int64)
        off = np.concatenate(([0], np.cumsum(lens)))
        allq = np.concatenate(queries) if nq > 1 else np.asarray(queries[0], np.uint64)
        qid = np.repeat(np.arange(nq, dtype=np.int32), lens)
        pos = np.arange(len(allq), dtype=np.int32) - off[:-1].astype(np.int32)[qid] if len(allq) < 2**31 else (
            np.arange(len(allq), dtype=np.int64) - off[qid])
        n0 = self.n
        self._reserve(n0 + nq)
        # the articles' columns (they do not depend on the decisions)
        complete = (lens <= cfg.sample_floor) | (cfg.sample_mod == 1)
        md = cfg.sample_mod
        mask = ((allq & np.uint64(md - 1)) if md & (md - 1) == 0 else (allq % np.uint64(md))) == 0
        mask |= pos < cfg.sample_floor
        if complete.any():
            mask |= complete[qid]
        ids = slice(n0, n0 + nq)
        tau = np.full(nq, HASH_MAX, np.uint64)
        if cfg.sample_floor > 0:
            long = np.flatnonzero(~complete)
            tau[long] = allq[off[long] + cfg.sample_floor - 1]
        else:
            tau[~complete] = 0
        self.tau[ids] = tau
        self.mod[ids] = np.where(complete, 1, cfg.sample_mod)
        self.n_sample[ids] = np.bincount(qid[mask], minlength=nq)
        self.site[ids] = site_arr
        self.size[ids] = lens
        if dates is None:
            self.day[ids], self.secs[ids] = -1, -1
        else:
            dk = np.array([date_key(d) for d in dates], dtype=np.int64).reshape(nq, 2)
            self.day[ids], self.secs[ids] = dk[:, 0], dk[:, 1]
        self.kind[ids] = 0 if kinds is None else [k == "aggregator" for k in kinds]
        # postings in the levels (older articles)
        r_need, r_id, used = self._lookup(allq, POSTING_LIMIT)
        # postings of earlier articles of the batch: sort the batch's sampled hashes; a sampled
        # needle's run is where it sorts itself, a few other needles (a small bitmap of the batch's
        # sampled hashes lets through) are searched; keep ids below the query's, after the level
        # postings, within the limit
        samp = np.flatnonzero(mask)
        order = np.argsort(allq[samp], kind="stable")
        samp = samp[order]  # positions in allq of the sampled hashes, by hash then query
        del order
        skeys = allq[samp]
        sq = qid[samp]
        start = np.concatenate(([True], skeys[1:] != skeys[:-1]))
        run_start = np.flatnonzero(start)
        run_end = np.append(run_start[1:], len(skeys))
        run = np.cumsum(start) - 1
        del start
        k = np.flatnonzero(run_end[run] - run_start[run] >= 2)
        need_a, lo_a, hi_a = samp[k], run_start[run[k]], run_end[run[k]]
        del k, run
        bits = max(16, min(26, len(skeys).bit_length() + 5))
        bshift = np.uint64(63 - bits)
        bidx = (skeys[run_start] >> bshift).astype(np.int64)
        small = np.zeros(1 << bits, bool)
        small[bidx] = True
        del bidx, run_start, run_end
        rest = np.flatnonzero(~mask)
        rest = rest[small[(allq[rest] >> bshift).astype(np.int64)]]
        del small
        rest = rest[np.argsort(allq[rest], kind="stable")]
        lo_b = np.searchsorted(skeys, allq[rest], side="left")
        hi_b = np.searchsorted(skeys, allq[rest], side="right")
        hit = hi_b > lo_b
        multi = np.concatenate((need_a, rest[hit]))
        lo = np.concatenate((lo_a, lo_b[hit]))
        hi = np.concatenate((hi_a, hi_b[hit]))
        del need_a, lo_a, hi_a, rest, lo_b, hi_b, hit
        order = np.argsort(multi, kind="stable")
        multi, lo, hi = multi[order], lo[order], hi[order]
        if len(multi):
            cnt = hi - lo
            total = int(cnt.sum())
            starts = np.repeat(lo - np.concatenate(([0], np.cumsum(cnt)[:-1])), cnt)
            rows_j = sq[starts + np.arange(total, dtype=np.int64)]
            rows_n = np.repeat(multi, cnt)
            keep = rows_j < qid[rows_n]
            rows_j, rows_n = rows_j[keep], rows_n[keep]
            # rank of each row among its needle's (ids ascending): keep the first limit - used
            first = np.concatenate(([True], rows_n[1:] != rows_n[:-1]))
            grp = np.cumsum(first) - 1
            rank = np.arange(len(rows_n)) - np.flatnonzero(first)[grp]
            keep = rank < POSTING_LIMIT - used[rows_n]
            r_need = np.concatenate((r_need, rows_n[keep]))
            r_id = np.concatenate((r_id, (rows_j[keep] + n0).astype(np.int32)))
        # rows per query; queries where no article reaches min_shared hashes get no link
        order = np.argsort(qid[r_need], kind="stable")
        r_need, r_id = r_need[order], r_id[order]
        r_q = qid[r_need]
        bounds = np.searchsorted(r_q, np.arange(nq + 1))
        interesting = np.zeros(nq, bool)
        if len(r_q):
            pair, pair_n = np.unique(r_q * np.int64(n0 + nq + 1) + r_id, return_counts=True)
            interesting[pair[pair_n >= cfg.min_shared] // np.int64(n0 + nq + 1)] = True
        interesting &= lens >= min_shingles(cfg)
        out = np.empty(nq, np.int32)
        done = 0
        for i in [*np.flatnonzero(interesting).tolist(), nq]:
            if i > done:  # a run of articles without candidates: new clusters, vectorised
                n_new = i - done
                c0 = self.n_clusters
                self._reserve_clusters(c0 + n_new)
                new_ids = np.arange(n0 + done, n0 + i, dtype=np.int32)
                cids = np.arange(c0, c0 + n_new, dtype=np.int32)
                self.cluster[n0 + done : n0 + i] = cids
                self.cluster_size[c0 : c0 + n_new] = 1
                self.cluster_ref[c0 : c0 + n_new] = new_ids
                self.n_clusters += n_new
                out[done:i] = cids
                self.n = n0 + i
            if i == nq:
                break
            a, b = bounds[i], bounds[i + 1]
            links = self._decide(queries[i], pos[r_need[a:b]], r_id[a:b], n0 + i)
            out[i] = self._place(n0 + i, links)
            done = i + 1
        self.n = n0 + nq
        self._add_postings(allq[mask], (qid[mask] + n0).astype(np.int32))
        return out
