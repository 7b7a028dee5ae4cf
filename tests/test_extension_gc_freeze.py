"""GcFreeze: the crawl process's long-lived objects leave the collector's reach when the engine
starts; the extension as Scrapy's extension manager builds it from the project's settings."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from scrapy import Spider, signals

from crawler.extensions.gc_freeze import GcFreeze
from tests.helpers import project_crawler


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the test process goes on as it was


def test_frozen_when_the_engine_starts(unfrozen: None) -> None:
    crawler = project_crawler({"EXTENSIONS_BASE": {}}, Spider)
    assert isinstance(crawler.get_extension(GcFreeze), GcFreeze)
    assert crawler.stats is not None
    crawler.stats.open_spider()
    assert gc.get_freeze_count() == 0
    crawler.signals.send_catch_log(signals.engine_started)
    counted = crawler.stats.get_value("gc/frozen")
    assert counted > 1000  # the interpreter's modules at least
    assert 0 < gc.get_freeze_count() <= counted  # frozen objects freed since leave the count


def test_switched_off(unfrozen: None) -> None:
    crawler = project_crawler({"EXTENSIONS_BASE": {}, "GC_FREEZE_ENABLED": False}, Spider)
    assert crawler.get_extension(GcFreeze) is None
    crawler.signals.send_catch_log(signals.engine_started)
    assert gc.get_freeze_count() == 0
