"""SeenMarks when the state store fails mid-crawl: told once, nothing marked, everything unseen."""

from __future__ import annotations

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
