"""Boilerplate: the shingles of a site's template, ignored when texts are compared.

A hash held by ``boilerplate_articles`` or more articles of one site (:meth:`StateStore.hash_site_max`)
is boilerplate: newsletter widgets, footers, share bars. It depends only on the set of stored
articles. :class:`Boilerplate` reads each hash's status from the store once per step; a
:class:`BoilerplateMemo` keeps the statuses between steps of one process, for as long as the
store's ``bp_epoch`` meta value (bumped by every step that changes a status) stays the same.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from crawler.state.base import StateStore
from crawler.syndication.config import DedupConfig

#: The meta value that changes whenever a hash becomes boilerplate or stops being boilerplate.
EPOCH_KEY = "bp_epoch"


@dataclass
class BoilerplateMemo:
    """Statuses remembered across steps (see the module docstring); at most ``limit`` hashes."""

    epoch: str | None = None
    synced: bool = False
    known: dict[int, bool] = field(default_factory=dict)
    limit: int = 500_000
    #: URL -> the epoch at which this process last derived the article's links (at most
    #: ``derived_limit`` URLs; past it the record starts again, and a flush links more articles)
    derived: dict[str, int] = field(default_factory=dict)
    derived_limit: int = 200_000
    #: Counters for the stats: hashes whose status steps of this process changed, the other
    #: articles this process linked again because of such changes, and its relink flushes.
    changed: int = 0
    relinked: int = 0
    flushes: int = 0
    #: Articles holding a changed hash that a flush did not link again: derived since the change.
    relink_skipped: int = 0
    #: Records indexed with the text sample their extraction prepared (:mod:`.prepared`).
    samples_prepared: int = 0

    def sync(self, store: StateStore) -> None:
        """Forget everything when another step (of any process) changed a status since the last."""
        current = store.get_meta(EPOCH_KEY)
        if not self.synced or current != self.epoch:
            self.known.clear()
            if epoch_number(current) < epoch_number(self.epoch):  # not the store it was: forget all
                self.derived.clear()
        self.epoch, self.synced = current, True

    def note_derived(self, urls: Iterable[str]) -> None:
        """The links of ``urls`` were derived just now, at the current epoch (the store held)."""
        urls = list(urls)
        if len(self.derived) + len(urls) > self.derived_limit:
            self.derived.clear()
        epoch = epoch_number(self.epoch)
        for u in urls:
            self.derived[u] = epoch

    def derived_since(self, url: str, version: int) -> bool:
        """Whether this process derived the links of ``url`` at epoch ``version`` or later, that is
        after the status change that ``version`` numbers (:func:`bump_epoch`)."""
        return self.derived.get(url, -1) >= version


def epoch_number(value: str | None) -> int:
    """The ``bp_epoch`` meta value as a number (0 before the first change)."""
    try:
        return int(value or 0)
    except ValueError:
        return 0


def bump_epoch(store: StateStore, memo: BoilerplateMemo | None) -> int:
    """Record in the store that a step changed statuses; the new epoch. ``memo``, the stepping
    process's, stays valid: it learnt the new statuses."""
    epoch = epoch_number(store.get_meta(EPOCH_KEY)) + 1
    store.set_meta(EPOCH_KEY, str(epoch))
    if memo is not None:
        memo.epoch = str(epoch)
    return epoch


class Boilerplate:
    """Which hashes are boilerplate, each read from the store once (the counts do not change
    during one step of :func:`crawler.syndication.assign`, which holds the store)."""

    def __init__(self, store: StateStore, cfg: DedupConfig, memo: BoilerplateMemo | None = None) -> None:
        self.store = store
        self.minimum = cfg.boilerplate_articles
        self.memo = memo
        self.known: dict[int, bool] = memo.known if memo is not None else {}

    def _room(self, n: int) -> bool:
        """Room for ``n`` more statuses, the memo cleared when it has none; whether it was."""
        if self.memo is not None and len(self.known) + n > self.memo.limit:
            self.known.clear()
            return True
        return False

    def learn(self, hashes: Collection[int], boilerplate: Collection[int]) -> None:
        """Remember the status of ``hashes``: those in ``boilerplate`` are, the others are not."""
        self._room(len(hashes))
        for h in hashes:
            self.known[h] = h in boilerplate

    def learn_counts(self, counts: Mapping[int, int], hashes: Collection[int]) -> None:
        """Remember the status of ``hashes`` from their :meth:`StateStore.hash_site_max` counts."""
        self._room(len(hashes))
        for h in hashes:
            self.known[h] = counts.get(h, 0) >= self.minimum

    def unknown(self, hashes: Iterable[int]) -> list[int]:
        return [h for h in hashes if h not in self.known]

    def knows(self, hashes: Collection[int]) -> bool:
        """Whether the status of every one of ``hashes`` is remembered."""
        return self.known.keys() >= hashes if isinstance(hashes, (set, frozenset)) else not self.unknown(hashes)

    def of(self, hashes: Iterable[int]) -> set[int]:
        """The boilerplate hashes among ``hashes``."""
        if self.minimum <= 0:
            return set()
        hashes = list(hashes)
        missing = self.unknown(hashes)
        # room for the statuses to be read, not for all of them: the known ones stay known (a
        # step over many texts, each reading 100,000s of statuses, cleared the memo at every call
        # and read every status again)
        if self._room(len(missing)):
            missing = hashes
        if missing:
            counts = self.store.hash_site_max(missing)
            for h in missing:
                self.known[h] = counts.get(h, 0) >= self.minimum
        return {h for h in hashes if self.known[h]}


def boilerplate(store: StateStore, hashes: Iterable[int], cfg: DedupConfig) -> set[int]:
    """The hashes among ``hashes`` held by ``boilerplate_articles`` or more articles of one site."""
    return Boilerplate(store, cfg).of(hashes)
