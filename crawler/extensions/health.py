"""Per-site health of the run, at spider close (figures and checks: :mod:`crawler.health`).

When the spider closes, this extension reads each site's figures from the run's stats and its
earlier runs from the state store (``STATE_URI``), runs the checks, and records this run in the
store for the next runs and for ``scrapy report``. It runs before Spidermon's extension, whose
monitors (:mod:`crawler.monitors`) turn the verdicts into monitor results, and before the run
summary, which names the failing sites. Only complete runs (finished; not one worker of a
distributed crawl; not a run that continues the saved queue of a paused ``JOBDIR`` run, whose
counts cover only the rest) are recorded and have their counts judged; in them, a site stopped by
its budget (``SITE_MAX_*``) is recorded as incomplete and its counts are not judged.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals

from crawler.extensions.resume import JobResume
from crawler.health import HealthConfig, SiteFigures, SiteHealth, check_site, run_record
from crawler.state import open_store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class SiteHealthExtension:
    """Computes :attr:`healths` (one :class:`~crawler.health.SiteHealth` per site of the spider)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config = HealthConfig.from_settings(crawler.settings)
        self.state_uri: str = crawler.settings.get("STATE_URI")
        self.distributed = crawler.settings.getbool("DISTRIBUTED")
        self.healths: list[SiteHealth] = []
        #: the run crawled every site to its end (counts can be judged and recorded)
        self.complete = False
        #: sites stopped by their budget in this run
        self.stopped: set[str] = set()
        self.done = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteHealthExtension:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        sites = [(s.name, s.kind) for s in getattr(spider, "sites", [])]
        resume = self.crawler.get_extension(JobResume)
        continued = resume is not None and resume.continues_paused_run
        self.complete = reason == "finished" and not self.distributed and not continued
        figures = [SiteFigures.from_stats(stats, name, kind) for name, kind in sites]
        if not figures:  # not one of this project's site spiders: nothing to check or record
            self.healths, self.done = [], True
            return
        history: dict[str, list[dict[str, Any]]] = {}
        store = None
        try:
            store = open_store(self.state_uri)
            history = {f.site: store.site_runs(f.site, self.config.baseline_runs) for f in figures}
        except Exception as exc:
            logger.error("Cannot read the sites' earlier runs from STATE_URI (%s): the article-count "
                         "check is left out", exc)
        # a site stopped by its budget (crawler/middlewares/site_budget.py) was not crawled to its
        # end: its counts are not judged, and its run is recorded as incomplete
        self.stopped = {f.site for f in figures if any(k.startswith(f"site/{f.site}/stopped/") for k in stats)}
        self.healths = [check_site(f, history.get(f.site, []), self.config,
                                   complete=self.complete and f.site not in self.stopped) for f in figures]
        self.done = True
        failed = [h for h in self.healths if not h.ok]
        self.crawler.stats.set_value("health/sites", len(self.healths))
        self.crawler.stats.set_value("health/sites_failed", len(failed))
        if store is None:
            return
        try:
            if self.complete:
                self._record(store, spider.name)
        except Exception as exc:
            logger.error("Cannot record this run's site figures in STATE_URI: %s", exc)
        finally:
            store.close()

    def _record(self, store: Any, spider_name: str) -> None:
        finished = time.time()
        run_id = uuid.uuid4().hex
        for health in self.healths:
            record = run_record(health, finished=finished, spider=spider_name, run_id=run_id,
                                complete=health.figures.site not in self.stopped)
            store.add_site_run(health.figures.site, record, keep=self.config.history_keep)
