"""The project's stats collector: Scrapy's in-memory one, without the attribute hook."""

from __future__ import annotations

import warnings

from scrapy import Spider
from scrapy.statscollectors import MemoryStatsCollector as ScrapyMemoryStatsCollector

from crawler.stats import MemoryStatsCollector
from tests.helpers import project_crawler


def test_the_project_counts_with_its_own_collector() -> None:
    stats = project_crawler().stats
    assert type(stats) is MemoryStatsCollector
    assert isinstance(stats, ScrapyMemoryStatsCollector)
    # no hook of its own on attribute reads: a read of the collector is Python's plain one
    assert type(stats).__getattribute__ is object.__getattribute__


def test_it_keeps_scrapys_methods_and_their_spider_argument() -> None:
    crawler = project_crawler()
    stats = crawler.stats
    spider = crawler.spider = Spider("probe")
    stats.open_spider()
    stats.inc_value("dedup/copies")
    stats.inc_value("dedup/copies", 2)
    stats.inc_value("source_check/mismatch", start=10)
    stats.max_value("depth/max", 3)
    stats.max_value("depth/max", 2)
    stats.min_value("depth/min", 3)
    stats.min_value("depth/min", 1)
    stats.set_value("finish_reason", "finished")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the old spider argument is taken without a warning
        stats.inc_value("seen/marks", spider=spider)
    assert stats.get_value("dedup/copies") == 3
    assert stats.get_value("absent", 7) == 7
    assert stats.get_stats() == {"dedup/copies": 3, "source_check/mismatch": 11, "depth/max": 3,
                                 "depth/min": 1, "finish_reason": "finished", "seen/marks": 1}
    stats.close_spider(reason="finished")
    assert stats.spider_stats["probe"]["dedup/copies"] == 3  # kept per spider at its close
