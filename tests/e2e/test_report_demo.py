"""``scrapy report`` end to end: the demo's report in headless Chromium (the Debian package), and the command.

The browser test loads the report file the way a reader would and checks the DOM Chromium built
from it: the health table, every flagged post with its evidence, the clusters, the charts; and
that the file needs nothing from outside (no script, no external resource). A screenshot is
taken every time; with ``UPDATE_SCREENSHOTS=1`` it replaces ``docs/report.png``, the picture in
the README.
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
    good.write_text(json.dumps({"url": "https://news.example/a", "site": "news"}) + "\n", encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = scrapy_cmd("report", str(good), "-o", str(tmp_path / "r.html"), "-s", f"STATE_URI=redis://127.0.0.1:{port}/0")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: state store redis://127.0.0.1:") and "cannot reach" in lines[0]
    assert not (tmp_path / "r.html").exists()
