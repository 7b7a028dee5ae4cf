"""The leased scheduler: scrapy-redis's scheduler with leases, prefetch, a local queue and an
idle exit (see :mod:`crawler.distributed`).

scrapy-redis 0.9.1 on Scrapy 2.19: its scheduler passes ``spider=`` to
``StatsCollector.inc_value`` (deprecated); this subclass counts without it, and its ``open()``
leaves out scrapy-redis's deprecated ``Spider.log()`` call.

A Redis that restarts or fails over under the worker: every frontier command waits for it up to
``DISTRIBUTED_RECONNECT_WAIT`` seconds (:class:`crawler.state.redis_retry.Reconnect`), the requests
made meanwhile wait in the worker. Gone for longer, the worker stops (close reason
``state_error``, exit code 1); the requests it held stay leased in Redis, and go back to the queue
for the other workers (or the next run) once its lease runs out.
"""

from __future__ import annotations

import itertools
import json
import logging
import time
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import redis
from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet import task

from crawler.distributed.keys import LOCAL_META, TOKEN, keys, safe_url, worker_id
from crawler.distributed.scripts import POP_SEED, REQUEUE, SYNC
from crawler.distributed.spider import FrontierSpider
from crawler.state import STATE_ERROR, StateStoreError
from crawler.state.redis_retry import Reconnect, Reconnecting

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)


class _Lease:
    __slots__ = ("done", "items")

    def __init__(self) -> None:
        self.items = 0
        self.done = False


class Scheduler(RedisScheduler):
    """scrapy-redis's scheduler with leases, prefetch, a local queue and an idle exit (module doc)."""

    crawler: Crawler
    df: Any  # scrapy-redis's dupefilter (set by its __init__ or open(); scrapy-redis is untyped)
    #: The frontier's Redis failed (the worker is stopping): no more frontier commands.
    failed: bool = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Scheduler:
        try:
            instance: Scheduler = cls.from_settings(crawler.settings)
        except redis.RedisError as exc:
            raise RuntimeError(
                f"distributed crawling: cannot reach Redis at {safe_url(crawler.settings.get('REDIS_URL'))}: {exc}"
            ) from None
        instance.crawler = crawler
        instance.stats = crawler.stats
        s = crawler.settings
        wait = max(0.0, s.getfloat("DISTRIBUTED_RECONNECT_WAIT"))
        instance.server = Reconnecting(instance.server, Reconnect(
            safe_url(s.get("REDIS_URL")), wait, what="Frontier", setting="DISTRIBUTED_RECONNECT_WAIT"))
        instance.prefetch = max(1, s.getint("DISTRIBUTED_PREFETCH"))
        instance.lease = max(1.0, s.getfloat("DISTRIBUTED_LEASE"))
        instance.idle_timeout = max(0.0, s.getfloat("DISTRIBUTED_IDLE_TIMEOUT"))
        instance.poll = max(0.05, s.getfloat("DISTRIBUTED_POLL_INTERVAL"))
        # the engine looks for new requests on its heartbeat (5 s by default) when it has nothing
        # to do; other workers fill the shared queue meanwhile, so look more often
        engine = crawler.engine
        if engine is not None and hasattr(type(engine), "_SLOT_HEARTBEAT_INTERVAL"):
            engine._SLOT_HEARTBEAT_INTERVAL = instance.poll
        crawler.signals.connect(instance.spider_idle, signal=signals.spider_idle)
        for sig in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(instance.item_finished, signal=sig)
        return instance

    # --- open / close -----------------------------------------------------------------------
    def open(self, spider: Spider) -> None:
        # scrapy-redis's open() minus its Spider.log() call (deprecated in Scrapy 2.19)
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server, spider=spider, key=self.queue_key % {"spider": spider.name},
            serializer=self.serializer,
        )
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        if self.flush_on_start:
            self.flush()
        if len(self.queue):
            logger.info("Resuming the shared crawl (%d requests queued)", len(self.queue))
        frontier_spider = spider if isinstance(spider, FrontierSpider) else None
        self.worker = frontier_spider.worker_id if frontier_spider is not None else worker_id()
        self.keys = keys(self.crawler.settings, spider.name)
        self.inflight_key = self.keys["inflight"] + self.worker
        self.local: deque[Request] = deque()
        self.pending: list[tuple[str, int, bytes]] = []  # (fingerprint, score, request) to push
        self.popped: deque[tuple[str, Request]] = deque()  # (token, request) leased, not yet started
        self.refill = max(1, self.prefetch // 4)
        self.leases: dict[str, _Lease] = {}
        self.waiting: dict[Any, str] = {}  # item key -> token
        self.counter = itertools.count(1)
        self.idle_since: float | None = None
        self.server.hsetnx(self.keys["run"], "started", repr(time.time()))
        self.run_started = float(self.server.hget(self.keys["run"], "started") or 0)
        self._beat()
        self.heartbeat = task.LoopingCall(self._beat_safely)
        self.heartbeat.start(self.lease / 3, now=False)
        if frontier_spider is not None:
            frontier_spider.frontier = self
        logger.info(
            "Distributed worker %s: queue %s, prefetch %d, lease %.0f s, idle timeout %.0f s",
            self.worker, self.queue.key, self.prefetch, self.lease, self.idle_timeout,
        )

    def close(self, reason: str) -> None:
        if getattr(self, "heartbeat", None) is not None and self.heartbeat.running:
            self.heartbeat.stop()
        try:
            self.sync()  # requests made by the last callbacks
            # whatever this worker still holds (a stop, a lost acknowledgement) goes back to the queue
            back = self._requeue(self.inflight_key)
            if back:
                logger.info("Worker %s: %d unfinished request(s) returned to the shared queue", self.worker, back)
            self.server.zrem(self.keys["workers"], self.worker)
            super().close(reason)
        except StateStoreError as exc:
            logger.warning("Worker %s: %s; its unfinished requests go back to the queue when its lease runs out "
                           "(DISTRIBUTED_LEASE)", self.worker, exc)

    def _failed(self, exc: StateStoreError) -> None:
        """The frontier's Redis failed (gone longer than ``DISTRIBUTED_RECONNECT_WAIT``): the worker
        stops, once (``scrapy crawl`` exits 1)."""
        if self.failed:
            return
        self.failed = True
        self.stats.inc_value("state/errors")
        logger.error("The frontier failed: %s; stopping the worker", exc)
        engine = self.crawler.engine
        if engine is not None and engine.running:
            deferred_from_coro(engine.close_spider_async(reason=STATE_ERROR))

    def _beat(self) -> None:
        self.server.zadd(self.keys["workers"], {self.worker: time.time() + self.lease})

    def _beat_safely(self) -> None:
        try:
            self._beat()
        except StateStoreError as exc:
            logger.warning("Worker %s: cannot renew its lease: %s", self.worker, exc)

    def _requeue(self, inflight_key: str) -> int:
        return int(self.server.eval(REQUEUE, 3, inflight_key, self.queue.key, self.keys["start"]))

    def reap(self) -> int:
        """Return the in-flight requests of workers whose lease ran out to the queue."""
        back = 0
        for dead in self.server.zrangebyscore(self.keys["workers"], "-inf", time.time()):
            name = dead.decode() if isinstance(dead, bytes) else str(dead)
            if name == self.worker:
                continue
            n = self._requeue(self.keys["inflight"] + name)
            self.server.zrem(self.keys["workers"], name)
            if n:
                logger.warning("Worker %s's lease ran out: %d request(s) returned to the shared queue", name, n)
                self.stats.inc_value("distributed/requeued", n)
            back += n
        return back

    def others_busy(self) -> int:
        """In-flight requests of the other live workers."""
        busy = 0
        for other in self.server.zrangebyscore(self.keys["workers"], time.time(), "+inf"):
            name = other.decode() if isinstance(other, bytes) else str(other)
            if name != self.worker:
                busy += int(self.server.hlen(self.keys["inflight"] + name))
        return busy

    # --- queue ------------------------------------------------------------------------------
    # Round trips are batched: requests made by callbacks wait in ``pending`` (at most
    # PUSH_BATCH) and reach Redis with the next pop or acknowledgement, in one script call
    # (:data:`SYNC`); pops take several requests at once (``refill``) into ``popped``.
    PUSH_BATCH = 200

    def __len__(self) -> int:
        return len(self.local) + len(self.popped) + len(self.pending) + self._queued()

    def has_pending_requests(self) -> bool:
        return bool(self.local or self.popped or self.pending) or self._queued() > 0

    def _queued(self) -> int:
        """Requests in the shared queue (0 once the frontier failed)."""
        if self.failed:
            return 0
        try:
            return len(self.queue)
        except StateStoreError as exc:
            self._failed(exc)
            return 0

    def enqueue_request(self, request: Request) -> bool:
        token = request.meta.pop(TOKEN, None)  # a popped request handed back (redirect, retry, seed)
        try:
            if any(request.meta.get(k) for k in LOCAL_META):
                self.local.append(request)
                self.stats.inc_value("scheduler/enqueued/local")
                return True
            fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
            self.pending.append((fingerprint, -request.priority, self.queue._encode_request(request)))
            if len(self.pending) >= self.PUSH_BATCH and not self.failed:
                try:
                    self.sync()
                except StateStoreError as exc:  # kept in ``pending``
                    self._failed(exc)
            return True
        finally:
            if token is not None:
                self.ack(token)

    def sync(self, acks: Iterable[str] = (), pop: int = 0) -> None:
        """Push the pending requests, acknowledge ``acks``, pop up to ``pop`` requests (leased,
        into ``popped``): one round trip."""
        acks = list(acks)
        if not (self.pending or acks or pop > 0):
            return
        pending, self.pending = self.pending, []
        tokens = [f"{next(self.counter)}" for _ in range(pop)]
        args: list[Any] = [len(pending)]
        for fingerprint, score, data in pending:
            args += (fingerprint, score, data)
        args += (len(acks), *acks, *tokens)
        try:
            out = self.server.eval(SYNC, 3, self.queue.key, self.df.key, self.inflight_key, *args)
        except StateStoreError:
            self.pending = pending + self.pending  # keep them for the next attempt (or close)
            raise
        pushed, popped = int(out[0]), list(out[1:])
        if pending:
            self.stats.inc_value("scheduler/enqueued/redis", pushed)
            if len(pending) > pushed:
                self.stats.inc_value("dupefilter/filtered", len(pending) - pushed)
        for token, data in zip(tokens, popped, strict=False):
            self.leases[token] = _Lease()
            request = self.queue._decode_request(data)
            request.meta[TOKEN] = token
            self.popped.append((token, request))

    def next_request(self) -> Request | None:
        if self.local:
            self.stats.inc_value("scheduler/dequeued/local")
            return self.local.popleft()
        if not self.popped and not self.failed:
            room = self.prefetch - len(self.leases)
            try:
                if room >= self.refill:
                    self.sync(pop=room)
                    self._drop_written()
                elif self.pending:
                    self.sync()
            except StateStoreError as exc:
                self._failed(exc)
        if not self.popped:
            return None
        _, request = self.popped.popleft()
        self.stats.inc_value("scheduler/dequeued/redis")
        self.stats.max_value("distributed/max_held", len(self.leases))
        return request

    def _drop_written(self) -> None:
        """Acknowledge, unfetched, the popped article requests whose record some worker already
        wrote in this run (a worker killed between its write and its acknowledgement)."""
        if not isinstance(self.spider, FrontierSpider) or not self.popped:
            return
        done = self.spider.written_this_run([request for _, request in self.popped], self.run_started)
        if not any(done):
            return
        keep: deque[tuple[str, Request]] = deque()
        drop: list[tuple[str, Request]] = []
        for entry, written in zip(self.popped, done, strict=True):
            (drop if written else keep).append(entry)
        self.popped = keep
        for token, _ in drop:
            self.leases.pop(token, None)
        self.stats.inc_value("distributed/already_written", len(drop))
        self.sync(acks=[token for token, _ in drop])

    # --- seeds ------------------------------------------------------------------------------
    def pop_seed(self) -> tuple[str, dict[str, Any]] | None:
        """One JSON seed of ``<spider>:start_urls``, leased to this worker: (token, seed)."""
        while True:
            token = f"s{next(self.counter)}"
            data = self.server.eval(POP_SEED, 2, self.keys["start"], self.inflight_key, token)
            if not data:
                return None
            self.leases[token] = _Lease()
            try:
                seed = json.loads(data)
                if not isinstance(seed, dict) or not isinstance(seed.get("url"), str):
                    raise ValueError("not an object with a url")
            except ValueError as exc:
                logger.warning("Skipping a bad start URL entry in %s (%s): %.200r", self.keys["start"], exc, data)
                self.stats.inc_value("distributed/bad_seed")
                self.ack(token)
                continue
            self.stats.inc_value("distributed/seeds")
            return token, seed

    def ack_seed(self, token: str) -> None:
        self.ack(token)

    # --- acknowledgements -------------------------------------------------------------------
    def ack(self, token: str) -> None:
        """The request of ``token`` is finished: forget its lease (after pushing the requests
        it made, in the same round trip)."""
        self.leases.pop(token, None)
        if self.failed:
            return
        try:
            if self.pending:
                self.sync(acks=[token])
            else:
                self.server.hdel(self.inflight_key, token)
        except StateStoreError as exc:  # left leased: back to the queue when the lease runs out
            self._failed(exc)

    def output_started(self, token: str) -> _Lease | None:
        return self.leases.get(token)

    def item_started(self, token: str, item: Any) -> None:
        lease = self.leases.get(token)
        if lease is None:
            return
        lease.items += 1
        self.waiting[_item_key(item)] = token

    def output_done(self, token: str, response: Response) -> None:
        lease = self.leases.get(token)
        if lease is None:
            return
        # a post waiting (in the spider's memory) for its claimed source counts as an item
        if isinstance(self.spider, FrontierSpider):
            for item in self.spider.held_items(response):
                key = _item_key(item)
                if key not in self.waiting:
                    lease.items += 1
                    self.waiting[key] = token
        lease.done = True
        if lease.items <= 0:
            self.ack(token)

    def item_finished(self, item: Any, response: Any = None, **kwargs: Any) -> None:
        token = self.waiting.pop(_item_key(item), None)
        if token is None:
            return
        lease = self.leases.get(token)
        if lease is None:
            return
        lease.items -= 1
        if lease.done and lease.items <= 0:
            self.ack(token)

    # --- idle: exit once the whole frontier is drained ----------------------------------------
    def spider_idle(self) -> None:
        if self.failed:
            return
        try:
            busy = self._busy()
        except StateStoreError as exc:
            self._failed(exc)
            return
        if busy:
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_timeout:
            raise DontCloseSpider
        logger.info("Worker %s: the shared frontier is drained, closing", self.worker)

    def _busy(self) -> int:
        """Pending work anywhere in the frontier (the seeds left are pushed to the engine first)."""
        self.sync()
        self._beat()
        self.reap()
        pushed = 0
        if isinstance(self.spider, FrontierSpider):
            for request in self.spider.requests_from_seeds():
                self.crawler.engine.crawl(request)  # type: ignore[union-attr]
                pushed += 1
        return int(pushed or len(self.queue) or self.server.llen(self.keys["start"]) or self.others_busy())


def _item_key(item: Any) -> Any:
    url = getattr(item, "url", None)
    return url if isinstance(url, str) else id(item)
