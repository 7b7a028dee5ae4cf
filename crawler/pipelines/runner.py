"""Runs the state-store stages (syndication, source check) off the reactor thread.

Each stage is an ordinary Scrapy item pipeline in its own module, with a plain synchronous
``process_item``. Their work is mostly state-store queries, which would otherwise block the
reactor thread (and with it downloads, parsing and the extraction pool) for a few milliseconds
per article. This pipeline builds the stages listed in ``STATE_STAGES`` (in order) and runs
them, one item after another, in one dedicated thread that owns their store connections, so the
reactor thread goes on while SQLite or Redis works. The stages open and close in that thread
too, awaited (a close writes what waits, a second or more at the end of a large run): the reactor,
and with it the other crawlers of the process, goes on meanwhile. A stage that raises
``NotConfigured`` is left out; ``DropItem`` from a stage drops the item as usual.

Group commit: the items waiting when the thread gets to them, at most ``STATE_STAGES_BATCH``, are
processed in one exclusive section (one transaction) of each store the stages share (the runner's
:class:`crawler.pipelines.shared_store.SharedStores`, given to the stages); each item's writes
stay atomic (a savepoint each), and an item leaves the pipeline only once its batch is committed,
as it did with a transaction of its own. When fewer are waiting, the thread waits for more until
the batch is full or its first item has waited ``STATE_STAGES_LINGER`` seconds (0: never), or the
spider closes: the articles of one batch share most of the index pages a commit writes (every
article adds a few hundred index rows at random places), so a few larger commits write far less
than many small ones. Nothing is lost or exported early by waiting: no item has left yet.
Stats: ``state_stages/batches``, ``state_stages/largest_batch``, ``state_stages/full_batches``,
``state_stages/lingered_batches`` (written when the first item had waited ``STATE_STAGES_LINGER``),
``state_stages/errors`` (a batch whose transaction could not begin or end; its items go on with
the verdicts computed).

A state store that fails (:class:`crawler.state.StateStoreError`: a full disk, a Redis that did not
come back within its ``reconnect_wait``) fails the items it was writing, and stops the crawl, once
(close reason ``state_error``, the stat ``state/errors``: ``scrapy crawl`` exits 1): those items are
not written, so not marked seen, and the next run writes them.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import build_from_crawler, load_object

from crawler.pipelines import shared_store
from crawler.state import STATE_ERROR, StateStoreError

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

Outcome = tuple[bool, Any]  # (True, item) or (False, the exception a stage raised)
Waiting = tuple[Any, "Future[Any]", float]  # an item, its future, when it arrived (monotonic)


class StateStagesPipeline:
    """Item pipeline: the ``STATE_STAGES`` stages, in one worker thread."""

    def __init__(self, stages: list[Any], batch: int = 1, stats: StatsCollector | None = None,
                 linger: float = 0.0, on_store_error: Callable[[StateStoreError], None] | None = None) -> None:
        if not stages:
            raise NotConfigured("no state stage enabled")
        self.stages = stages
        #: Told of the first store failure (in the reactor thread): stops the crawl.
        self.on_store_error = on_store_error
        self.store_failed = False
        self.batch = max(1, batch)
        self.linger = max(0.0, linger) if self.batch > 1 else 0.0
        self.stats = stats
        self.stores = shared_store.SharedStores()  # used in the worker thread only
        for stage in stages:
            if hasattr(stage, "stores"):
                stage.stores = self.stores
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="state-stages")
        self._queue: deque[Waiting] = deque()
        self._lock = threading.Condition()
        self._draining = False
        self._closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateStagesPipeline:
        stages = []
        for path in crawler.settings.getlist("STATE_STAGES"):
            try:
                stages.append(build_from_crawler(load_object(path), crawler))
            except NotConfigured as exc:
                logger.info("State stage %s is off%s", path, f": {exc}" if exc.args else "")
        s = crawler.settings

        def stop(exc: StateStoreError) -> None:
            crawler.stats.inc_value("state/errors")
            logger.error("The state store failed: %s; stopping the crawl", exc)
            try:
                engine = crawler.engine
            except RuntimeError:  # no crawl has started (the pipeline built on its own)
                return
            if engine is not None and engine.running:
                deferred_from_coro(engine.close_spider_async(reason=STATE_ERROR))

        return cls(stages, s.getint("STATE_STAGES_BATCH"), crawler.stats, s.getfloat("STATE_STAGES_LINGER"), stop)

    def _call(self, method: str, *args: Any) -> None:
        for stage in self.stages:
            fn = getattr(stage, method, None)
            if fn is not None:
                fn(*args)

    async def open_spider(self, spider: Spider | None = None) -> None:
        # stores are opened in the worker thread, which then owns their connections
        await asyncio.wrap_future(self.executor.submit(self._call, "open_spider"))

    async def close_spider(self, spider: Spider | None = None) -> None:
        """Writes what waits and closes the stages in their thread; the reactor goes on meanwhile
        (the other crawlers of the process are not held up by one's close)."""
        with self._lock:  # a batch waiting for more items is written now
            self._closing = True
            self._lock.notify_all()
        try:
            await asyncio.wrap_future(self.executor.submit(self._call, "close_spider"))
        finally:
            self.executor.shutdown(wait=False)  # its last task is done: the thread ends now

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
        except StateStoreError as exc:  # the store failed (the crawl stops): the others are not tried
            self._inc("state_stages/errors")
            done += [(False, exc)] * (len(items) - len(done))
        except Exception:
            logger.exception("State stages: the transaction of %d item(s) could not begin or end", len(items))
            self._inc("state_stages/errors")
            done += [self._outcome(item) for item in items[len(done):]]
        return done

    def _inc(self, key: str, n: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, n)

    def _linger(self) -> None:
        """With the lock held: wait until a batch is full, its first item has waited
        ``linger`` seconds, or the spider closes."""
        if self.linger > 0:
            deadline = self._queue[0][2] + self.linger
            while len(self._queue) < self.batch and not self._closing:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._inc("state_stages/lingered_batches")
                    return
                self._lock.wait(left)
        if len(self._queue) >= self.batch:
            self._inc("state_stages/full_batches")

    def _drain(self) -> None:
        """Worker thread: process what waits, in batches, until nothing does."""
        while True:
            with self._lock:
                if not self._queue:
                    self._draining = False
                    return
                self._linger()
                batch = [self._queue.popleft() for _ in range(min(self.batch, len(self._queue)))]
            outcomes = self._run_batch([item for item, _, _ in batch])
            self._inc("state_stages/batches")
            if self.stats is not None:
                self.stats.max_value("state_stages/largest_batch", len(batch))
            for (_, future, _), (ok, value) in zip(batch, outcomes, strict=True):
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)

    async def process_item(self, item: Any) -> Any:
        future: Future[Any] = Future()
        with self._lock:
            self._queue.append((item, future, time.monotonic()))
            start = not self._draining
            self._draining = True
            if len(self._queue) >= self.batch:
                self._lock.notify()
        if start:
            self.executor.submit(self._drain)
        try:
            return await asyncio.wrap_future(future)
        except StateStoreError as exc:  # the item is not written (nor marked seen); the crawl stops
            if not self.store_failed:
                self.store_failed = True
                if self.on_store_error is not None:
                    self.on_store_error(exc)
            raise
