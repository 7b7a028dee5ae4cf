"""The health checks on figures (crawler/health.py): thresholds, small samples, the baseline of earlier runs."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.settings import Settings

from crawler.health import HealthConfig, SiteFigures, baseline, check_site, run_record

CFG = HealthConfig.from_settings()  # the project's defaults


def checks(fig: SiteFigures, previous: list[dict[str, Any]] | None = None, **kw: Any) -> list[str]:
    return [p.check for p in check_site(fig, previous or [], CFG, **kw).problems]


def test_figures_from_stats() -> None:
    stats = {"articles/a": 7, "site/a/unchanged": 3, "site/a/requests": 20, "site/a/fetch_errors/http_500": 2,
             "site/a/fetch_errors/DownloadTimeoutError": 1, "site/a/skipped": 4, "site/a/claim_fetches": 5,
             "site/a/claim_failures": 1, "articles/ab": 99, "site/ab/fetch_errors/http_404": 9}
    fig = SiteFigures.from_stats(stats, "a", "news")
    assert (fig.articles, fig.unchanged, fig.found, fig.requests, fig.fetch_errors) == (7, 3, 10, 20, 3)
    assert (fig.skipped, fig.candidates, fig.claim_fetches, fig.claim_failures) == (4, 11, 5, 1)
    assert fig.errors_text() == "HTTP 500 x2, DownloadTimeoutError x1"
    assert SiteFigures.from_dict(run_record(check_site(fig, [], CFG), finished=1.0, spider="news",
                                            run_id="r", complete=True)) == fig
    assert SiteFigures.from_stats({}, "nothing").found == 0


def test_config_from_the_project_settings() -> None:
    s = Settings()
    s.setmodule("crawler.settings")
    assert HealthConfig.from_settings(s) == CFG
    assert HealthConfig.from_settings({"MONITOR_MIN_SAMPLE": 3}).min_sample == 3


def test_healthy_site_passes() -> None:
    assert checks(SiteFigures("a", articles=10, requests=20, fetch_errors=2, skipped=1)) == []


def test_no_articles() -> None:
    assert checks(SiteFigures("a")) == ["articles"]
    assert checks(SiteFigures("a", unchanged=4)) == []  # nothing new, but the site still lists its articles
    assert checks(SiteFigures("a"), complete=False) == []  # a run stopped early is not judged on counts


@pytest.mark.parametrize(
    ("fig", "expected"),
    [
        (SiteFigures("a", articles=5, requests=20, fetch_errors=5), []),  # 25%: at the threshold
        (SiteFigures("a", articles=5, requests=20, fetch_errors=6), ["fetch_errors"]),
        (SiteFigures("a", articles=5, requests=9, fetch_errors=9), []),  # too few requests to judge a rate
        (SiteFigures("a", articles=5, skipped=5), []),
        (SiteFigures("a", articles=5, skipped=6), ["extraction_skips"]),
        (SiteFigures("a", articles=5, claim_fetches=10, claim_failures=6), ["claim_fetches"]),
        (SiteFigures("a", articles=5, claim_fetches=9, claim_failures=9), []),
    ],
)
def test_rates_and_small_samples(fig: SiteFigures, expected: list[str]) -> None:
    assert checks(fig) == expected


def runs(*found: int) -> list[dict[str, Any]]:
    return [{"found": n, "finished": float(100 - i)} for i, n in enumerate(found)]


def test_baseline_is_the_median_of_the_newest_complete_runs() -> None:
    assert baseline(runs(10, 12, 100, 11, 9, 500), 5) == (11.0, 5)
    assert baseline([{"found": 50, "complete": False}, *runs(8)], 5) == (8.0, 1)
    assert baseline([], 5) == (None, 0)


def test_article_count_against_earlier_runs() -> None:
    previous = runs(10, 10, 12)
    assert checks(SiteFigures("a", articles=5), previous) == []  # a fall of exactly half
    health = check_site(SiteFigures("a", articles=4), previous, CFG)
    assert [p.check for p in health.problems] == ["article_count"]
    assert health.problems[0].reason.startswith("4 articles, down 60% from 10 (median of its last 3 runs")
    assert checks(SiteFigures("a", articles=1, unchanged=4), previous) == []  # unchanged articles count
    assert checks(SiteFigures("a", articles=4), previous, complete=False) == []
    assert checks(SiteFigures("a"), previous) == ["articles", "article_count"]
