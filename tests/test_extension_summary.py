"""RunSummary: one line at the end of the log from the run's stats.

``summary_line`` over a table of stats; the extension as Scrapy's extension manager builds it from
``EXTENSIONS`` (``project_crawler``), fed by the crawler's real stats collector and signals.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from scrapy import Spider, signals

from crawler.extensions.summary import RunSummary, summary_line
from tests.helpers import project_crawler

EMPTY = ("0 articles written (none); 0 responses; 0 unchanged articles skipped; 0 non-articles skipped; "
         "0 failed requests; 0 copies; 0 mismatched and 0 missing attributions")


@pytest.mark.parametrize(
    ("name", "stats", "reason", "line"),
    [
        ("news", {}, "finished", f"Run summary (news, finished): {EMPTY}"),
        ("aggregator", {"elapsed_time_seconds": 12.345}, "shutdown",
         f"Run summary (aggregator, shutdown) in 12.3 s: {EMPTY}"),
        ("news", {"elapsed_time_seconds": 3}, "finished", f"Run summary (news, finished) in 3.0 s: {EMPTY}"),
        ("news", {"elapsed_time_seconds": "soon"}, "finished", f"Run summary (news, finished): {EMPTY}"),
        (
            "news",
            {
                "item_scraped_count": 38, "articles/jpost": 20, "articles/haaretz": 18,
                "response_received_count": 61, "incremental/unchanged_skipped": 4,
                "extraction/skipped/binary": 1, "extraction/skipped/not_article": 5,
                "fetch/http_error/404": 2, "fetch/http_error/500": 1, "fetch/failed/dns": 3,
                "dedup/copies": 7, "source_check/mismatch": 2, "source_check/missing": 3,
                "elapsed_time_seconds": 59.96,
            },
            "finished",
            "Run summary (news, finished) in 60.0 s: 38 articles written (haaretz 18, jpost 20); 61 responses; "
            "4 unchanged articles skipped; 6 non-articles skipped; 6 failed requests; 7 copies; "
            "2 mismatched and 3 missing attributions",
        ),
        # child sitemaps not read because their index says they did not change, only when some were not
        ("news", {"incremental/sitemaps_unchanged": 0}, "finished", f"Run summary (news, finished): {EMPTY}"),
        ("news", {"incremental/sitemaps_unchanged": 12, "incremental/unchanged_skipped": 3}, "finished",
         "Run summary (news, finished): 0 articles written (none); 0 responses; 3 unchanged articles skipped; "
         "12 unchanged child sitemaps not read; 0 non-articles skipped; 0 failed requests; 0 copies; "
         "0 mismatched and 0 missing attributions"),
        # listings a server answered 304 Not Modified, only when some were
        ("news", {"incremental/listings_not_modified": 0}, "finished", f"Run summary (news, finished): {EMPTY}"),
        ("news", {"incremental/listings_not_modified": 5, "incremental/sitemaps_unchanged": 2}, "finished",
         "Run summary (news, finished): 0 articles written (none); 0 responses; 0 unchanged articles skipped; "
         "2 unchanged child sitemaps not read; 5 listings not modified (304); 0 non-articles skipped; "
         "0 failed requests; 0 copies; 0 mismatched and 0 missing attributions"),
        # index pages whose pagination was not followed, only when some were
        ("news", {"incremental/pagination_stopped": 0}, "finished", f"Run summary (news, finished): {EMPTY}"),
        ("news", {"incremental/pagination_stopped": 2, "incremental/listings_not_modified": 1}, "finished",
         "Run summary (news, finished): 0 articles written (none); 0 responses; 0 unchanged articles skipped; "
         "1 listings not modified (304); pagination not followed from 2 index pages of nothing new; "
         "0 non-articles skipped; 0 failed requests; 0 copies; 0 mismatched and 0 missing attributions"),
        # retention's count, only when articles left (and whether more wait)
        ("news", {"dedup/pruned": 0}, "finished", f"Run summary (news, finished): {EMPTY}"),
        ("news", {"dedup/pruned": 40}, "finished",
         f"Run summary (news, finished): {EMPTY}; 40 articles past retention left the state"),
        ("news", {"dedup/pruned": 3, "dedup/prune_left": 1}, "finished",
         f"Run summary (news, finished): {EMPTY}; 3 articles past retention left the state (more wait)"),
        # only counters under the prefixes add up; other keys and non-integer values are ignored
        (
            "news",
            {"extraction/skipped/too_large": 2, "extraction/skipped_total": 100, "extraction/failed": 9,
             "fetch/failed/timeout": 1, "fetch/failed/note": "x", "fetch/http_error_total": 50,
             "articles/site-b": 1, "articles/site-a": 2, "item_scraped_count": 3},
            "closespider_timeout",
            "Run summary (news, closespider_timeout): 3 articles written (site-a 2, site-b 1); 0 responses; "
            "0 unchanged articles skipped; 2 non-articles skipped; 1 failed requests; 0 copies; "
            "0 mismatched and 0 missing attributions",
        ),
    ],
)
def test_summary_line(name: str, stats: dict[str, Any], reason: str, line: str) -> None:
    assert summary_line(name, stats, reason) == line


def test_logged_once_when_the_spider_closes(caplog: pytest.LogCaptureFixture) -> None:
    # Scrapy's own extensions are left out: the signals reach the project's extensions only
    crawler = project_crawler({"EXTENSIONS_BASE": {}}, Spider)
    ext = crawler.get_extension(RunSummary)
    assert isinstance(ext, RunSummary)
    spider = crawler.spider = crawler._create_spider(name="news")
    assert crawler.stats is not None
    crawler.stats.open_spider()
    with caplog.at_level(logging.INFO, logger="crawler.extensions.summary"):
        crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
        crawler.stats.inc_value("item_scraped_count", 2)
        crawler.stats.inc_value("articles/wire", 2)
        crawler.stats.inc_value("response_received_count", 5)
        crawler.stats.inc_value("dedup/copies")
        assert not caplog.records  # nothing before the close
        crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="finished")
    records = [r for r in caplog.records if r.name == "crawler.extensions.summary"]
    assert len(records) == 1
    assert records[0].levelno == logging.INFO
    assert records[0].getMessage() == (
        "Run summary (news, finished): 2 articles written (wire 2); 5 responses; 0 unchanged articles skipped; "
        "0 non-articles skipped; 0 failed requests; 1 copies; 0 mismatched and 0 missing attributions")


def test_enabled_by_the_project_settings() -> None:
    crawler = project_crawler({}, Spider)
    assert isinstance(crawler.get_extension(RunSummary), RunSummary)
    off = project_crawler({"EXTENSIONS": {"crawler.extensions.summary.RunSummary": None}}, Spider)
    assert off.get_extension(RunSummary) is None
