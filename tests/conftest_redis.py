"""Pytest plugin: a real redis-server for the whole session (``pytest_plugins = ["conftest_redis"]``).

Fixtures:

* ``redis_server``: a :class:`redis_server.RedisServer` on a free 127.0.0.1 port, started once per
  session and stopped at its end. When ``redis-server`` is not installed the tests that use it
  are skipped with a message saying so, except under CI (``CI`` set), where that is an error:
  ``.ci/run`` installs it, so CI never skips them.
* ``redis_uri``: a ``redis://`` STATE_URI with a key prefix of its own for each test (tests never
  see each other's keys).
* ``restartable_redis``: a redis-server of one test's own, with an append-only file, to restart.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from redis_server import INSTALL_HINT, RedisServer, redis_server_path

from tests.helpers import Frontier


def _need_redis_server() -> None:
    if redis_server_path() is None:
        message = f"redis-server is not installed: the Redis state store tests need it ({INSTALL_HINT})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    _need_redis_server()
    server = RedisServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def restartable_redis() -> Iterator[RedisServer]:
    """A redis-server of the test's own that keeps its data in an append-only file: its
    ``shutdown()`` then ``start()`` is a restart that loses nothing."""
    _need_redis_server()
    with RedisServer(persist=True) as server:
        yield server


@pytest.fixture
def redis_uri(redis_server: RedisServer) -> str:
    return f"{redis_server.uri}?prefix=t{uuid.uuid4().hex[:12]}"


@pytest.fixture
def frontier(redis_server: RedisServer, redis_uri: str) -> Frontier:
    """One test's distributed setup (its own frontier key prefix and state store prefix)."""
    return Frontier(redis_server, redis_uri)
