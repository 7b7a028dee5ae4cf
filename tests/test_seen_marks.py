"""SeenMarks when the state store fails mid-crawl: told once, nothing marked, everything unseen."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.config import ProjectSettings
from crawler.spiders.seen import IncrementalConfig, SeenMarks
from crawler.state import StateStoreError
from crawler.state.sqlite import SQLiteStateStore


def test_store_failing_mid_crawl_is_reported_once(tmp_path: Path) -> None:
    store = SQLiteStateStore(f"sqlite:///{tmp_path / 'state.db'}")
    store.mark_seen_many(["http://127.0.0.1:8001/old"])
    errors: list[StateStoreError] = []
    stats = MemoryStatsCollector(get_crawler())
    seen = SeenMarks(store, IncrementalConfig.from_settings(ProjectSettings({"INCREMENTAL_MARK_BATCH": 2})), stats,
                     errors.append)
    assert seen.unchanged("http://127.0.0.1:8001/old", None)
    store.conn.execute("PRAGMA query_only = ON")  # the file turns read-only under the crawl
    seen.mark("http://127.0.0.1:8001/a")
    seen.mark("http://127.0.0.1:8001/b")  # the batch is full: the write fails
    assert len(errors) == 1 and "read-only" in str(errors[0]) and str(tmp_path / "state.db") in str(errors[0])
    assert stats.get_value("state/errors") == 1
    seen.mark("http://127.0.0.1:8001/c")
    seen.flush()
    assert len(errors) == 1  # told once
    assert not seen.unchanged("http://127.0.0.1:8001/new", None)  # fetched, not skipped
    store.conn.execute("PRAGMA query_only = OFF")
    assert store.last_seen_many(["http://127.0.0.1:8001/a", "http://127.0.0.1:8001/c"]) == {}
    store.close()


def _config(batch: int) -> IncrementalConfig:
    return IncrementalConfig.from_settings(ProjectSettings({"INCREMENTAL_MARK_BATCH": batch}))


def test_marks_are_written_by_their_own_thread_without_waiting_for_the_lock(tmp_path: Path) -> None:
    """With ``open_writer`` (as the spiders run it) a batch of marks is written by a writer thread
    on its own connection: the caller (the reactor thread) does not wait while another connection
    holds the write lock (as the state stages do for a batch of items); ``close`` writes them all."""
    uri = f"sqlite:///{tmp_path / 'state.db'}"
    reader = SQLiteStateStore(uri)
    opened_in: list[threading.Thread] = []

    def open_writer() -> SQLiteStateStore:
        opened_in.append(threading.current_thread())
        return SQLiteStateStore(uri)

    errors: list[StateStoreError] = []
    seen = SeenMarks(reader, _config(2), MemoryStatsCollector(get_crawler()), errors.append, open_writer=open_writer)
    urls = [f"http://127.0.0.1:8001/{i}" for i in range(5)]
    with SQLiteStateStore(uri).exclusive():  # another connection holds the write lock
        started = time.monotonic()
        for url in urls:
            seen.mark(url)
        assert time.monotonic() - started < 0.5
        assert reader.last_seen_many(urls) == {}  # not written yet: the lock is held
    seen.close()
    check = SQLiteStateStore(uri)
    assert sorted(check.last_seen_many(urls)) == urls
    check.close()
    assert opened_in and opened_in[0] is not threading.current_thread()
    assert errors == []


def test_writer_thread_failure_is_reported_in_the_calling_thread(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'state.db'}"

    def open_read_only() -> SQLiteStateStore:
        store = SQLiteStateStore(uri)
        store.conn.execute("PRAGMA query_only = ON")
        return store

    errors: list[StateStoreError] = []
    told_in: list[threading.Thread] = []
    stats = MemoryStatsCollector(get_crawler())
    seen = SeenMarks(SQLiteStateStore(uri), _config(2), stats,
                     lambda exc: (errors.append(exc), told_in.append(threading.current_thread())),
                     open_writer=open_read_only)
    seen.mark("http://127.0.0.1:8001/a")
    seen.mark("http://127.0.0.1:8001/b")  # handed to the writer, which fails
    seen.flush(wait=True)
    assert len(errors) == 1 and "read-only" in str(errors[0])
    assert told_in == [threading.current_thread()] and stats.get_value("state/errors") == 1
    seen.mark("http://127.0.0.1:8001/c")
    seen.close()
    assert len(errors) == 1  # told once
    assert not seen.unchanged("http://127.0.0.1:8001/new", None)
