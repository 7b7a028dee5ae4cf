"""Per-site health of a crawl run: the figures, the checks and their verdicts.

The figures come from the run's stats, from counters the spider keeps per site:

* ``articles/<site>``: articles extracted;
* ``site/<site>/unchanged``: article URLs listed again and skipped because an earlier run
  fetched them and nothing says they changed (incremental runs), and the article URLs of the
  listings not read again because they did not change (child sitemaps their index gives the same
  ``lastmod``, sitemaps and feeds their server answered ``304 Not Modified``, index pages past a
  page of articles all seen: :mod:`crawler.spiders.listing_marks`);
* ``site/<site>/requests``: the site's requests that ended (a response, or a failure after the
  retries); robots.txt refusals and offsite drops are not requests;
* ``site/<site>/fetch_errors/<what>``: of those, failures (``http_500``, ``http_403``, or the
  exception's name), except a 404 or 410 of a link followed from an index page (a dead link on
  the site, not a failing site);
* ``site/<site>/skipped``: pages expected to be articles (listed in a feed or sitemap, or
  matching ``article_pattern``) from which the extraction gave no article;
* ``site/<site>/claim_fetches`` and ``site/<site>/claim_failures``: claimed sources fetched for
  the site's posts, and the fetches that failed (HTTP error, DNS, timeout, refused).

The checks (each one a Spidermon monitor in :mod:`crawler.monitors`, thresholds in the
``MONITOR_`` settings): the site found articles (extracted, or unchanged since an earlier run);
its fetch error rate, extraction skip rate and claim-fetch failure rate are at most their
thresholds (judged once the site has ``MONITOR_MIN_SAMPLE`` pages of that kind); its article
count did not fall by more than ``MONITOR_MAX_ARTICLE_DROP`` against the median of its previous
runs, which the state store keeps (:meth:`crawler.state.StateStore.site_runs`). The count
checks need a complete run: they are left out when the run stopped early or is one worker of a
distributed crawl.

No Scrapy imports: ``scrapy report`` reads the same figures back from the state store.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from crawler.config import SettingsReader, reader

#: the exit code of ``scrapy crawl`` when a health monitor failed (1: a crash, 2: bad input)
MONITOR_FAILED_EXIT = 3
#: the checks, in the order they are reported
CHECKS = ("articles", "fetch_errors", "extraction_skips", "claim_fetches", "article_count")
#: what each check is about, for the monitors' docstrings, the summary and the report
CHECK_TITLES = {
    "articles": "articles per site",
    "fetch_errors": "fetch error rate",
    "extraction_skips": "extraction skip rate",
    "claim_fetches": "claimed-source fetch failures",
    "article_count": "article count against earlier runs",
}


@dataclass
class SiteFigures:
    """One site's figures in one run (see the module docstring for each counter)."""

    site: str
    kind: str = ""
    articles: int = 0
    unchanged: int = 0
    requests: int = 0
    fetch_errors: int = 0
    skipped: int = 0
    claim_fetches: int = 0
    claim_failures: int = 0
    #: fetch errors by what went wrong (``http_500``, ``DownloadConnectionRefusedError``, ...)
    error_kinds: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any], site: str, kind: str = "") -> SiteFigures:
        def get(name: str) -> int:
            value = stats.get(name, 0)
            return int(value) if isinstance(value, (int, float)) else 0

        prefix = f"site/{site}/fetch_errors/"
        kinds = {k[len(prefix):]: get(k) for k in stats if k.startswith(prefix)}
        return cls(
            site=site, kind=kind, articles=get(f"articles/{site}"), unchanged=get(f"site/{site}/unchanged"),
            requests=get(f"site/{site}/requests"), fetch_errors=sum(kinds.values()),
            skipped=get(f"site/{site}/skipped"), claim_fetches=get(f"site/{site}/claim_fetches"),
            claim_failures=get(f"site/{site}/claim_failures"), error_kinds=dict(sorted(kinds.items())),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SiteFigures:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def found(self) -> int:
        """Articles the site offered this run: extracted, or listed and unchanged since an earlier run."""
        return self.articles + self.unchanged

    @property
    def candidates(self) -> int:
        """Pages expected to be articles that were read: extracted or skipped."""
        return self.articles + self.skipped

    def errors_text(self) -> str:
        """``HTTP 500 x3, DownloadTimeoutError x1`` (most frequent first)."""
        parts = sorted(self.error_kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        return ", ".join(f"{k.replace('http_', 'HTTP ')} x{n}" for k, n in parts)


@dataclass
class HealthConfig:
    """The thresholds of the checks (``MONITOR_`` settings)."""

    min_articles: int
    max_fetch_error_rate: float
    max_skip_rate: float
    max_claim_failure_rate: float
    min_sample: int
    max_article_drop: float
    baseline_runs: int
    history_keep: int

    @classmethod
    def from_settings(cls, settings: SettingsReader | Mapping[str, Any] | None = None) -> HealthConfig:
        """From Scrapy settings, or from the project's defaults (``crawler/settings.py``) under a
        dict of overrides."""
        settings = reader(settings)
        return cls(
            min_articles=settings.getint("MONITOR_MIN_ARTICLES"),
            max_fetch_error_rate=settings.getfloat("MONITOR_MAX_FETCH_ERROR_RATE"),
            max_skip_rate=settings.getfloat("MONITOR_MAX_SKIP_RATE"),
            max_claim_failure_rate=settings.getfloat("MONITOR_MAX_CLAIM_FAILURE_RATE"),
            min_sample=settings.getint("MONITOR_MIN_SAMPLE"),
            max_article_drop=settings.getfloat("MONITOR_MAX_ARTICLE_DROP"),
            baseline_runs=settings.getint("MONITOR_BASELINE_RUNS"),
            history_keep=settings.getint("MONITOR_HISTORY_KEEP"),
        )


@dataclass
class Problem:
    """A failed check of one site, with the reason in words."""

    site: str
    check: str
    reason: str

    def __str__(self) -> str:
        return f"{self.site}: {self.reason}"


@dataclass
class SiteHealth:
    """One site's figures, its baseline from earlier runs, and the checks it failed."""

    figures: SiteFigures
    baseline: float | None = None
    previous_runs: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def baseline(previous: Iterable[Mapping[str, Any]], runs: int) -> tuple[float | None, int]:
    """The median ``found`` of the newest ``runs`` complete earlier runs, and how many there were."""
    counts = [int(r["found"]) for r in previous if r.get("complete", True) and isinstance(r.get("found"), int)]
    counts = counts[: max(0, runs)]
    return (float(statistics.median(counts)) if counts else None), len(counts)


def _rate_problem(site: str, check: str, bad: int, total: int, limit: float, cfg: HealthConfig,
                  what: str, setting: str) -> Problem | None:
    if total < max(1, cfg.min_sample) or bad / total <= limit:
        return None
    return Problem(site, check, f"{bad} of {total} {what} ({bad / total:.0%}, over {setting}={limit:g})")


def check_site(fig: SiteFigures, previous: Iterable[Mapping[str, Any]], cfg: HealthConfig, *,
               complete: bool = True) -> SiteHealth:
    """Run every check on one site. ``previous``: its earlier runs, newest first (as
    :meth:`~crawler.state.StateStore.site_runs` gives them); ``complete``: the run crawled the
    whole site (not stopped early, not one worker of several), so counts can be judged."""
    base, n_prev = baseline(previous, cfg.baseline_runs)
    health = SiteHealth(figures=fig, baseline=base, previous_runs=n_prev)
    add = health.problems.append
    site = fig.site
    if complete and cfg.min_articles > 0 and fig.found < cfg.min_articles:
        detail = f"{fig.articles} extracted, {fig.unchanged} unchanged since earlier runs"
        if fig.fetch_errors:
            detail += f"; {fig.fetch_errors} of {fig.requests} requests failed: {fig.errors_text()}"
        if fig.skipped:
            detail += f"; {fig.skipped} article pages gave no article"
        what = "no articles" if fig.found == 0 else f"{fig.found} articles, fewer than MONITOR_MIN_ARTICLES"
        add(Problem(site, "articles", f"{what} ({detail})"))
    for problem in (
        _rate_problem(site, "fetch_errors", fig.fetch_errors, fig.requests, cfg.max_fetch_error_rate, cfg,
                      "requests failed", "MONITOR_MAX_FETCH_ERROR_RATE"),
        _rate_problem(site, "extraction_skips", fig.skipped, fig.candidates, cfg.max_skip_rate, cfg,
                      "article pages gave no article", "MONITOR_MAX_SKIP_RATE"),
        _rate_problem(site, "claim_fetches", fig.claim_failures, fig.claim_fetches, cfg.max_claim_failure_rate,
                      cfg, "claimed-source fetches failed", "MONITOR_MAX_CLAIM_FAILURE_RATE"),
    ):
        if problem is not None:
            if problem.check == "fetch_errors" and fig.error_kinds:
                problem.reason += f": {fig.errors_text()}"
            add(problem)
    if complete and base is not None and base > 0 and fig.found < base * (1 - cfg.max_article_drop):
        add(Problem(site, "article_count",
                    f"{fig.found} articles, down {1 - fig.found / base:.0%} from {base:g} (median of its last "
                    f"{n_prev} runs; more than MONITOR_MAX_ARTICLE_DROP={cfg.max_article_drop:g})"))
    return health


def run_record(health: SiteHealth, *, finished: float, spider: str, run_id: str, complete: bool) -> dict[str, Any]:
    """What the state store keeps of one site's run (read back by the monitors and the report)."""
    fig = health.figures
    return {
        **fig.to_dict(),
        "found": fig.found,
        "finished": finished,
        "spider": spider,
        "runId": run_id,
        "complete": complete,
        "baseline": health.baseline,
        "problems": [asdict(p) for p in health.problems],
    }


def problems_line(healths: Iterable[SiteHealth]) -> str:
    """``jpost: no articles (...); haaretz: 12 of 20 requests failed (...)``."""
    return "; ".join(str(p) for h in healths for p in h.problems)
