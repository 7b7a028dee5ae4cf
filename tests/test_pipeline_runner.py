"""StateStagesPipeline: the ``STATE_STAGES`` run in order, in one worker thread, off the reactor.

Built as Scrapy's own tests build components: a crawler with the project's settings and
``build_from_crawler``. The stages are small real classes defined here (``STATE_STAGES`` takes
classes as well as dotted paths), plus the project's two real stages on a real SQLite file. The
async tests run on the reactor's asyncio loop (pytest-twisted, ``--reactor=asyncio``), whose
thread is the test's own thread.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.misc import build_from_crawler

from crawler.items import Article, ClaimedSource
from crawler.pipelines.runner import StateStagesPipeline
from crawler.pipelines.source_check import SourceCheckPipeline
from crawler.pipelines.syndication import SyndicationPipeline
from crawler.spiders.news import NewsSpider
from crawler.state import StateStoreError, open_store
from tests.helpers import paragraphs, project_crawler

if TYPE_CHECKING:
    from redis_server import RedisServer


class Stage:
    """A stage that records the threads it runs in and appends its name to ``item["trail"]``."""

    name = "stage"

    def __init__(self) -> None:
        self.threads: dict[str, set[int]] = {"open": set(), "process": set(), "close": set()}
        self.spans: list[tuple[float, float]] = []

    def open_spider(self, spider: Any = None) -> None:
        self.threads["open"].add(threading.get_ident())

    def close_spider(self, spider: Any = None) -> None:
        self.threads["close"].add(threading.get_ident())

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        start = time.monotonic()
        self.threads["process"].add(threading.get_ident())
        item["trail"].append(self.name)
        if item.get("work"):
            time.sleep(item["work"])  # blocking work, as a store query is
        self.spans.append((start, time.monotonic()))
        return item


class First(Stage):
    name = "first"


class Second(Stage):
    name = "second"


class Third(Stage):
    name = "third"


class Off(Stage):
    """A stage switched off by its settings."""

    name = "off"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Off:
        raise NotConfigured("OFF_ENABLED is off")


class Dropper(Stage):
    """Drops the items marked ``drop``."""

    name = "dropper"

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        super().process_item(item)
        if item.get("drop"):
            raise DropItem("marked drop")
        return item


class Broken(Stage):
    """A stage with a bug on items marked ``boom`` and in its close."""

    name = "broken"

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        super().process_item(item)
        if item.get("boom"):
            raise ZeroDivisionError("stage bug")
        return item

    def close_spider(self, spider: Any = None) -> None:
        super().close_spider(spider)
        raise RuntimeError("close failed")


class LoopTicks:
    """Counts the event loop's turns (one each 5 ms) while the block runs: a loop blocked
    throughout counts about one."""

    def __init__(self) -> None:
        self.count = 0
        self._done = False
        self._task: asyncio.Future[None] | None = None

    async def _tick(self) -> None:
        while not self._done:
            self.count += 1
            await asyncio.sleep(0.005)

    async def __aenter__(self) -> LoopTicks:
        self._task = asyncio.ensure_future(self._tick())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._done = True
        assert self._task is not None
        await self._task


def _pipeline(stages: list[type[Stage]], **settings: Any) -> StateStagesPipeline:
    crawler = project_crawler({"STATE_STAGES": stages, **settings})
    return build_from_crawler(StateStagesPipeline, crawler)


def _item(**kw: Any) -> dict[str, Any]:
    return {"trail": [], **kw}


@pytest.mark.parametrize(
    "order",
    [[First, Second, Third], [Third, First, Second], [Second], [Third, Second, First]],
)
@deferred_f_from_coro_f
async def test_stages_run_in_order_in_one_worker_thread(order: list[type[Stage]]) -> None:
    reactor_thread = threading.get_ident()
    pipeline = _pipeline(order)
    assert [type(s) for s in pipeline.stages] == order
    await pipeline.open_spider()
    items = [_item(n=n) for n in range(6)]
    out = await asyncio.gather(*(pipeline.process_item(it) for it in items))
    await pipeline.close_spider()
    assert out == items  # the same items, each once
    assert all(it["trail"] == [cls.name for cls in order] for it in out)
    threads = {t for s in pipeline.stages for method in ("open", "process", "close") for t in s.threads[method]}
    assert len(threads) == 1  # one thread for every stage and call: it owns their connections
    assert reactor_thread not in threads


@deferred_f_from_coro_f
async def test_items_one_at_a_time_while_the_reactor_goes_on() -> None:
    pipeline = _pipeline([First, Second])
    await pipeline.open_spider()
    async with LoopTicks() as ticks:
        await asyncio.gather(*(pipeline.process_item(_item(work=0.03)) for _ in range(5)))
    await pipeline.close_spider()
    # 10 stage calls of 30 ms each: the loop kept ticking meanwhile (were it blocked: ~1 tick)
    assert ticks.count >= 10
    spans = sorted(span for s in pipeline.stages for span in s.spans)
    assert len(spans) == 10
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


@pytest.mark.parametrize(
    ("configured", "built"),
    [
        ([First, Off, Second], [First, Second]),
        ([Off, Third], [Third]),
        ([Second, Off], [Second]),
    ],
)
@deferred_f_from_coro_f
async def test_a_stage_raising_not_configured_is_left_out(configured: list[type[Stage]], built: list[type[Stage]],
                                                          caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="crawler.pipelines.runner"):
        pipeline = _pipeline(configured)
    assert [type(s) for s in pipeline.stages] == built
    assert f"State stage {Off!r} is off: OFF_ENABLED is off" in caplog.text
    await pipeline.open_spider()
    item = await pipeline.process_item(_item())
    await pipeline.close_spider()
    assert item["trail"] == [cls.name for cls in built]


@pytest.mark.parametrize("configured", [[], [Off], [Off, Off]])
def test_no_stage_enabled_turns_the_pipeline_off(configured: list[type[Stage]]) -> None:
    with pytest.raises(NotConfigured, match="no state stage enabled"):
        _pipeline(configured)


@pytest.mark.parametrize(
    ("marks", "trails"),
    [
        # (drop?) per item -> the trail each item leaves; None: dropped
        ([False, True, False], [["first", "dropper", "second"], None, ["first", "dropper", "second"]]),
        ([True, True], [None, None]),
        ([False], [["first", "dropper", "second"]]),
    ],
)
@deferred_f_from_coro_f
async def test_drop_item_from_a_stage_drops_the_item(marks: list[bool], trails: list[list[str] | None]) -> None:
    pipeline = _pipeline([First, Dropper, Second])
    await pipeline.open_spider()
    items = [_item(drop=m) for m in marks]
    results = await asyncio.gather(*(pipeline.process_item(it) for it in items), return_exceptions=True)
    await pipeline.close_spider()
    for item, result, trail in zip(items, results, trails, strict=True):
        if trail is None:
            assert isinstance(result, DropItem)
            assert item["trail"] == ["first", "dropper"]  # the stages after the dropper never saw it
        else:
            assert result is item
            assert item["trail"] == trail


@deferred_f_from_coro_f
async def test_a_stage_error_fails_that_item_only() -> None:
    pipeline = _pipeline([First, Broken, Second])
    await pipeline.open_spider()
    ok_before = await pipeline.process_item(_item())
    with pytest.raises(ZeroDivisionError, match="stage bug"):
        await pipeline.process_item(_item(boom=True))
    ok_after = await pipeline.process_item(_item())
    assert ok_before["trail"] == ok_after["trail"] == ["first", "broken", "second"]
    # close: the error reaches Scrapy, and the worker thread is shut down all the same
    with pytest.raises(RuntimeError, match="close failed"):
        await pipeline.close_spider()
    assert pipeline.stages[0].threads["close"]  # the stage before the broken one was closed
    with pytest.raises(RuntimeError):
        pipeline.executor.submit(lambda: None)


@deferred_f_from_coro_f
async def test_open_and_close_run_in_the_worker_thread() -> None:
    pipeline = _pipeline([First, Second])
    test_thread = threading.get_ident()
    await pipeline.open_spider()
    opened = {t for s in pipeline.stages for t in s.threads["open"]}
    assert len(opened) == 1 and test_thread not in opened
    assert not any(s.threads["close"] for s in pipeline.stages)
    await pipeline.close_spider()
    assert {t for s in pipeline.stages for t in s.threads["close"]} == opened
    with pytest.raises(RuntimeError):  # the worker is gone after close
        pipeline.executor.submit(lambda: None)



class SlowClose(Stage):
    """A stage whose close blocks for a while (a store writing what waits)."""

    name = "slow-close"

    def close_spider(self, spider: Any = None) -> None:
        super().close_spider(spider)
        time.sleep(0.3)


@deferred_f_from_coro_f
async def test_a_slow_close_leaves_the_reactor_running() -> None:
    """One crawler's close (its stages' stores writing what waits) does not hold up the loop, and
    with it the other crawlers of the process."""
    pipeline = _pipeline([First, SlowClose])
    await pipeline.open_spider()
    async with LoopTicks() as ticks:
        await pipeline.close_spider()
    assert all(s.threads["close"] for s in pipeline.stages)  # the close was done, then returned
    assert ticks.count >= 10  # 300 ms of close: the loop kept ticking (were it blocked: ~1 tick)

# --- the project's stages on a real SQLite file ----------------------------------------------------

SITES = """
[[site]]
name = "wire"
kind = "news"
hosts = ["127.0.0.1:8002"]
feeds = ["http://127.0.0.1:8002/feed.xml"]

[[site]]
name = "portal"
kind = "aggregator"
hosts = ["127.0.0.1:8004"]
feeds = ["http://127.0.0.1:8004/feed.xml"]
"""


def _body(seed: int, n: int = 6) -> str:
    return "\n".join(paragraphs(seed, n))


ORIGINAL = "http://127.0.0.1:8002/story/1"
COPY = "http://127.0.0.1:8004/p/1"


@pytest.mark.parametrize(
    ("settings", "stages", "copy_result"),
    [
        ({}, [SyndicationPipeline, SourceCheckPipeline],
         {"syndication": "copy", "sourceCheck": {"status": "match", "reasons": [], "originalUrl": ORIGINAL}}),
        ({"SOURCE_CHECK_ENABLED": False}, [SyndicationPipeline], {"syndication": "copy", "sourceCheck": None}),
        ({"DEDUP_DROP_COPIES": True}, [SyndicationPipeline, SourceCheckPipeline], None),
    ],
)
@deferred_f_from_coro_f
async def test_real_stages_on_a_real_sqlite_file(tmp_path: Path, settings: dict[str, Any],
                                                  stages: list[type], copy_result: dict[str, Any] | None) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text(SITES, encoding="utf-8")
    state = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    crawler = project_crawler({"STATE_URI": state, "EXTRACTION_WORKERS": 0, **settings}, NewsSpider)
    crawler.spider = crawler._create_spider(sites=str(sites))
    assert crawler.stats is not None
    crawler.stats.open_spider()
    pipeline = build_from_crawler(StateStagesPipeline, crawler)  # STATE_STAGES: the project's list
    assert [type(s) for s in pipeline.stages] == stages
    await pipeline.open_spider()
    original = await pipeline.process_item(Article(url=ORIGINAL, site="wire", siteKind="news",
                                                   articleBody=_body(1), datePublished="2024-05-01T08:00:00Z"))
    copy = Article(url=COPY, site="portal", siteKind="aggregator", articleBody=_body(1, n=3),
                   datePublished="2024-05-01T10:00:00Z",
                   claimedSource=ClaimedSource(url=ORIGINAL, text=f"Article source: {ORIGINAL}"))
    if copy_result is None:
        with pytest.raises(DropItem, match="DEDUP_DROP_COPIES"):
            await pipeline.process_item(copy)
    else:
        await pipeline.process_item(copy)
    await pipeline.close_spider()  # the stages close their stores in the worker thread that opened them

    assert original.syndication is not None and original.syndication.role == "unique"
    if copy_result is not None:
        assert copy.syndication is not None
        assert copy.syndication.role == copy_result["syndication"]
        assert copy.syndication.duplicateOf == ORIGINAL
        check = copy_result["sourceCheck"]
        assert (asdict(copy.sourceCheck) if copy.sourceCheck else None) == check
    with open_store(state) as store:  # what the stages wrote is in the file
        assert store.count_articles() == 2
        stored = store.find_article(COPY)
        assert stored is not None and stored.cluster_id == original.syndication.clusterId
    stats = crawler.stats.get_stats()
    assert stats["dedup/unique"] == 1 and stats["dedup/copies"] == 1
    assert stats.get("dedup/dropped") == (1 if copy_result is None else None)


@deferred_f_from_coro_f
async def test_a_store_that_fails_under_a_stage_fails_the_item_and_stops_the_crawl(
        tmp_path: Path, restartable_redis: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    """Redis goes away inside the stages' section, for longer than ``reconnect_wait`` (0 here): the
    item is not given a verdict the store never made ("unique", "unverified"), it fails (not
    written, not marked seen) and the crawl is told to stop, once."""

    class StopsRedis:
        def process_item(self, item: Article) -> Article:
            if item.url == COPY:
                restartable_redis.shutdown()
            return item

    sites = tmp_path / "sites.toml"
    sites.write_text(SITES, encoding="utf-8")
    crawler = project_crawler({"STATE_URI": f"{restartable_redis.uri}?reconnect_wait=0", "EXTRACTION_WORKERS": 0,
                               "STATE_STAGES": [StopsRedis, SyndicationPipeline, SourceCheckPipeline]}, NewsSpider)
    crawler.spider = crawler._create_spider(sites=str(sites))
    assert crawler.stats is not None
    crawler.stats.open_spider()
    pipeline = build_from_crawler(StateStagesPipeline, crawler)
    await pipeline.open_spider()
    original = await pipeline.process_item(Article(url=ORIGINAL, site="wire", siteKind="news", articleBody=_body(1)))
    copy = Article(url=COPY, site="portal", siteKind="aggregator", articleBody=_body(1, n=3),
                   claimedSource=ClaimedSource(url=ORIGINAL, text=f"Article source: {ORIGINAL}"))
    with caplog.at_level(logging.ERROR, logger="crawler.pipelines.runner"):
        with pytest.raises(StateStoreError, match="Redis did not answer"):
            await pipeline.process_item(copy)
        with pytest.raises(StateStoreError):
            await pipeline.process_item(Article(url=f"{COPY}2", site="portal", siteKind="aggregator",
                                                articleBody=_body(2)))
    await pipeline.close_spider()
    assert original.syndication is not None and original.sourceCheck is not None
    assert copy.syndication is None and copy.sourceCheck is None
    stats = crawler.stats.get_stats()
    # no role or status counted for the failed items (the close's relink flush, Redis still
    # down, is one "dedup/errors" of its own)
    assert stats["dedup/unique"] == 1 and "dedup/copies" not in stats
    assert "source_check/errors" not in stats and "source_check/unverified" not in stats
    assert stats["state/errors"] == 1
    told = [r.getMessage() for r in caplog.records if "stopping the crawl" in r.getMessage()]
    assert len(told) == 1 and told[0].startswith("The state store failed: ")  # once, for two items
    assert f"127.0.0.1:{restartable_redis.port}" in told[0] and "Redis did not answer for 0s" in told[0]


@deferred_f_from_coro_f
async def test_waiting_relinks_are_done_when_the_stage_closes(tmp_path: Path) -> None:
    """Seven posts of one site share a template, which turns into boilerplate at the sixth: the
    relinks wait (``DEDUP_RELINK_BATCH``) and are done, and counted, when the stage closes. The
    five posts stored before the change are linked again; the sixth and seventh, whose links the
    stage derived after it, are not."""
    from tests.order_corpus import TEMPLATE

    sites = tmp_path / "sites.toml"
    sites.write_text(SITES, encoding="utf-8")
    state = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    crawler = project_crawler({"STATE_URI": state, "EXTRACTION_WORKERS": 0, "DEDUP_RELINK_BATCH": 1000},
                              NewsSpider)
    crawler.spider = crawler._create_spider(sites=str(sites))
    assert crawler.stats is not None
    crawler.stats.open_spider()
    pipeline = build_from_crawler(StateStagesPipeline, crawler)
    await pipeline.open_spider()
    for i in range(7):
        await pipeline.process_item(Article(url=f"http://127.0.0.1:8004/p/{i}", site="portal", siteKind="aggregator",
                                            articleBody="\n".join([paragraphs(700 + i, 1)[0], TEMPLATE])))
    with open_store(state) as store:
        assert store.count_relink_hashes() > 0  # waiting while the crawl goes on
    await pipeline.close_spider()
    with open_store(state) as store:
        assert store.count_relink_hashes() == 0
    stats = crawler.stats.get_stats()
    assert stats["dedup/boilerplate_changes"] > 0 and stats["dedup/relink_flushes"] == 1
    assert stats["dedup/relinked"] == 5 and stats["dedup/relink_skipped"] == 2


# --- group commit ----------------------------------------------------------------------------------


class Writer(Stage):
    """Stores an article per item on the shared store of ``STATE_URI``; fails on items marked ``boom``
    after writing."""

    name = "writer"

    def __init__(self, uri: str) -> None:
        super().__init__()
        self.uri = uri
        self.store: Any = None
        self.stores: Any = None  # the runner's SharedStores

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Writer:
        return cls(crawler.settings.get("STATE_URI"))

    def open_spider(self, spider: Any = None) -> None:
        super().open_spider(spider)
        from crawler.pipelines import shared_store

        self.store = shared_store.acquire(self.stores, self.uri)

    def close_spider(self, spider: Any = None) -> None:
        super().close_spider(spider)
        from crawler.pipelines import shared_store

        shared_store.release(self.stores, self.store)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        super().process_item(item)
        from crawler.state import StoredArticle

        with self.store.exclusive():
            self.store.put_article(StoredArticle(url=f"{item['url']}/{self.name}", index_hashes=(1, 2)))
            if item.get("boom"):
                raise ZeroDivisionError("stage bug after a write")
        return item


class OtherWriter(Writer):
    name = "other"


@deferred_f_from_coro_f
async def test_waiting_items_are_one_transaction_and_leave_once_committed(tmp_path: Path) -> None:
    """Items that wait while the thread works are processed in batches (one transaction of the
    store the stages share); each leaves the pipeline only once its writes are committed (another
    connection sees them), and a stage error undoes that item's writes only."""
    uri = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    crawler = project_crawler({"STATE_STAGES": [First, Writer, OtherWriter], "STATE_URI": uri,
                               "STATE_STAGES_BATCH": 4})
    assert crawler.stats is not None
    crawler.stats.open_spider()
    pipeline = build_from_crawler(StateStagesPipeline, crawler)
    await pipeline.open_spider()
    assert pipeline.stages[1].store is pipeline.stages[2].store  # one connection for both stages
    reader = open_store(uri)
    seen_at_exit: dict[str, bool] = {}

    async def one(n: int) -> Any:
        item = _item(url=f"https://a.example/{n}", boom=n == 5, work=0.02 if n == 0 else 0)
        try:
            return await pipeline.process_item(item)
        finally:
            seen_at_exit[item["url"]] = reader.get_article(f"{item['url']}/other") is not None

    results = await asyncio.gather(*(one(n) for n in range(10)), return_exceptions=True)
    await pipeline.close_spider()
    assert isinstance(results[5], ZeroDivisionError)
    assert all(not isinstance(r, BaseException) for i, r in enumerate(results) if i != 5)
    assert seen_at_exit == {f"https://a.example/{n}": n != 5 for n in range(10)}
    urls = set(reader.article_urls())
    reader.close()
    assert urls == {f"https://a.example/{n}/{s}" for n in range(10) if n != 5 for s in ("writer", "other")}
    stats = crawler.stats.get_stats()
    assert stats["state_stages/largest_batch"] == 4  # 9 items waited while the first was processed
    assert stats["state_stages/batches"] < 10
    assert "state_stages/errors" not in stats


@deferred_f_from_coro_f
async def test_a_batch_waits_for_more_items_until_its_linger_then_the_close_writes_at_once(tmp_path: Path) -> None:
    """Fewer items than ``STATE_STAGES_BATCH``: the first waits ``STATE_STAGES_LINGER`` seconds for
    more, then its batch is written (``state_stages/lingered_batches``); a full batch goes at once
    (``state_stages/full_batches``); when the spider closes, a waiting batch is written at once,
    however long its linger. No item leaves before its batch is committed."""
    uri = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    crawler = project_crawler({"STATE_STAGES": [Writer], "STATE_URI": uri,
                               "STATE_STAGES_BATCH": 4, "STATE_STAGES_LINGER": 0.3})
    assert crawler.stats is not None
    crawler.stats.open_spider()
    pipeline = build_from_crawler(StateStagesPipeline, crawler)
    await pipeline.open_spider()
    reader = open_store(uri)
    left: dict[str, float] = {}

    async def one(n: int) -> None:
        item = _item(url=f"https://a.example/{n}")
        await pipeline.process_item(item)
        assert reader.get_article(f"{item['url']}/writer") is not None  # committed before it left
        left[item["url"]] = time.monotonic()

    started = time.monotonic()
    await asyncio.gather(*(one(n) for n in range(2)))
    assert min(left.values()) - started >= 0.25  # two waited for two more, then went together
    left.clear()
    started = time.monotonic()
    await asyncio.gather(*(one(n) for n in range(2, 6)))
    assert max(left.values()) - started < 0.25  # a full batch does not wait
    stats = crawler.stats.get_stats()
    assert stats["state_stages/lingered_batches"] == 1
    assert stats["state_stages/full_batches"] == 1
    assert stats["state_stages/batches"] == 2

    pipeline.linger = 30.0  # the spider closes while one item waits for others
    waiting = asyncio.ensure_future(one(6))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await pipeline.close_spider()
    assert time.monotonic() - started < 5
    await waiting
    assert set(reader.article_urls()) == {f"https://a.example/{n}/writer" for n in range(7)}
    reader.close()
    assert crawler.stats.get_value("state_stages/batches") == 3
