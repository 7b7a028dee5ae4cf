"""One summary line per run, at the end of the log: what was found, written, skipped, flagged."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def summary_line(name: str, stats: dict[str, Any], reason: str) -> str:
    """The run's summary from its stats, e.g. ``Run summary (news, finished): 38 articles ...``."""

    def total(prefix: str) -> int:
        return sum(v for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int))

    sites = sorted((k.split("/", 1)[1], v) for k, v in stats.items() if k.startswith("articles/"))
    per_site = ", ".join(f"{site} {n}" for site, n in sites) or "none"
    parts = [
        f"{stats.get('item_scraped_count', 0)} articles written ({per_site})",
        f"{stats.get('response_received_count', 0)} responses",
        f"{stats.get('incremental/unchanged_skipped', 0)} unchanged articles skipped",
        f"{total('extraction/skipped/')} non-articles skipped",
        f"{total('fetch/http_error/') + total('fetch/failed/')} failed requests",
        f"{stats.get('dedup/copies', 0)} copies",
        f"{stats.get('source_check/mismatch', 0)} mismatched and {stats.get('source_check/missing', 0)} "
        "missing attributions",
    ]
    elapsed = stats.get("elapsed_time_seconds")
    tail = f" in {elapsed:.1f} s" if isinstance(elapsed, (int, float)) else ""
    return f"Run summary ({name}, {reason}){tail}: " + "; ".join(parts)


class RunSummary:
    """Logs :func:`summary_line` when the spider closes."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        assert crawler.stats is not None
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Spider, reason: str) -> None:
        logger.info(summary_line(spider.name, self.stats.get_stats(), reason))
