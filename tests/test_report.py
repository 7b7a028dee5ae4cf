"""``scrapy report``: the HTML report of a crawl, checked in headless Chromium (the Debian package).

The browser tests load the report file the way a reader would and check the DOM Chromium built
from it: the health table, every flagged post with its evidence, the clusters, the charts; that
hostile page text stays text; and that the file needs nothing from outside (no script, no
external resource). A screenshot is taken every time; with ``UPDATE_SCREENSHOTS=1`` it replaces
``docs/report.png``, the picture in the README.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from crawler.report import build_report
from crawler.report.model import gather
from tests.chromium import dump_dom, screenshot
from tests.helpers import REPO, read_jsonl, scrapy_cmd

SITES = {"blogspot", "wpnews", "dailyherald", "haaretz", "jpost", "worldwire"}


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("demo")
    proc = scrapy_cmd("demo", "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"Report: {out / 'report.html'}" in proc.stdout
    # the sample web's deliberate faults are counted, not shouted: no WARNING or ERROR line
    assert not re.search(r"\] (WARNING|ERROR|CRITICAL): ", proc.stderr), proc.stderr[-3000:]
    yield out


def umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def texts(node: Any) -> str:
    return " ".join(node.text_content().split())


def test_demo_report_in_chromium(demo_out: Path, tmp_path: Path) -> None:
    page = demo_out / "report.html"
    for written in (page, demo_out / "articles.jsonl"):
        assert written.stat().st_mode & 0o777 == 0o666 & ~umask()
    records = read_jsonl(demo_out / "articles.jsonl")
    dom = lxml.html.fromstring(dump_dom(page))

    # nothing from outside the file, and nothing that runs
    assert dom.xpath("//script") == [] and dom.xpath("//*[@src]") == [] and dom.xpath("//link") == []
    csp = dom.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0]

    # site health: every site, with the figures its monitors judged
    rows = dom.xpath("//table[@id='health-table']/tbody/tr")
    assert {texts(r.xpath("td")[0]) for r in rows} == SITES
    for row in rows:
        cells = [texts(td) for td in row.xpath("td")]
        assert cells[2] == "OK", cells
        assert int(cells[3]) == sum(1 for r in records if r["site"] == cells[0])
        assert int(cells[6]) > 0  # requests

    # every flagged post, with its evidence
    flagged = [r for r in records if r["sourceCheck"]["status"] in ("mismatch", "missing")]
    blocks = dom.xpath("//article[contains(@class, 'flag')]")
    assert len(blocks) == len(flagged) > 0
    by_post = {b.xpath(".//dt[.='post']/following-sibling::dd[1]//a/@href")[0]: b for b in blocks}
    assert set(by_post) == {r["url"] for r in flagged}
    seed = next(r for r in flagged if "hunger-strike" in ((r["claimedSource"] or {}).get("url") or "")
                and "lieberman-meets" in r["url"])
    block = by_post[seed["url"]]
    def dd(term: str) -> Any:
        return block.xpath(f".//dt[.='{term}']/following-sibling::dd[1]")[0]

    assert dd("claims as source").xpath(".//a/@href") == [seed["claimedSource"]["url"]]
    assert dd("original").xpath(".//a/@href") == [seed["sourceCheck"]["originalUrl"]]
    reasons = texts(dd("reasons"))
    assert all(reason in reasons for reason in seed["sourceCheck"]["reasons"]) and "slug_mismatch" in reasons
    assert texts(dd("containment")).endswith("of the post's text")

    # the clusters: each original with its copies
    copies: dict[str, set[str]] = {}
    for r in records:
        if r["syndication"]["role"] == "copy":
            copies.setdefault(r["syndication"]["clusterId"], set()).add(r["url"])
    clusters = dom.xpath("//details[contains(@class, 'cluster')]")
    assert len(clusters) == len(copies)
    shown = {frozenset(c.xpath(".//ol/li/a[1]/@href")) for c in clusters}
    assert shown == {frozenset(v) for v in copies.values()}

    # the charts, drawn inline
    charts = {c.get("id"): c for c in dom.xpath("//*[local-name()='svg'][contains(@class, 'chart')]")}
    assert set(charts) == {"chart-aggregators", "chart-runs", "chart-verdicts"}
    rect_titles = ".//*[local-name()='rect']/*[local-name()='title']"
    bar_titles = [texts(t) for t in charts["chart-aggregators"].xpath(rect_titles)]
    n_blogspot = sum(1 for r in records if r["site"] == "blogspot")
    assert f"blogspot: {n_blogspot} posts" in bar_titles
    assert len(charts["chart-runs"].xpath(".//*[local-name()='rect']")) == len(SITES)  # one run of each site

    png = tmp_path / "report.png"
    assert screenshot(page, png) == (1280, 2000)
    if os.environ.get("UPDATE_SCREENSHOTS"):
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copyfile(png, REPO / "docs" / "report.png")


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


def test_report_command_reads_the_crawl_state(crawl_run: dict[str, Any], tmp_path: Path) -> None:
    out = crawl_run["dir"]
    html = tmp_path / "r.html"
    proc = scrapy_cmd("report", str(out / "news.jsonl"), str(out / "aggregator.jsonl"), "-o", str(html),
                      "-s", f"STATE_URI={crawl_run['state']}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr.strip().splitlines()[-1].startswith("report: ") and str(html) in proc.stderr
    dom = lxml.html.fromstring(html.read_text(encoding="utf-8"))
    rows = dom.xpath("//table[@id='health-table']/tbody/tr")
    assert {texts(r.xpath("td")[0]) for r in rows} == SITES
    assert all(texts(r.xpath("td")[2]) == "OK" for r in rows)
    # without the crawl's state the report says why its health columns are empty
    proc = scrapy_cmd("report", str(out / "news.jsonl"), "-o", str(html), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "no state store at .scrapy/crawler-state.sqlite3" in html.read_text(encoding="utf-8")
    assert not (tmp_path / ".scrapy").exists()


def test_report_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    proc = scrapy_cmd("report", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "r.html"))
    assert proc.returncode == 2 and proc.stderr.strip() == f"error: no such input file: {tmp_path / 'missing.jsonl'}"
    good = tmp_path / "in.jsonl"
    good.write_text(json.dumps(hostile_records()[0]) + "\n", encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = scrapy_cmd("report", str(good), "-o", str(tmp_path / "r.html"), "-s", f"STATE_URI=redis://127.0.0.1:{port}/0")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: state store redis://127.0.0.1:") and "cannot reach" in lines[0]
    assert not (tmp_path / "r.html").exists()
