"""The distributed frontier's parts against a real redis-server: serializer, scripts, settings."""

from __future__ import annotations

import json
from typing import Any

from crawler.distributed import configure_settings, dumps, loads
from crawler.distributed.scripts import SYNC
from tests.helpers import Frontier


def test_request_serializer_round_trips_bytes_and_headers() -> None:
    obj = {"url": "http://a/", "body": b"\x00\xff", "headers": {b"Accept": [b"text/html"]},
           "meta": {"listing_hint": {"headline": "é"}, "__b": 1}, "priority": -1}
    assert loads(dumps(obj)) == obj
    json.loads(dumps(obj))  # plain JSON, nothing pickled


def test_sync_pushes_then_acknowledges_then_pops_in_one_step(frontier: Frontier) -> None:
    """The frontier's one-round-trip script: duplicates (by fingerprint) are not queued twice,
    dont_filter requests always are, acknowledgements drop leases, pops lease the best requests."""
    client = frontier.server.client()
    keys = [f"{frontier.prefix}news:{k}" for k in ("requests", "dupefilter", "inflight:w1")]

    def sync(pushes: list[tuple[str, int, str]], acks: list[str], pops: list[str]) -> list[Any]:
        args: list[Any] = [len(pushes)]
        for push in pushes:
            args += push
        return client.eval(SYNC, 3, *keys, *args, len(acks), *acks, *pops)  # type: ignore[no-any-return]

    assert sync([("fa", 0, "a"), ("fb", -1, "b"), ("fa", 0, "a-again"), ("", 0, "c"), ("", 0, "c2")], [],
                ["t1", "t2"]) == [4, "b", "a"]  # lower score first, as scrapy-redis: -priority
    assert client.hgetall(keys[2]) == {"t1": "-1\nb", "t2": "0\na"}
    assert client.zrange(keys[0], 0, -1) == ["c", "c2"]
    assert sync([("fb", 5, "b-again"), ("fd", 3, "d")], ["t1", "nope"], ["t3"]) == [1, "c"]
    assert client.hgetall(keys[2]) == {"t2": "0\na", "t3": "0\nc"}
    assert sync([], ["t2", "t3"], ["t4", "t5", "t6"]) == [0, "c2", "d"]  # fewer queued than asked
    assert client.zcard(keys[0]) == 0 and set(client.hkeys(keys[2])) == {"t4", "t5"}
    assert sync([], [], []) == [0]


def test_switch_off_changes_nothing_and_on_configures_scrapy_redis() -> None:
    from scrapy.utils.project import get_project_settings

    from crawler.spiders.news import NewsSpider

    off = get_project_settings()
    NewsSpider.update_settings(off)
    assert off["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert "crawler.distributed.FrontierSpiderMiddleware" not in off.getdict("SPIDER_MIDDLEWARES")
    on = get_project_settings()
    on.set("DISTRIBUTED", True, priority="cmdline")
    on.set("STATE_URI", "redis://h:6380/2?prefix=x&lock_wait=5", priority="cmdline")
    NewsSpider.update_settings(on)
    assert on["SCHEDULER"] == "crawler.distributed.Scheduler"
    assert on["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert on.getbool("SCHEDULER_PERSIST")
    assert on["REDIS_URL"] == "redis://h:6380/2"  # the state store's server, without its options
    assert list(on.getdict("FEEDS")) == ["output/%(name)s/%(time)s-%(worker_id)s.jsonl"]
    configure_settings(on)  # idempotent
    assert list(on.getdict("FEEDS")) == ["output/%(name)s/%(time)s-%(worker_id)s.jsonl"]

