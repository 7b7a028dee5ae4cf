"""GcFreeze: the crawl process's long-lived objects leave the collector's reach when the engine
starts, and the young generation's threshold is raised then; the extension as Scrapy's extension
manager builds it from the project's settings."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from scrapy import Spider, signals

from crawler.extensions.gc_freeze import GcFreeze, thresholds
from tests.helpers import project_crawler


@pytest.fixture
def unfrozen() -> Iterator[None]:
    before = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()  # the test process goes on as it was
    gc.set_threshold(*before)


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


def test_threshold_raised_when_the_engine_starts(unfrozen: None) -> None:
    gc.set_threshold(700, 10, 10)
    crawler = project_crawler({"EXTENSIONS_BASE": {}}, Spider)
    assert gc.get_threshold() == (700, 10, 10)  # not before the engine starts
    crawler.signals.send_catch_log(signals.engine_started)
    assert gc.get_threshold() == (50000, 10, 10)  # the project's default
    assert gc.isenabled()


def test_threshold_alone(unfrozen: None) -> None:
    gc.set_threshold(700, 10, 10)
    crawler = project_crawler({"EXTENSIONS_BASE": {}, "GC_FREEZE_ENABLED": False,
                               "GC_THRESHOLD": "20000, 5"}, Spider)
    assert isinstance(crawler.get_extension(GcFreeze), GcFreeze)
    crawler.signals.send_catch_log(signals.engine_started)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == (20000, 5, 10)  # the numbers given, Python's for the rest


def test_threshold_left_as_python_has_it(unfrozen: None) -> None:
    gc.set_threshold(700, 10, 10)
    crawler = project_crawler({"EXTENSIONS_BASE": {}, "GC_THRESHOLD": ()}, Spider)
    crawler.signals.send_catch_log(signals.engine_started)
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (700, 10, 10)


def test_switched_off(unfrozen: None) -> None:
    gc.set_threshold(700, 10, 10)
    crawler = project_crawler({"EXTENSIONS_BASE": {}, "GC_FREEZE_ENABLED": False, "GC_THRESHOLD": None},
                              Spider)
    assert crawler.get_extension(GcFreeze) is None
    crawler.signals.send_catch_log(signals.engine_started)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == (700, 10, 10)


@pytest.mark.parametrize(("value", "expected"), [
    ((50000, 10, 10), (50000, 10, 10)),
    ([2000], (2000,)),
    ("50000,10,10", (50000, 10, 10)),
    ("50000 20", (50000, 20)),
    (" 3000 , 10 , 0 ", (3000, 10, 0)),
    (["4000", "10"], (4000, 10)),
    ("", ()),
    ((), ()),
    (None, ()),
])
def test_thresholds_read(value: object, expected: tuple[int, ...]) -> None:
    assert thresholds(value) == expected


@pytest.mark.parametrize("value", [
    0, "0", (0, 10, 10), (700, -1), (1, 2, 3, 4), "many", ["1.5"], (1.5,), {"a": 1}, ",",
])
def test_thresholds_refused(value: object) -> None:
    with pytest.raises(ValueError, match="GC_THRESHOLD"):
        thresholds(value)


def test_bad_threshold_stops_the_crawler_with_its_name(unfrozen: None) -> None:
    with pytest.raises(ValueError, match="GC_THRESHOLD must be"):
        project_crawler({"EXTENSIONS_BASE": {}, "GC_THRESHOLD": "fast"}, Spider)
