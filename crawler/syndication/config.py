"""The syndication stage's plain settings (``DEDUP_*``), read once from the settings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from crawler.config import SettingsReader, reader


@dataclass(frozen=True)
class DedupConfig:
    """Plain settings of the syndication stage (``DEDUP_*``; defaults in ``crawler/settings.py``)."""

    #: Containment of one text in the other at or above which two articles are copies.
    threshold: float
    #: The same for two articles of one site: text shared within a site is mostly boilerplate,
    #: so only near-duplicates (one article under two URLs) link.
    same_site_threshold: float
    #: Words per shingle.
    shingle_size: int
    #: Keep every shingle hash ``h`` with ``h % sample_mod == 0`` in the stored sketch...
    sample_mod: int
    #: ...plus the ``sample_floor`` smallest (short texts).
    sample_floor: int
    #: A hash held by at least this many articles of one site is that site's template
    #: (boilerplate) and ignored.
    boilerplate_articles: int
    #: Texts with fewer words never link to anything (too little evidence).
    min_words: int
    #: Shingles whose boilerplate status changed that may wait before the articles holding them
    #: are linked again, all at once (0: at once). The links and clusters a flush leaves do not
    #: depend on it (:func:`crawler.syndication.clusters.flush_relinks`).
    relink_batch: int
    #: Articles last stored more than this many days ago leave the store when the syndication
    #: stage opens, with all derived from them (:mod:`.retention`); 0: they stay for ever.
    retention_days: float = 0.0
    #: At most this many articles leave per run (the rest at the next runs).
    retention_max: int = 10_000
    # Constants of the method (not settings):
    #: At least this many sampled hashes must decide a containment estimate.
    min_base: int = 3
    #: At least this many shared sampled hashes for a link.
    min_shared: int = 3
    #: Articles read per hash from the candidate index: a guard only. A hash held by fewer than
    #: ``boilerplate_articles`` articles of each site reaches it only when thousands of sites hold
    #: it; below it every candidate is examined, so no decision depends on arrival order.
    posting_limit: int = 20_000
    #: The version of the rule dividing a component into clusters (:mod:`.graph`); a state whose
    #: clusters were divided by another is derived again (2: dates compared by day only within
    #: a component that has a date without a time, not across the components divided together).
    division: int = 2

    @classmethod
    def from_settings(cls, settings: SettingsReader | dict[str, Any] | None = None) -> DedupConfig:
        """From Scrapy settings, or from the project's defaults under a dict of overrides."""
        s = reader(settings)
        return cls(
            threshold=s.getfloat("DEDUP_CONTAINMENT_THRESHOLD"),
            same_site_threshold=s.getfloat("DEDUP_SAME_SITE_THRESHOLD"),
            shingle_size=s.getint("DEDUP_SHINGLE_SIZE"),
            sample_mod=s.getint("DEDUP_SAMPLE_MOD"),
            sample_floor=s.getint("DEDUP_SAMPLE_FLOOR"),
            boilerplate_articles=s.getint("DEDUP_BOILERPLATE_SITE_ARTICLES"),
            min_words=s.getint("DEDUP_MIN_WORDS"),
            relink_batch=max(0, s.getint("DEDUP_RELINK_BATCH")),
            retention_days=max(0.0, s.getfloat("DEDUP_RETENTION_DAYS")),
            retention_max=max(0, s.getint("DEDUP_RETENTION_MAX_PER_RUN")),
        )

    def links_fingerprint(self) -> str:
        """The values stored links and clusters depend on (kept with the state: when they change,
        the links and clusters are derived again)."""
        return json.dumps({
            "threshold": self.threshold, "same_site_threshold": self.same_site_threshold,
            "shingle_size": self.shingle_size, "boilerplate_articles": self.boilerplate_articles,
            "min_words": self.min_words, "min_base": self.min_base, "min_shared": self.min_shared,
            "division": self.division,
        }, sort_keys=True)
