"""``scrapy crawl`` with a Redis state store that restarts under it (a real redis-server with its
append-only file, stopped by the site's server when a page is asked for, as an upgrade or a
failover would stop it): the crawl waits for Redis and loses nothing; when Redis stays away longer
than ``reconnect_wait``, the crawl stops with exit code 1 and the next run writes what it missed."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from redis_server import RedisServer

from tests.helpers import Frontier, read_jsonl, scrapy_cmd
from tests.hostile_web import QUICK, HostileSite, Reply, article_page, rss, sites_toml

ROBOTS_ALLOW = Reply("User-agent: *\nDisallow:\n", ctype="text/plain")
ARTICLES = 8
#: The article whose request stops Redis.
STOPS_REDIS = 3


@pytest.fixture
def server(restartable_redis: RedisServer) -> RedisServer:
    return restartable_redis


@contextmanager
def news_site(tmp_path: Path, server: RedisServer, restart_after: float | None) -> Iterator[tuple[HostileSite, Path]]:
    """A news site with a feed of :data:`ARTICLES` articles; asking for article :data:`STOPS_REDIS`
    stops Redis, which starts again ``restart_after`` seconds later (None: not)."""
    restarts: list[threading.Timer] = []

    def page(path: str) -> Reply:
        if path == f"/news/{STOPS_REDIS}.html" and not restarts:
            server.shutdown()
            restarts.append(threading.Timer(restart_after or 0.0, server.start))
            if restart_after is not None:
                restarts[0].start()
        return article_page(f"Story {path}")

    with HostileSite() as site:
        urls = [f"{site.base}/news/{i}.html" for i in range(ARTICLES)]
        site.routes.update({"/robots.txt": ROBOTS_ALLOW, "/feed.xml": rss(urls), "/news/*": page})
        try:
            yield site, sites_toml(tmp_path / "sites.toml", {"name": "news", "kind": "news", "hosts": [site.netloc],
                                                             "feeds": [f"{site.base}/feed.xml"]})
        finally:
            if restarts and restart_after is not None:
                restarts[0].join()


def crawl(sites: Path, output: Path, state_uri: str) -> subprocess.CompletedProcess[str]:
    return scrapy_cmd("crawl", "news", "-a", f"sites={sites}", "-O", str(output), "-s", f"STATE_URI={state_uri}",
                      *QUICK, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", timeout=120)


def test_a_redis_restart_costs_no_record(server: RedisServer, tmp_path: Path) -> None:
    with news_site(tmp_path, server, restart_after=2.0) as (site, sites):
        proc = crawl(sites, tmp_path / "out.jsonl", f"{server.uri}?prefix=t")
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert sorted(r["url"] for r in read_jsonl(tmp_path / "out.jsonl")) == sorted(
            f"{site.base}/news/{i}.html" for i in range(ARTICLES))
    assert " ERROR: " not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "Redis does not answer" in proc.stderr and "Redis answers again after" in proc.stderr


def test_redis_gone_for_longer_stops_the_crawl_and_the_next_run_writes_the_rest(server: RedisServer,
                                                                                tmp_path: Path) -> None:
    uri = f"{server.uri}?prefix=t&reconnect_wait=1"
    with news_site(tmp_path, server, restart_after=None) as (site, sites):
        proc = crawl(sites, tmp_path / "first.jsonl", uri)
        assert proc.returncode == 1, proc.stderr[-3000:]
        assert "Closing spider (state_error)" in proc.stderr
        assert "Redis did not answer for 1s (reconnect_wait)" in proc.stderr
        first = {r["url"] for r in read_jsonl(tmp_path / "first.jsonl")}
        assert len(first) < ARTICLES
        server.start()
        proc = crawl(sites, tmp_path / "second.jsonl", uri)
        assert proc.returncode == 0, proc.stderr[-3000:]
        second = {r["url"] for r in read_jsonl(tmp_path / "second.jsonl")}
        assert first | second == {f"{site.base}/news/{i}.html" for i in range(ARTICLES)}


def test_a_redis_restart_costs_a_distributed_worker_no_record(server: RedisServer, tmp_path: Path) -> None:
    """The frontier (queue, leases, seeds) and the state store in the Redis that restarts."""
    frontier = Frontier(server, f"{server.uri}?prefix=t")
    with news_site(tmp_path, server, restart_after=2.0) as (site, sites):
        frontier.seed("news", sites)
        worker = frontier.worker("news", sites, tmp_path / "out.jsonl", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err[-3000:]
        assert sorted(r["url"] for r in read_jsonl(tmp_path / "out.jsonl")) == sorted(
            f"{site.base}/news/{i}.html" for i in range(ARTICLES))
    assert " ERROR: " not in err and "Traceback" not in err, err[-3000:]
    assert "Redis answers again after" in err
