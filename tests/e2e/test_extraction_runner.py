"""The extraction worker pool: a crash, a hang or a bug in one page costs that page only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.sampleweb import SampleWeb
from tests.helpers import REPO, read_jsonl


@pytest.mark.parametrize("workers", [2, 0])
def test_crash_hang_and_bug_cost_one_page_each(sample_web: SampleWeb, sites_file: Path, tmp_path: Path,
                                                workers: int) -> None:
    news = sorted(a["url"] for a in sample_web.manifest["articles"] if a["site"] == "jpost")
    crash, hang, bug = news[0], news[1], news[2]
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings", CRASH_MARK=crash.rsplit("/", 1)[1],
               HANG_MARK=hang.rsplit("/", 1)[1], RAISE_MARK=bug.rsplit("/", 1)[1])
    if workers == 0:  # inline, a crash would kill the crawl itself: only the bug applies
        env.pop("CRASH_MARK")
        env.pop("HANG_MARK")
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"sites={sites_file}", "-a", "site=jpost",
         "-O", str(out), "-s", f"STATE_URI=sqlite:///{tmp_path / 's.db'}", "-s", f"EXTRACTION_WORKERS={workers}",
         "-s", "EXTRACTION_FUNCTION=tests.faults.crash_or_hang", "-s", "EXTRACTION_TIMEOUT=3",
         "-s", "DOWNLOAD_DELAY=0"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = {r["url"] for r in read_jsonl(out)}
    lost = {bug} if workers == 0 else {crash, hang, bug}
    assert got == set(news) - lost
    assert "'extraction/error': 1" in proc.stderr
    if workers:
        assert "'extraction/worker_crash': 1" in proc.stderr
        assert "'extraction/timeout': 1" in proc.stderr
        assert "worker replaced, page skipped" in proc.stderr


#: The pool on uvloop's event loop (Scrapy's ``ASYNCIO_EVENT_LOOP = "uvloop.Loop"``), in a process
#: of its own: pages and results larger than a pipe's buffer, four at a time on two workers.
UVLOOP_POOL = """
import asyncio, json
import uvloop
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from crawler.extraction.warm import SAMPLE_PAGE
from crawler.extraction_runner import ExtractionRunner

async def main():
    stats = MemoryStatsCollector(get_crawler())
    runner = ExtractionRunner(workers=2, timeout=60, min_words=0, stats=stats)
    runner.prepare()
    runner.start()
    filler = b"<p>" + b"The harbour authority opened the new ferry terminal on Saturday morning. " * 40 + b"</p>"
    page = SAMPLE_PAGE.replace(b"</article>", filler * 150 + b"</article>")
    got = await asyncio.gather(*(runner.extract(page, f"http://warm.invalid/2020/01/0{i}/story-{i}/", {})
                                 for i in range(1, 5)))
    runner.close()
    print(json.dumps({"page": len(page), "bodies": [len((f or {}).get("articleBody") or "") for f in got],
                      "stats": stats.get_stats()}))

uvloop.run(main())
"""


def test_the_pool_keeps_its_pages_on_uvloop() -> None:
    """uvloop makes a descriptor it watches non-blocking; the pool's pipes stay blocking, so a
    page or a result larger than the pipe's buffer is sent and read whole, not lost as a crash."""
    proc = subprocess.run([sys.executable, "-c", UVLOOP_POOL], cwd=REPO, capture_output=True, text=True,
                          timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["page"] > 4 * 65536
    assert len(got["bodies"]) == 4 and all(n > 0 for n in got["bodies"])
    assert not any("crash" in k or "timeout" in k for k in got["stats"]), got["stats"]
