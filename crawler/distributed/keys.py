"""Keys, settings and names of the distributed frontier: every key template and default here.

Key layout (``P`` = ``DISTRIBUTED_KEY_PREFIX``, default empty; ``S`` = the spider name)::

    P S:start_urls        list    JSON seeds (scrapy seed)
    P S:requests          zset    the shared queue (scrapy-redis PriorityQueue, JSON requests)
    P S:dupefilter        set     request fingerprints of this run (scrapy-redis RFPDupeFilter)
    P S:inflight:WORKER   hash    token -> "SCORE\\nREQUEST" (or "seed\\nSEED") popped by WORKER
    P S:workers           zset    WORKER -> lease deadline (epoch seconds)
    P S:run               hash    started (epoch seconds of the seed), seeds
"""

from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING

from crawler.state.redis_uri import parse_redis_uri, safe_uri

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

#: request meta key: the lease token of a request popped from the shared queue
TOKEN = "frontier_token"
#: request meta keys that keep a request in the worker that made it (process-local state)
LOCAL_META = ("claim_fetch", "frontier_local")
#: callbacks a JSON seed may name
SEED_CALLBACKS = ("parse_robots", "parse_listing", "parse_index")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_url(settings: BaseSettings) -> str:
    """``REDIS_URL``, else the server of a ``redis://`` ``STATE_URI`` (store options removed)."""
    url = settings.get("REDIS_URL")
    if url:
        return str(url)
    state = str(settings.get("STATE_URI") or "")
    if state.split("://", 1)[0].lower() in ("redis", "rediss", "unix"):
        return parse_redis_uri(state)[0]
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


def safe_url(url: str | None) -> str:
    """The frontier's Redis URL for messages (the default when none; password hidden)."""
    return safe_uri(url) if url else DEFAULT_REDIS_URL
