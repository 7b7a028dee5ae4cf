"""Text similarity for syndication: normalisation, word shingles, stable hashes, sketches.

Pure functions, no I/O. The measure is *containment*, ``|A ∩ B| / |A|`` over the word shingles of
two texts: how much of text A appears in text B. Unlike Jaccard resemblance it stays high for a
partial copy (an aggregator's excerpt of the first paragraphs of an original).

Hashing is vectorised with numpy: each distinct word is hashed once with blake2b
(:func:`hash64`, cached), and the hash of a shingle is a rolling combination of its words' hashes
with a splitmix64 finaliser (:func:`shingle_hash_array`). Both are fixed arithmetic, so hash
values are the same in every process, run and platform (they are stored in the state).

Documents are kept as a :class:`Sketch`, a deterministic sample of their shingle hashes:

* every hash with ``h % mod == 0`` ("mod-m sampling": a fixed fraction of any text, consistent
  across documents, so two samples can be intersected), plus
* the ``floor`` smallest hashes ("bottom-k"), so short texts still have a sample; ``tau`` is the
  largest of them (every hash ``<= tau`` of the document is in the sample).

A hash ``h`` is *known* for a sketch when its presence in the document can be decided from the
sample alone (``h % mod == 0 or h <= tau``). Containment is estimated on the hashes known for
both sketches, which is exact when both sketches hold every hash (``mod == 1``).
"""

from __future__ import annotations

import heapq
import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from hashlib import blake2b
from itertools import pairwise
from typing import Any

import numpy as np

#: Hashes are 63-bit non-negative integers (they fit SQLite's signed INTEGER and JSON).
HASH_MAX = (1 << 63) - 1
DEFAULT_SHINGLE_SIZE = 5
DEFAULT_SAMPLE_MOD = 4
DEFAULT_SAMPLE_FLOOR = 32

# Scripts written without spaces (Han, kana): each character is a token of its own.
_CJK = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")


def normalize(text: str) -> str:
    """Unicode NFKC then casefold: ``"Ｆｕｌｌ ＷＩＤＴＨ"`` -> ``"full width"``."""
    return unicodedata.normalize("NFKC", text).casefold()


def tokens(text: str | None) -> list[str]:
    """The ``\\w+`` words of the normalised text; underscores split words, and every Han or kana
    character is a word of its own (those scripts do not separate words with spaces)."""
    if not text:
        return []
    return _TOKEN_RE.findall(normalize(text))


def shingles(words: list[str], size: int = DEFAULT_SHINGLE_SIZE) -> list[str]:
    """Word n-grams of ``size`` words, joined by one space; a shorter text is one shingle."""
    if size < 1:
        raise ValueError(f"shingle size must be >= 1, not {size}")
    if not words:
        return []
    if len(words) <= size:
        return [" ".join(words)]
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def hash64(value: str) -> int:
    """A stable 63-bit hash of a string (blake2b; the same in every process and platform)."""
    digest = blake2b(value.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


# Word hashes are cached: news text reuses a small vocabulary, and blake2b is the slow part.
_WORD_CACHE: dict[str, int] = {}
_WORD_CACHE_MAX = 500_000


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """The :func:`hash64` of every word, as a ``uint64`` array (cached per word)."""
    cache = _WORD_CACHE
    missing = {w for w in words if w not in cache}
    if missing:
        if len(cache) + len(missing) > _WORD_CACHE_MAX:
            cache.clear()
            missing = set(words)
        for w in missing:
            cache[w] = hash64(w)
    return np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))


_MUL = np.uint64(0x9E3779B97F4A7C15)  # odd: the multiplier of the rolling combination
_M1 = np.uint64(0xBF58476D1CE4E5B9)  # splitmix64 finaliser constants
_M2 = np.uint64(0x94D049BB133111EB)


def _finalise(acc: np.ndarray) -> np.ndarray:
    acc ^= acc >> np.uint64(30)
    acc *= _M1
    acc ^= acc >> np.uint64(27)
    acc *= _M2
    acc ^= acc >> np.uint64(31)
    acc >>= np.uint64(1)  # 63 bits: fits SQLite's signed INTEGER
    return acc


def shingle_hash_array(word_hash_array: np.ndarray, size: int = DEFAULT_SHINGLE_SIZE) -> np.ndarray:
    """Shingle hashes (``uint64``, 63-bit, one per window, duplicates kept) of one text given the
    hashes of its words, vectorised: ``acc = w0; acc = acc * MUL + w_i`` over each window of
    ``size`` words (wrapping 64-bit arithmetic), then the splitmix64 finaliser. A text shorter
    than ``size`` words is one shingle of all its words. Stable in every process and platform."""
    if size < 1:
        raise ValueError(f"shingle size must be >= 1, not {size}")
    wh = np.asarray(word_hash_array, dtype=np.uint64)
    n = len(wh)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    k = min(size, n)
    m = n - k + 1
    acc = wh[:m].copy()
    for i in range(1, k):
        acc *= _MUL
        acc += wh[i : i + m]
    return _finalise(acc)


def batch_shingle_hashes(
    word_hash_array: np.ndarray, offsets: np.ndarray, size: int = DEFAULT_SHINGLE_SIZE
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`shingle_hash_array` of many texts at once: ``word_hash_array`` is their words'
    hashes concatenated, text ``j`` being ``[offsets[j], offsets[j+1])``. Returns the shingle
    hashes concatenated and their offsets (equal to hashing each text alone)."""
    wh = np.asarray(word_hash_array, dtype=np.uint64)
    off = np.asarray(offsets, dtype=np.int64)
    lengths = np.diff(off)
    if size < 1:
        raise ValueError(f"shingle size must be >= 1, not {size}")
    if len(wh) and (lengths < size).any():  # rare short texts: the simple path, one by one
        parts = [shingle_hash_array(wh[a:b], size) for a, b in pairwise(off)]
        counts = np.array([len(p) for p in parts], dtype=np.int64)
        return (np.concatenate(parts) if parts else np.empty(0, np.uint64)), np.concatenate(([0], np.cumsum(counts)))
    m = len(wh) - size + 1
    if m <= 0:
        return np.empty(0, dtype=np.uint64), np.zeros(len(off), dtype=np.int64)
    acc = wh[:m].copy()
    for i in range(1, size):
        acc *= _MUL
        acc += wh[i : i + m]
    # keep windows that start in a text and end in the same text: every text is at least
    # ``size`` words long here, so the invalid windows are the ``size - 1`` before each text's end
    valid = np.ones(m, dtype=bool)
    ends = off[1:-1]
    for i in range(1, size):
        valid[ends - i] = False
    counts = np.maximum(lengths - size + 1, 0)
    return _finalise(acc[valid]), np.concatenate(([0], np.cumsum(counts)))


def split_unique(hashes: np.ndarray, offsets: np.ndarray) -> list[np.ndarray]:
    """The sorted distinct hashes of each text of a :func:`batch_shingle_hashes` result."""
    return [sorted_distinct(hashes[a:b]) for a, b in pairwise(offsets.tolist())]


def sorted_distinct(hashes: np.ndarray) -> np.ndarray:
    """``np.unique`` of a 1-d array: its values sorted, each once. A sort and a mask: a fifth of
    ``np.unique``'s time on a text's few thousand ``uint64`` hashes (numpy 2.4)."""
    h = np.sort(hashes)
    if len(h) > 1:
        keep = np.empty(len(h), dtype=bool)
        keep[0] = True
        np.not_equal(h[1:], h[:-1], out=keep[1:])
        h = h[keep]
    return h


def text_shingle_array(text: str | None, size: int = DEFAULT_SHINGLE_SIZE) -> np.ndarray:
    """The sorted distinct shingle hashes of a text as a ``uint64`` array."""
    return sorted_distinct(shingle_hash_array(word_hashes(tokens(text)), size))


def shingle_hashes(text: str | None, size: int = DEFAULT_SHINGLE_SIZE) -> set[int]:
    """The set of shingle hashes of a text (empty for an empty text)."""
    return set(text_shingle_array(text, size).tolist())


def sample_mask(
    hashes: np.ndarray, mod: int = DEFAULT_SAMPLE_MOD, floor: int = DEFAULT_SAMPLE_FLOOR
) -> tuple[np.ndarray, int]:
    """Vectorised :func:`make_sketch` on sorted distinct ``uint64`` hashes: the boolean mask of
    the sampled ones and ``tau`` (``HASH_MAX`` when every hash is kept)."""
    n = len(hashes)
    if n <= floor or mod == 1:
        return np.ones(n, dtype=bool), HASH_MAX
    mask = hashes % np.uint64(mod) == 0
    if floor > 0:
        mask[:floor] = True
        tau = int(hashes[floor - 1])
    else:
        tau = -1
    return mask, tau


@dataclass(frozen=True)
class Sketch:
    """A deterministic sample of a document's shingle hashes (see the module docstring).

    ``size`` is the number of distinct shingles of the whole document.
    """

    hashes: frozenset[int]
    mod: int = 1
    tau: int = HASH_MAX
    size: int = 0

    def known(self, h: int) -> bool:
        """True when the sample decides whether ``h`` is in the document."""
        return h <= self.tau or h % self.mod == 0

    @property
    def complete(self) -> bool:
        """True when the sample holds every shingle hash of the document."""
        return self.mod == 1 or self.tau >= HASH_MAX

    def to_json(self) -> str:
        """Compact JSON for storage (hashes sorted, so equal sketches serialise equally)."""
        return json.dumps(
            {"m": self.mod, "t": self.tau, "n": self.size, "h": sorted(self.hashes)},
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, data: str) -> Sketch:
        """Inverse of :meth:`to_json`."""
        obj = json.loads(data)
        return cls(frozenset(obj["h"]), mod=int(obj["m"]), tau=int(obj["t"]), size=int(obj["n"]))


def full_sketch(hashes: Iterable[int]) -> Sketch:
    """A sketch holding every hash (used for the record being evaluated)."""
    hs = frozenset(hashes)
    return Sketch(hs, mod=1, tau=HASH_MAX, size=len(hs))


def make_sketch(
    hashes: Collection[int], mod: int = DEFAULT_SAMPLE_MOD, floor: int = DEFAULT_SAMPLE_FLOOR
) -> Sketch:
    """Sample ``hashes``: all with ``h % mod == 0`` plus the ``floor`` smallest."""
    if mod < 1:
        raise ValueError(f"sample modulus must be >= 1, not {mod}")
    hs = set(hashes)
    if len(hs) <= floor or mod == 1:
        return Sketch(frozenset(hs), mod=1, tau=HASH_MAX, size=len(hs))
    bottom = heapq.nsmallest(floor, hs) if floor > 0 else []
    tau = bottom[-1] if bottom else -1
    sample = {h for h in hs if h % mod == 0}
    sample.update(bottom)
    return Sketch(frozenset(sample), mod=mod, tau=tau, size=len(hs))


def sorted_sketch(
    hashes: np.ndarray, mod: int = DEFAULT_SAMPLE_MOD, floor: int = DEFAULT_SAMPLE_FLOOR
) -> Sketch:
    """:func:`make_sketch` of sorted distinct ``uint64`` hashes (:func:`text_shingle_array`),
    vectorised: the same sketch."""
    if mod < 1:
        raise ValueError(f"sample modulus must be >= 1, not {mod}")
    if len(hashes) <= floor or mod == 1:  # every hash kept
        return Sketch(frozenset(hashes.tolist()), mod=1, tau=HASH_MAX, size=len(hashes))
    mask, tau = sample_mask(hashes, mod, floor)
    return Sketch(frozenset(hashes[mask].tolist()), mod=mod, tau=tau, size=len(hashes))


def text_sketch(
    text: str | None,
    size: int = DEFAULT_SHINGLE_SIZE,
    mod: int = DEFAULT_SAMPLE_MOD,
    floor: int = DEFAULT_SAMPLE_FLOOR,
) -> Sketch:
    """Shingle, hash and sample a text in one step."""
    return make_sketch(shingle_hashes(text, size), mod, floor)


def containment_exact(a: Collection[int], b: Collection[int]) -> float:
    """``|A ∩ B| / |A|`` on full hash sets (0.0 for an empty A)."""
    if not a:
        return 0.0
    bs = b if isinstance(b, (set, frozenset)) else set(b)
    return sum(1 for h in a if h in bs) / len(a)


def jaccard_exact(a: Collection[int], b: Collection[int]) -> float:
    """``|A ∩ B| / |A ∪ B|`` on full hash sets (0.0 when both are empty)."""
    sa, sb = set(a), set(b)
    union = len(sa | sb)
    return len(sa & sb) / union if union else 0.0


def containment_counts(
    a: Sketch, b: Sketch, ignore: Collection[int] = frozenset()
) -> tuple[int, int]:
    """``(shared, base)`` for the containment estimate of A in B.

    ``base`` counts A's sampled hashes whose presence in B is known from B's sample (and are not
    in ``ignore``, e.g. boilerplate); ``shared`` those of them found in B.
    """
    hashes = a.hashes.difference(ignore) if ignore else a.hashes
    if b.mod == 1 or b.tau >= HASH_MAX:
        known: Collection[int] = hashes
    else:
        tau, mod = b.tau, b.mod
        known = [h for h in hashes if h <= tau or h % mod == 0]
    return len(b.hashes.intersection(known)), len(known)


def containment(a: Sketch, b: Sketch, ignore: Collection[int] = frozenset(), min_base: int = 1) -> float | None:
    """Estimated containment of A in B, or None when fewer than ``min_base`` hashes decide it."""
    shared, base = containment_counts(a, b, ignore)
    if base < max(1, min_base):
        return None
    return shared / base


def record_text(record: Mapping[str, Any]) -> str:
    """The text compared between records: the body, else the description, else the headline."""
    for key in ("articleBody", "description", "headline"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def record_sketch(record: Mapping[str, Any], shingle_size: int = DEFAULT_SHINGLE_SIZE) -> Sketch:
    """The full (unsampled) sketch of a record's text."""
    return full_sketch(shingle_hashes(record_text(record), shingle_size))
