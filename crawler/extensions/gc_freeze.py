"""Keeps what the crawl process holds when the engine starts out of the cyclic garbage
collector's reach (``gc.freeze()``).

By then the process holds Scrapy, Twisted, the spiders, the settings and every imported module:
objects that live as long as the process. Each page leaves short-lived garbage behind, which
triggers collections, and the oldest generation's collections would walk all of those again.
Frozen, they are skipped (the stat ``gc/frozen`` says how many); nothing frozen is ever
collected, which costs nothing for objects kept to the end anyway. The extraction workers do the
same with what they were forked with (``crawler.extraction_runner``).
``GC_FREEZE_ENABLED = False`` switches it off.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class GcFreeze:
    """``gc.freeze()`` when the engine starts; the frozen count in the stats."""

    def __init__(self, stats: StatsCollector | None = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GcFreeze:
        if not crawler.settings.getbool("GC_FREEZE_ENABLED"):
            raise NotConfigured
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.engine_started, signal=signals.engine_started)
        return ext

    def engine_started(self) -> None:
        gc.freeze()
        if self.stats is not None:
            self.stats.set_value("gc/frozen", gc.get_freeze_count())
