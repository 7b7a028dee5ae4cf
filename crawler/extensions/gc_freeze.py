"""The cyclic garbage collector of the crawl process: what the process holds when the engine
starts leaves its reach (``gc.freeze()``), and its youngest generation is collected less often
(``gc.set_threshold``).

By then the process holds Scrapy, Twisted, the spiders, the settings and every imported module:
objects that live as long as the process. Each page leaves short-lived garbage behind, which
triggers collections, and the oldest generation's collections would walk all of those again.
Frozen, they are skipped (the stat ``gc/frozen`` says how many); nothing frozen is ever
collected, which costs nothing for objects kept to the end anyway. The extraction workers do the
same with what they were forked with (``crawler.extraction_runner``).
``GC_FREEZE_ENABLED = False`` switches the freeze off.

Python collects its youngest generation every 700 container objects allocated and not yet
freed, and the older ones every 10 collections of the one below. A page's objects are nearly
all freed by their reference counts, yet those counts start a collection every few hundred
microseconds of the crawl, each walking what happens to be alive then (the requests, responses
and items in flight), and every tenth one the middle generation. ``GC_THRESHOLD`` (the three
numbers ``gc.set_threshold`` takes; default ``(50000, 10, 10)``) is set right after the freeze:
cyclic garbage is still collected, after 50,000 objects instead of 700 (a few megabytes at
most waiting), and the collector's share of the crawl process's CPU falls from 4-7% to about
1% (``benchmarks/JOURNAL.md``). Empty (``GC_THRESHOLD = ()``) leaves Python's. The
collector is the process's: the threshold and the freeze stay set after the crawl, as for any
other crawl in that process.
"""

from __future__ import annotations

import gc
import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def thresholds(value: object) -> tuple[int, ...]:
    """``GC_THRESHOLD`` as ``gc.set_threshold``'s arguments: () to leave Python's; ValueError for
    anything but one to three whole numbers (a sequence, or a string of them split by commas or
    spaces), the first above 0 (0 would switch the collector off)."""
    if value in (None, "", (), []):
        return ()
    items: object = value.replace(",", " ").split() if isinstance(value, str) else value
    refused = ValueError(f"GC_THRESHOLD must be one to three whole numbers, the first above 0, not {value!r}")
    if not isinstance(items, (list, tuple)) or not all(
            isinstance(v, (int, str)) and not isinstance(v, bool) for v in items):
        raise refused
    try:
        numbers = tuple(int(v) for v in items)
    except ValueError:
        raise refused from None
    if not 1 <= len(numbers) <= 3 or numbers[0] <= 0 or min(numbers) < 0:
        raise refused
    return numbers


class GcFreeze:
    """``gc.freeze()`` and ``gc.set_threshold(*GC_THRESHOLD)`` when the engine starts; the frozen
    count in the stats."""

    def __init__(self, stats: StatsCollector | None = None, freeze: bool = True,
                 threshold: Sequence[int] = ()) -> None:
        self.stats = stats
        self.freeze = freeze
        self.threshold = tuple(threshold)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GcFreeze:
        freeze = crawler.settings.getbool("GC_FREEZE_ENABLED")
        threshold = thresholds(crawler.settings.get("GC_THRESHOLD"))
        if not freeze and not threshold:
            raise NotConfigured
        ext = cls(crawler.stats, freeze=freeze, threshold=threshold)
        crawler.signals.connect(ext.engine_started, signal=signals.engine_started)
        return ext

    def engine_started(self) -> None:
        if self.freeze:
            gc.freeze()
            if self.stats is not None:
                self.stats.set_value("gc/frozen", gc.get_freeze_count())
        if self.threshold:
            gc.set_threshold(*self.threshold)
            logger.debug("garbage collector thresholds %s", gc.get_threshold())
