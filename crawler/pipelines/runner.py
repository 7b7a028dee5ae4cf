"""Runs the state-store stages (syndication, source check) off the reactor thread.

Each stage is an ordinary Scrapy item pipeline in its own module, with a plain synchronous
``process_item``. Their work is mostly state-store queries, which would otherwise block the
reactor thread (and with it downloads, parsing and the extraction pool) for a few milliseconds
per article. This pipeline builds the stages listed in ``STATE_STAGES`` (in order) and runs
them, one item after another, in one dedicated thread that owns their store connections, so the
reactor thread goes on while SQLite or Redis works. A stage that raises ``NotConfigured`` is
left out; ``DropItem`` from a stage drops the item as usual.

Group commit: the items waiting when the thread gets to them, at most ``STATE_STAGES_BATCH``, are
processed in one exclusive section (one transaction) of each store the stages share (the runner's
:class:`crawler.pipelines.shared_store.SharedStores`, given to the stages); each item's writes
stay atomic (a savepoint each), and an item leaves the pipeline only once its batch is committed,
as it did with a transaction of its own. An item never waits for items that arrive after it.
Stats: ``state_stages/batches``, ``state_stages/largest_batch``, ``state_stages/errors`` (a batch
whose transaction could not begin or end; its items go on with the verdicts computed).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler, load_object

from crawler.pipelines import shared_store

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

Outcome = tuple[bool, Any]  # (True, item) or (False, the exception a stage raised)


class StateStagesPipeline:
    """Item pipeline: the ``STATE_STAGES`` stages, in one worker thread."""

    def __init__(self, stages: list[Any], batch: int = 1, stats: StatsCollector | None = None) -> None:
        if not stages:
            raise NotConfigured("no state stage enabled")
        self.stages = stages
        self.batch = max(1, batch)
        self.stats = stats
        self.stores = shared_store.SharedStores()  # used in the worker thread only
        for stage in stages:
            if hasattr(stage, "stores"):
                stage.stores = self.stores
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="state-stages")
        self._queue: deque[tuple[Any, Future[Any]]] = deque()
        self._lock = threading.Lock()
        self._draining = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateStagesPipeline:
        stages = []
        for path in crawler.settings.getlist("STATE_STAGES"):
            try:
                stages.append(build_from_crawler(load_object(path), crawler))
            except NotConfigured as exc:
                logger.info("State stage %s is off%s", path, f": {exc}" if exc.args else "")
        return cls(stages, crawler.settings.getint("STATE_STAGES_BATCH"), crawler.stats)

    def _call(self, method: str, *args: Any) -> None:
        for stage in self.stages:
            fn = getattr(stage, method, None)
            if fn is not None:
                fn(*args)

    def open_spider(self, spider: Spider | None = None) -> None:
        # stores are opened in the worker thread, which then owns their connections
        self.executor.submit(self._call, "open_spider").result()

    def close_spider(self, spider: Spider | None = None) -> None:
        try:
            self.executor.submit(self._call, "close_spider").result()
        finally:
            self.executor.shutdown(wait=True)

    def _process(self, item: Any) -> Any:
        for stage in self.stages:
            item = stage.process_item(item)
        return item

    def _outcome(self, item: Any) -> Outcome:
        try:
            with ExitStack() as stack:  # an error undoes this item's writes only
                for store in self.stores.held():
                    stack.enter_context(store.savepoint())
                try:
                    return True, self._process(item)
                except DropItem as exc:  # dropped on purpose (DEDUP_DROP_COPIES): its writes stay
                    return False, exc
        except Exception as exc:  # a stage's error: for this item only
            return False, exc

    def _run_batch(self, items: list[Any]) -> list[Outcome]:
        """The stages on ``items``, in one exclusive section of each shared store."""
        done: list[Outcome] = []
        try:
            with ExitStack() as stack:
                for store in self.stores.held():
                    stack.enter_context(store.exclusive())
                for item in items:
                    done.append(self._outcome(item))
        except Exception:
            logger.exception("State stages: the transaction of %d item(s) could not begin or end", len(items))
            self._inc("state_stages/errors")
            done += [self._outcome(item) for item in items[len(done):]]
        return done

    def _inc(self, key: str, n: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, n)

    def _drain(self) -> None:
        """Worker thread: process what waits, in batches, until nothing does."""
        while True:
            with self._lock:
                if not self._queue:
                    self._draining = False
                    return
                batch = [self._queue.popleft() for _ in range(min(self.batch, len(self._queue)))]
            outcomes = self._run_batch([item for item, _ in batch])
            self._inc("state_stages/batches")
            if self.stats is not None:
                self.stats.max_value("state_stages/largest_batch", len(batch))
            for (_, future), (ok, value) in zip(batch, outcomes, strict=True):
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)

    async def process_item(self, item: Any) -> Any:
        future: Future[Any] = Future()
        with self._lock:
            self._queue.append((item, future))
            start = not self._draining
            self._draining = True
        if start:
            self.executor.submit(self._drain)
        return await asyncio.wrap_future(future)
