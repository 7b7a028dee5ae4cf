"""Scrapy pipeline stage: fill each item's ``syndication`` field (see :mod:`crawler.syndication`).

Thin wrapper: reads ``STATE_URI`` and the ``DEDUP_*`` settings, opens the state store for the
spider's lifetime, and counts roles in the stats (``dedup/copies``, ``dedup/originals``,
``dedup/unique``). With ``DEDUP_DROP_COPIES`` copies are dropped after being counted and indexed.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler.state import StateStore, open_store
from crawler.syndication import DedupConfig, assign, new_cluster_id

logger = logging.getLogger(__name__)

_ROLE_STATS = {"copy": "dedup/copies", "original": "dedup/originals", "unique": "dedup/unique"}


def dedup_config(settings: Any) -> DedupConfig:
    """The :class:`DedupConfig` of a Scrapy ``Settings`` object (``DEDUP_*``)."""
    d = DedupConfig()
    return DedupConfig(
        threshold=settings.getfloat("DEDUP_CONTAINMENT_THRESHOLD", d.threshold),
        same_site_threshold=settings.getfloat("DEDUP_SAME_SITE_THRESHOLD", d.same_site_threshold),
        shingle_size=settings.getint("DEDUP_SHINGLE_SIZE", d.shingle_size),
        sample_mod=settings.getint("DEDUP_SAMPLE_MOD", d.sample_mod),
        sample_floor=settings.getint("DEDUP_SAMPLE_FLOOR", d.sample_floor),
        boilerplate_clusters=settings.getint("DEDUP_BOILERPLATE_CLUSTERS", d.boilerplate_clusters),
        min_words=settings.getint("DEDUP_MIN_WORDS", d.min_words),
    )


class SyndicationPipeline:
    """Assigns every item to a syndication cluster in the state store."""

    def __init__(
        self,
        state_uri: str,
        config: DedupConfig | None = None,
        drop_copies: bool = False,
        stats: Any = None,
    ) -> None:
        self.state_uri = state_uri
        self.config = config or DedupConfig()
        self.drop_copies = drop_copies
        self.stats = stats
        self.store: StateStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> SyndicationPipeline:
        s = crawler.settings
        return cls(
            state_uri=s.get("STATE_URI"),
            config=dedup_config(s),
            drop_copies=s.getbool("DEDUP_DROP_COPIES", False),
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
            syn = assign(self.store, record, self.config)
        except Exception:
            logger.exception("syndication failed for %s; marked unique", url)
            self._inc("dedup/errors")
            syn = {"clusterId": new_cluster_id(url), "role": "unique", "duplicateOf": None, "containment": None}
        else:
            try:
                self.store.put_verdict(url, "syndication", syn)
            except Exception:
                logger.exception("could not store the syndication verdict of %s", url)
        adapter["syndication"] = syn
        self._inc(_ROLE_STATS.get(syn["role"], "dedup/unique"))
        if self.drop_copies and syn["role"] == "copy":
            self._inc("dedup/dropped")
            raise DropItem(f"copy of {syn['duplicateOf']} (DEDUP_DROP_COPIES)")
        return item
