"""Scheduled crawls: incremental runs, copies across runs, expiry, kill -9 and resume, two crawls
sharing one SQLite state file. Each test serves its own sample web (it grows or is crawled in
parts), on free ports, and drives the real ``scrapy`` command line."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.sampleweb import SampleWeb
from crawler.state import open_store
from tests.helpers import REPO, read_jsonl, scrapy_cmd

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]


@pytest.fixture
def web() -> Iterator[SampleWeb]:
    with SampleWeb(scale=40) as w:
        yield w


def urls_of(web: SampleWeb, kind: str) -> set[str]:
    return {a["url"] for a in web.manifest["articles"] if a["siteKind"] == kind}


def crawl(kind: str, sites: Path, out: Path, state: str, *extra: str) -> tuple[list[dict[str, Any]], str]:
    proc = scrapy_cmd("crawl", kind, "-a", f"sites={sites}", "-O", str(out), "-s", f"STATE_URI={state}",
                      *FAST, *extra)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return read_jsonl(out), proc.stderr


def stat(log: str, name: str) -> int:
    marker = f"'{name}': "
    if marker not in log:
        return 0
    return int(log.split(marker, 1)[1].split(",", 1)[0].split("}", 1)[0])


def test_second_run_fetches_only_new_articles(web: SampleWeb, tmp_path: Path) -> None:
    sites = web.write_sites_file(tmp_path / "sites.toml")
    state = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    before = {k: urls_of(web, k) for k in ("news", "aggregator")}
    for kind in ("news", "aggregator"):
        records, _ = crawl(kind, sites, tmp_path / f"{kind}-1.jsonl", state)
        assert {r["url"] for r in records} == before[kind]
    web.grow(60)  # +20 news articles, +2 aggregator copies
    for kind in ("news", "aggregator"):
        new = urls_of(web, kind) - before[kind]
        assert new
        records, log = crawl(kind, sites, tmp_path / f"{kind}-2.jsonl", state)
        assert {r["url"] for r in records} == new, kind
        assert stat(log, "incremental/unchanged_skipped") == len(before[kind])
        # discovery pages are always fetched again
        assert stat(log, "response_received_count") > len(new)
        assert "Run summary (" + kind + ", finished)" in log


def test_copy_crawled_in_a_later_run_links_to_the_earlier_original(crawl_run: dict[str, Any],
                                                                   sample_web: SampleWeb) -> None:
    """The session crawl ran `news` first and `aggregator` as a later run on the same state."""
    expected = {a["url"]: a for a in sample_web.manifest["articles"]}
    news = {r["url"]: r for r in crawl_run["news"]}
    linked = 0
    for post in crawl_run["aggregator"]:
        want = expected[post["url"]]
        if want["role"] == "copy" and want["duplicate_of"] in news:
            assert post["syndication"]["role"] == "copy", post["url"]
            assert post["syndication"]["duplicateOf"] == want["duplicate_of"]
            # the original's record, written in the earlier run, has the same clusterId
            assert post["syndication"]["clusterId"] == news[want["duplicate_of"]]["syndication"]["clusterId"]
            linked += 1
    assert linked >= 10


def test_changed_recheck_and_expiry(web: SampleWeb, tmp_path: Path) -> None:
    sites = web.write_sites_file(tmp_path / "sites.toml")
    db = tmp_path / "state.sqlite3"
    state = f"sqlite:///{db}"
    records, _ = crawl("news", sites, tmp_path / "1.jsonl", state, "-a", "site=haaretz")
    urls = sorted(r["url"] for r in records)
    # one article looks fetched long before its sitemap date: it changed since, fetch it again
    # (its child sitemap is read: the index's lastmod of it did not move, as it would have)
    with open_store(state) as store:
        store.mark_seen(urls[0], 946684800.0)  # 2000-01-01
    records, log = crawl("news", sites, tmp_path / "2.jsonl", state, "-a", "site=haaretz",
                         "-s", "INCREMENTAL_RECHECK_DAYS=0", "-s", "INCREMENTAL_SEEN_EXPIRY_DAYS=0",
                         "-s", "INCREMENTAL_SKIP_UNCHANGED_SITEMAPS=False")
    assert [r["url"] for r in records] == [urls[0]]
    assert stat(log, "incremental/changed") == 1
    # a re-check age of ~0 fetches everything again
    records, log = crawl("news", sites, tmp_path / "3.jsonl", state, "-a", "site=haaretz",
                         "-s", "INCREMENTAL_RECHECK_DAYS=0.000001")
    assert sorted(r["url"] for r in records) == urls
    # seen URLs older than the expiry are forgotten at the start of a run
    time.sleep(1.2)
    records, log = crawl("news", sites, tmp_path / "4.jsonl", state, "-a", "site=haaretz",
                         "-s", "INCREMENTAL_SEEN_EXPIRY_DAYS=0.00001")
    assert stat(log, "incremental/expired") == len(urls)
    assert sorted(r["url"] for r in records) == urls


def test_articles_past_retention_leave_the_state(web: SampleWeb, tmp_path: Path) -> None:
    """A news run, then an aggregator run with a retention shorter than the time since: the news
    articles leave the state before the aggregator's first item, so its copies of them are no
    longer copies of anything crawled (the same run with the default retention links them)."""
    sites = web.write_sites_file(tmp_path / "sites.toml")
    states = [f"sqlite:///{tmp_path / f'state-{i}.sqlite3'}" for i in range(2)]
    news = [crawl("news", sites, tmp_path / f"news-{i}.jsonl", s)[0] for i, s in enumerate(states)]
    news_urls = {r["url"] for r in news[0]}
    time.sleep(1.2)
    kept, log = crawl("aggregator", sites, tmp_path / "agg-0.jsonl", states[0])
    assert stat(log, "dedup/pruned") == 0
    assert any(r["syndication"]["duplicateOf"] in news_urls for r in kept)
    pruned, log = crawl("aggregator", sites, tmp_path / "agg-1.jsonl", states[1],
                        "-s", "DEDUP_RETENTION_DAYS=0.00001")
    assert stat(log, "dedup/pruned") == len(news_urls) and "Retention: " in log
    assert f"; {len(news_urls)} articles past retention left the state" in log  # the run summary
    assert {r["url"] for r in pruned} == {r["url"] for r in kept}
    assert not any(r["syndication"]["duplicateOf"] in news_urls for r in pruned)
    with open_store(states[1]) as store:
        assert store.count_articles() == len(pruned)
        assert not news_urls & set(store.article_urls())


def _start_crawl(kind: str, sites: Path, workdir: Path, state: str, jobdir: Path, delay: float = 0.1
                 ) -> subprocess.Popen[str]:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings")
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", kind, "-a", f"sites={sites}", "-s", f"STATE_URI={state}",
         "-s", f"JOBDIR={jobdir}", "-s", f"DOWNLOAD_DELAY={delay}", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "LOG_LEVEL=INFO"],
        cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def _all_output(workdir: Path, kind: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in sorted((workdir / "output" / kind).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            records.append(json.loads(line))  # every line of every file parses
    return records


@pytest.mark.parametrize(("seed", "second"), [(1, signal.SIGKILL), (2, signal.SIGTERM), (3, signal.SIGINT)])
def test_kill_and_resume_loses_nothing_and_repeats_nothing(seed: int, second: signal.Signals, tmp_path: Path) -> None:
    """A crawl with JOBDIR is killed (-9) mid-crawl, resumed and stopped again by ``second`` (sent
    once: SIGTERM and SIGINT are Scrapy's graceful shutdown), then resumed to its end: every
    article written once, every line whole."""
    rng = random.Random(seed)
    with SampleWeb(scale=60) as web:
        sites = web.write_sites_file(tmp_path / "sites.toml")
        state = f"sqlite:///{tmp_path / 'state.sqlite3'}"
        jobdir = tmp_path / "job"
        expected = urls_of(web, "news")
        stops = [signal.SIGKILL, second]
        for sig in stops:
            before = len(_all_output(tmp_path, "news"))
            # a graceful stop lets the requests in flight finish: a slower crawl keeps it mid-crawl
            proc = _start_crawl("news", sites, tmp_path, state, jobdir, 0.1 if sig == signal.SIGKILL else 0.4)
            deadline = time.monotonic() + 60
            while len(_all_output(tmp_path, "news")) == before and time.monotonic() < deadline:
                time.sleep(0.05)  # stop it once it has written something, at a random point after
            # (within half a second: later, the resumed run may have little left to do)
            time.sleep(rng.uniform(0.0, 0.5))
            assert proc.poll() is None, "the crawl ended before it could be stopped"
            proc.send_signal(sig)
            _, err = proc.communicate(timeout=120)
            assert len(_all_output(tmp_path, "news")) < len(expected), err[-3000:]
            if sig != signal.SIGKILL:  # the graceful shutdown ran and ended the process by itself
                assert f"Received {sig.name}, shutting down gracefully" in err, err[-3000:]
                assert "Closing spider (shutdown)" in err and "Traceback" not in err, err[-3000:]
        proc = _start_crawl("news", sites, tmp_path, state, jobdir)
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err[-3000:]
        records = _all_output(tmp_path, "news")
        counts = Counter(r["url"] for r in records)
        assert [u for u, n in counts.items() if n > 1] == []
        assert set(counts) == expected


def test_two_crawls_share_one_sqlite_state(sample_web: SampleWeb, sites_file: Path, tmp_path: Path) -> None:
    """news and aggregator at the same time on one state file: both finish, nothing is lost."""
    db = tmp_path / "state.sqlite3"
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings")
    procs = {
        kind: subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", kind, "-a", f"sites={sites_file}", "-O",
             str(tmp_path / f"{kind}.jsonl"), "-s", f"STATE_URI=sqlite:///{db}", *FAST],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        for kind in ("news", "aggregator")
    }
    for kind, proc in procs.items():
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, (kind, err[-3000:])
        assert "database is locked" not in err
    final = tmp_path / "final.jsonl"
    proc2 = scrapy_cmd("recheck", str(tmp_path / "news.jsonl"), str(tmp_path / "aggregator.jsonl"),
                       "-o", str(final), "-s", f"STATE_URI=sqlite:///{db}")
    assert proc2.returncode == 0, proc2.stderr[-2000:]
    records = {r["url"]: r for r in read_jsonl(final)}
    assert set(records) == {a["url"] for a in sample_web.manifest["articles"]}
    for a in sample_web.manifest["articles"]:
        assert records[a["url"]]["syndication"]["duplicateOf"] == a["duplicate_of"], a["url"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        seen = conn.execute("SELECT COUNT(*) FROM seen").fetchone()[0]
    assert seen == len(records)
