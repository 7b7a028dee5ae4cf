"""The health monitors, as a Spidermon suite run at spider close (``SPIDERMON_SPIDER_CLOSE_MONITORS``).

One monitor per check of :mod:`crawler.health`, each failing with the sites that failed it and
why (``jpost: no articles (0 extracted, ...)``). The figures and verdicts are computed once by
:class:`crawler.extensions.health.SiteHealthExtension`; the monitors read them from it, so the
run summary, the state store's run history and ``scrapy report`` show the same figures.

The suite records its outcome in the stats (``monitors/passed``, ``monitors/failed``), from which
``scrapy crawl`` sets its exit code (3 when a monitor failed), and runs the Spidermon actions
listed in ``MONITOR_FAILED_ACTIONS`` when one failed (e-mail, Slack, ...: see the README).
To add monitors of your own, subclass :class:`SiteHealthMonitorSuite` (``monitors = [...]``) and
name your suite in ``SPIDERMON_SPIDER_CLOSE_MONITORS``.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from scrapy.utils.misc import load_object
from spidermon import Monitor, MonitorSuite, monitors

from crawler.extensions.health import SiteHealthExtension
from crawler.health import CHECK_TITLES

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# Spidermon 1.27 logs through Spider.log(), which Scrapy 2.19 deprecates: not the user's concern
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated", module=r"spidermon\.")

# unittest leaves the frames of modules with this global out of failure tracebacks: a failed
# monitor's message in the log is its reason, not a traceback
__unittest = True


class SiteHealthMonitor(Monitor):  # type: ignore[misc]
    """Per-site health of the run (crawler/health.py; thresholds in the MONITOR_ settings)."""

    def _check(self, check: str, needs_complete_run: bool = False) -> None:
        ext = self.data.crawler.get_extension(SiteHealthExtension)
        if ext is None or not ext.done:
            self.skipTest("the SiteHealthExtension did not run")
        if needs_complete_run and not ext.complete:
            self.skipTest("the run stopped early or is one worker of a distributed crawl")
        problems = [p for h in ext.healths for p in h.problems if p.check == check]
        if problems:
            self.fail(f"{CHECK_TITLES[check]}: " + "; ".join(str(p) for p in problems))

    @monitors.name("every site gave articles")
    def test_articles(self) -> None:
        """Each site gave at least MONITOR_MIN_ARTICLES articles (extracted or unchanged)."""
        self._check("articles", needs_complete_run=True)

    @monitors.name("fetch error rate")
    def test_fetch_errors(self) -> None:
        """No site's fetch error rate is over MONITOR_MAX_FETCH_ERROR_RATE."""
        self._check("fetch_errors")

    @monitors.name("extraction skip rate")
    def test_extraction_skips(self) -> None:
        """No site's extraction skip rate is over MONITOR_MAX_SKIP_RATE (a changed template)."""
        self._check("extraction_skips")

    @monitors.name("claimed-source fetch failures")
    def test_claim_fetches(self) -> None:
        """No site's claimed-source fetch failure rate is over MONITOR_MAX_CLAIM_FAILURE_RATE."""
        self._check("claim_fetches")

    @monitors.name("article count against earlier runs")
    def test_article_count(self) -> None:
        """No site's article count fell by more than MONITOR_MAX_ARTICLE_DROP against its earlier runs."""
        self._check("article_count", needs_complete_run=True)


class SiteHealthMonitorSuite(MonitorSuite):  # type: ignore[misc]
    """The site health monitors; the actions of ``MONITOR_FAILED_ACTIONS`` run when one fails."""

    monitors = [("site health", SiteHealthMonitor)]

    def __init__(self, *args: Any, crawler: Crawler | None = None, **kwargs: Any) -> None:
        super().__init__(*args, crawler=crawler, **kwargs)
        if crawler is not None:
            for path in crawler.settings.getlist("MONITOR_FAILED_ACTIONS"):
                self.add_monitors_failed_action(load_object(path))

    def on_monitors_finished(self, result: Any) -> None:
        if self._crawler is None or self._crawler.stats is None:
            return
        stats = self._crawler.stats
        stats.set_value("monitors/passed", len(result.monitors_passed_results))
        stats.set_value("monitors/failed", len(result.monitors_failed_results))
