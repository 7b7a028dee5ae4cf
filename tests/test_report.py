"""The HTML report (crawler/report/): what it gathers from records and runs, and that hostile page
text stays text when Chromium (the Debian package) loads the file.

The end-to-end tests (the demo's report in Chromium, with the README's screenshot, and the
`scrapy report` command) are in tests/e2e/test_report_demo.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.html

from crawler.report import build_report
from crawler.report.model import gather
from tests.chromium import dump_dom


def texts(node: Any) -> str:
    return " ".join(node.text_content().split())


HOSTILE = "</style></title><script>alert(1)</script><img src=x onerror=alert(2)>\"'&amp;"


def hostile_records() -> list[dict[str, Any]]:
    original = {"url": "https://news.example/a", "site": "news", "siteKind": "news", "headline": "Original",
                "syndication": {"clusterId": "c1", "role": "original", "duplicateOf": None, "containment": None},
                "sourceCheck": {"status": "none", "reasons": [], "originalUrl": None},
                "metadata": {"dateDownloaded": "2024-01-01T00:00:00+00:00"}}
    post = {"url": "https://blog.example/p?x=\"><script>alert(4)</script>", "site": "<b>blog</b>",
            "siteKind": "aggregator", "headline": HOSTILE,
            "claimedSource": {"url": "javascript:alert(3)", "text": HOSTILE},
            "syndication": {"clusterId": "c1", "role": "copy", "duplicateOf": "https://news.example/a",
                            "containment": 0.97},
            "sourceCheck": {"status": "mismatch", "reasons": ["slug_mismatch", "<i>odd</i>"],
                            "originalUrl": "https://news.example/a"},
            "metadata": {"dateDownloaded": "2024-01-01T00:00:01+00:00"}}
    return [original, post]


def test_hostile_page_text_stays_text(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(build_report(hostile_records(), sources=["<x>.jsonl"]), encoding="utf-8")
    dom = lxml.html.fromstring(dump_dom(page))
    assert dom.xpath("//script") == [] and dom.xpath("//img") == [] and dom.xpath("//b[.='blog'] | //i") == []
    assert dom.xpath("//a[starts-with(@href, 'javascript')]") == []
    (flag,) = dom.xpath("//article[contains(@class, 'flag')]")
    assert f"as written: “{HOSTILE}”" in flag.text_content()  # every character as written ("&amp;" too)
    assert "javascript:alert(3)" in texts(flag)  # shown, not linked
    assert dom.xpath("//article//a/@href")[0] == "https://blog.example/p?x=\"><script>alert(4)</script>"
    assert "<b>blog</b>" in texts(dom.xpath("//table[@id='health-table']")[0])
    assert dom.xpath("//title")[0].text.startswith("Crawl report")


def test_gather_matches_runs_by_time_and_lists_sites_that_wrote_nothing() -> None:
    records = hostile_records()
    def run(site: str, finished: float, run_id: str, found: int, problems: list[Any] | None = None) -> dict[str, Any]:
        return {"site": site, "kind": "news", "finished": finished, "runId": run_id, "found": found,
                "articles": found, "problems": problems or []}
    t = 1704067201.0  # the post's dateDownloaded
    runs = {
        "news": [run("news", t + 3600, "later", 5), run("news", t + 60, "this", 1), run("news", t - 3600, "old", 9)],
        "silent": [run("silent", t + 61, "this", 0, [{"check": "articles", "reason": "no articles"}])],
        "other": [run("other", t + 61, "elsewhere", 3)],
    }
    report = gather(records, runs)
    rows = {r.site: r for r in report.sites}
    assert set(rows) == {"news", "<b>blog</b>", "silent"}
    assert rows["news"].run is not None and rows["news"].run["runId"] == "this"
    assert [r["runId"] for r in rows["news"].history] == ["old", "this", "later"]
    assert rows["silent"].records == 0 and rows["silent"].run is not None
    assert rows["<b>blog</b>"].run is None
    assert [f.status for f in report.flags] == ["mismatch"] and report.flags[0].containment == 0.97
    assert [(c.original_url, len(c.copies)) for c in report.clusters] == [("https://news.example/a", 1)]
    assert gather(records).health_note == "no recorded crawl run matches these records"
