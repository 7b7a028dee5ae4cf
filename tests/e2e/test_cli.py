"""The command line as a user meets it: output options, `scrapy parse`, unusable stores, help, log levels."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest

from crawler.sampleweb import SampleWeb
from crawler.state import StoredArticle, open_store
from tests.helpers import read_jsonl, scrapy_cmd

COMMANDS = ["crawl", "demo", "recheck", "merge", "seed", "report", "parse"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_output_option_replaces_the_default_feed(sites_file: Path, tmp_path: Path) -> None:
    state = f"STATE_URI=sqlite:///{tmp_path / 's.db'}"
    proc = scrapy_cmd("crawl", "news", "-a", f"sites={sites_file}", "-a", "site=jpost", "-O", "one.jsonl",
                      "-s", state, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(read_jsonl(tmp_path / "one.jsonl")) == 10
    assert not (tmp_path / "output").exists()
    # without -o/-O, the default FEEDS: one file per run under output/<spider>/
    proc = scrapy_cmd("crawl", "news", "-a", f"sites={sites_file}", "-a", "site=jpost", "-s", state,
                      "-s", "INCREMENTAL_ENABLED=False", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (written,) = (tmp_path / "output" / "news").glob("*.jsonl")
    assert len(read_jsonl(written)) == 10


def test_parse_url_finds_its_site_and_reads_an_article(sample_web: SampleWeb, sites_file: Path,
                                                       tmp_path: Path) -> None:
    seed = sample_web.manifest["seed"]
    for url, site in ((seed["post_url"], "blogspot"), (seed["original_url"], "haaretz")):
        proc = scrapy_cmd("parse", url, "-a", f"sites={sites_file}", "--nocolour", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "Scraped Items" in proc.stdout and f"'site': '{site}'" in proc.stdout, proc.stdout[-2000:]
        joined = re.sub(r"'\s*\n\s*'", "", proc.stdout)  # pprint splits long strings over lines
        assert "Lieberman met with his Russian counterpart, Sergei Shoigu" in joined
        assert "Traceback" not in proc.stderr
    proc = scrapy_cmd("parse", sample_web.base_url("jpost") + "/rss/rssfeedsfrontpage.aspx", "-a",
                      f"sites={sites_file}", "-c", "parse_listing", "--nocolour", cwd=tmp_path)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert len(re.findall(r"<GET http://127\.0\.0\.1:\d+/", proc.stdout)) >= 10
    elsewhere = f"http://127.0.0.1:{free_port()}/story"
    proc = scrapy_cmd("parse", elsewhere, "-a", f"sites={sites_file}", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: {elsewhere}: its host is not one of the hosts of {sites_file}"


def test_parse_takes_no_old_article_out_of_the_state(sample_web: SampleWeb, sites_file: Path,
                                                    tmp_path: Path) -> None:
    """Retention is the crawls': parsing one page with the crawl's state keeps every article."""
    state = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    with open_store(state) as store:
        store.put_article(StoredArticle(url="https://old.example/1", index_hashes=(1, 2), updated=1000.0))
    proc = scrapy_cmd("parse", sample_web.manifest["seed"]["original_url"], "-a", f"sites={sites_file}",
                      "--pipelines", "-s", f"STATE_URI={state}", cwd=tmp_path)
    assert proc.returncode == 0 and "Scraped Items" in proc.stdout, proc.stderr[-2000:]
    with open_store(state) as store:
        assert store.get_article("https://old.example/1") is not None and store.count_articles() == 2


def _command(command: str, sample_web: SampleWeb, sites_file: Path, tmp_path: Path) -> list[str]:
    """The arguments of ``command`` on an empty records file, the sample web or the sites file."""
    records = tmp_path / "in.jsonl"
    records.write_text("", encoding="utf-8")
    return {
        "crawl": ["crawl", "news", "-a", f"sites={sites_file}", "-O", "o.jsonl"],
        "recheck": ["recheck", str(records), "-o", "o.jsonl"],
        "merge": ["merge", str(records), "-o", "o.jsonl", "--recheck"],
        "seed": ["seed", "news", "-a", f"sites={sites_file}"],
        "report": ["report", str(records), "-o", "r.html"],
        "parse": ["parse", sample_web.manifest["seed"]["original_url"], "-a", f"sites={sites_file}"],
        "demo": ["demo", "-o", "demo-out"],
    }[command]


@pytest.mark.parametrize("uri", ["redis://127.0.0.1:{port}/0", "redis://127.0.0.1:notaport/0", "foo://x"])
@pytest.mark.parametrize("command", ["crawl", "recheck", "merge", "seed", "report", "parse"])
def test_unusable_store_is_one_line_and_exit_2(command: str, uri: str, sample_web: SampleWeb, sites_file: Path,
                                               tmp_path: Path) -> None:
    uri = uri.format(port=free_port())
    setting = "REDIS_URL" if command == "seed" else "STATE_URI"
    proc = scrapy_cmd(*_command(command, sample_web, sites_file, tmp_path), "-s", f"{setting}={uri}", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr[-2000:]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and uri.split("/")[2] in lines[0], proc.stderr
    assert not (tmp_path / "o.jsonl").exists() and not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("command", ["crawl", "recheck", "merge", "seed", "parse", "demo"])
def test_a_setting_of_the_wrong_kind_is_one_line_and_exit_2(command: str, sample_web: SampleWeb, sites_file: Path,
                                                            tmp_path: Path) -> None:
    proc = scrapy_cmd(*_command(command, sample_web, sites_file, tmp_path), "-s", "DEDUP_RETENTION_DAYS=a-year",
                      cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert proc.stderr.strip() == "error: setting DEDUP_RETENTION_DAYS='a-year' is not a number (default 365.0)"
    assert not (tmp_path / "o.jsonl").exists() and not (tmp_path / "demo-out").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_an_example(command: str) -> None:
    proc = scrapy_cmd(command, "-h")
    assert proc.returncode == 0, proc.stderr
    examples = proc.stdout.split("Examples:\n", 1)[1].splitlines()
    assert examples and all(line.startswith(f"  scrapy {command} ") for line in examples if line.strip())


def test_expected_failures_are_not_warnings(crawl_run: dict[str, Any]) -> None:
    """The sample web's 404 and 500 article pages and a dead link on an index page are counted and
    logged at INFO or DEBUG; the crawl's log has no WARNING or ERROR line."""
    for spider in ("news", "aggregator"):
        log = crawl_run["logs"][spider]
        noisy = [ln for ln in log.splitlines() if re.search(r"\] (WARNING|ERROR|CRITICAL): ", ln)]
        assert noisy == [], noisy
    news = crawl_run["logs"]["news"]
    assert re.search(r"\] INFO: Site jpost: HTTP 500 for ", news)
    assert re.search(r"\] INFO: Gave up retrying <GET [^>]+> \(failed 3 times\): 500", news)
    assert "'discovery/dead_links': 1" in news and "'site/dailyherald/fetch_errors/http_404': 1" in news
