"""The source check stage's plain settings (``SOURCE_CHECK_*``; its text measure is the
syndication stage's, ``DEDUP_*``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crawler.config import SettingsReader, reader
from crawler.syndication.config import DedupConfig


@dataclass(frozen=True)
class SourceCheckConfig:
    """Plain settings of the source check stage (defaults in ``crawler/settings.py``)."""

    #: The containment measure of the syndication stage: at its threshold or above, the claimed
    #: page holds the post's text (or the reverse).
    dedup: DedupConfig
    #: Containment below which (both ways) the claimed page's text contradicts the claim.
    content_mismatch_below: float
    #: Slugs and titles with fewer content words than this give no evidence.
    slug_min_words: int
    #: Share of the slug's (title's) content words that must appear in the post; less is a mismatch.
    slug_min_overlap: float

    @property
    def threshold(self) -> float:
        return self.dedup.threshold

    @classmethod
    def from_settings(cls, settings: SettingsReader | dict[str, Any] | None = None) -> SourceCheckConfig:
        """From Scrapy settings, or from the project's defaults under a dict of overrides."""
        s = reader(settings)
        return cls(
            dedup=DedupConfig.from_settings(s),
            content_mismatch_below=s.getfloat("SOURCE_CHECK_CONTENT_MISMATCH_BELOW"),
            slug_min_words=s.getint("SOURCE_CHECK_SLUG_MIN_WORDS"),
            slug_min_overlap=s.getfloat("SOURCE_CHECK_SLUG_MIN_OVERLAP"),
        )
