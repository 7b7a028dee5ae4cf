"""The per-run budget of claimed-source fetches, end to end: one fetch, the rest counted, no post lost."""

from __future__ import annotations

from pathlib import Path

from crawler.sampleweb import SampleWeb
from tests.helpers import read_jsonl, scrapy_cmd


def test_fetch_budget_end_to_end(sample_web: SampleWeb, sites_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "agg.jsonl"
    proc = scrapy_cmd("crawl", "aggregator", "-a", f"sites={sites_file}", "-O", str(out),
                      "-s", f"STATE_URI=sqlite:///{tmp_path / 's.db'}", "-s", "SOURCE_CHECK_FETCH_BUDGET=1",
                      "-s", "LOG_LEVEL=INFO")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "'source_check/fetch/requests': 1," in proc.stderr
    assert "'source_check/fetch/over_budget':" in proc.stderr
    records = read_jsonl(out)
    expected = {a["url"] for a in sample_web.manifest["articles"] if a["siteKind"] == "aggregator"}
    assert sorted(r["url"] for r in records) == sorted(expected)  # no post lost or repeated
    assert "Source check: " in proc.stderr
    assert all(r["sourceCheck"]["status"] in ("match", "mismatch", "missing", "unverified", "none") for r in records)
