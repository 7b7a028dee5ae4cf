"""The Redis store through a restart of Redis (a real redis-server, stopped and started again on
its port with its append-only file): calls wait for it up to ``reconnect_wait``, then fail with one
:class:`StateStoreError`; a refused password is never waited for."""

from __future__ import annotations

import logging
import threading

import pytest
import redis
from redis_server import RedisServer

from crawler.state import StateStoreError, StoredArticle, open_store
from crawler.state.redis import RedisStateStore
from crawler.state.redis_retry import transient


@pytest.fixture
def server(restartable_redis: RedisServer) -> RedisServer:
    return restartable_redis


def _store(server: RedisServer, query: str = "") -> RedisStateStore:
    store = open_store(server.uri + query)
    assert isinstance(store, RedisStateStore)
    return store


def _restart_later(server: RedisServer, after: float) -> threading.Thread:
    server.shutdown()
    timer = threading.Timer(after, server.start)
    timer.start()
    return timer


@pytest.mark.parametrize(("error", "expected"), [
    (redis.ConnectionError("Connection refused"), True),
    (redis.TimeoutError("Timeout reading from socket"), True),
    (redis.BusyLoadingError("Redis is loading the dataset in memory"), True),
    (redis.ReadOnlyError("You can't write against a read only replica."), True),
    (redis.AuthenticationError("invalid username-password pair"), False),
    (redis.ResponseError("OOM command not allowed when used memory > 'maxmemory'."), False),
    (redis.DataError("Invalid input of type: 'NoneType'"), False),
    (ValueError("not a Redis error"), False),
])
def test_which_errors_are_waited_for(error: Exception, expected: bool) -> None:
    assert transient(error) is expected


def test_calls_wait_for_a_restarted_redis_and_lose_nothing(server: RedisServer,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    store = _store(server)
    store.put_article(StoredArticle(url="https://a.example/1", site="a", index_hashes=(1, 2, 3)))
    store.mark_seen_many(["https://a.example/1"], 100.0)
    timer = _restart_later(server, 1.0)
    with caplog.at_level(logging.WARNING, logger="crawler.state.redis_retry"):
        with store.exclusive():  # the lock too is taken once Redis is back
            store.put_article(StoredArticle(url="https://b.example/1", site="b", index_hashes=(2, 3, 4)))
        store.mark_seen_many(["https://b.example/1"], 200.0)
    timer.join()
    assert store.reconnect.outages == 1 and store.reconnect.retries >= 1
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 2 and "does not answer" in warnings[0] and "answers again" in warnings[1]
    assert store.last_seen_many(["https://a.example/1", "https://b.example/1"]) == {
        "https://a.example/1": 100.0, "https://b.example/1": 200.0}
    assert store.count_articles() == 2
    assert store.lookup_hashes([2, 3]) == {2: ["https://a.example/1", "https://b.example/1"],
                                           3: ["https://a.example/1", "https://b.example/1"]}
    store.close()


def test_an_outage_longer_than_reconnect_wait_is_one_store_error(server: RedisServer) -> None:
    store = _store(server, "?reconnect_wait=0.5")
    store.mark_seen("https://a.example/1", 100.0)
    server.shutdown()
    with pytest.raises(StateStoreError, match=r"Redis did not answer for 0.5s \(reconnect_wait\)") as err:
        store.mark_seen("https://a.example/2", 200.0)
    assert str(server.port) in str(err.value) and "\n" not in str(err.value)
    retries = store.reconnect.retries
    with pytest.raises(StateStoreError):  # given up: the next call tries once, and does not wait again
        store.last_seen("https://a.example/1")
    assert store.reconnect.retries == retries
    server.start()
    assert store.last_seen("https://a.example/1") == 100.0  # back: calls go through again
    assert store.last_seen("https://a.example/2") is None
    store.close()


def test_no_wait_with_reconnect_wait_0(server: RedisServer) -> None:
    store = _store(server, "?reconnect_wait=0")
    server.shutdown()
    with pytest.raises(StateStoreError, match="reconnect_wait"):
        store.count_articles()
    assert store.reconnect.retries == 0
    store.close()  # the lock is not held: nothing to release, no error


def test_an_error_no_wait_cures_is_one_store_error_at_once(server: RedisServer) -> None:
    store = _store(server)
    server.client().config_set("maxmemory", "1")  # every write is refused: OOM
    try:
        with pytest.raises(StateStoreError, match=r"OutOfMemoryError: .*command not allowed when used memory"):
            store.put_verdict("https://a.example/1", "syndication", {"copy": False})
        assert store.reconnect.retries == 0
    finally:
        server.client().config_set("maxmemory", "0")
    store.put_verdict("https://a.example/1", "syndication", {"copy": False})
    assert store.get_verdict("https://a.example/1", "syndication") == {"copy": False}
    store.close()


def test_closing_while_redis_is_down_holding_the_lock(server: RedisServer) -> None:
    store = _store(server, "?reconnect_wait=0.2&lock_timeout=1")
    with pytest.raises(StateStoreError), store.exclusive():
        server.shutdown()
        store.put_verdict("https://a.example/1", "syndication", {"copy": False})
    assert not store._lock.held  # left to run out with its lease
    store.close()
    server.start()
    other = _store(server, "?lock_wait=5")
    with other.exclusive():  # the lease ran out: another process gets the lock
        other.put_verdict("https://a.example/1", "syndication", {"copy": True})
    other.close()


@pytest.mark.parametrize("query", ["reconnect_wait=-1", "reconnect_wait=soon"])
def test_bad_reconnect_wait(server: RedisServer, query: str) -> None:
    with pytest.raises(ValueError, match="reconnect_wait"):
        open_store(f"{server.uri}?{query}")
