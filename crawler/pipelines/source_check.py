"""Scrapy pipeline stage: fill each item's ``sourceCheck`` field (see :mod:`crawler.source_check`).

Runs after the syndication stage (it uses the item's ``syndication`` field, or evaluates it
when that stage is off). Switched off with ``SOURCE_CHECK_ENABLED = False``. Stats:
``source_check/<status>`` and ``source_check/reason/<reason>``.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from crawler.pipelines.syndication import dedup_config
from crawler.source_check import SourceCheckConfig, check
from crawler.state import StateStore, open_store
from crawler.syndication import DedupConfig, evaluate

logger = logging.getLogger(__name__)


def source_check_config(settings: Any) -> SourceCheckConfig:
    """The :class:`SourceCheckConfig` of a Scrapy ``Settings`` object (``SOURCE_CHECK_*``)."""
    d = SourceCheckConfig()
    return SourceCheckConfig(
        threshold=settings.getfloat("DEDUP_CONTAINMENT_THRESHOLD", d.threshold),
        shingle_size=settings.getint("DEDUP_SHINGLE_SIZE", d.shingle_size),
        slug_min_words=settings.getint("SOURCE_CHECK_SLUG_MIN_WORDS", d.slug_min_words),
        slug_min_overlap=settings.getfloat("SOURCE_CHECK_SLUG_MIN_OVERLAP", d.slug_min_overlap),
    )


class SourceCheckPipeline:
    """Checks every item's claimed source against the state store."""

    def __init__(
        self,
        state_uri: str,
        config: SourceCheckConfig | None = None,
        dedup: DedupConfig | None = None,
        stats: Any = None,
    ) -> None:
        self.state_uri = state_uri
        self.config = config or SourceCheckConfig()
        self.dedup = dedup or DedupConfig()
        self.stats = stats
        self.store: StateStore | None = None

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
        )

    def open_spider(self, spider: Any = None) -> None:
        self.store = open_store(self.state_uri)

    def close_spider(self, spider: Any = None) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    def process_item(self, item: Any) -> Any:
        if self.store is None:
            self.open_spider()
        assert self.store is not None
        adapter = ItemAdapter(item)
        record = adapter.asdict()
        url = str(record.get("url"))
        try:
            syn = record.get("syndication") or evaluate(self.store, record, self.dedup)
            result = check(self.store, record, syn, self.config)
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
        self._inc(f"source_check/{result['status']}")
        for reason in result["reasons"]:
            self._inc(f"source_check/reason/{reason}")
        return item
