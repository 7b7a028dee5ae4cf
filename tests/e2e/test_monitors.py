"""The health monitors end to end: `scrapy crawl` on the sample web, healthy and with one site broken.

Each failing case runs the real crawl in a subprocess against a sample web in which one site is
broken the way real sites break (``SampleWeb.set_fault``), and checks the exit code (3), the one
line on stderr naming the site and the reason, the run summary, and that the healthy sites are
not named.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.health import MONITOR_FAILED_EXIT
from crawler.sampleweb import SampleWeb
from crawler.state import open_store
from tests.helpers import scrapy_cmd

NEWS_SITES = ["dailyherald", "haaretz", "jpost", "worldwire"]


@pytest.fixture
def web() -> Iterator[SampleWeb]:
    with SampleWeb() as w:
        yield w


def crawl_news(web: SampleWeb, tmp_path: Path, state: str, *extra: str) -> Any:
    sites = web.write_sites_file(tmp_path / "sites.toml")
    return scrapy_cmd("crawl", "news", "-a", f"sites={sites}", "-O", str(tmp_path / "news.jsonl"),
                      "-s", f"STATE_URI={state}", "-s", "LOG_LEVEL=INFO", *extra)


def error_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.startswith("error: health monitors failed:")]
    assert len(lines) == 1, stderr[-3000:]
    return lines[0]


def failed_monitors(stderr: str) -> set[str]:
    return set(re.findall(r"\[Spidermon\] site health/([a-z -]+)\.\.\. FAIL", stderr))


def test_healthy_crawl_passes_every_monitor(crawl_run: dict[str, Any]) -> None:
    for spider in ("news", "aggregator"):
        log = crawl_run["logs"][spider]
        for name in ("every site gave articles", "fetch error rate", "extraction skip rate",
                     "claimed-source fetch failures", "article count against earlier runs"):
            assert f"[Spidermon] site health/{name}... OK" in log, (spider, name)
        assert "'monitors/failed': 0" in log and "'monitors/passed': 5" in log
        assert "failed its health checks" not in log and "error: health monitors failed" not in log
    # the run summary lists every site; the state store keeps each site's run
    assert re.search(r"Run summary \(news, finished\).*\(dailyherald \d+, haaretz \d+, jpost \d+, worldwire \d+\)",
                     crawl_run["logs"]["news"])
    with open_store(crawl_run["state"]) as store:
        assert store.run_sites() == sorted([*NEWS_SITES, "blogspot", "wpnews"])
        (run,) = store.site_runs("jpost")
        assert run["articles"] == 10 and run["found"] == 10 and run["problems"] == [] and run["complete"]
        assert run["requests"] >= 12 and run["fetch_errors"] == 2  # the sample web's 404 and 500 pages


def test_site_answering_500_fails_and_is_named(web: SampleWeb, tmp_path: Path) -> None:
    web.set_fault("jpost", "down")
    action_file = tmp_path / "action.json"
    proc = crawl_news(web, tmp_path, f"sqlite:///{tmp_path / 's.db'}", "-s", "RETRY_TIMES=0",
                      "-s", "MONITOR_FAILED_ACTIONS=tests.monitor_actions.RecordFailure",
                      "-s", f"TEST_ACTION_FILE={action_file}")
    assert proc.returncode == MONITOR_FAILED_EXIT, proc.stderr[-3000:]
    line = error_line(proc.stderr)
    assert "jpost: no articles" in line and "HTTP 500" in line
    assert not any(f"{s}:" in line for s in NEWS_SITES if s != "jpost")
    assert "every site gave articles" in failed_monitors(proc.stderr)
    assert "Site jpost failed its health checks: no articles" in proc.stderr
    assert "jpost 0" in proc.stderr  # the summary lists the site that wrote nothing
    # the Spidermon action wired through MONITOR_FAILED_ACTIONS ran, with the monitor's message
    told = json.loads(action_file.read_text(encoding="utf-8"))
    assert told["spider"] == "news"
    assert [f["monitor"] for f in told["failed"]] == ["site health/every site gave articles"]
    assert "jpost: no articles" in told["failed"][0]["reason"]


def test_changed_template_fails_and_is_named(web: SampleWeb, tmp_path: Path) -> None:
    web.set_fault("jpost", "redesign")
    proc = crawl_news(web, tmp_path, f"sqlite:///{tmp_path / 's.db'}")
    assert proc.returncode == MONITOR_FAILED_EXIT, proc.stderr[-3000:]
    line = error_line(proc.stderr)
    assert "jpost: no articles" in line
    assert re.search(r"jpost: 11 of 11 article pages gave no article \(100%, over MONITOR_MAX_SKIP_RATE=0.5\)", line)
    assert not any(f"{s}:" in line for s in NEWS_SITES if s != "jpost")
    assert failed_monitors(proc.stderr) == {"every site gave articles", "extraction skip rate"}


def test_fetch_error_rate_is_judged_on_its_own(web: SampleWeb, tmp_path: Path) -> None:
    """A site whose pages fail past the threshold fails that monitor even with articles found."""
    proc = crawl_news(web, tmp_path, f"sqlite:///{tmp_path / 's.db'}", "-s", "MONITOR_MAX_FETCH_ERROR_RATE=0.1")
    assert proc.returncode == MONITOR_FAILED_EXIT, proc.stderr[-3000:]
    line = error_line(proc.stderr)
    # every news site of the sample web has one 404 and one 500 article: 2 of 13 to 20 requests
    assert re.search(r"jpost: 2 of 1\d requests failed \(1\d%, over MONITOR_MAX_FETCH_ERROR_RATE=0.1\): "
                     r"HTTP 404 x1, HTTP 500 x1", line), line
    assert failed_monitors(proc.stderr) == {"fetch error rate"}


def test_collapsed_article_count_fails_against_the_previous_run(web: SampleWeb, tmp_path: Path) -> None:
    state = f"sqlite:///{tmp_path / 's.db'}"
    action_file = tmp_path / "action.json"
    first = crawl_news(web, tmp_path, state, "-s", "MONITOR_FAILED_ACTIONS=tests.monitor_actions.RecordFailure",
                       "-s", f"TEST_ACTION_FILE={action_file}")
    assert first.returncode == 0, first.stderr[-3000:]
    assert not action_file.exists()  # failed-monitor actions run only when one failed
    web.set_fault("haaretz", "shrink")  # its sitemaps now list only its 2 newest articles
    second = crawl_news(web, tmp_path, state)
    assert second.returncode == MONITOR_FAILED_EXIT, second.stderr[-3000:]
    line = error_line(second.stderr)
    assert re.search(r"haaretz: 2 articles, down 80% from 10 \(median of its last 1 runs", line), line
    assert not any(f"{s}:" in line for s in NEWS_SITES if s != "haaretz")
    assert failed_monitors(second.stderr) == {"article count against earlier runs"}
    # an incremental run that finds the same articles again (unchanged) is not a collapse
    web.set_fault("haaretz", None)
    third = crawl_news(web, tmp_path, state)
    assert third.returncode == 0, third.stderr[-3000:]
    with open_store(state) as store:
        runs = store.site_runs("haaretz")
    assert [r["found"] for r in runs] == [10, 2, 10]
    assert runs[0]["articles"] == 0 and runs[0]["unchanged"] == 10


def test_monitors_can_be_turned_off(web: SampleWeb, tmp_path: Path) -> None:
    web.set_fault("jpost", "down")
    proc = crawl_news(web, tmp_path, f"sqlite:///{tmp_path / 's.db'}", "-s", "RETRY_TIMES=0",
                      "-s", "SPIDERMON_ENABLED=False")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "[Spidermon]" not in proc.stderr
