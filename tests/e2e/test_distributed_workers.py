"""Distributed crawling with scrapy-redis against a real redis-server: seed, N workers, merge.

Each test gets its own key prefix (frontier) and its own STATE_URI prefix (state store) on the
session's redis-server, and drives the real ``scrapy`` command line as a user would.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from crawler.records import merge_files
from crawler.sampleweb import SampleWeb
from tests.helpers import Frontier, read_jsonl, scrapy_cmd


def stat(log: str, name: str) -> int:
    marker = f"'{name}': "
    if marker not in log:
        return 0
    return int(log.split(marker, 1)[1].split(",", 1)[0].split("}", 1)[0])


def finish(proc: subprocess.Popen[str], timeout: float = 240) -> str:
    _, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    assert "Warning:" not in err, [line for line in err.splitlines() if "Warning:" in line]
    return err


def verdicts(records: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    out = {}
    for r in records:
        syn, sc = r["syndication"], r["sourceCheck"]
        out[r["url"]] = (syn["role"], syn["duplicateOf"], sc["status"], tuple(sorted(sc["reasons"])),
                         sc["originalUrl"])
    return out


def clusters(records: list[dict[str, Any]]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for r in records:
        groups.setdefault(r["syndication"]["clusterId"], []).append(r["url"])
    return sorted(sorted(g) for g in groups.values())


def test_merge_dedupes_by_url_keeps_latest_and_skips_bad_lines(crawl_run: dict[str, Any], tmp_path: Path) -> None:
    records = crawl_run["news"][:6]
    old = json.loads(json.dumps(records[0]))
    old["metadata"]["dateDownloaded"] = "2000-01-01T00:00:00+00:00"
    old["headline"] = "stale"
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records[:4]) + '{"url": "torn',
                                            encoding="utf-8")
    (tmp_path / "w" / "b.jsonl").write_text(json.dumps(old) + "\n" + json.dumps({"url": "x"}) + "\n"
                                            + "".join(json.dumps(r) + "\n" for r in records[3:]), encoding="utf-8")
    summary = merge_files([tmp_path / "w"], tmp_path / "out.jsonl")
    out = read_jsonl(tmp_path / "out.jsonl")
    assert [r["url"] for r in out] == sorted(r["url"] for r in records)
    assert next(r for r in out if r["url"] == old["url"])["headline"] == records[0]["headline"]
    assert (summary.files, summary.duplicates, summary.bad_lines) == (2, 2, 2)
    proc = scrapy_cmd("merge", str(tmp_path / "w" / "a.jsonl"), str(tmp_path / "nope.jsonl"), "-o", "x.jsonl")
    assert proc.returncode == 2 and "nope.jsonl" in proc.stderr


def test_seed_pushes_json_start_urls_and_starts_a_new_run(frontier: Frontier, sites_file: Path,
                                                          sample_web: SampleWeb) -> None:
    client = frontier.server.client()
    client.sadd(f"{frontier.prefix}news:dupefilter", "old-fingerprint")
    client.zadd(f"{frontier.prefix}news:requests", {"old-request": 0})
    log = frontier.seed("news", sites_file)
    assert "seed: 5 discovery URLs of 4 news site(s)" in log
    assert not client.exists(f"{frontier.prefix}news:dupefilter", f"{frontier.prefix}news:requests")
    seeds = [json.loads(s) for s in client.lrange(f"{frontier.prefix}news:start_urls", 0, -1)]
    assert {s["meta"]["site_name"] for s in seeds} == {"haaretz", "jpost", "dailyherald", "worldwire"}
    assert all(set(s) == {"url", "meta", "callback"} for s in seeds)
    assert {s["callback"] for s in seeds} == {"parse_robots", "parse_listing", "parse_index"}
    frontier.seed("news", sites_file, "-a", "site=jpost", "--append")
    assert client.llen(f"{frontier.prefix}news:start_urls") == len(seeds) + 1
    bad = scrapy_cmd("seed", "news", "-a", f"sites={sites_file}", "-a", "site=nope", *frontier.settings)
    assert bad.returncode == 2 and bad.stderr.startswith("error: ")
    down = scrapy_cmd("seed", "news", "-a", f"sites={sites_file}", "-s", "REDIS_URL=redis://127.0.0.1:1/0")
    assert down.returncode == 2 and "cannot reach Redis" in down.stderr


# --- crawls -----------------------------------------------------------------------------------
@pytest.mark.parametrize("workers", [2, 4])
def test_workers_together_equal_one_process(workers: int, frontier: Frontier, sites_file: Path,
                                            crawl_run: dict[str, Any], tmp_path: Path) -> None:
    """N news workers and N aggregator workers at once; merged and rechecked, the output equals
    the single-process crawl's (same URLs, clusters and verdicts), nothing written twice."""
    outputs: dict[str, list[Path]] = {}
    procs = []
    # every worker is up (registered, polling the empty frontier) before the run is seeded, so
    # the test sees how they share the queue, not which one started first
    wait = ["-s", "DISTRIBUTED_IDLE_TIMEOUT=5", "-s", "DISTRIBUTED_POLL_INTERVAL=0.1", "-s", "DISTRIBUTED_PREFETCH=4"]
    for spider in ("news", "aggregator"):
        outputs[spider] = [tmp_path / f"{spider}-{i}.jsonl" for i in range(workers)]
        procs += [frontier.worker(spider, sites_file, out, *wait) for out in outputs[spider]]
    client = frontier.server.client()
    deadline = time.monotonic() + 60
    while any(client.zcard(f"{frontier.prefix}{spider}:workers") < workers for spider in ("news", "aggregator")):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs), "the workers did not start"
        time.sleep(0.05)
    for spider in ("news", "aggregator"):
        assert frontier.push_seeds(spider, sites_file) > 0
    logs = [finish(p) for p in procs]
    raw = [r for spider in outputs for path in outputs[spider] if path.exists() for r in read_jsonl(path)]
    counts = Counter(r["url"] for r in raw)
    assert [u for u, n in counts.items() if n > 1] == []
    # the workers shared the work (with 4 workers on this small web one may find nothing left),
    # none held more than its prefetch
    for i in range(2):
        busy = [stat(log, "scheduler/dequeued/redis") for log in logs[i * workers:(i + 1) * workers]]
        assert sum(1 for n in busy if n > 0) >= 2, busy
    assert all(stat(log, "distributed/max_held") <= 4 for log in logs)
    final = tmp_path / "final.jsonl"
    proc = scrapy_cmd("merge", str(tmp_path), "-o", str(final), "--recheck", "-s", f"STATE_URI={frontier.state}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "0 duplicates dropped, 0 bad lines skipped" in proc.stderr
    merged = read_jsonl(final)
    single = crawl_run["final"]
    assert {r["url"] for r in merged} == {r["url"] for r in single}
    assert clusters(merged) == clusters(single)
    assert verdicts(merged) == verdicts(single)
    client = frontier.server.client()
    assert client.zcard(f"{frontier.prefix}news:requests") == 0
    assert not list(client.scan_iter(match=f"{frontier.prefix}*:inflight:*"))
    if workers == 2:
        # the next run fetches every discovery page again but no article written before
        frontier.seed("news", sites_file)
        log = finish(frontier.worker("news", sites_file, tmp_path / "run2.jsonl"))
        assert not (tmp_path / "run2.jsonl").exists() or read_jsonl(tmp_path / "run2.jsonl") == []
        assert stat(log, "incremental/unchanged_skipped") == len(crawl_run["news"])
        assert stat(log, "distributed/seeds") == 5 and stat(log, "discovery/index_pages") > 0


def test_workers_split_the_queue(frontier: Frontier, tmp_path: Path) -> None:
    """Prefetch keeps the first worker from taking the queue: both do a fair share."""
    slow = ["-s", "DOWNLOAD_DELAY=0.05", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "DISTRIBUTED_PREFETCH=4"]
    with SampleWeb(scale=60) as web:
        sites = web.write_sites_file(tmp_path / "sites.toml")
        frontier.seed("news", sites)
        procs = [frontier.worker("news", sites, tmp_path / f"w{i}.jsonl", *slow) for i in (1, 2)]
        logs = [finish(p) for p in procs]
        expected = {a["url"] for a in web.manifest["articles"] if a["siteKind"] == "news"}
    got = [read_jsonl(tmp_path / f"w{i}.jsonl") for i in (1, 2)]
    assert Counter(r["url"] for g in got for r in g) == Counter(expected)
    assert min(len(g) for g in got) >= 0.3 * len(expected), [len(g) for g in got]
    assert all(stat(log, "distributed/max_held") <= 4 for log in logs)


def test_killed_worker_loses_nothing(frontier: Frontier, tmp_path: Path) -> None:
    """kill -9 one of two workers mid-crawl: its leased requests go back to the queue when its
    lease runs out, the other worker finishes them; every article is written exactly once."""
    slow = ["-s", "DOWNLOAD_DELAY=0.05", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "DISTRIBUTED_LEASE=3",
            "-s", "DISTRIBUTED_PREFETCH=8"]
    with SampleWeb(scale=60) as web:
        sites = web.write_sites_file(tmp_path / "sites.toml")
        expected = {a["url"] for a in web.manifest["articles"] if a["siteKind"] == "news"}
        frontier.seed("news", sites)
        victim = frontier.worker("news", sites, tmp_path / "victim.jsonl", *slow)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            out = tmp_path / "victim.jsonl"
            if out.exists() and len(out.read_text(encoding="utf-8").splitlines()) >= 5:
                break
            time.sleep(0.05)
        survivor = frontier.worker("news", sites, tmp_path / "survivor.jsonl", *slow)
        time.sleep(1.0)
        assert victim.poll() is None, "the crawl ended before it could be killed"
        held = frontier.server.client().hlen(f"{frontier.prefix}news:inflight:{_worker_name(victim)}")
        victim.send_signal(signal.SIGKILL)
        victim.communicate(timeout=30)
        log = finish(survivor)
    assert held > 0
    assert stat(log, "distributed/requeued") >= 1
    victim_records = read_jsonl(tmp_path / "victim.jsonl") if (tmp_path / "victim.jsonl").exists() else []
    records = victim_records + read_jsonl(tmp_path / "survivor.jsonl")
    counts = Counter(r["url"] for r in records)
    assert [u for u, n in counts.items() if n > 1] == []
    assert set(counts) == expected
    assert len(victim_records) < len(expected)
    merged = tmp_path / "merged.jsonl"
    proc = scrapy_cmd("merge", str(tmp_path / "victim.jsonl"), str(tmp_path / "survivor.jsonl"), "-o", str(merged))
    assert proc.returncode == 0, proc.stderr
    assert {r["url"] for r in read_jsonl(merged)} == expected


def _worker_name(proc: subprocess.Popen[str]) -> str:
    import socket

    return f"{socket.gethostname().split('.')[0] or 'host'}-{proc.pid}"


def test_unreachable_redis_fails_in_one_line(sites_file: Path, tmp_path: Path) -> None:
    proc = scrapy_cmd("crawl", "news", "-a", f"sites={sites_file}", "-o", str(tmp_path / "x.jsonl"),
                      "-s", "DISTRIBUTED=True", "-s", "REDIS_URL=redis://127.0.0.1:1/0", timeout=60)
    assert proc.returncode != 0
    assert "cannot reach Redis" in proc.stderr
