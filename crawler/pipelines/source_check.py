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
from collections.abc import Callable, Mapping
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from crawler.pipelines.syndication import dedup_config
from crawler.sites import netloc_key
from crawler.source_check import REASONS, ClaimEvidence, SourceCheckConfig, check, record_claim_fetch
from crawler.state import StateStore, open_store
from crawler.syndication import DedupConfig, evaluate

logger = logging.getLogger(__name__)

STATUSES = ("match", "mismatch", "missing", "unverified", "none")


def source_check_config(settings: Any) -> SourceCheckConfig:
    """The :class:`SourceCheckConfig` of a Scrapy ``Settings`` object (``SOURCE_CHECK_*``)."""
    d = SourceCheckConfig()
    dedup = dedup_config(settings)  # the containment measure is the syndication stage's
    return SourceCheckConfig(
        threshold=dedup.threshold,
        content_mismatch_below=settings.getfloat("SOURCE_CHECK_CONTENT_MISMATCH_BELOW", d.content_mismatch_below),
        shingle_size=dedup.shingle_size,
        sample_mod=dedup.sample_mod,
        sample_floor=dedup.sample_floor,
        boilerplate_clusters=dedup.boilerplate_clusters,
        slug_min_words=settings.getint("SOURCE_CHECK_SLUG_MIN_WORDS", d.slug_min_words),
        slug_min_overlap=settings.getfloat("SOURCE_CHECK_SLUG_MIN_OVERLAP", d.slug_min_overlap),
    )


def site_lookup(sites_by_netloc: Mapping[str, Any] | None) -> Callable[[str], str | None] | None:
    """``url -> site name`` from a ``{host:port: Site or name}`` mapping (None when empty)."""
    if not sites_by_netloc:
        return None
    names = {k: (v if isinstance(v, str) else getattr(v, "name", None)) for k, v in sites_by_netloc.items()}

    def site_of(url: str) -> str | None:
        try:
            return names.get(netloc_key(url))
        except ValueError:
            return None

    return site_of


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

    def __init__(
        self,
        state_uri: str,
        config: SourceCheckConfig | None = None,
        dedup: DedupConfig | None = None,
        stats: Any = None,
        crawler: Any = None,
    ) -> None:
        self.state_uri = state_uri
        self.config = config or SourceCheckConfig()
        self.dedup = dedup or DedupConfig()
        self.stats = stats
        self.crawler = crawler
        self.store: StateStore | None = None
        self.site_of: Callable[[str], str | None] | None = None
        self.statuses: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.evidence: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Any) -> SourceCheckPipeline:
        s = crawler.settings
        if not s.getbool("SOURCE_CHECK_ENABLED", True):
            raise NotConfigured("SOURCE_CHECK_ENABLED is off")
        return cls(
            state_uri=s.get("STATE_URI"),
            config=source_check_config(s),
            dedup=dedup_config(s),
            stats=crawler.stats,
            crawler=crawler,
        )

    def open_spider(self, spider: Any = None) -> None:
        self.store = open_store(self.state_uri)
        spider = spider or getattr(self.crawler, "spider", None)
        self.site_of = site_lookup(getattr(spider, "site_by_netloc", None))

    def close_spider(self, spider: Any = None) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        if self.statuses:
            logger.info(summary_line(self.statuses, self.reasons, self.evidence))

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    def process_item(self, item: Any) -> Any:
        if self.store is None:
            self.open_spider()
        assert self.store is not None
        adapter = ItemAdapter(item)
        record = adapter.asdict()
        fetch = record.pop("claimFetch", None)
        url = str(record.get("url"))
        evidence: ClaimEvidence | None = None
        if isinstance(fetch, Mapping):
            claimed = (record.get("claimedSource") or {}).get("url")
            try:
                evidence = record_claim_fetch(self.store, fetch, claimed, self.config)
            except Exception:
                logger.exception("could not keep the claimed-source evidence of %s", url)
                evidence = ClaimEvidence.from_fetch(fetch, self.config)
            self.evidence[evidence.outcome if evidence else "none"] += 1
            if evidence is not None:
                self._inc(f"source_check/evidence/{evidence.outcome}")
        try:
            syn = record.get("syndication") or evaluate(self.store, record, self.dedup)
            result = check(self.store, record, syn, self.config, evidence=evidence, site_of=self.site_of)
        except Exception:
            logger.exception("source check failed for %s; marked unverified", url)
            self._inc("source_check/errors")
            result = {"status": "unverified", "reasons": [], "originalUrl": None}
        else:
            try:
                self.store.put_verdict(url, "sourceCheck", result)
            except Exception:
                logger.exception("could not store the source check verdict of %s", url)
        adapter["sourceCheck"] = result
        self.statuses[result["status"]] += 1
        self._inc(f"source_check/{result['status']}")
        for reason in result["reasons"]:
            self.reasons[reason] += 1
            self._inc(f"source_check/reason/{reason}")
        return item
