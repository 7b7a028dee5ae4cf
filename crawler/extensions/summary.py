"""One summary line per run, at the end of the log: what was found, written, skipped, flagged.

Every site of the run appears in it, those that gave nothing too (``jpost 0``). When a site failed
its health checks (:mod:`crawler.health`), one ERROR line per such site follows, naming the
site and the reasons, and a last line says the health monitors failed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals

from crawler.extensions.health import SiteHealthExtension
from crawler.health import MONITOR_FAILED_EXIT

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def summary_line(name: str, stats: dict[str, Any], reason: str, site_names: Iterable[str] = ()) -> str:
    """The run's summary from its stats, e.g. ``Run summary (news, finished): 38 articles ...``;
    ``site_names``: the sites of the run (listed even when they gave no article)."""

    def total(prefix: str) -> int:
        return sum(v for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int))

    counts = dict.fromkeys(site_names, 0)
    counts.update((k.split("/", 1)[1], v) for k, v in stats.items() if k.startswith("articles/"))
    sites = sorted(counts.items())
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
    stopped = stats.get("incremental/pagination_stopped")
    if isinstance(stopped, int) and stopped > 0:
        parts.insert(3, f"pagination not followed from {stopped} index pages of nothing new")
    not_modified = stats.get("incremental/listings_not_modified")
    if isinstance(not_modified, int) and not_modified > 0:
        parts.insert(3, f"{not_modified} listings not modified (304)")
    unread = stats.get("incremental/sitemaps_unchanged")
    if isinstance(unread, int) and unread > 0:
        parts.insert(3, f"{unread} unchanged child sitemaps not read")
    pruned = stats.get("dedup/pruned")
    if isinstance(pruned, int) and pruned > 0:
        more = " (more wait)" if stats.get("dedup/prune_left") else ""
        parts.append(f"{pruned} articles past retention left the state{more}")
    elapsed = stats.get("elapsed_time_seconds")
    tail = f" in {elapsed:.1f} s" if isinstance(elapsed, (int, float)) else ""
    return f"Run summary ({name}, {reason}){tail}: " + "; ".join(parts)


class RunSummary:
    """Logs :func:`summary_line` when the spider closes, then the sites that failed their checks."""

    def __init__(self, crawler: Crawler, stats: StatsCollector) -> None:
        self.crawler = crawler
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        assert crawler.stats is not None
        ext = cls(crawler, crawler.stats)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Spider, reason: str) -> None:
        names = [s.name for s in getattr(spider, "sites", [])]
        logger.info(summary_line(spider.name, self.stats.get_stats(), reason, names))
        health = self.crawler.get_extension(SiteHealthExtension)
        for site in health.healths if health is not None else []:
            if site.problems:
                logger.error("Site %s failed its health checks: %s", site.figures.site,
                             "; ".join(p.reason for p in site.problems))
        failed = self.stats.get_value("monitors/failed")
        if failed:
            logger.error("Health monitors: %d failed (exit code %d)", failed, MONITOR_FAILED_EXIT)
