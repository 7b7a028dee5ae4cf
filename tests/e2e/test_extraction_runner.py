"""The extraction worker pool: a crash, a hang or a bug in one page costs that page only."""

from __future__ import annotations

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
