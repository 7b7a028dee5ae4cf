"""Seeding a distributed run (``scrapy seed``): the spider's discovery URLs as JSON seeds."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import redis
from scrapy_redis import connection

from crawler.discovery.targets import DEPTH, SITE, VIA, discovery_targets
from crawler.distributed.keys import redis_url
from crawler.sites import Site

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


def discovery_seeds(sites: Iterable[Site]) -> Iterator[dict[str, Any]]:
    """The discovery URLs of ``sites`` as JSON seeds (what a spider's ``start()`` requests)."""
    for site in sites:
        for target in discovery_targets(site):
            meta: dict[str, Any] = {SITE: site.name, VIA: target.via}
            if target.depth is not None:
                meta[DEPTH] = target.depth
            yield {"url": target.url, "callback": target.callback, "meta": meta}


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
