"""Scrapy pipeline stage: fill each item's ``sourceCheck`` field (see :mod:`crawler.source_check`).

Runs after the syndication stage (it uses the item's ``syndication`` field, or evaluates it
when that stage is off). Switched off with ``SOURCE_CHECK_ENABLED = False``.

When the spider fetched the post's claimed source, the item carries what that gave
(``claimFetch``, not exported): it is turned into evidence, kept in the state store under the
claimed URL (so ``scrapy recheck`` and later runs see the same evidence without the item) and
used for the check.

Stats: ``source_check/<status>``, ``source_check/reason/<reason>`` and
``source_check/evidence/<outcome>`` (``page``, ``not_article``, ``unreachable``,
``no_evidence``). One summary line is logged at INFO when the spider closes.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from crawler.items import SourceCheck, record_of
from crawler.pipelines import shared_store
from crawler.records import Evaluator
from crawler.sites import HasSiteIndex
from crawler.source_check import REASONS, ClaimEvidence, SourceCheckConfig
from crawler.state import StateStoreError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

STATUSES = ("match", "mismatch", "missing", "unverified", "none")


def summary_line(statuses: Mapping[str, int], reasons: Mapping[str, int], evidence: Mapping[str, int]) -> str:
    """``Source check: 9 match, 3 mismatch (slug_mismatch 3, ...), 11 missing, ...``."""
    parts = []
    for status in STATUSES:
        part = f"{statuses.get(status, 0)} {status}"
        if status == "mismatch":
            detail = ", ".join(f"{r} {reasons[r]}" for r in REASONS if reasons.get(r) and r != "unattributed_copy")
            if detail:
                part += f" ({detail})"
        parts.append(part)
    line = "Source check: " + ", ".join(parts)
    if evidence:
        line += "; evidence from fetched claims: " + ", ".join(f"{n} {k}" for k, n in sorted(evidence.items()))
    return line


class SourceCheckPipeline:
    """Checks every item's claimed source against the state store and the fetched claimed page."""

    def __init__(self, state_uri: str, config: SourceCheckConfig, stats: StatsCollector, crawler: Crawler) -> None:
        self.state_uri = state_uri
        self.config = config
        self.stats = stats
        self.crawler = crawler
        self.evaluator: Evaluator | None = None
        #: Given by the runner: connections shared with the other state stages.
        self.stores: shared_store.SharedStores | None = None
        self.statuses: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.evidence: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceCheckPipeline:
        s = crawler.settings
        if not s.getbool("SOURCE_CHECK_ENABLED"):
            raise NotConfigured("SOURCE_CHECK_ENABLED is off")
        assert crawler.stats is not None
        return cls(s.get("STATE_URI"), SourceCheckConfig.from_settings(s), crawler.stats, crawler)

    def open_spider(self, spider: Any = None) -> None:
        spider = self.crawler.spider
        site_of = spider.site_index.site_name_of if isinstance(spider, HasSiteIndex) else None
        store = shared_store.acquire(self.stores, self.state_uri)
        self.evaluator = Evaluator(store, self.config.dedup, self.config, site_of)

    def close_spider(self, spider: Any = None) -> None:
        if self.evaluator is not None:
            shared_store.release(self.stores, self.evaluator.store)
            self.evaluator = None
        if self.statuses:
            logger.info(summary_line(self.statuses, self.reasons, self.evidence))

    def _evidence(self, record: dict[str, Any], fetch: Mapping[str, Any]) -> ClaimEvidence | None:
        assert self.evaluator is not None
        try:
            evidence = self.evaluator.claim_evidence(record, fetch)
        except StateStoreError:  # the store failed, not this record (see process_item)
            raise
        except Exception:
            logger.exception("could not keep the claimed-source evidence of %s", record.get("url"))
            evidence = ClaimEvidence.from_fetch(fetch, self.config)
        self.evidence[evidence.outcome if evidence else "none"] += 1
        if evidence is not None:
            self.stats.inc_value(f"source_check/evidence/{evidence.outcome}")
        return evidence

    def process_item(self, item: Any) -> Any:
        if self.evaluator is None:
            self.open_spider()
        assert self.evaluator is not None
        adapter = ItemAdapter(item)
        record = record_of(item)
        fetch = record.pop("claimFetch", None)
        evidence = self._evidence(record, fetch) if isinstance(fetch, Mapping) else None
        try:
            result = self.evaluator.source_check(record, evidence=evidence)
        except StateStoreError:  # the store failed, not this record: not written, the crawl stops (runner)
            raise
        except Exception:
            logger.exception("source check failed for %s; marked unverified", record.get("url"))
            self.stats.inc_value("source_check/errors")
            result = {"status": "unverified", "reasons": [], "originalUrl": None}
        adapter["sourceCheck"] = SourceCheck.from_dict(result)
        self.statuses[result["status"]] += 1
        self.stats.inc_value(f"source_check/{result['status']}")
        for reason in result["reasons"]:
            self.reasons[reason] += 1
            self.stats.inc_value(f"source_check/reason/{reason}")
        return item
