"""The syndication stage's plain settings (``DEDUP_*``), read once from the settings."""

from __future__ import annotations

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
    #: A hash indexed in at least this many clusters is boilerplate and ignored.
    boilerplate_clusters: int
    #: Texts with fewer words never link to anything (too little evidence).
    min_words: int
    # Constants of the method (not settings):
    #: At least this many sampled hashes must decide a containment estimate.
    min_base: int = 3
    #: At least this many shared sampled hashes for a link.
    min_shared: int = 3
    #: Candidates (by number of shared hashes) examined per record.
    max_candidates: int = 50
    #: Articles read per hash from the candidate index.
    posting_limit: int = 200

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
            boilerplate_clusters=s.getint("DEDUP_BOILERPLATE_CLUSTERS"),
            min_words=s.getint("DEDUP_MIN_WORDS"),
        )
