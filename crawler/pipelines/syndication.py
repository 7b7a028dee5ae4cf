"""Scrapy pipeline stage: fill each item's ``syndication`` field (see :mod:`crawler.syndication`).

Thin wrapper of :class:`crawler.records.Evaluator`: opens the state store of ``STATE_URI`` for the
spider's lifetime and counts roles in the stats (``dedup/copies``, ``dedup/originals``,
``dedup/unique``: the stage's stats and settings carry the contract's ``DEDUP_`` prefix), and
``dedup/boilerplate_changes`` (shingles that became, or stopped being, a site's template),
``dedup/relinked`` (other articles linked again because of it) and ``dedup/relink_flushes`` (how
many times waiting relinks were done together, ``DEDUP_RELINK_BATCH``; the last when the stage
closes), ``dedup/relink_skipped`` (articles such a flush did not link again, as this process had
derived their links after the change). The roles are those of the moment an item passes;
``crawler.extensions.final_verdicts`` gives the output the final ones.
With ``DEDUP_DROP_COPIES`` copies are dropped after being counted and indexed.
When the stage opens, articles indexed more than ``DEDUP_RETENTION_DAYS`` ago leave the store (at
most ``DEDUP_RETENTION_MAX_PER_RUN`` a run; :mod:`crawler.syndication.retention`): ``dedup/pruned``
and ``dedup/pruned_verdicts`` count what left, ``dedup/prune_left`` is 1 when more wait.
A record the evaluation fails on is marked unique (logged; ``dedup/errors``); a state store that
fails (:class:`crawler.state.StateStoreError`) fails the item instead, with no verdict the store
never gave: it is not written, and the runner stops the crawl.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler.items import Syndication, record_of
from crawler.pipelines import shared_store
from crawler.records import Evaluator
from crawler.state import StateStoreError
from crawler.syndication import DedupConfig, new_cluster_id
from crawler.syndication.retention import prune

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

_ROLE_STATS = {"copy": "dedup/copies", "original": "dedup/originals", "unique": "dedup/unique"}


class SyndicationPipeline:
    """Assigns every item to a syndication cluster in the state store."""

    def __init__(self, state_uri: str, config: DedupConfig, drop_copies: bool, stats: StatsCollector) -> None:
        self.state_uri = state_uri
        self.config = config
        self.drop_copies = drop_copies
        self.stats = stats
        self.evaluator: Evaluator | None = None
        #: Given by the runner: connections shared with the other state stages.
        self.stores: shared_store.SharedStores | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SyndicationPipeline:
        s = crawler.settings
        assert crawler.stats is not None
        return cls(s.get("STATE_URI"), DedupConfig.from_settings(s), s.getbool("DEDUP_DROP_COPIES"), crawler.stats)

    def open_spider(self, spider: Any = None) -> None:
        self.evaluator = Evaluator(shared_store.acquire(self.stores, self.state_uri), self.config, None)
        if self.config.retention_days > 0:
            self._prune(self.evaluator)

    def _prune(self, evaluator: Evaluator) -> None:
        """Articles indexed before the retention period leave the store (before any item)."""
        cfg = self.config
        started = time.monotonic()
        try:
            done = prune(evaluator.store, cfg, time.time() - cfg.retention_days * 86400, cfg.retention_max,
                         evaluator.memo)
        except StateStoreError:
            raise
        except Exception:  # nothing is lost: the articles stay, and the next run prunes them
            logger.exception("syndication: could not remove the articles older than %g days; the next run will",
                             cfg.retention_days)
            self.stats.inc_value("dedup/errors")
            return
        self.stats.set_value("dedup/pruned", done.articles)
        self.stats.set_value("dedup/pruned_verdicts", done.verdicts)
        if done.more:
            self.stats.set_value("dedup/prune_left", 1)
        if done.articles or done.verdicts or done.more:
            logger.info("Retention: %d articles indexed more than %g days ago left the state (%d articles linked "
                        "again, %d verdicts forgotten) in %.1fs%s", done.articles, cfg.retention_days,
                        done.relinked, done.verdicts, time.monotonic() - started,
                        f"; more wait for the next runs (DEDUP_RETENTION_MAX_PER_RUN={cfg.retention_max})"
                        if done.more else "")

    def close_spider(self, spider: Any = None) -> None:
        if self.evaluator is not None:
            try:
                self.evaluator.flush()
            except Exception:  # the waiting relinks stay in the store: the next flush does them
                logger.exception("syndication: could not link again the articles whose relinks wait; "
                                 "the next run or scrapy recheck will")
                self.stats.inc_value("dedup/errors")
            memo = self.evaluator.memo
            self.stats.set_value("dedup/boilerplate_changes", memo.changed)
            self.stats.set_value("dedup/relinked", memo.relinked)
            self.stats.set_value("dedup/relink_flushes", memo.flushes)
            self.stats.set_value("dedup/relink_skipped", memo.relink_skipped)
            self.stats.set_value("dedup/samples_prepared", memo.samples_prepared)
            shared_store.release(self.stores, self.evaluator.store)
            self.evaluator = None

    def process_item(self, item: Any) -> Any:
        if self.evaluator is None:
            self.open_spider()
        assert self.evaluator is not None
        adapter = ItemAdapter(item)
        record = record_of(item)
        try:
            syn = self.evaluator.syndication(record)
        except StateStoreError:  # the store failed, not this record: not written, the crawl stops (runner)
            raise
        except Exception:
            logger.exception("syndication failed for %s; marked unique", record.get("url"))
            self.stats.inc_value("dedup/errors")
            syn = {"clusterId": new_cluster_id(str(record["url"])), "role": "unique", "duplicateOf": None,
                   "containment": None}
        adapter["syndication"] = Syndication.from_dict(syn)
        self.stats.inc_value(_ROLE_STATS.get(syn["role"], "dedup/unique"))
        if self.drop_copies and syn["role"] == "copy":
            self.stats.inc_value("dedup/dropped")
            raise DropItem(f"copy of {syn['duplicateOf']} (DEDUP_DROP_COPIES)")
        return item
