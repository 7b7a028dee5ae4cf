"""Distributed crawling: several crawler processes share one frontier in Redis (scrapy-redis).

``-s DISTRIBUTED=True -s REDIS_URL=redis://HOST:PORT/DB`` turns the ``news`` and ``aggregator``
spiders into workers (:func:`configure_settings`, applied by ``SiteSpider.update_settings``):

* the scheduler is scrapy-redis's, subclassed here (:class:`Scheduler`): every request goes to one
  shared priority queue (``<spider>:requests``), every worker pops from it; scrapy-redis's
  ``RFPDupeFilter`` (``<spider>:dupefilter``) keeps a URL from being queued twice *in one run*;
* ``scrapy seed <spider> -a sites=FILE`` starts a run: it forgets the previous run's frontier
  (queue, fingerprints, leases) and pushes the discovery URLs (sitemaps, feeds, index pages) as
  JSON start URLs (``<spider>:start_urls``, scrapy-redis's format ``{"url", "meta"}`` plus our
  ``"callback"``), which the workers' ``start()`` reads instead of the sites file (the sites file
  still gives the site definitions). Discovery pages are therefore fetched again every run;
  articles are not, because the state store's seen marks (``INCREMENTAL_*``) skip them;
* **leases** (what scrapy-redis lacks): a worker pops a request atomically into its own in-flight
  hash (``<spider>:inflight:<worker>``) and removes it only once the request is finished: its
  callback output handled and every item it produced written (or dropped), or the request handed
  back to the queue (redirect, retry), or its download failed for good. Each worker renews a lease
  (``<spider>:workers``, ``DISTRIBUTED_LEASE``); the in-flight requests of a worker whose lease ran
  out (killed, host lost) go back to the queue, where another worker picks them up. A request
  whose article was already written in this run is dropped when popped again, so a worker killed
  between the write and the acknowledgement does not make the record appear twice;
* **prefetch**: a worker holds at most ``DISTRIBUTED_PREFETCH`` popped, unfinished requests, so
  several workers split the queue instead of the first one taking most of it;
* **round trips**: a worker pops several requests in one call (when a quarter of its prefetch is
  free), and the requests its callbacks make reach Redis in batches, with the next pop or
  acknowledgement, in the same atomic script (:data:`_SYNC`), so a request's children are always
  queued before it is acknowledged;
* **exit**: a worker stops once the whole frontier (queue, start URLs, other workers' in-flight
  requests) has been empty for ``DISTRIBUTED_IDLE_TIMEOUT`` seconds (scrapy-redis spiders idle
  forever by default);
* requests that carry process-local state (claimed-source fetches, whose posts wait in the
  worker's memory) stay in a local queue of the worker that made them;
* each worker writes its own output file; ``scrapy merge`` joins them (see
  ``crawler/commands/merge.py``).

scrapy-redis 0.9.1 on Scrapy 2.19: its scheduler passes ``spider=`` to ``StatsCollector.inc_value``
(deprecated); the subclass here counts without it. Its ``RedisMixin.start_requests`` is never
called by Scrapy 2.19 (``start()`` is), and its ``make_request_from_data`` would turn any extra
JSON key into form data, so the spiders read the start URLs themselves (:meth:`Scheduler.pop_seed`).
Requests are serialised as JSON (this module's :func:`dumps` / :func:`loads`), not pickle: nothing
read from a shared server is unpickled.

Key layout (``P`` = ``DISTRIBUTED_KEY_PREFIX``, default empty; ``S`` = the spider name)::

    P S:start_urls        list    JSON seeds (scrapy seed)
    P S:requests          zset    the shared queue (scrapy-redis PriorityQueue, JSON requests)
    P S:dupefilter        set     request fingerprints of this run (scrapy-redis RFPDupeFilter)
    P S:inflight:WORKER   hash    token -> "SCORE\\nREQUEST" (or "seed\\nSEED") popped by WORKER
    P S:workers           zset    WORKER -> lease deadline (epoch seconds)
    P S:run               hash    started (epoch seconds of the seed), seeds
"""

from __future__ import annotations

import base64
import itertools
import json
import logging
import os
import socket
import time
from collections import deque
from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import redis
from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.utils.misc import load_object
from scrapy_redis import connection
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)

#: request meta key: the lease token of a request popped from the shared queue
TOKEN = "frontier_token"
#: request meta keys that keep a request in the worker that made it (process-local state)
LOCAL_META = ("claim_fetch", "frontier_local")
#: callbacks a JSON seed may name
SEED_CALLBACKS = ("parse_robots", "parse_listing", "parse_index")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


# --- settings -------------------------------------------------------------------------------
def redis_url(settings: BaseSettings) -> str:
    """``REDIS_URL``, else the server of a ``redis://`` ``STATE_URI`` (store options removed)."""
    url = settings.get("REDIS_URL")
    if url:
        return str(url)
    state = str(settings.get("STATE_URI") or "")
    if state.split("://", 1)[0].lower() in ("redis", "rediss", "unix"):
        parts = urlsplit(state)
        query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("prefix", "seen_ttl", "lock_timeout",
                                                                         "lock_wait")]
        return urlunsplit(parts._replace(query=urlencode(query)))
    return DEFAULT_REDIS_URL


def keys(settings: BaseSettings, spider_name: str) -> dict[str, str]:
    """The Redis keys of one spider's frontier."""
    prefix = settings.get("DISTRIBUTED_KEY_PREFIX") or ""
    name = {"spider": spider_name, "name": spider_name}
    return {
        "start": (settings.get("REDIS_START_URLS_KEY") or f"{prefix}%(name)s:start_urls") % name,
        "queue": (settings.get("SCHEDULER_QUEUE_KEY") or f"{prefix}%(spider)s:requests") % name,
        "dupefilter": (settings.get("SCHEDULER_DUPEFILTER_KEY") or f"{prefix}%(spider)s:dupefilter") % name,
        "inflight": f"{prefix}{spider_name}:inflight:",
        "workers": f"{prefix}{spider_name}:workers",
        "run": f"{prefix}{spider_name}:run",
    }


def configure_settings(settings: BaseSettings) -> None:
    """Turn a crawl into a distributed worker (called when ``DISTRIBUTED`` is true)."""
    prefix = settings.get("DISTRIBUTED_KEY_PREFIX") or ""
    spider = "spider"
    for name, value in {
        "SCHEDULER": "crawler.distributed.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_SERIALIZER": "crawler.distributed",
        # several workers share the queue: the first to finish must not flush it (`seed` resets a run)
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": f"{prefix}%(spider)s:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}%(spider)s:dupefilter",
        "REDIS_START_URLS_KEY": f"{prefix}%(name)s:start_urls",
        "REDIS_URL": redis_url(settings),
    }.items():
        settings.set(name, value, priority=spider)
    for setting, components in (
        ("SPIDER_MIDDLEWARES", {"crawler.distributed.FrontierSpiderMiddleware": 1}),
        ("DOWNLOADER_MIDDLEWARES", {
            "crawler.distributed.FrontierDownloaderMiddleware": 1,
        }),
    ):
        merged = dict(settings.getdict(setting))
        merged.update(components)  # the frontier's at 1, closest to the engine: it sees the final outcome
        settings.set(setting, merged, priority=max(settings.getpriority(setting) or 0, 30))
    # one output file per worker when no -o/-O is given (the default name has a 1 s resolution)
    if (settings.getpriority("FEEDS") or 0) <= 20:
        feeds = {}
        for uri, opts in settings.getdict("FEEDS").items():
            if "%(worker_id)s" not in uri and uri.endswith(".jsonl"):
                uri = uri[: -len(".jsonl")] + "-%(worker_id)s.jsonl"
            feeds[uri] = opts
        settings.set("FEEDS", feeds, priority=spider)


def worker_id() -> str:
    """``HOST-PID``: names a worker in Redis, in logs and in its output file's name."""
    host = socket.gethostname().split(".")[0] or "host"
    return f"{host}-{os.getpid()}"


# --- serializer (SCHEDULER_SERIALIZER = "crawler.distributed") -------------------------------------
def _enc(obj: Any) -> Any:
    if isinstance(obj, bytes):
        return {"__b": base64.b64encode(obj).decode("ascii")}
    if isinstance(obj, dict):
        if all(isinstance(k, str) for k in obj) and "__b" not in obj and "__d" not in obj:
            return {k: _enc(v) for k, v in obj.items()}
        return {"__d": [[_enc(k), _enc(v)] for k, v in obj.items()]}
    if isinstance(obj, (list, tuple)):
        return [_enc(v) for v in obj]
    return obj


def _dec(obj: Any) -> Any:
    if isinstance(obj, dict):
        if set(obj) == {"__b"}:
            return base64.b64decode(obj["__b"])
        if set(obj) == {"__d"}:
            return {_dec(k): _dec(v) for k, v in obj["__d"]}
        return {k: _dec(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_dec(v) for v in obj]
    return obj


def dumps(obj: Any) -> bytes:
    """A request dict as JSON (bytes tagged as base64): the queue's serializer."""
    return json.dumps(_enc(obj), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def loads(data: bytes | str) -> Any:
    return _dec(json.loads(data))


# --- Lua scripts ----------------------------------------------------------------------------
# KEYS: queue, dupefilter, inflight hash. ARGV: P, then P (fingerprint, score, request) triples to
# push ('' fingerprint: dont_filter), then A, then A tokens to acknowledge, then the tokens of the
# requests to pop (as many as wanted). Pushes (a request whose fingerprint the dupefilter holds is
# dropped), then acknowledges, then pops the best requests into the in-flight hash, all at once:
# a worker's pushes always reach the queue before the acknowledgement of the request that made them.
# Returns {number pushed, popped request...}.
_SYNC = """
local i, pushed = 2, 0
for _ = 1, tonumber(ARGV[1]) do
  local fp, score, data = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if fp == '' or redis.call('SADD', KEYS[2], fp) == 1 then
    redis.call('ZADD', KEYS[1], score, data)
    pushed = pushed + 1
  end
  i = i + 3
end
local acks = tonumber(ARGV[i])
if acks > 0 then redis.call('HDEL', KEYS[3], unpack(ARGV, i + 1, i + acks)) end
i = i + acks + 1
local out = {pushed}
local want = #ARGV - i + 1
if want > 0 then
  local r = redis.call('ZRANGE', KEYS[1], 0, want - 1, 'WITHSCORES')
  for j = 1, #r, 2 do
    redis.call('ZREM', KEYS[1], r[j])
    redis.call('HSET', KEYS[3], ARGV[i], r[j + 1] .. '\\n' .. r[j])
    out[#out + 1] = r[j]
    i = i + 1
  end
end
return out
"""

# KEYS: start list, inflight hash. ARGV: token. Pops one JSON seed into the in-flight hash.
_POP_SEED = """
local d = redis.call('LPOP', KEYS[1])
if not d then return false end
redis.call('HSET', KEYS[2], ARGV[1], 'seed\\n' .. d)
return d
"""

# KEYS: inflight hash, queue, start list. Puts every in-flight entry back; returns how many.
_REQUEUE = """
local all = redis.call('HGETALL', KEYS[1])
local n = 0
for i = 2, #all, 2 do
  local v = all[i]
  local nl = string.find(v, '\\n', 1, true)
  if nl then
    local head = string.sub(v, 1, nl - 1)
    local data = string.sub(v, nl + 1)
    if head == 'seed' then redis.call('RPUSH', KEYS[3], data)
    else redis.call('ZADD', KEYS[2], tonumber(head) or 0, data) end
    n = n + 1
  end
end
redis.call('DEL', KEYS[1])
return n
"""


class _Lease:
    __slots__ = ("done", "items")

    def __init__(self) -> None:
        self.items = 0
        self.done = False


class Scheduler(RedisScheduler):
    """scrapy-redis's scheduler with leases, prefetch, a local queue and an idle exit (module doc)."""

    crawler: Crawler
    df: Any  # scrapy-redis's dupefilter (set by its __init__ or open(); scrapy-redis is untyped)

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
        instance.prefetch = max(1, s.getint("DISTRIBUTED_PREFETCH", 16))
        instance.lease = max(1.0, s.getfloat("DISTRIBUTED_LEASE", 60.0))
        instance.idle_timeout = max(0.0, s.getfloat("DISTRIBUTED_IDLE_TIMEOUT", 5.0))
        instance.poll = max(0.05, s.getfloat("DISTRIBUTED_POLL_INTERVAL", 0.5))
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
        self.worker = str(getattr(spider, "worker_id", None) or worker_id())
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
        spider.frontier = self  # type: ignore[attr-defined]
        logger.info(
            "Distributed worker %s: queue %s, prefetch %d, lease %.0f s, idle timeout %.0f s",
            self.worker, self.queue.key, self.prefetch, self.lease, self.idle_timeout,
        )

    def close(self, reason: str) -> None:
        if getattr(self, "heartbeat", None) is not None and self.heartbeat.running:
            self.heartbeat.stop()
        self.sync()  # requests made by the last callbacks
        # whatever this worker still holds (a stop, a lost acknowledgement) goes back to the queue
        back = self._requeue(self.inflight_key)
        if back:
            logger.info("Worker %s: %d unfinished request(s) returned to the shared queue", self.worker, back)
        self.server.zrem(self.keys["workers"], self.worker)
        super().close(reason)

    def _beat(self) -> None:
        self.server.zadd(self.keys["workers"], {self.worker: time.time() + self.lease})

    def _beat_safely(self) -> None:
        try:
            self._beat()
        except redis.RedisError as exc:
            logger.warning("Worker %s: cannot renew its lease: %s", self.worker, exc)

    def _requeue(self, inflight_key: str) -> int:
        return int(self.server.eval(_REQUEUE, 3, inflight_key, self.queue.key, self.keys["start"]))

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
    # (:data:`_SYNC`); pops take several requests at once (``refill``) into ``popped``.
    PUSH_BATCH = 200

    def __len__(self) -> int:
        return len(self.local) + len(self.popped) + len(self.pending) + len(self.queue)

    def has_pending_requests(self) -> bool:
        return bool(self.local or self.popped or self.pending) or len(self.queue) > 0

    def enqueue_request(self, request: Request) -> bool:
        token = request.meta.pop(TOKEN, None)  # a popped request handed back (redirect, retry, seed)
        try:
            if any(request.meta.get(k) for k in LOCAL_META):
                self.local.append(request)
                self.stats.inc_value("scheduler/enqueued/local")
                return True
            fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
            self.pending.append((fingerprint, -request.priority, self.queue._encode_request(request)))
            if len(self.pending) >= self.PUSH_BATCH:
                self.sync()
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
            out = self.server.eval(_SYNC, 3, self.queue.key, self.df.key, self.inflight_key, *args)
        except redis.RedisError:
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
        if not self.popped:
            room = self.prefetch - len(self.leases)
            if room >= self.refill:
                self.sync(pop=room)
                self._drop_written()
            elif self.pending:
                self.sync()
        if not self.popped:
            return None
        _, request = self.popped.popleft()
        self.stats.inc_value("scheduler/dequeued/redis")
        self.stats.max_value("distributed/max_held", len(self.leases))
        return request

    def _drop_written(self) -> None:
        """Acknowledge, unfetched, the popped article requests whose record some worker already
        wrote in this run (a worker killed between its write and its acknowledgement)."""
        check = getattr(self.spider, "written_this_run", None)
        if check is None or not self.popped:
            return
        done = check([request for _, request in self.popped], self.run_started)
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
            data = self.server.eval(_POP_SEED, 2, self.keys["start"], self.inflight_key, token)
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
        if self.pending:
            self.sync(acks=[token])
        else:
            self.server.hdel(self.inflight_key, token)

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
        held = getattr(self.spider, "held_items", None)
        if held is not None:
            for item in held(response):
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
        self.sync()
        self._beat()
        self.reap()
        pushed = 0
        start_requests = getattr(self.spider, "requests_from_seeds", None)
        if start_requests is not None:
            for request in start_requests():
                self.crawler.engine.crawl(request)  # type: ignore[union-attr]
                pushed += 1
        busy = pushed or len(self.queue) or self.server.llen(self.keys["start"]) or self.others_busy()
        if busy:
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_timeout:
            raise DontCloseSpider
        logger.info("Worker %s: the shared frontier is drained, closing", self.worker)


def _item_key(item: Any) -> Any:
    url = getattr(item, "url", None)
    return url if isinstance(url, str) else id(item)


def safe_url(url: str | None) -> str:
    if not url:
        return DEFAULT_REDIS_URL
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{parts.netloc.rsplit('@', 1)[1]}"))


def _frontier(crawler: Crawler) -> Scheduler | None:
    spider = crawler.spider
    frontier = getattr(spider, "frontier", None)
    return frontier if isinstance(frontier, Scheduler) else None


class FrontierSpiderMiddleware:
    """Acknowledges a leased request once its callback (or errback) output has been handled."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierSpiderMiddleware:
        return cls(crawler)

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        token: str | None = response.meta.get(TOKEN)
        frontier = _frontier(self.crawler) if token is not None else None
        if token is None or frontier is None or frontier.output_started(token) is None:
            async for out in result:
                yield out
            return
        try:
            async for out in result:
                if not isinstance(out, Request):
                    frontier.item_started(token, out)
                yield out
        finally:
            frontier.output_done(token, response)

    def process_spider_exception(self, response: Response, exception: BaseException) -> None:
        token: str | None = response.meta.get(TOKEN)
        frontier = _frontier(self.crawler) if token is not None else None
        if token is not None and frontier is not None:
            frontier.output_done(token, response)


class FrontierDownloaderMiddleware:
    """Acknowledges a leased request whose download failed for good (no retry left)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierDownloaderMiddleware:
        return cls(crawler)

    def process_exception(self, request: Request, exception: BaseException) -> None:
        token: str | None = request.meta.get(TOKEN)
        frontier = _frontier(self.crawler) if token is not None else None
        if token is not None and frontier is not None:
            frontier.ack(token)


# --- seeding (scrapy seed) --------------------------------------------------------------------
def server_from_settings(settings: BaseSettings) -> redis.Redis:
    """A redis-py client for ``REDIS_URL`` (scrapy-redis's connection helper)."""
    configured = settings.copy()
    configured.set("REDIS_URL", redis_url(settings), priority="cmdline")
    return connection.from_settings(configured)  # type: ignore[no-any-return]


def reset_run(server: redis.Redis, k: dict[str, str]) -> None:
    """Forget the previous run's frontier: queue, fingerprints, start URLs and leases."""
    inflight = list(server.scan_iter(match=k["inflight"] + "*", count=1000))
    server.delete(k["queue"], k["dupefilter"], k["start"], k["workers"], k["run"], *inflight)


def push_seeds(server: redis.Redis, k: dict[str, str], seeds: Iterable[dict[str, Any]]) -> int:
    """Push the JSON seeds; note the run's start time unless the run has one (``--append``)."""
    data = [json.dumps(s, ensure_ascii=False, sort_keys=True) for s in seeds]
    pipe = server.pipeline(transaction=True)
    pipe.hsetnx(k["run"], "started", repr(time.time()))  # a new run (reset_run) or the current one's
    pipe.hincrby(k["run"], "seeds", len(data))
    if data:
        pipe.rpush(k["start"], *data)
    pipe.execute()
    return len(data)
