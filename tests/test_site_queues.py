"""SiteQueues: how many requests of one site wait at once, and the backlog of the rest."""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.config import ProjectSettings
from crawler.spiders.queues import Held, QueueConfig, SiteQueues


def queues(max_queued: int, max_backlog: int) -> SiteQueues:
    return SiteQueues(QueueConfig(max_queued, max_backlog), MemoryStatsCollector(get_crawler()))


def held(i: int) -> Held:
    return Held(f"http://127.0.0.1:8001/a/{i}", "parse_article", "index", {})


def test_requests_beyond_the_cap_wait_and_go_out_in_order() -> None:
    q = queues(2, 100)
    assert [q.admit("a", held(i)) for i in range(5)] == [True, True, False, False, False]
    assert q.admit("b", held(9))  # another site has its own queue
    assert list(q.release("a")) == []  # nothing finished yet
    q.finished("a")
    assert [h.url for h in q.release("a")] == [held(2).url]
    q.finished("a")
    q.finished("a")
    assert [h.url for h in q.release("a")] == [held(3).url, held(4).url]
    assert q.waiting == 0
    assert q.stats.get_value("site_queue/held") == 3
    assert q.stats.get_value("site_queue/max_backlog") == 3


def test_new_links_queue_behind_the_backlog() -> None:
    q = queues(1, 100)
    assert q.admit("a", held(0)) and not q.admit("a", held(1))
    q.finished("a")
    assert not q.admit("a", held(2))  # room again, but held(1) waits first
    assert [h.url for h in q.release("a")] == [held(1).url]


def test_backlog_is_bounded_and_a_stopped_site_loses_it() -> None:
    q = queues(1, 3)
    results = [q.admit("a", held(i)) for i in range(10)]
    assert results.count(True) == 1 and q.waiting == 3
    assert q.stats.get_value("site_queue/dropped/overflow") == 6
    assert q.stop("a") == 3 and q.waiting == 0
    assert not q.admit("a", held(11))
    assert q.stats.get_value("site_queue/dropped/stopped") == 4


def test_idle_releases_every_backlog() -> None:
    q = queues(2, 100)
    for site in ("a", "b"):
        for i in range(4):
            q.admit(site, held(i))
    released = list(q.release_idle())  # nothing is outstanding when the crawl is idle
    assert [(s, h.url) for s, h in released] == [("a", held(2).url), ("a", held(3).url),
                                                 ("b", held(2).url), ("b", held(3).url)]


def test_no_cap() -> None:
    q = queues(0, 0)
    assert all(q.admit("a", held(i)) for i in range(1000))
    assert q.waiting == 0


def test_no_cap_with_a_disk_queue() -> None:
    assert QueueConfig.from_settings(ProjectSettings()) == QueueConfig(2000, 20_000)
    assert QueueConfig.from_settings(ProjectSettings({"JOBDIR": "job"})).max_queued == 0
